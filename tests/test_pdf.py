"""Real LibreOffice: every document converts, pages and text are checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from ctgdocs.errors import ConversionError
from ctgdocs.manifest import FILE_NAME
from ctgdocs.pdf import convert

from .conftest import Run


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_build_converts_every_document(soffice: str, run: Run, tmp_path: Path) -> None:
    result = run("build", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    docx = sorted(p.stem for p in tmp_path.glob("*.docx"))
    pdfs = sorted(p.stem for p in tmp_path.glob("*.pdf"))
    assert docx == pdfs and len(pdfs) == 20
    for name in pdfs:
        pages, text = pdf_text(tmp_path / f"{name}.pdf")
        if name == "annexe2":
            assert 3 <= pages <= 6
            assert "Bébébus" in text and "Commune de Saint-Pierre-de-Chartreuse" in text
        elif name == "plan-action":
            assert "3-3 Evaluation pour garantir" in text and pages >= 5
        elif name == "deliberation-22_112":
            assert "Votants : 12" in text and "Fait à Entre-deux-Guiers, le 29 juin 2022" in text
        elif name.startswith("seance-2022-06-29"):
            assert "29 juin 2022" in text
        elif name.startswith("seance-2024-03-27"):
            assert "27 mars 2024" in text
        elif name.startswith("deliberation-"):
            assert "22_113" in text
        else:
            assert 3 <= pages <= 6, name
            ident = name.removeprefix("convention-")
            assert f"n° {ident}" in text
            assert "Article 13 – Litiges" in text
            assert "Annexe 1 – Services couverts et échéancier" in text
        assert f"page 1 / {pages}" in text, name
        assert f"page {pages} / {pages}" in text, name
    assert [p.name for p in tmp_path.glob(".*")] == [FILE_NAME], "temporary files left behind"


def test_unreadable_docx_is_reported(soffice: str, tmp_path: Path) -> None:
    broken = tmp_path / "abime.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(ConversionError) as caught:
        convert([broken])
    assert str(caught.value) == (
        "LibreOffice n'a pas pu convertir en PDF : abime.docx. Ouvrez ces fichiers dans "
        "LibreOffice pour voir ce qui les rend illisibles.")
