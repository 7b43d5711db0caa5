"""LibreOffice exits 0 even when it could not read a file: the PDF of every generated document
must hold every word of the .docx (as many times), on a plausible number of pages."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from pypdf import PdfReader

from ctgdocs.cli import cli

from .conftest import REPO, W
from .second_territory import make


def paragraphs(docx: Path) -> list[str]:
    """Text of each paragraph of the body, table cells included."""
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    texts = ("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))
    return [text for text in texts if text.strip()]


def words(text: str) -> Counter[str]:
    """Words and numbers; table cells come out of a PDF interleaved line by line, so the
    comparison is by words, not by paragraphs."""
    return Counter(re.findall(r"\w+", text))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from ctgdocs.pdf import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice absent")  # CI fails earlier on tests/test_pdf.py
    tmp = tmp_path_factory.mktemp("pdf")
    outs = []
    for root, out in ((REPO, tmp / "reference"), (make(tmp / "second"), tmp / "second-out")):
        result = CliRunner().invoke(cli, ["--root", str(root), "--date", "2026-11-28",
                                          "build", "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs += sorted(out.glob("*.docx"))
    return outs


def test_pdf_holds_every_word_on_plausible_pages(built: list[Path]) -> None:
    assert len(built) >= 23
    for docx in built:
        pdf = docx.with_suffix(".pdf")
        reader = PdfReader(pdf)
        expected = paragraphs(docx)
        missing = words(" ".join(expected)) - words(
            " ".join(page.extract_text() for page in reader.pages))
        assert not missing, (docx.name, sorted(missing.items())[:10])
        characters = sum(len(p) for p in expected)
        pages = len(reader.pages)
        # A page holds between a few hundred characters (tables, signatures) and ~4,500.
        assert characters / 4500 <= pages <= max(2, characters / 250), (docx.name, pages)
