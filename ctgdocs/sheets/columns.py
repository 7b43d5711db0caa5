"""Columns of the spreadsheets: their French names, where their value lives in a record, and
how a value goes between a cell and the YAML text.

Every codec turns both sides into one *canonical* value (text, whole number, amount, date,
list…) so that an import compares meaning, not spelling: ``montant: 52000`` and a cell
holding 52 000,00 are the same amount, and the record keeps its own spelling.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import fr
from .table import Cell

Path_ = tuple[str | int, ...]
LIST_SEPARATOR = " ; "


class CellProblem(ValueError):
    """A cell that cannot be read for its column (French message)."""


class Codec:
    """Text: the cell's text, trimmed."""

    text_format = True  # formatted as text in the spreadsheet (codes keep leading zeros)
    name = "texte"

    def from_yaml(self, value: Any) -> Any:
        return None if value is None else str(value)

    def from_cell(self, cell: Cell, typed: bool) -> Any:
        if cell is None:
            return None
        if isinstance(cell, bool):
            return "oui" if cell else "non"
        if isinstance(cell, dt.date):
            return cell.isoformat()
        return " ".join(str(cell).split()) if "\n" not in str(cell) else str(cell).strip()

    def to_yaml(self, value: Any) -> Any:
        return value

    def to_cell(self, value: Any) -> Cell:
        return value  # type: ignore[no-any-return]


class Code(Codec):
    """A code written with digits that stays text (INSEE, postal code, SIRET, département)."""

    text_format = True


class Whole(Codec):
    text_format = False
    name = "nombre entier"

    def from_yaml(self, value: Any) -> Any:
        try:
            return None if value is None else int(str(value).replace(" ", ""))
        except ValueError:
            return str(value)

    def from_cell(self, cell: Cell, typed: bool) -> Any:
        if cell is None:
            return None
        if isinstance(cell, int | Decimal) and not isinstance(cell, bool) \
                and cell == int(cell):
            return int(cell)
        text = str(cell).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        raise CellProblem(f"nombre entier attendu, lu « {cell} »")

    def to_yaml(self, value: Any) -> Any:
        return str(value)


class Amount(Codec):
    text_format = False
    name = "montant"

    def from_yaml(self, value: Any) -> Any:
        return None if value is None else _decimal(str(value)) or str(value)

    def from_cell(self, cell: Cell, typed: bool) -> Any:
        if cell is None:
            return None
        if isinstance(cell, int | Decimal) and not isinstance(cell, bool):
            return Decimal(cell).normalize()
        value = _decimal(str(cell))
        if value is None:
            raise CellProblem(f"montant attendu, lu « {cell} » (écrivez par exemple 12500 ou "
                              "12500,50)")
        return value

    def to_yaml(self, value: Any) -> Any:
        return _amount_text(value)

    def to_cell(self, value: Any) -> Cell:
        return Decimal(value) if value is not None else None


