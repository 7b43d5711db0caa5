"""The ``exemple:`` list of a record file, updated from the ``exemple`` column of a sheet.

A value is a concrete path (``communes``, item 3 whose INSEE is 38155, ``population``);
a pattern of ``exemple:`` (``communes.*.population``, ``representant``…) covers it when each
part matches: ``*``, the item's position, or its ``id``/``insee``. The list is left as
written unless the sheet says otherwise of a value it shows; then the patterns that would
mark a value the sheet does not are replaced by patterns naming exactly what stays marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Part = tuple[str | int, str | None]  # a key, or (position, identifier) of a list item


@dataclass(frozen=True)
class Value:
    path: tuple[Part, ...]
    marked: bool

    def pattern(self) -> str:
        return ".".join(str(ident if ident is not None else key) for key, ident in self.path)


def _match(pattern: list[str], path: tuple[Part, ...]) -> bool:
    """Does the pattern cover the path (as a prefix of it, or lie inside it)?"""
    for part, (key, ident) in zip(pattern, path, strict=False):
        if part == "*" and isinstance(key, int):
            continue
        if part != str(key) and part != ident:
            return False
    return True


def updated(patterns: list[str], values: list[Value]) -> list[str]:
    """The new ``exemple:`` list; ``values`` are the values the sheet shows."""
    kept: list[str] = []
    added: list[str] = []
    for pattern in patterns:
        parts = pattern.split(".")
        covered = [v for v in values if _match(parts, v.path)]
        if all(v.marked for v in covered):
            kept.append(pattern)
            continue
        added += [v.pattern() for v in covered if v.marked
                  and len(v.path) >= len(parts)]
    for value in values:
        if value.marked and not any(_match(p.split("."), value.path) for p in kept + added):
            added.append(value.pattern())
    return kept + list(dict.fromkeys(a for a in added if a not in kept))


def concrete(prefix: tuple[Part, ...], path: tuple[str | int, ...]) -> tuple[Part, ...]:
    return prefix + tuple((p, None) for p in path)


def prefix_of(list_field: str | None, index: int, data: dict[str, Any]) -> tuple[Part, ...]:
    """Where a row's record sits: the file's root, or an item of its list."""
    if list_field is None:
        return ()
    ident = data.get("id", data.get("insee"))
    return ((list_field, None), (index, str(ident) if ident is not None else None))
