"""A spreadsheet as ctgdocs sees it: one sheet, a header row, typed cells, their places.

Readers and writers of .xlsx, .ods and .csv go through ``Table``; every problem names the
file, the sheet, the row and the column (letter and header) as the user sees them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import CtgdocsError

Cell = str | int | Decimal | dt.date | bool | None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Place:
    """Where a cell is: file, sheet (None for a CSV file), row (1-based), column."""

    file: str
    sheet: str | None
    row: int = 0
    column: int | None = None  # 0-based
    header: str = ""

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"feuille « {self.sheet} »")
        if self.row:
            parts.append(f"ligne {self.row}")
        if self.column is not None:
            named = f" (« {self.header} »)" if self.header else ""
            parts.append(f"colonne {column_letter(self.column)}{named}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    place: Place
    message: str

    def __str__(self) -> str:
        return f"{self.place} : {self.message}"


class SheetError(CtgdocsError):
    """A spreadsheet that cannot be imported: every problem, nothing written."""

    LIMIT = 50

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:self.LIMIT])
        more = len(problems) - self.LIMIT
        tail = f"\n… et {more} autre(s)" if more > 0 else ""
        count = len(problems)
        super().__init__(f"Le tableur contient {count} problème{'s' if count > 1 else ''} ; "
                         f"rien n'a été écrit :\n{shown}{tail}")


def fail(place: Place, message: str) -> SheetError:
    return SheetError([Problem(place, message)])


@dataclass
class Row:
    number: int
    cells: list[Cell]


@dataclass
class Table:
    """One sheet: ``typed`` is False for CSV, whose every cell is text."""

    file: str
    sheet: str | None
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    typed: bool = True

    def place(self, row: int = 0, column: int | None = None) -> Place:
        header = self.headers[column] if column is not None and column < len(self.headers) \
            else ""
        return Place(self.file, self.sheet, row, column, header)


def trim(grid: list[tuple[int, list[Cell]]], file: str, sheet: str | None,
         typed: bool) -> Table:
    """A table from raw rows (number, cells): header first, trailing empty rows dropped, an
    empty row between data rows refused."""
    rows = [(n, [None if isinstance(c, str) and not c.strip() else c for c in cells])
            for n, cells in grid]
    while rows and not any(c is not None for c in rows[-1][1]):
        rows.pop()
    if not rows:
        raise fail(Place(file, sheet), "la feuille est vide : la première ligne doit donner "
                   "les noms des colonnes")
    number, header_cells = rows[0]
    while header_cells and header_cells[-1] is None:
        header_cells = header_cells[:-1]
    headers = [" ".join(str(c).split()) if c is not None else "" for c in header_cells]
    table = Table(file, sheet, headers, typed=typed)
    problems = [Problem(table.place(number, i), "nom de colonne vide (la première ligne "
                        "donne le nom de chaque colonne)") for i, h in enumerate(headers) if not h]
    for row_number, cells in rows[1:]:
        extra = [i for i, c in enumerate(cells) if c is not None and i >= len(headers)]
        problems += [Problem(table.place(row_number, i), "valeur hors des colonnes nommées "
                             "(ajoutez un nom de colonne en première ligne)") for i in extra]
        if not any(c is not None for c in cells):
            problems.append(Problem(table.place(row_number), "ligne vide au milieu des "
                                    "données : supprimez-la (les lignes suivantes seraient "
                                    "sinon ignorées par d'autres outils)"))
            continue
        padded = (cells + [None] * len(headers))[:len(headers)]
        table.rows.append(Row(row_number, padded))
    if problems:
        raise SheetError(problems)
    return table
