"""Generated documents: reviewed text snapshots, a second territory, byte-identical rebuilds."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import REPO, Run, docx_paragraphs, docx_text
from .second_territory import REFERENCE_WORDS, make

GOLDEN = Path(__file__).parent / "golden"
CONVENTIONS = sorted(p.stem for p in (REPO / "records/conventions").glob("*.yaml"))
COUNCIL = ["deliberation-22_112", "deliberation-22_113", "deliberation-24_031",
           "seance-2022-06-29-liste", "seance-2022-06-29-pv", "seance-2024-03-27-liste",
           "seance-2024-03-27-pv"]
DOCUMENTS = ["annexe2", "plan-action", *[f"convention-{s.upper()}" for s in CONVENTIONS],
             *COUNCIL]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference workspace's documents, .docx only, dated 2026-11-28."""
    from click.testing import CliRunner

    from ctgdocs.cli import cli

    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["--root", str(REPO), "--date", "2026-11-28", "build",
                                      "--no-pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_one_document_per_record(built: Path) -> None:
    produced = sorted(p.name for p in built.glob("*.docx"))
    ids = sorted(f"convention-{line.split(': ', 1)[1]}.docx" for stem in CONVENTIONS
                 for line in (REPO / f"records/conventions/{stem}.yaml").read_text().splitlines()
                 if line.startswith("id: "))
    assert produced == sorted(["annexe2.docx", "plan-action.docx", *ids,
                               *[f"{name}.docx" for name in COUNCIL]])
    assert len(ids) == len(CONVENTIONS) == 11


@pytest.mark.parametrize("name", DOCUMENTS)
def test_matches_reviewed_snapshot(built: Path, name: str, update_golden: bool) -> None:
    text = docx_text(built / f"{name}.docx", marks=True) + "\n"
    golden = GOLDEN / f"{name}.txt"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"{golden} absent : lancez les tests avec --update-golden"
    assert text == golden.read_text(encoding="utf-8")


def test_convention_content(built: Path) -> None:
    lines = docx_paragraphs(built / "convention-CFF-2022-SLP-CSPG.docx")
    text = "\n".join(lines)
    assert "Commune de Saint-Laurent-du-Pont" in lines
    assert ("ayant pour représentante Madame Sophie CHARVET, Maire, dûment habilitée par la délibération "
            "visée ci-dessous,") in lines
    assert "Vu la délibération n° 2022_041 du conseil municipal du 20 juin 2022" in text
    assert ("2022 | 9\u00a0500,00\u00a0€ | neuf mille cinq cents euros") in lines
    assert "Article 13 – Litiges" in lines
    assert "Tribunal administratif de Grenoble, 2 place de Verdun, BP 1135, 38022 Grenoble " \
           "Cedex" in text
    assert "Fait à Saint-Laurent-du-Pont, en deux exemplaires originaux" in text
    assert "La Maire, | La Présidente," in lines
    assert any(line.startswith("Convention de fonctionnement et de financement n° "
                               "CFF-2022-SLP-CSPG") and "{PAGE}" in line
               and "{NUMPAGES}" in line for line in lines)
    assert "" not in lines


def test_same_records_same_bytes(built: Path, run: Run, tmp_path: Path) -> None:
    result = run("build", "--no-pdf", "--out", str(tmp_path), root=REPO)
    assert result.exit_code == 0, result.output
    for path in built.glob("*.docx"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_second_territory_has_no_reference_words(tmp_path: Path, run: Run) -> None:
    root = make(tmp_path / "val")
    out = tmp_path / "out"
    result = run("build", "--no-pdf", "--out", str(out), root=root)
    assert result.exit_code == 0, result.output
    texts = {p.name: docx_text(p) for p in out.glob("*.docx")}
    assert sorted(texts) == ["annexe2.docx", "convention-CFF-AUBRAIS-LUTINS.docx",
                             "convention-CFF-CCVI-LUTINS.docx"]
    for name, text in texts.items():
        for word in REFERENCE_WORDS:
            assert word not in text, f"« {word} » dans {name}"
    ccvi = texts["convention-CFF-CCVI-LUTINS.docx"]
    assert ("ayant pour représentante Madame Inès SALVAT, Vice-présidente déléguée à la petite enfance, "
            "agissant par délégation du Président (arrêté n° 2023-014 du 2 février 2023),") in ccvi
    assert ("Pour le Président et par délégation, la Vice-présidente déléguée à la petite "
            "enfance,") in ccvi
    assert "Les Lutins & Cie" in ccvi
    assert "30\u00a0000,10\u00a0€ | trente mille euros et dix centimes" in ccvi
    assert "soit deux ans" in ccvi
    annexe = texts["annexe2.docx"]
    assert "Communauté de communes du Val Imaginaire" in annexe
    assert "Commune des Aubrais" in annexe
    aubrais = texts["convention-CFF-AUBRAIS-LUTINS.docx"]
    assert "31 mars 2024 : 2\u00a0500,00\u00a0€ / 30 septembre 2024 : 2\u00a0500,00\u00a0€" in aubrais
