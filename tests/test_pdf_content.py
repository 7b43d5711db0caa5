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


def footer_text(docx: Path) -> str:
    """The footer's own text, before the tab that pushes "page N / M" to the right."""
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/footer1.xml"))
    text = ""
    for node in root.iter(f"{W}t", f"{W}tab"):
        if node.tag == f"{W}tab":
            return text
        text += node.text or ""
    return text


def test_footer_is_one_line_in_one_size(built: list[Path]) -> None:
    """Identification and "page N / M" on one baseline, the page number in the footer's size
    (its field runs once took the body's size and the text wrapped onto two lines)."""
    for docx in built:
        reader = PdfReader(docx.with_suffix(".pdf"))
        expected = footer_text(docx)
        for number, page in enumerate(reader.pages, start=1):
            chunks: list[tuple[str, float, float]] = []

            def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                      into: list[tuple[str, float, float]] = chunks) -> None:
                if text.strip() and tm[5] < 51:  # within the 1.8 cm bottom margin
                    into.append((text, round(size * tm[0], 1), round(tm[5], 1)))

            page.extract_text(visitor_text=visit)
            assert "".join(c[0] for c in chunks) == f"{expected}page {number} / "\
                f"{len(reader.pages)}", (docx.name, number)
            assert len({(c[1], c[2]) for c in chunks}) == 1, (docx.name, number, chunks)


def signature_names(docx: Path) -> tuple[str, list[str]] | None:
    """The "Fait à …" line and the names in the last row of the signature table after it."""
    with zipfile.ZipFile(docx) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    children = list(body)
    for index, child in enumerate(children):
        text = "".join(t.text or "" for t in child.iter(f"{W}t"))
        if child.tag == f"{W}p" and text.startswith(("Fait à", "Fait au", "Affiché",
                                                     "L'ordre du jour")):
            # at most the PV's closing lines between the line and the signatures
            table = next(c for c in children[index + 1:index + 4] if c.tag == f"{W}tbl")
            last = table.findall(f"{W}tr")[-1]
            names = ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in last]
            return text, [name for name in names if name]
    return None


def test_fait_a_on_the_page_of_the_signatures(built: list[Path]) -> None:
    """"Fait à …" and the end of the text on the page of the signatures, never a page of
    signatures alone."""
    checked = 0
    for docx in built:
        found = signature_names(docx)
        if found is None:
            continue
        line, names = found
        pages = [page.extract_text() for page in PdfReader(docx.with_suffix(".pdf")).pages]
        page = next(p for p in pages if line[:30] in p)
        before, after = page[:page.index(line[:30])], page[page.index(line[:30]):]
        assert all(name in after for name in names), (docx.name, names)
        assert len(re.sub(r"\s", "", before)) >= 20, (docx.name, "signatures seules sur la page")
        checked += 1
    assert checked >= 18


def headings(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    found = []
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val", "").startswith("Heading"):
            found.append("".join(t.text or "" for t in paragraph.iter(f"{W}t")))
    return [h for h in found if h.strip()]


def test_no_heading_ends_a_page(built: list[Path]) -> None:
    """Headings are kept with what follows: text follows each one on its page."""
    checked = 0
    for docx in built:
        footer = footer_text(docx)
        pages = [page.extract_text() for page in PdfReader(docx.with_suffix(".pdf")).pages]
        number, cursor = 0, 0
        for heading in headings(docx):
            while heading[:40] not in pages[number][cursor:]:
                number, cursor = number + 1, 0
            start = pages[number].index(heading[:40], cursor)
            body = words(pages[number][start:].rsplit(footer[:30], 1)[0]) - words(heading)
            assert sum(body.values()) >= 3, (docx.name, number + 1, heading)
            cursor = start
            checked += 1
    assert checked > 100
