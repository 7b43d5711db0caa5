"""What a document is made from, as one digest: the values of its template context.

A context is walked into a canonical JSON-able tree: every value the template can print
(records' models, dates, amounts, texts, the register's signature dates) is written with its
type, and a value marked as illustrative keeps its mark and where it was read, so turning
a value into an ``exemple:`` changes the digest although it compares equal to the plain
value. The walk also names the record files whose models the context holds. A type it does
not know makes the context unkeyable (``Unkeyable``): that document is then always made
again, never wrongly taken as up to date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from . import marking
from .records import Records


class Unkeyable(Exception):
    """A context value of a type the walk does not know (the document is not cached)."""


@dataclasses.dataclass(frozen=True)
class Fingerprint:
    digest: str  # sha256 of the canonical context
    files: tuple[str, ...]  # record files (relative to the workspace) the context holds


# Models already walked, by id (the model is kept, so the id stays its own): the documents
# of one build share most of their models. Models are frozen, so their digests do not change.
Walked = dict[int, tuple[BaseModel, Any, frozenset[str]]]


def fingerprint(context: Mapping[str, Any], records: Records | None = None,
                walked: Walked | None = None) -> Fingerprint:
    walker = _Walker(records, {} if walked is None else walked)
    tree = walker.walk(dict(context))
    text = json.dumps(tree, ensure_ascii=False, separators=(",", ":"))
    return Fingerprint(hashlib.sha256(text.encode("utf-8")).hexdigest(),
                       tuple(sorted(walker.files)))


class _Walker:
    def __init__(self, records: Records | None, walked: Walked):
        self.records = records
        self.walked = walked
        self.files: set[str] = set()
        self.active: set[int] = set()  # containers being walked (cycle guard)

    def walk(self, value: Any) -> Any:
        if isinstance(value, marking.Marked):
            self.files.update(origin.split(":", 1)[0] for origin in value.origins)
            return ["marked", sorted(value.origins), self._scalar(value)]
        if value is None or isinstance(value, bool | int | float | str | Decimal | dt.date
                                       | dt.time | enum.Enum):
            return self._scalar(value)
        key = id(value)
        if key in self.active:
            raise Unkeyable(f"cyclic context value: {type(value).__name__}")
        self.active.add(key)
        try:
            return self._container(value)
        finally:
            self.active.discard(key)

    def _container(self, value: Any) -> Any:
        if isinstance(value, BaseModel):
            return self._model(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return ["dataclass", type(value).__qualname__,
                    [[f.name, self.walk(getattr(value, f.name))]
                     for f in dataclasses.fields(value)]]
        if isinstance(value, Mapping):
            return ["map", [[self.walk(k), self.walk(v)] for k, v in value.items()]]
        if isinstance(value, list | tuple):
            return [type(value).__name__, [self.walk(item) for item in value]]
        if isinstance(value, set | frozenset):
            items = [self.walk(item) for item in value]
            return ["set", sorted(items, key=lambda item: json.dumps(item, sort_keys=True))]
        raise Unkeyable(f"no fingerprint for a context value of type {type(value).__name__}")

    def _model(self, model: BaseModel) -> Any:
        """The model as the digest of its tree (a model inside another is written as its
        digest too: each model's tree is encoded once however many documents hold it), and
        the files it holds added to ``files`` (walked once)."""
        known = self.walked.get(id(model))
        if known is None or known[0] is not model:
            outer, self.files = self.files, set()
            try:
                self._note_origin(model)
                tree = [[name, self.walk(getattr(model, name))]
                        for name in type(model).model_fields]
                text = json.dumps(tree, ensure_ascii=False, separators=(",", ":"))
                ref = ["model", type(model).__qualname__,
                       hashlib.sha256(text.encode("utf-8")).hexdigest()]
                known = self.walked[id(model)] = (model, ref, frozenset(self.files))
            finally:
                self.files = outer
        self.files |= known[2]
        return known[1]

    def _scalar(self, value: Any) -> Any:
        plain = marking.plain(value)
        if isinstance(plain, enum.Enum):
            return ["enum", type(plain).__qualname__, self.walk(plain.value)]
        if isinstance(plain, dt.datetime):
            return ["datetime", plain.isoformat()]
        if isinstance(plain, dt.date):
            return ["date", plain.isoformat()]
        if isinstance(plain, dt.time):
            return ["time", plain.isoformat()]
        if isinstance(plain, Decimal):
            return ["decimal", str(plain)]
        if isinstance(plain, float):
            return ["float", repr(plain)]
        if isinstance(plain, bool) or plain is None:
            return plain
        if isinstance(plain, int):
            return ["int", str(plain)]
        return str(plain)

    def _note_origin(self, model: BaseModel) -> None:
        if self.records is None:
            return
        found = self.records.origins.get(id(model))
        if found is not None:
            self.files.add(str(found[0].file))
