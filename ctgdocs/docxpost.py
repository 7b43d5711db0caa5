"""docxtpl's post-processing of a rendered part, with its results, done only where it
changes something.

docxtpl's ``fix_tables`` re-parses the body and walks every row of every table to widen or
narrow a grid that a ``{%tc for %}`` loop changed; one XPath evaluation a table tells
whether any needs it (a superset: nested rows and odd spans always go to docxtpl), and otherwise
the body parsed here, as docxtpl parses it, is used as it is. ``tests/test_prepared.py``
compares the results with docxtpl's own.
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING, Any

from lxml import etree

if TYPE_CHECKING:  # docxtpl (and python-docx) load only when one of its methods is needed
    from docxtpl import DocxTemplate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_LISTING = ("\t", "\a", "\n", "\f")  # what docxtpl's resolve_listing turns into Word XML
_ESCAPES = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
_PARSER = etree.XMLParser(recover=True)  # docxtpl's (it keeps what it can of bad XML)
_TABLE = f"{{{W}}}tbl"
_ROW = f"{{{W}}}tr"
_COLUMNS = "count(../w:tblGrid[1]/w:gridCol)"  # from a row
_SPAN = ("count(w:tc) - count(w:tc[w:tcPr[1]/w:gridSpan[1]])"
         " + sum(w:tc/w:tcPr[1]/w:gridSpan[1]/@w:val)")
# Whether docxtpl would change the grid of a table whose rows are all its own (a superset,
# in one XPath evaluation: a missing grid and odd spans are left to docxtpl).
_GRID_CHANGES = etree.XPath(" or ".join((
    "not(w:tblGrid)",
    "w:tr/w:tc/w:tcPr[1]/w:gridSpan[1][translate(@w:val, '0123456789', '') != ''"
    " or not(@w:val)]",
    f"w:tr[count(w:tc) > {_COLUMNS}]",  # a row with more cells than columns: widened
    f"(w:tblGrid[1]/w:gridCol and not(w:tr[{_SPAN} >= {_COLUMNS}]))",  # narrowed
)), namespaces={"w": W})
_DRAWINGS = etree.XPath("//wp:docPr", namespaces={"wp": WP})


@functools.cache
def docxtpl() -> DocxTemplate:
    """A template without document: what docxtpl's text methods need (they read none)."""
    from docxtpl import DocxTemplate

    return DocxTemplate(io.BytesIO())


def finish(xml: str) -> str:
    """docxtpl's post-processing of a rendered part (``render_xml_part``); ``xml`` has a
    line break before each paragraph (prepared.py numbers them for messages)."""
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if "{_" in xml or "_}" in xml:  # each escape holds one of them
        for escaped, plain in _ESCAPES:
            xml = xml.replace(escaped, plain)
    if not any(char in xml for char in _LISTING):
        return xml  # resolve_listing only rewrites these characters: nothing to do
    return str(docxtpl().resolve_listing(xml))


def fix_tables(xml: str) -> Any:
    """The body element of ``xml``, its tables' grids fixed as docxtpl's ``fix_tables`` does."""
    tree = etree.fromstring(xml, parser=_PARSER)
    if any(_changes(table) for table in tree.iter(_TABLE)):
        return docxtpl().fix_tables(xml)
    return tree


def _changes(table: Any) -> bool:
    # docxtpl walks every row under a table, those of nested tables and content controls
    # too, against its grid: such a table is left to docxtpl
    rows = len(table.findall(_ROW))
    return sum(1 for _ in table.iter(_ROW)) != rows or bool(_GRID_CHANGES(table))


def fix_drawing_ids(tree: Any, last: int) -> int:
    """docxtpl's ``fix_docpr_ids``: the drawings numbered after ``last``; the last number."""
    for element in _DRAWINGS(tree):
        last += 1
        element.attrib["id"] = str(last)
    return last
