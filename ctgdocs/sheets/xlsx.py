"""Excel workbooks (.xlsx) through openpyxl: typed cells in, typed cells out."""

from __future__ import annotations

import datetime as dt
import io
import warnings
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import CtgdocsError
from .read import as_date, merged_problem, number
from .table import Cell, SheetError, Table, column_letter, trim


def pick(names: list[str], wanted: tuple[str, ...]) -> str:
    """The sheet named like the kind (any case), else the first one."""
    folded = {name.strip().casefold(): name for name in names}
    return next((folded[w.casefold()] for w in wanted if w.casefold() in folded), names[0])


def read_xlsx(raw: bytes, label: str, sheet_names: tuple[str, ...]) -> Table:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it ignores
            book = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise CtgdocsError(f"{label} : classeur Excel illisible ({type(exc).__name__}) ; "
                           "enregistrez-le de nouveau depuis le tableur") from None
    name = pick(book.sheetnames, sheet_names)
    sheet = book[name]
    assert isinstance(sheet, Worksheet)
    headers = [str(c.value or "") for c in sheet[1]] if sheet.max_row else []
    problems = [merged_problem(label, name, r.min_row, r.min_col - 1, r.max_row,
                               r.max_col - 1, headers) for r in sheet.merged_cells.ranges]
    if problems:
        raise SheetError(problems)
    grid = [(index, [_cell(c) for c in row])
            for index, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    return trim(grid, label, name, typed=True)


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return number(repr(value))
    if isinstance(value, Decimal):
        return number(str(value))
    if isinstance(value, dt.datetime | dt.date):
        result = as_date(value)
        return result if not isinstance(result, dt.datetime) else result.isoformat(" ")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def write_xlsx(table: Table, text_columns: set[int], created: dt.datetime) -> bytes:
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = table.sheet or "Feuille1"
    sheet.append(table.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(list(row.cells))
    widths = [len(h) for h in table.headers]
    for row_cells in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(row_cells):
            value = cell.value
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, Decimal) and value != value.to_integral_value():
                cell.number_format = "0.00"
            elif index in text_columns:
                cell.number_format = "@"
            if isinstance(value, str) and "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[index] = max(widths[index], min(60, len(str(value or ""))))
    for index, width in enumerate(widths):
        sheet.column_dimensions[column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"
    book.properties.created = created
    book.properties.modified = created
    book.properties.creator = "ctgdocs"
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
