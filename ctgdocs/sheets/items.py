"""The rows a kind of sheet stands for, found in the records as they are written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..marking import is_marked
from ..records import Records
from .columns import Codec, Path_
from .kinds import Kind


@dataclass
class Item:
    """One row's record: in ``file`` (relative to records/), at ``path`` in its data."""

    file: str
    path: Path_
    data: dict[str, Any]
    parent: str | None = None  # the gestionnaire holding a service or a subvention

    @property
    def position(self) -> int:
        return int(self.path[-1]) + 1 if self.path else 0


def get(data: Any, path: Path_) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
            data = data[part]
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def in_folder(name: str, folder: str) -> bool:
    return name.startswith(folder + "/") and name.count("/") == 1


def items(kind: Kind, files: dict[str, Any]) -> list[Item]:
    """Every existing row of ``kind``, in file order then recorded order."""
    names = [kind.file] if kind.file else sorted(n for n in files if in_folder(n, kind.folder
                                                                                or ""))
    found: list[Item] = []
    for name in names:
        data = files.get(name)
        if not isinstance(data, dict):
            continue
        if kind.list_field is None:
            found.append(Item(name, (), data))
            continue
        parent = str(data.get("id")) if kind.parent else None
        for index, row in enumerate(data.get(kind.list_field) or []):
            if isinstance(row, dict):
                found.append(Item(name, (kind.list_field, index), row, parent))
    return found


def key_of(kind: Kind, codecs: dict[str, Codec], data: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(codecs[k].from_yaml(data.get(k)) for k in kind.keys)


def model_of(records: Records, kind: Kind, item: Item) -> Any:
    """The loaded model object of a row (its illustrative values carry their mark)."""
    root: Any
    if kind.file == "communes.yaml":
        root = {"communes": records.communes}
    elif kind.file == "elus.yaml":
        root = {"elus": records.elus}
    elif kind.folder == "gestionnaires":
        root = records.gestionnaire(str(item.data.get("id") if not kind.parent
                                        else item.parent))
    else:
        root = records.convention(str(item.data.get("id")))
    return attribute(root, item.path)


def attribute(obj: Any, path: Path_) -> Any:
    for part in path:
        if obj is None:
            return None
        if isinstance(part, int):
            obj = obj[part] if isinstance(obj, list) and part < len(obj) else None
        elif isinstance(obj, dict):
            obj = obj.get(part)
        else:
            obj = getattr(obj, part, None)
    return obj


def marked(value: Any) -> bool:
    """Does ``value`` hold an illustrative value (``exemple:``) anywhere inside it?"""
    if is_marked(value):
        return True
    if isinstance(value, list | tuple):
        return any(marked(v) for v in value)
    if isinstance(value, BaseModel):
        return any(marked(getattr(value, name)) for name in type(value).model_fields
                   if name != "exemple")
    return False
