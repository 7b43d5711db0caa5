"""Records -> spreadsheet tables: the record kinds, the amounts and the payment schedule.

Beside the values, two columns keep what a spreadsheet would lose: ``exemple`` lists the
columns of the row that hold illustrative values (``exemple:`` of the record), ``ordre``
the row's place in its list as recorded.
"""

from __future__ import annotations

from typing import Any

from ..documents.convention import schedule
from ..models import Convention
from ..records import Records
from .columns import AMOUNT, LIST_SEPARATOR, Column
from .items import Item, attribute, get, items, marked, model_of
from .kinds import EXEMPLE, GESTIONNAIRE, ORDRE, Kind
from .table import Cell, Row, Table


def record_table(kind: Kind, records: Records, label: str) -> tuple[Table, set[int]]:
    """The table of ``kind`` and the indexes of its text-formatted columns."""
    rows = items(kind, records.data)
    layout = kind.layout
    counts = {g.field: max((len(get(i.data, (g.field,)) or []) for i in rows), default=0)
              for g in layout.groups}
    years = sorted({int(m["annee"]) for i in rows for m in get(i.data, ("montants",)) or []
                    if isinstance(m, dict) and str(m.get("annee", "")).isdigit()})
    headers: list[str] = []
    text: set[int] = set()

    def add(header: str, text_format: bool) -> None:
        if text_format:
            text.add(len(headers))
        headers.append(header)

    if kind.parent:
        add(GESTIONNAIRE, True)
    for column in layout.columns:
        add(column.header, column.codec.text_format)
    for group in layout.groups:
        for number in range(1, counts[group.field] + 1):
            for column in group.columns:
                add(group.header(number, column), column.codec.text_format)
    if layout.years:
        for year in years:
            add(layout.years.header(year), False)
    add(EXEMPLE, True)
    if kind.ordered:
        add(ORDRE, False)
    table = Table(label, kind.sheet, headers)
    for number, item in enumerate(rows, start=2):
        model = model_of(records, kind, item)
        cells: list[Cell] = [item.parent] if kind.parent else []
        flagged: list[str] = []
        for column in layout.columns:
            cells.append(_cell(column, item.data, column.path))
            if marked(attribute(model, column.path)):
                flagged.append(column.header)
        for group in layout.groups:
            for index in range(counts[group.field]):
                for column in group.columns:
                    path = (group.field, index, *column.path)
                    cells.append(_cell(column, item.data, path))
                    if marked(attribute(model, path)):
                        flagged.append(group.header(index + 1, column))
        if layout.years:
            cells += _years(item, years, model, flagged, layout.years.header)
        cells.append(LIST_SEPARATOR.join(flagged) or None)
        if kind.ordered:
            cells.append(item.position)
        table.rows.append(Row(number, cells))
    return table, text


def _cell(column: Column, data: dict[str, Any], path: tuple[Any, ...]) -> Cell:
    value = column.codec.from_yaml(get(data, path))
    return column.codec.to_cell(value) if value is not None else None


def _years(item: Item, years: list[int], model: Any, flagged: list[str],
           header: Any) -> list[Cell]:
    amounts = {str(m.get("annee")): m.get("montant")
               for m in get(item.data, ("montants",)) or [] if isinstance(m, dict)}
    by_year = {m.annee: m for m in getattr(model, "montants", [])}
    cells: list[Cell] = []
    for year in years:
        value = AMOUNT.from_yaml(amounts.get(str(year)))
        cells.append(AMOUNT.to_cell(value) if value is not None else None)
        if year in by_year and marked(by_year[year].montant):
            flagged.append(header(year))
    return cells


MONTANTS_HEADERS = ["convention", "financeur", "financeur nom", "gestionnaire",
                    "gestionnaire nom", "année", "montant", EXEMPLE, ORDRE]
ECHEANCIER_HEADERS = ["convention", "financeur", "financeur nom", "gestionnaire",
                      "gestionnaire nom", "année", "versement", "échéance", "part",
                      "montant", "condition", EXEMPLE, ORDRE]


def _parties(records: Records, convention: Convention) -> list[Cell]:
    gestionnaire = records.gestionnaire(convention.gestionnaire)
    return [str(convention.id), str(convention.financeur),
            str(records.collectivite_name(convention.financeur)),
            str(convention.gestionnaire), str(gestionnaire.nom) if gestionnaire else None]


def montants_table(records: Records, label: str) -> tuple[Table, set[int]]:
    """One row per convention and year: the amount the financeur pays the gestionnaire."""
    table = Table(label, "Montants", list(MONTANTS_HEADERS))
    for convention in _conventions(records):
        for index, montant in enumerate(convention.montants):
            flagged = ["montant"] if marked(montant.montant) else []
            table.rows.append(Row(len(table.rows) + 2, [
                *_parties(records, convention), int(montant.annee), montant.montant,
                LIST_SEPARATOR.join(flagged) or None, index + 1]))
    return table, {0, 1, 2, 3, 4, 7}


def echeancier_table(records: Records, label: str) -> tuple[Table, set[int]]:
    """One row per instalment: its due date, share and amount, year by year."""
    table = Table(label, "Échéancier", list(ECHEANCIER_HEADERS))
    for convention in _conventions(records):
        order = 0
        for montant in convention.montants:
            parts = schedule(convention, montant.annee, montant.montant)
            for number, (versement, echeance) in enumerate(
                    zip(convention.versements, parts, strict=True), start=1):
                order += 1
                flagged = [h for h, v in (("échéance", versement.echeance),
                                          ("part", versement.part),
                                          ("montant", echeance.montant)) if marked(v)]
                table.rows.append(Row(len(table.rows) + 2, [
                    *_parties(records, convention), int(montant.annee), number,
                    echeance.date, versement.part, echeance.montant,
                    str(versement.condition) if versement.condition else None,
                    LIST_SEPARATOR.join(flagged) or None, order]))
    return table, {0, 1, 2, 3, 4, 10, 11}


def _conventions(records: Records) -> list[Convention]:
    return sorted(records.conventions, key=lambda c: str(c.id))
