"""Writing a ``Table`` as .xlsx, .ods or .csv: numbers and dates as real cells, atomically."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..errors import CtgdocsError
from ..outputs import atomic_write
from .read import FORMATS
from .table import Cell, Place, Table, fail

ENCODINGS = {"utf-8": "utf-8-sig", "windows-1252": "cp1252"}  # Excel needs the BOM


@dataclass(frozen=True)
class CsvOptions:
    separator: str = ";"
    encoding: str = "utf-8"


def render(table: Table, suffix: str, text_columns: set[int], created: dt.datetime,
           options: CsvOptions = CsvOptions()) -> bytes:
    """The file's bytes; ``text_columns`` are formatted as text (codes keep their zeros)."""
    if suffix == ".xlsx":
        from .xlsx import write_xlsx

        return write_xlsx(table, text_columns, created)
    if suffix == ".ods":
        from .ods import write_ods

        return write_ods(table, text_columns)
    return _csv(table, options)


def write(path: Path, table: Table, text_columns: set[int], created: dt.datetime,
          options: CsvOptions = CsvOptions()) -> None:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise CtgdocsError(f"{path} : format non pris en charge ; choisissez un nom en .xlsx, "
                           ".ods ou .csv")
    atomic_write(path, render(table, suffix, text_columns, created, options))


def _csv(table: Table, options: CsvOptions) -> bytes:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=options.separator, lineterminator="\r\n")
    writer.writerow(table.headers)
    decimal_comma = options.separator == ";"
    for row in table.rows:
        writer.writerow([_text(v, decimal_comma) for v in row.cells])
    text = stream.getvalue()
    try:
        return text.encode(ENCODINGS[options.encoding])
    except UnicodeEncodeError as exc:
        line = text[:exc.start].count("\n") + 1
        raise fail(Place(table.file, None, line), f"le caractère « {text[exc.start]} » "
                   "n'existe pas en Windows-1252 : exportez en UTF-8") from None


def _text(value: Cell, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal):
        text = f"{value:.2f}" if value != value.to_integral_value() else str(int(value))
        return text.replace(".", ",") if decimal_comma else text
    return str(value)
