"""Take back, from today's records, the changes registered after a date (three-way merge).

The register keeps a snapshot of every record with each issued version. Between the snapshot
that stood on a date (``then``) and the latest one (``last``) lie the changes registered
since; today's records may hold further, unregistered edits. ``revert`` undoes the former and
keeps the latter: where today's value is still the one registered last, it becomes the one
that stood then; where it was edited since and the registered history changed it too, the
two cannot be told apart and the place is reported as a conflict.

Mappings merge key by key; lists of the same length item by item; lists of plain values as
sets (what was added since is removed, what was removed is put back, today's order kept);
lists of mappings with an ``id`` by that id. Anything else is replaced whole.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from ..yamlfile import dotted

_ABSENT = object()


@dataclass(frozen=True)
class Conflict:
    """A field that an unregistered edit and a registered change both touched."""

    path: tuple[Any, ...]  # file name, then the path inside it

    def __str__(self) -> str:
        return f"records/{self.path[0]}: {dotted(self.path[1:]) or '(fichier entier)'}"


@dataclass
class Merge:
    conflicts: list[Conflict] = field(default_factory=list)
    # how a conflict is settled: keep today's value, or take the one that stood then
    # (everywhere, or at the paths given)
    prefer_then: bool | Collection[tuple[Any, ...]] = False

    def value(self, today: Any, last: Any, then: Any, path: tuple[Any, ...]) -> Any:
        if _same(today, last):
            return then
        if _same(then, last) or _same(today, then):
            return today
        if all(isinstance(v, dict) for v in (today, last, then)):
            return self._mapping(today, last, then, path)
        if all(isinstance(v, list) for v in (today, last, then)):
            return self._list(today, last, then, path)
        return self._conflict(today, then, path)

    def _conflict(self, today: Any, then: Any, path: tuple[Any, ...]) -> Any:
        self.conflicts.append(Conflict(path))
        take_then = self.prefer_then if isinstance(self.prefer_then, bool) \
            else path in self.prefer_then
        return then if take_then else today

    def _mapping(self, today: dict[str, Any], last: dict[str, Any], then: dict[str, Any],
                 path: tuple[Any, ...]) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for key in [*today, *(k for k in then if k not in today)]:
            value = self.value(today.get(key, _ABSENT), last.get(key, _ABSENT),
                               then.get(key, _ABSENT), (*path, key))
            if value is not _ABSENT:
                merged[key] = value
        return merged

    def _list(self, today: list[Any], last: list[Any], then: list[Any],
              path: tuple[Any, ...]) -> list[Any]:
        if len(today) == len(last) == len(then):
            return [self.value(t, s, w, (*path, i))
                    for i, (t, s, w) in enumerate(zip(today, last, then, strict=True))]
        if all(_plain(v) for v in (*today, *last, *then)):
            added = [v for v in last if v not in then]
            removed = [v for v in then if v not in last]
            return [v for v in today if v not in added] + \
                [v for v in removed if v not in today]
        keys = [_ids(v) for v in (today, last, then)]
        if all(k is not None for k in keys):
            return self._by_id(today, last, then, path)
        return self._conflict(today, then, path)  # type: ignore[no-any-return]

    def _by_id(self, today: list[Any], last: list[Any], then: list[Any],
               path: tuple[Any, ...]) -> list[Any]:
        in_last = {item["id"]: item for item in last}
        in_then = {item["id"]: item for item in then}
        merged = []
        for item in [*today, *(i for i in then if i["id"] not in {t["id"] for t in today})]:
            ident = item["id"]
            current = item if any(t is item for t in today) else _ABSENT
            value = self.value(current, in_last.get(ident, _ABSENT),
                               in_then.get(ident, _ABSENT), (*path, ident))
            if value is not _ABSENT:
                merged.append(value)
        return merged


def revert(today: dict[str, Any], last: dict[str, Any], then: dict[str, Any],
           prefer_then: bool | Collection[tuple[Any, ...]] = False,
           ) -> tuple[dict[str, Any], list[Conflict]]:
    """Today's records (name -> data) without the changes registered between ``then`` and
    ``last``; and the conflicts, settled as ``prefer_then`` says (today's value by default)."""
    merge = Merge(prefer_then=prefer_then)
    merged = merge.value(today, last, then, ())
    return merged, merge.conflicts


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and bool(a == b)


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _ids(items: list[Any]) -> list[Any] | None:
    if not all(isinstance(i, dict) and "id" in i and _plain(i["id"]) for i in items):
        return None
    idents = [i["id"] for i in items]
    return idents if len(set(idents)) == len(idents) else None
