"""--format odt and --pdfa: an OpenDocument beside each .docx, and PDFs declared PDF/A-2b
(XMP identification, an output intent, every font embedded as pdffonts shows)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from .conftest import Run


@pytest.fixture
def pdffonts() -> str:
    found = shutil.which("pdffonts")
    if found is None:
        pytest.skip("pdffonts (poppler-utils) absent")
    return found


def test_pdfa_and_odt(soffice: str, pdffonts: str, run: Run, tmp_path: Path) -> None:
    result = run("convention", "CFF-2022-CCCC-CSPG", "--pdfa", "--format", "odt",
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    stem = tmp_path / "convention-CFF-2022-CCCC-CSPG"
    assert sorted(p.name for p in tmp_path.glob("convention-*")) == [
        f"{stem.name}.docx", f"{stem.name}.odt", f"{stem.name}.pdf"]

    reader = PdfReader(stem.with_suffix(".pdf"))
    catalog = reader.root_object
    metadata = catalog["/Metadata"].get_object()
    assert isinstance(metadata, StreamObject)
    xmp = metadata.get_data().decode("utf-8")
    assert re.search(r"<pdfaid:part>2</pdfaid:part>|pdfaid:part=\"2\"", xmp)
    assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>|pdfaid:conformance=\"B\"",
                     xmp)
    intents = catalog["/OutputIntents"].get_object()
    assert isinstance(intents, ArrayObject) and intents
    intent = intents[0].get_object()
    assert isinstance(intent, DictionaryObject) and str(intent["/S"]) == "/GTS_PDFA1"
    fonts = subprocess.run([pdffonts, str(stem.with_suffix(".pdf"))], capture_output=True,
                           text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    assert "Article 13 – Litiges" in "".join(p.extract_text() for p in reader.pages)

    with zipfile.ZipFile(stem.with_suffix(".odt")) as odt:
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = odt.read("content.xml").decode("utf-8")
    assert "Litiges" in content and "CFF-2022-CCCC-CSPG" in content


def test_plain_pdf_is_not_pdfa_and_switching_reconverts_only_the_pdf(
        soffice: str, run: Run, tmp_path: Path) -> None:
    args = ("annexe2", "--out", str(tmp_path))
    assert run(*args).exit_code == 0
    plain = PdfReader(tmp_path / "annexe2.pdf")
    assert "/OutputIntents" not in plain.root_object
    result = run(*args, "--pdfa")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines() == [str(tmp_path / "annexe2.pdf")]
    assert "1 fichier déjà à jour" in result.stderr
    assert "/OutputIntents" in PdfReader(tmp_path / "annexe2.pdf").root_object
    assert run(*args, "--pdfa").stdout == ""
