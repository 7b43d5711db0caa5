"""A table's rows read for a kind of record: each cell converted by its column, each problem
placed (sheet, row, column)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .columns import AMOUNT, LIST_SEPARATOR, CellProblem, Column, Group, Path_
from .kinds import EXEMPLE, GESTIONNAIRE, ORDRE, Kind
from .table import Cell, Problem, SheetError, Table


@dataclass(frozen=True)
class Slot:
    """What one column of the sheet holds."""

    column: Column | None = None  # a plain column, or a group's column
    group: Group | None = None
    number: int = 0  # the group's item number (1-based)
    year: int | None = None
    special: str | None = None  # exemple, ordre, gestionnaire


@dataclass
class Parsed:
    """One row: canonical values by path inside the record, and where each came from."""

    number: int
    values: dict[Path_, Any] = field(default_factory=dict)
    years: dict[int, Decimal] = field(default_factory=dict)
    columns: dict[Path_, int] = field(default_factory=dict)  # path -> column index
    parent: str | None = None
    flagged: set[str] | None = None  # exemple: headers of illustrative values
    ordre: int | None = None
    cells: dict[Path_, Cell] = field(default_factory=dict)  # as typed, for messages


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def slots(kind: Kind, table: Table) -> list[Slot]:
    """What each header names; unknown, repeated and missing columns are refused."""
    layout = kind.layout
    plain = {_fold(c.header): c for c in layout.columns}
    special = {EXEMPLE: EXEMPLE, ORDRE: ORDRE}
    if kind.parent:
        special[GESTIONNAIRE] = GESTIONNAIRE
    found: list[Slot] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        folded = _fold(header)
        slot = _slot(kind, folded, plain, special)
        if slot is None:
            known = [GESTIONNAIRE] * kind.parent + [c.header for c in layout.columns]
            known += [f"{g.label} N {c.header}" for g in layout.groups for c in g.columns]
            if layout.years:
                known.append(f"{layout.years.label} AAAA")
            problems.append(Problem(table.place(1, index), f"colonne inconnue « {header} » ; "
                                    f"colonnes possibles : {', '.join(known)}, {EXEMPLE}"
                                    + (f", {ORDRE}" if kind.ordered else "")))
        elif folded in seen:
            problems.append(Problem(table.place(1, index), f"colonne « {header} » donnée deux "
                                    f"fois (aussi en colonne {seen[folded] + 1})"))
        seen.setdefault(folded, index)
        found.append(slot or Slot())
    required = [c.header for c in layout.columns if c.required]
    if kind.parent:
        required.insert(0, GESTIONNAIRE)
    for header in required:
        if _fold(header) not in seen:
            problems.append(Problem(table.place(1), f"colonne « {header} » manquante"))
    if problems:
        raise SheetError(problems)
    return found


def _slot(kind: Kind, folded: str, plain: dict[str, Column],
          special: dict[str, str]) -> Slot | None:
    if folded in plain:
        return Slot(column=plain[folded])
    if folded in special:
        return Slot(special=special[folded])
    for group in kind.layout.groups:
        parsed = group.parse(folded)
        if parsed:
            return Slot(column=parsed[1], group=group, number=parsed[0])
    if kind.layout.years:
        year = kind.layout.years.parse(folded)
        if year:
            return Slot(year=year)
    return None


def parse_rows(kind: Kind, table: Table) -> list[Parsed]:
    layout = slots(kind, table)
    rows: list[Parsed] = []
    problems: list[Problem] = []
    for row in table.rows:
        parsed = Parsed(row.number)
        for index, (slot, cell) in enumerate(zip(layout, row.cells, strict=True)):
            try:
                _read(slot, cell, table.typed, parsed, index)
            except CellProblem as exc:
                problems.append(Problem(table.place(row.number, index), str(exc)))
        for column in kind.layout.columns:
            if column.required and parsed.values.get(column.path) is None:
                problems.append(Problem(table.place(row.number, parsed.columns.get(column.path)),
                                        f"valeur obligatoire (« {column.header} ») manquante"))
        if kind.parent and not parsed.parent:
            problems.append(Problem(table.place(row.number, _index(table, GESTIONNAIRE)),
                                    "valeur obligatoire (« gestionnaire ») manquante"))
        rows.append(parsed)
    if problems:
        raise SheetError(problems)
    return rows


def _index(table: Table, header: str) -> int | None:
    folded = [_fold(h) for h in table.headers]
    return folded.index(_fold(header)) if _fold(header) in folded else None


def _read(slot: Slot, cell: Cell, typed: bool, parsed: Parsed, index: int) -> None:
    if slot.special == GESTIONNAIRE:
        parsed.parent = " ".join(str(cell).split()) if cell is not None else None
    elif slot.special == EXEMPLE:
        text = str(cell) if cell is not None else ""
        parsed.flagged = {_fold(p) for p in text.split(";") if p.strip()}
    elif slot.special == ORDRE:
        if cell is not None:
            from .columns import WHOLE

            parsed.ordre = WHOLE.from_cell(cell, typed)
    elif slot.year is not None:
        value = AMOUNT.from_cell(cell, typed)
        if value is not None:
            parsed.years[slot.year] = value
        parsed.columns[("montants", slot.year)] = index
    elif slot.column is not None:
        path = slot.column.path
        if slot.group is not None:
            path = (slot.group.field, slot.number - 1, *path)
        parsed.values[path] = slot.column.codec.from_cell(cell, typed)
        parsed.columns[path] = index
        parsed.cells[path] = cell


def shown(value: Any) -> str:
    """A canonical value as the user reads it in a message."""
    if value is None:
        return "(vide)"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(
            f"{v[0]} ({', '.join(v[1])})" if isinstance(v, tuple) and v[1] else
            str(v[0]) if isinstance(v, tuple) else str(v) for v in value) or "(vide)"
    if isinstance(value, Decimal):
        return str(value)
    return str(value)
