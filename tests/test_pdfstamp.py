"""Stamps read upright and cover no text: on ctgdocs's documents, on rotated pages and on
pages whose box does not start at (0, 0). Checked with poppler's pdftotext."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from ctgdocs import documents, pdf
from ctgdocs.check import loaded_records
from ctgdocs.pdfstamp import Stamp, stamp_all
from ctgdocs.render import render_docx
from ctgdocs.workspace import Workspace

from .conftest import REPO
from .pdfcheck import added_words, overlapping, page_words, pdftotext  # noqa: F401
from .pdfs import blank_pdf

pytestmark = pytest.mark.usefixtures("pdftotext")
MARKS = [Stamp(["PROJET – NON SIGNÉ"], 14, (0.8, 0, 0), "droite"),
         Stamp(["EXEMPLE"], 14, (0.85, 0.35, 0), "gauche")]


@pytest.mark.parametrize("rotate", [0, 90, 180, 270, -90])
@pytest.mark.parametrize("box", [(0, 0, 595, 842), (100, -200, 695, 642), (-300, 40, 542, 635)])
def test_stamp_upright_at_the_top_of_the_page_as_displayed(
        rotate: int, box: tuple[float, float, float, float]) -> None:
    before = blank_pdf(2, box=box, rotate=rotate, text="Texte du document au milieu")
    after = stamp_all(before, MARKS)
    width, height = box[2] - box[0], box[3] - box[1]
    if rotate % 180:
        width, height = height, width
    for added, existing in added_words(before, after):
        assert [w.text for w in added] == ["PROJET", "–", "NON", "SIGNÉ", "EXEMPLE"] or \
            [w.text for w in added] == ["EXEMPLE", "PROJET", "–", "NON", "SIGNÉ"]
        for word in added:
            assert word.horizontal or len(word.text) == 1, word
            assert word.x0 >= 0 and word.x1 <= width and word.y0 >= 0 and word.y1 <= 40, word
        projet = next(w for w in added if w.text == "PROJET")
        exemple = next(w for w in added if w.text == "EXEMPLE")
        assert projet.x0 > width / 2 > exemple.x1  # right and left, as asked
        assert len(existing) == 5  # the document's own text is still there
    assert overlapping(before, after) == []


def test_stamp_finds_room_below_text_at_the_top() -> None:
    """Text across the top margin: the stamp goes to the next free place, never over it."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank_pdf())))
    page = writer.pages[0]
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    lines = b"".join(b"BT /F1 10 Tf 20 %d Td (%s) Tj ET\n" % (830 - 12 * i, b"Ligne " * 14)
                     for i in range(6))
    stream = DecodedStreamObject()
    stream.set_data(lines)
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    before = buffer.getvalue()
    after = stamp_all(before, MARKS)
    assert overlapping(before, after) == []
    [(added, _)] = added_words(before, after)
    assert {w.text for w in added} == {"PROJET", "–", "NON", "SIGNÉ", "EXEMPLE"}


def test_a_full_page_is_shrunk_to_make_room() -> None:
    """No free place at all: the content is scaled down to open a band at the top."""
    text = "Texte " * 16
    before = blank_pdf(1, text=text)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(before)))
    page = writer.pages[0]
    stream = DecodedStreamObject()
    stream.set_data(b"".join(b"BT /F1 11 Tf 2 %d Td (%s) Tj ET\n" % (y, b"Mot " * 26)
                             for y in range(2, 842, 12)))
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    full = buffer.getvalue()
    after = stamp_all(full, MARKS[:1])
    [words] = page_words(after)
    stamp_words = [w for w in words if w.text in ("PROJET", "NON", "SIGNÉ")]
    assert len(stamp_words) == 3
    others = [w for w in words if w not in stamp_words and w.text != "–"]
    assert len(others) == len(page_words(full)[0])
    assert not any(s.overlaps(o) for s in stamp_words for o in others)


def test_documents_of_the_reference_workspace(soffice: str,
                                              tmp_path: Path) -> None:
    """Every page of an extract, the Annexe 2 and a convention, stamped PROJET and EXEMPLE:
    the stamps cover none of their text."""
    workspace = Workspace(REPO)
    records = loaded_records(workspace)
    day = dt.date(2022, 7, 6)
    jobs = [documents.job_for(records, name, day)
            for name in ("deliberation-22_112", "annexe2", "convention-CFF-2022-CCCC-CSPG")]
    sources = []
    for job in jobs:
        source = tmp_path / f"{job.name}.docx"
        source.write_bytes(render_docx(workspace.template(job.kind), job.context, job.name))
        sources.append(source)
    for data in pdf.convert(sources).values():
        stamped = stamp_all(data, MARKS)
        assert overlapping(data, stamped) == []
        for added, _ in added_words(data, stamped):
            assert {w.text for w in added} == {"PROJET", "–", "NON", "SIGNÉ", "EXEMPLE"}