def _decimal(text: str) -> Decimal | None:
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", text)
    if re.fullmatch(r"-?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value.normalize() if value.is_finite() else None


def _amount_text(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value:.2f}"


class Date(Codec):
    text_format = False
    name = "date"

    def from_yaml(self, value: Any) -> Any:
        try:
            return None if value is None else fr.parse_date(str(value))
        except ValueError:
            return str(value)

    def from_cell(self, cell: Cell, typed: bool) -> Any:
        if cell is None:
            return None
        if isinstance(cell, dt.date):
            return cell
        if typed:
            raise CellProblem(f"date saisie comme texte (« {cell} ») : saisissez une date "
                              "(format de cellule Date), par exemple 29/06/2022")
        try:
            return fr.parse_date(str(cell))
        except ValueError as exc:
            raise CellProblem(str(exc)) from None

    def to_yaml(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value


class Texts(Codec):
    """A list of texts, separated by « ; » in one cell."""

    name = "liste"

    def from_yaml(self, value: Any) -> Any:
        if value is None:
            return None
        items = value if isinstance(value, list) else [value]
        return tuple(str(v) for v in items)

    def from_cell(self, cell: Cell, typed: bool) -> Any:
        text = super().from_cell(cell, typed)
        if text is None:
            return None
        return tuple(part.strip() for part in text.split(";") if part.strip())

    def to_yaml(self, value: Any) -> Any:
        return list(value)

    def to_cell(self, value: Any) -> Cell:
        return LIST_SEPARATOR.join(value) if value else None


class Ouvertures(Codec):
    """Opening periods: « Du lundi au vendredi (Matin, Soir) ; Juillet »."""

    name = "périodes d'ouverture"
    _WITH_MOMENTS = re.compile(r"^(?P<periode>.*?)\s*\((?P<moments>[^()]*)\)$")

    def from_yaml(self, value: Any) -> Any:
        if value is None:
            return None
        result = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                moments = item.get("moments") or []
                result.append((str(item.get("periode")), tuple(str(m) for m in moments)))
            else:
                result.append((str(item), ()))
        return tuple(result)

    def from_cell(self, cell: Cell, typed: bool) -> Any:
        parts = Texts().from_cell(cell, typed)
        if parts is None:
            return None
        result = []
        for part in parts:
            match = self._WITH_MOMENTS.match(part)
            if match:
                moments = tuple(m.strip() for m in match["moments"].split(",") if m.strip())
                result.append((match["periode"], moments))
            else:
                result.append((part, ()))
        return tuple(result)

    def to_yaml(self, value: Any) -> Any:
        return [{"periode": p, "moments": list(m)} if m else p for p, m in value]

    def to_cell(self, value: Any) -> Cell:
        return LIST_SEPARATOR.join(f"{p} ({', '.join(m)})" if m else p for p, m in value) \
            if value else None


class DayMonth(Code):
    """A due date JJ/MM; a spreadsheet that turned « 31/03 » into a date gives it back."""

    def from_cell(self, cell: Cell, typed: bool) -> Any:
        if isinstance(cell, dt.date):
            return f"{cell:%d/%m}"
        text = super().from_cell(cell, typed)
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})(/\d{2,4})?", text or "")
        return f"{int(match[1]):02d}/{int(match[2]):02d}" if match else text

    def from_yaml(self, value: Any) -> Any:
        return self.from_cell(value, False) if value is not None else None


TEXT, CODE, WHOLE, AMOUNT, DATE, TEXTS, OUVERTURES, DAY_MONTH = (
    Codec(), Code(), Whole(), Amount(), Date(), Texts(), Ouvertures(), DayMonth())


@dataclass(frozen=True)
class Column:
    header: str
    path: Path_
    codec: Codec = TEXT
    required: bool = False

    @property
    def field(self) -> str:
        return str(self.path[0])


@dataclass(frozen=True)
class Group:
    """Numbered columns for a list of small records: « implantation 1 nom », « … 2 nom »."""

    field: str
    label: str
    columns: tuple[Column, ...]

    def header(self, number: int, column: Column) -> str:
        return f"{self.label} {number} {column.header}"

    def parse(self, header: str) -> tuple[int, Column] | None:
        match = re.fullmatch(rf"{re.escape(self.label)} (\d+) (.+)", header, re.IGNORECASE)
        if not match:
            return None
        column = next((c for c in self.columns if c.header.lower() == match[2].lower()), None)
        return (int(match[1]), column) if column else None


@dataclass(frozen=True)
class YearGroup:
    """One column per year: « montant 2022 », « montant 2023 » (list of {annee, montant})."""

    field: str
    label: str

    def header(self, year: int) -> str:
        return f"{self.label} {year}"

    def parse(self, header: str) -> int | None:
        match = re.fullmatch(rf"{re.escape(self.label)} (\d{{4}})", header, re.IGNORECASE)
        return int(match[1]) if match else None


@dataclass(frozen=True)
class Layout:
    """Every column of a kind of sheet."""

    columns: tuple[Column, ...]
    groups: tuple[Group, ...] = ()
    years: YearGroup | None = None
    extra: tuple[str, ...] = field(default=())  # columns read elsewhere (exemple, ordre…)

    def fields(self) -> list[str]:
        names = [c.field for c in self.columns] + [g.field for g in self.groups]
        if self.years:
            names.append(self.years.field)
        return list(dict.fromkeys(names))
