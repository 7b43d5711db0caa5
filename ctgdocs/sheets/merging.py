"""Rows of a sheet merged into the records' data: what each file becomes, and why.

A row is matched to its record by identifier (``id``, the INSEE code; for a subsidy its
financeur, year and objet). Only the columns the sheet has are compared, by meaning
(``codec``), and only what differs is set: the rest of the record, its spelling, its
aliases and its fields without a column stay as written. New rows are added after the
existing ones, in the order of their ``ordre`` column, else of the sheet.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from .columns import AMOUNT, Codec, Column, Path_
from .exemples import Value, concrete, prefix_of, updated
from .items import Item, get, in_folder, items
from .kinds import Kind
from .parsing import Parsed, shown
from .table import Problem, Table


@dataclass
class Change:
    """What one record file becomes."""

    file: str
    new_file: bool
    data: dict[str, Any]
    lines: list[str] = field(default_factory=list)
    rows: dict[Path_, int] = field(default_factory=dict)  # item path -> sheet row
    exemples: list[Value] = field(default_factory=list)
    exemples_changed: bool = False


@dataclass
class Merge:
    changes: dict[str, Change] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0


def codecs_of(kind: Kind) -> dict[str, Codec]:
    return {str(c.path[0]): c.codec for c in kind.layout.columns if len(c.path) == 1}


def key_text(kind: Kind, key: tuple[Any, ...]) -> str:
    return ", ".join(shown(k) for k in key)


class Merger:
    def __init__(self, kind: Kind, files: dict[str, Any], table: Table,
                 flags: dict[int, set[str]]):
        """``flags``: the illustrative headers of each existing row, by id of its data."""
        self.kind = kind
        self.files = files
        self.table = table
        self.flags = flags
        self.codecs = codecs_of(kind)
        self.result = Merge()
        self.existing = {self.key(item.data, item.parent): item for item in items(kind, files)}

    def key(self, data: dict[str, Any], parent: str | None) -> tuple[Any, ...]:
        own = tuple(self.codecs[k].from_yaml(data.get(k)) for k in self.kind.keys)
        return (parent, *own) if self.kind.parent else own

    def change(self, name: str) -> Change:
        if name not in self.result.changes:
            data = self.files.get(name)
            self.result.changes[name] = Change(name, data is None, copy.deepcopy(data or {}))
        return self.result.changes[name]

    def merge(self, rows: list[Parsed]) -> Merge:
        seen: dict[tuple[Any, ...], int] = {}
        fresh: list[tuple[Parsed, tuple[Any, ...]]] = []
        for row in rows:
            key = (row.parent, *(row.values.get((k,)) for k in self.kind.keys)) \
                if self.kind.parent else tuple(row.values.get((k,)) for k in self.kind.keys)
            if key in seen:
                self.problem(row, (self.kind.keys[0],), f"{self.kind.label} « "
                             f"{key_text(self.kind, key)} » déjà donné(e) ligne {seen[key]}")
                continue
            seen[key] = row.number
            if key in self.existing:
                self.update(self.existing[key], row)
            else:
                fresh.append((row, key))
        fresh.sort(key=lambda pair: (pair[0].ordre is None, pair[0].ordre or 0))
        for row, key in fresh:
            self.add(row, key)
        return self.result

    def problem(self, row: Parsed, path: Path_, message: str) -> None:
        self.result.problems.append(Problem(self.table.place(row.number,
                                                             row.columns.get(path)), message))

    # existing rows

    def update(self, item: Item, row: Parsed) -> None:
        change = self.change(item.file)
        target = get(change.data, item.path) if item.path else change.data
        assert isinstance(target, dict)
        before = copy.deepcopy(target)
        said = self.apply(target, row)
        label = self.describe(target)
        change.rows[item.path] = row.number
        current = self.flags.get(id(item.data), set())
        exemples_changed = self.note_exemples(change, item.path, row, target, current)
        if target != before or exemples_changed:
            change.lines += [f"{label} : {line}" for line in said]
            if exemples_changed:
                change.lines.append(f"{label} : {self.flag_change(current, row)}")
                change.exemples_changed = True
        else:
            self.result.unchanged += 1

    def apply(self, target: dict[str, Any], row: Parsed) -> list[str]:
        """Set in ``target`` what the row says differently; the changes in words."""
        said: list[str] = []
        layout = self.kind.layout
        for column in layout.columns:
            if column.path not in row.columns or column.path[0] in self.kind.keys:
                continue
            old = column.codec.from_yaml(get(target, column.path))
            new = row.values.get(column.path)
            if old != new:
                _set(target, column.path, column.codec.to_yaml(new) if new is not None
                     else None)
                said.append(f"{column.header} : {shown(old)} → {shown(new)}")
        for group in layout.groups:
            said += self.apply_group(target, row, group.field, group.columns, group.label)
        if layout.years and any(p[0] == layout.years.field for p in row.columns):
            said += self.apply_years(target, row)
        return said

    def apply_group(self, target: dict[str, Any], row: Parsed, name: str,
                    columns: tuple[Column, ...], label: str) -> list[str]:
        if not any(p[0] == name for p in row.columns):
            return []
        old_items = list(target.get(name) or [])
        count = max([len(old_items)] + [int(p[1]) + 1 for p in row.columns if p[0] == name])

        def canonical(data: Any, index: int, from_row: bool) -> tuple[Any, ...]:
            return tuple(row.values.get((name, index, *c.path)) if from_row
                         else c.codec.from_yaml(get(data, c.path)) for c in columns)

        old = [canonical(item, i, False) for i, item in enumerate(old_items)]
        new = [canonical(None, i, True) for i in range(count)]
        old_kept = [v for v in old if any(x is not None for x in v)]
        new_kept = [v for v in new if any(x is not None for x in v)]
        if old_kept == new_kept:
            return []
        result: list[Any] = []
        for index, values in enumerate(new):
            if not any(v is not None for v in values):
                continue
            if index < len(old) and old[index] == values:
                result.append(old_items[index])
                continue
            item = copy.deepcopy(old_items[index]) if index < len(old_items) \
                and isinstance(old_items[index], dict) else {}
            for column, value in zip(columns, values, strict=True):
                _set(item, column.path, column.codec.to_yaml(value) if value is not None
                     else None)
            result.append(item)
        _set(target, (name,), result or None)
        return [f"{label}s modifié(e)s ({len(old_kept)} → {len(new_kept)})"]

    def apply_years(self, target: dict[str, Any], row: Parsed) -> list[str]:
        entries = [m for m in target.get("montants") or [] if isinstance(m, dict)]
        old = {int(str(m.get("annee"))): AMOUNT.from_yaml(m.get("montant")) for m in entries
               if str(m.get("annee", "")).isdigit()}
        if old == row.years:
            return []
        result = [m for m in entries if str(m.get("annee", "")).isdigit()
                  and row.years.get(int(str(m["annee"]))) == old[int(str(m["annee"]))]]
        kept = {int(str(m["annee"])) for m in result}
        result += [{"annee": str(year), "montant": AMOUNT.to_yaml(amount)}
                   for year, amount in sorted(row.years.items()) if year not in kept]
        result.sort(key=lambda m: int(str(m["annee"])))
        _set(target, ("montants",), result or None)
        return [f"montant {year} : {shown(old.get(year))} → {shown(row.years.get(year))}"
                for year in sorted(set(old) | set(row.years))
                if old.get(year) != row.years.get(year)]

    # new rows

    def add(self, row: Parsed, key: tuple[Any, ...]) -> None:
        kind = self.kind
        name = self.file_for(row, key)
        if name is None:
            return
        change = self.change(name)
        data: dict[str, Any] = {}
        for column in kind.layout.columns:  # identifiers first, in the layout's order
            value = row.values.get(column.path)
            if value is not None:
                _set(data, column.path, column.codec.to_yaml(value))
        self.apply(data, row)
        if kind.list_field is None:
            change.data = {**data, **{k: v for k, v in change.data.items() if k not in data}}
            path: Path_ = ()
        else:
            rows = change.data.setdefault(kind.list_field, [])
            rows.append(data)
            path = (kind.list_field, len(rows) - 1)
        change.rows[path] = row.number
        if self.note_exemples(change, path, row, data, set()):
            change.exemples_changed = True
        what = "nouveau fichier" if change.new_file and kind.list_field is None else "ajout"
        change.lines.append(f"{what} : {kind.label} {self.describe(data)}")

    def file_for(self, row: Parsed, key: tuple[Any, ...]) -> str | None:
        kind = self.kind
        if kind.file:
            return kind.file
        folder = kind.folder or ""
        if kind.parent:
            owners = [n for n in self.files if in_folder(n, folder)
                      and isinstance(self.files[n], dict)
                      and str(self.files[n].get("id")) == row.parent]
            if not owners:
                known = sorted(str(self.files[n].get("id")) for n in self.files
                               if in_folder(n, folder) and isinstance(self.files[n], dict))
                self.result.problems.append(Problem(
                    self.table.place(row.number, self._parent_column()),
                    f"gestionnaire inconnu « {row.parent} » ; gestionnaires : "
                    f"{', '.join(known)}"))
                return None
            return owners[0]
        ident = str(key[0])
        name = f"{folder}/{_file_stem(ident)}.yaml"
        if name in self.files or name in self.result.changes:
            self.problem(row, (kind.keys[0],), f"le fichier records/{name} existe déjà et "
                         f"décrit un autre {kind.label} ; choisissez un autre identifiant")
            return None
        return name

    def _parent_column(self) -> int | None:
        headers = [" ".join(h.split()).casefold() for h in self.table.headers]
        return headers.index("gestionnaire") if "gestionnaire" in headers else None

    def describe(self, data: dict[str, Any]) -> str:
        ident = data.get("id", data.get("insee"))
        if self.kind.name == "subventions":
            return (f"{data.get('financeur')} {data.get('annee')} « {data.get('objet')} »")
        name = data.get("nom")
        return f"{ident} ({name})" if name and name != ident else str(ident)

    # illustrative values

    def note_exemples(self, change: Change, path: Path_, row: Parsed, target: dict[str, Any],
                      current: set[str]) -> bool:
        """Record the values the row shows, marked or not; did the row change the marks?"""
        if row.flagged is None:
            return False
        index = int(path[-1]) if path else 0
        prefix = prefix_of(self.kind.list_field, index, target)
        headers = {p: self.table.headers[i] for p, i in row.columns.items()}
        for value_path, header in headers.items():
            if value_path[0] == "montants" and len(value_path) == 2:
                years = [int(str(m.get("annee"))) for m in target.get("montants") or []]
                if value_path[1] not in years:
                    continue
                value_path = ("montants", years.index(int(value_path[1])), "montant")
            elif get(target, value_path) is None:
                continue
            folded = " ".join(header.split()).casefold()
            change.exemples.append(Value(concrete(prefix, value_path), folded in row.flagged))
        shown_headers = {" ".join(h.split()).casefold() for h in self.table.headers}
        before = {" ".join(h.split()).casefold() for h in current} & shown_headers
        return before != row.flagged & shown_headers

    def flag_change(self, current: set[str], row: Parsed) -> str:
        folded = {" ".join(h.split()).casefold(): h for h in self.table.headers}
        before = {" ".join(h.split()).casefold() for h in current} & set(folded)
        after = (row.flagged or set()) & set(folded)
        said = []
        if before - after:
            said.append("plus d'exemple pour " + ", ".join(folded[h] for h in sorted(
                before - after)))
        if after - before:
            said.append("valeurs d'exemple : " + ", ".join(folded[h] for h in sorted(
                after - before)))
        return " ; ".join(said)

    def finish(self) -> None:
        """Rewrite ``exemple:`` where the sheet changed which values are illustrative."""
        for change in self.result.changes.values():
            if not change.exemples_changed:
                continue
            patterns = [str(p) for p in change.data.get("exemple") or []]
            new = updated(patterns, change.exemples)
            if new != patterns:
                _set(change.data, ("exemple",), new or None)


def _file_stem(ident: str) -> str:
    return re.sub(r"[^a-z0-9_.-]+", "-", ident.lower()).strip("-.") or "fiche"


def _set(data: dict[str, Any], path: Path_, value: Any) -> None:
    """Set (or, for None, remove) the value at ``path``; emptied mappings are removed."""
    head, rest = path[0], path[1:]
    if not rest:
        if value is None:
            data.pop(str(head), None)
        else:
            data[str(head)] = value
        return
    child = data.get(str(head))
    if not isinstance(child, dict):
        if value is None:
            return
        child = {}
        data[str(head)] = child
    _set(child, rest, value)
    if not child:
        data.pop(str(head), None)
