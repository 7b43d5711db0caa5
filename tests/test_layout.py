"""Layout rules every generated document follows (what a reader sees is checked on the PDFs
in tests/test_pdf_content.py): rows never split, header rows repeated and kept with the
next row, signature areas tall enough to sign by hand, borderless signature blocks."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from .conftest import W

TWIPS_PER_CM = 1440 / 2.54


def tables(docx: Path) -> list[Any]:
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return list(root.iter(f"{W}tbl"))


def has(element: Any, path: str) -> bool:
    return element.find(path, {"w": W[1:-1]}) is not None


def test_no_row_splits_across_pages(generated: list[Path]) -> None:
    rows = 0
    for docx in generated:
        for table in tables(docx):
            for row in table.iter(f"{W}tr"):
                assert has(row, "w:trPr/w:cantSplit"), docx.name
                rows += 1
    assert rows > 300


def test_header_rows_repeat_and_keep_with_the_next_row(generated: list[Path]) -> None:
    headers = 0
    for docx in generated:
        for table in tables(docx):
            for row in table.iter(f"{W}tr"):
                if has(row, "w:trPr/w:tblHeader"):
                    paragraphs = list(row.iter(f"{W}p"))
                    assert all(has(p, "w:pPr/w:keepNext") for p in paragraphs), docx.name
                    headers += 1
    assert headers >= 40


def test_signature_room_is_three_centimetres(generated: list[Path]) -> None:
    signed = 0
    for docx in generated:
        for table in tables(docx):
            if has(table, "w:tblPr/w:tblBorders") or has(table, "w:tblPr/w:tblStyle"):
                continue  # a bordered table: not a signature block
            heights = [h for h in table.iter(f"{W}trHeight")]
            assert len(heights) == 1, docx.name
            assert int(heights[0].get(f"{W}val")) >= 3 * TWIPS_PER_CM - 1
            assert heights[0].get(f"{W}hRule") == "atLeast"
            signed += 1
    assert signed >= 18  # 11 conventions, 3 délibérations, 4 séance documents
