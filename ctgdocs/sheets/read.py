"""Reading a spreadsheet file (.xlsx, .ods, .csv) into a ``Table``.

Excel's and Calc's files keep typed cells (numbers, dates, text); a CSV file is text, read
in UTF-8 (with or without BOM) or Windows-1252, separated by « ; » or « , », as Excel and
Calc write it. A merged cell, an empty row between data rows, or a file in another
encoding is refused with its place.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from ..errors import CtgdocsError
from ..infiles import read_regular_file
from ..limits import Limites
from .table import Cell, Place, Problem, SheetError, Table, column_letter, fail, trim

FORMATS = (".xlsx", ".ods", ".csv")


def read(path: Path, label: str, sheet_names: tuple[str, ...], limits: Limites) -> Table:
    """The sheet named one of ``sheet_names`` (else the first sheet) of the file."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise CtgdocsError(f"{label} : format non pris en charge ; enregistrez le tableur en "
                           ".xlsx, .ods ou .csv")
    raw = read_regular_file(path, limits.fichier_octets, label=label, setting="fichier_octets")
    if suffix == ".csv":
        return read_csv(raw, label)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise CtgdocsError(f"{label} : ce n'est pas un fichier {suffix} lisible (enregistrez-le "
                           f"de nouveau depuis le tableur)") from None
    total = sum(info.file_size for info in archive.infolist())
    if total > limits.fichier_octets * 20:
        raise CtgdocsError(f"{label} : contenu décompressé trop volumineux ({total} octets)")
    if suffix == ".xlsx":
        from .xlsx import read_xlsx  # openpyxl is slow to import

        return read_xlsx(raw, label, sheet_names)
    from .ods import read_ods

    return read_ods(archive, label, sheet_names)


# CSV

# Characters a French text in UTF-8 or Windows-1252 does not hold, but that an ISO-8859-15,
# Mac or DOS file read as Windows-1252 gives (« œ » -> « ½ », « é » -> « Ž »…).
_FOREIGN = set("¤¦¨´¸¼½¾Žžˆ‰‹›Š‚")


def decode(raw: bytes, label: str) -> str:
    """UTF-8 (BOM or not) or Windows-1252; any other encoding refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        raise fail(Place(label, None), "le fichier est encodé en UTF-16 (« Texte Unicode ») ; "
                   "enregistrez-le en « CSV UTF-8 (délimité par des points-virgules) »")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise fail(Place(label, None, line), _ENCODING) from None
    return text


_ENCODING = ("le fichier n'est ni en UTF-8 ni en Windows-1252 (encodage d'un autre système) ; "
             "enregistrez-le en « CSV UTF-8 (délimité par des points-virgules) »")


def _separator(text: str) -> str:
    first = next(iter(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter="\x00")), [""])
    header = first[0] if first else ""
    return ";" if header.count(";") >= header.count(",") and ";" in header else \
        "," if "," in header else "\t" if "\t" in header else ";"


def read_csv(raw: bytes, label: str) -> Table:
    text = decode(raw, label)
    separator = _separator(text)
    grid: list[tuple[int, list[Cell]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        line = 1
        for cells in reader:
            grid.append((line, list(cells)))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise fail(Place(label, None, reader.line_num), f"ligne CSV illisible ({exc})") from None
    utf8 = _is_utf8(raw)
    headers = [str(h) for h in grid[0][1]] if grid else []
    problems = [] if utf8 else [
        Problem(Place(label, None, number, index, headers[index] if index < len(headers)
                      else ""), _ENCODING + f" (caractère « {char} »)")
        for number, cells in grid for index, value in enumerate(cells)
        for char in [next((c for c in str(value) if c in _FOREIGN), "")] if char]
    if problems:
        raise SheetError(problems[:1])
    table = trim(grid, label, None, typed=False)
    return table


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


# Shared by the typed readers


def number(text: str) -> int | Decimal:
    value = Decimal(text)
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def as_date(value: dt.datetime | dt.date) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


def iso_date(text: str) -> dt.date | dt.datetime:
    if "T" in text:
        return as_date(dt.datetime.fromisoformat(text))
    return dt.date.fromisoformat(text[:10]) if _ISO.match(text) else dt.date.fromisoformat(text)


def merged_problem(file: str, sheet: str, row: int, column: int, last_row: int,
                   last_column: int, headers: list[str]) -> Problem:
    span = f"{column_letter(column)}{row}:{column_letter(last_column)}{last_row}"
    header = headers[column] if column < len(headers) else ""
    return Problem(Place(file, sheet, row, column, header),
                   f"cellules fusionnées ({span}) : annulez la fusion et écrivez la valeur "
                   "dans chaque cellule")
