"""OpenDocument spreadsheets (.ods, LibreOffice Calc): read and written with lxml."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

from lxml import etree

from ..errors import CtgdocsError
from .read import iso_date, merged_problem, number
from .table import Cell, Problem, SheetError, Table, trim
from .xlsx import pick

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_O, _T, _X = f"{{{OFFICE}}}", f"{{{TABLE}}}", f"{{{TEXT}}}"


def read_ods(archive: zipfile.ZipFile, label: str, sheet_names: tuple[str, ...]) -> Table:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(archive.read("content.xml"), parser)
    except (KeyError, etree.XMLSyntaxError):
        raise CtgdocsError(f"{label} : classeur OpenDocument illisible ; enregistrez-le de "
                           "nouveau depuis le tableur") from None
    tables = root.findall(f"{_O}body/{_O}spreadsheet/{_T}table")
    if not tables:
        raise CtgdocsError(f"{label} : le classeur ne contient aucune feuille")
    names = [t.get(f"{_T}name", "") for t in tables]
    name = pick(names, sheet_names)
    grid, problems = _grid(tables[names.index(name)], label, name)
    if problems:
        raise SheetError(problems)
    return trim(grid, label, name, typed=True)


def _grid(table: Any, label: str, name: str) -> tuple[list[tuple[int, list[Cell]]],
                                                      list[Problem]]:
    grid: list[tuple[int, list[Cell]]] = []
    problems: list[Problem] = []
    row_number = 1
    for row in table.iter(f"{_T}table-row"):
        repeat = int(row.get(f"{_T}number-rows-repeated", "1"))
        cells: list[Cell] = []
        pending = 0
        for cell in row:
            if cell.tag not in (f"{_T}table-cell", f"{_T}covered-table-cell"):
                continue
            count = int(cell.get(f"{_T}number-columns-repeated", "1"))
            value = _value(cell)
            spans = (int(cell.get(f"{_T}number-rows-spanned", "1")),
                     int(cell.get(f"{_T}number-columns-spanned", "1")))
            if spans != (1, 1):
                column = len(cells) + pending
                headers = [str(c or "") for c in grid[0][1]] if grid else []
                problems.append(merged_problem(label, name, row_number, column,
                                               row_number + spans[0] - 1,
                                               column + spans[1] - 1, headers))
            if value is None:
                pending += count
                continue
            cells += [None] * pending + [value] * count
            pending = 0
        grid.append((row_number, cells))
        row_number += repeat if not any(c is not None for c in cells) else 1
        if any(c is not None for c in cells):
            for _ in range(1, repeat):
                grid.append((row_number, list(cells)))
                row_number += 1
    return grid, problems


def _text(element: Any) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == f"{_X}s":
            parts.append(" " * int(child.get(f"{_X}c", "1")))
        elif child.tag == f"{_X}tab":
            parts.append("\t")
        elif child.tag == f"{_X}line-break":
            parts.append("\n")
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _value(cell: Any) -> Cell:
    kind = cell.get(f"{_O}value-type")
    if kind in ("float", "percentage", "currency"):
        return number(cell.get(f"{_O}value", "0"))
    if kind == "date":
        value = iso_date(cell.get(f"{_O}date-value", ""))
        return value if not isinstance(value, dt.datetime) else value.isoformat(" ")
    if kind == "boolean":
        return bool(cell.get(f"{_O}boolean-value") == "true")
    paragraphs = cell.findall(f"{_X}p")
    if not paragraphs:
        return None
    return "\n".join(_text(p) for p in paragraphs)


# Writing

_STYLES = f"""<office:automatic-styles xmlns:office="{OFFICE}" xmlns:style="{STYLE}"
 xmlns:number="{NUMBER}" xmlns:fo="{FO}">
<number:date-style style:name="Ndate">
 <number:day number:style="long"/><number:text>/</number:text>
 <number:month number:style="long"/><number:text>/</number:text>
 <number:year number:style="long"/>
</number:date-style>
<number:number-style style:name="Namount">
 <number:number number:decimal-places="2" number:min-decimal-places="2"
  number:min-integer-digits="1"/>
</number:number-style>
<number:text-style style:name="Ntext"><number:text-content/></number:text-style>
<style:style style:name="cdate" style:family="table-cell" style:data-style-name="Ndate"/>
<style:style style:name="camount" style:family="table-cell" style:data-style-name="Namount"/>
<style:style style:name="ctext" style:family="table-cell" style:data-style-name="Ntext"/>
<style:style style:name="chead" style:family="table-cell">
 <style:text-properties fo:font-weight="bold"/>
</style:style>
</office:automatic-styles>"""

_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="{MANIFEST}" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2"
  manifest:media-type="{MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def write_ods(table: Table, text_columns: set[int]) -> bytes:
    nsmap = {"office": OFFICE, "table": TABLE, "text": TEXT, "style": STYLE,
             "number": NUMBER, "fo": FO}
    root = etree.Element(f"{_O}document-content", nsmap=nsmap)
    root.set(f"{_O}version", "1.2")
    root.append(etree.fromstring(_STYLES))
    spreadsheet = etree.SubElement(etree.SubElement(root, f"{_O}body"), f"{_O}spreadsheet")
    sheet = etree.SubElement(spreadsheet, f"{_T}table")
    sheet.set(f"{_T}name", table.sheet or "Feuille1")
    header = etree.SubElement(sheet, f"{_T}table-header-rows")
    _row(header, table.headers, "chead", set())
    for row in table.rows:
        _row(sheet, row.cells, None, text_columns)
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        _add(archive, "mimetype", MIMETYPE.encode("ascii"), zipfile.ZIP_STORED)
        _add(archive, "META-INF/manifest.xml", _MANIFEST.encode("utf-8"))
        _add(archive, "content.xml", etree.tostring(root, xml_declaration=True,
                                                    encoding="UTF-8"))
    return stream.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes,
         compression: int = zipfile.ZIP_DEFLATED) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = compression
    archive.writestr(info, data)


def _row(parent: Any, values: list[Cell] | list[str], style: str | None,
         text_columns: set[int]) -> None:
    row = etree.SubElement(parent, f"{_T}table-row")
    for index, value in enumerate(values):
        cell = etree.SubElement(row, f"{_T}table-cell")
        cell_style = style
        if isinstance(value, bool):
            cell.set(f"{_O}value-type", "boolean")
            cell.set(f"{_O}boolean-value", "true" if value else "false")
            shown = "VRAI" if value else "FAUX"
        elif isinstance(value, int | Decimal):
            cell.set(f"{_O}value-type", "float")
            cell.set(f"{_O}value", str(value))
            shown = str(value)
            if isinstance(value, Decimal) and value != value.to_integral_value():
                cell_style = cell_style or "camount"
        elif isinstance(value, dt.date):
            cell.set(f"{_O}value-type", "date")
            cell.set(f"{_O}date-value", value.isoformat())
            shown = f"{value:%d/%m/%Y}"
            cell_style = cell_style or "cdate"
        elif value is None:
            if index in text_columns:
                cell.set(f"{_T}style-name", "ctext")
            continue
        else:
            cell.set(f"{_O}value-type", "string")
            shown = str(value)
            if index in text_columns:
                cell_style = cell_style or "ctext"
        if cell_style:
            cell.set(f"{_T}style-name", cell_style)
        for line in shown.split("\n"):
            etree.SubElement(cell, f"{_X}p").text = line
