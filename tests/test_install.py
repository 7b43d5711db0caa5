"""A new territory from an installed ctgdocs, outside the repository: init, import one
gestionnaire (with its service) and one convention from spreadsheets, check, build; nothing
of the reference workspace in any document. From a wheel, then from an editable install.

The virtual environments see the test environment's dependencies (no network); the wheel is
built without build isolation.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from .conftest import REPO, docx_text
from .test_init import OPTIONS, _fresh_venv, _run, wheel

__all__ = ["wheel"]

# Taken from the reference workspace: its name, tribunal, SIREN, président(e), communes.
REFERENCE = ["Chartreuse", "Grenoble", "200040111", "LENFANT", "CCCC", "Entre-deux-Guiers",
             "Miribel-les-Échelles", "Saint-Christophe-sur-Guiers", "Saint-Joseph-de-Rivière",
             "Saint-Laurent-du-Pont", "Saint-Pierre-de-Chartreuse",
             "Saint-Pierre-d'Entremont", "Corbel", "Entremont-le-Vieux", "Les Échelles",
             "La Bauche", "Saint-Christophe", "Saint-Franc", "Saint-Jean-de-Couz",
             "Saint-Pierre-de-Genebroz", "Saint-Thibaud-de-Couz", "Isère", "Savoie"]


def test_the_list_names_every_reference_commune() -> None:
    communes = (REPO / "records/communes.yaml").read_text(encoding="utf-8")
    names = [line.split("nom: ", 1)[1] for line in communes.splitlines()
             if line.startswith("    nom: ")]
    assert len(names) == 17
    assert [n for n in names if n not in REFERENCE] == []


def _sheets(folder: Path) -> tuple[Path, Path, Path]:
    """A gestionnaire (CSV as French Excel writes it), its service (CSV in Windows-1252 with
    commas) and a convention (Excel workbook with real dates and numbers)."""
    gestionnaires = folder / "gestionnaires.csv"
    gestionnaires.write_text(
        "identifiant;nom;forme;SIRET;adresse;code postal;commune;représentant civilité;"
        "représentant prénom;représentant nom;représentant qualité\r\n"
        "lutins;Les Lutins & Cie;association;779 410 000 00011;3 chemin du Moulin;11400;"
        "Les Aubrais;M.;Paul;ROUQUET;Président\r\n", encoding="utf-8-sig")
    services = folder / "services.csv"
    services.write_bytes(
        ("gestionnaire,identifiant,rubrique,libellé,nom,ouverture,soutiens,"
         "implantation 1 adresse,implantation 1 code postal,implantation 1 commune\r\n"
         'lutins,lutins-creche,EAJE,Multi-accueil,Les Lutins,Du lundi au vendredi,'
         '"ccvi ; 11999",3 chemin du Moulin,11400,Les Aubrais\r\n').encode("cp1252"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Conventions"
    sheet.append(["identifiant", "financeur", "gestionnaire", "début", "fin",
                  "délibération numéro", "délibération date", "délibération objet",
                  "versement 1 part", "versement 1 échéance", "versement 1 condition",
                  "montant 2025", "montant 2026"])
    import datetime as dt

    sheet.append(["CFF-CCVI-LUTINS", "ccvi", "lutins", dt.date(2025, 1, 1),
                  dt.date(2026, 12, 31), "2025_004", dt.date(2025, 1, 15),
                  "Convention de fonctionnement et de financement avec Les Lutins & Cie",
                  100, "31/03", "à titre d'avance", 24500.5, 25000])
    conventions = folder / "conventions.xlsx"
    book.save(conventions)
    return gestionnaires, services, conventions


def _territory(command: list[str], tmp_path: Path, soffice: str) -> None:
    root = tmp_path / "val"
    init = _run([*command, "init", str(root), *OPTIONS], tmp_path)
    assert init.returncode == 0, init.stderr
    for kind, sheet in zip(("gestionnaires", "services", "conventions"), _sheets(tmp_path),
                           strict=True):
        imported = _run([*command, "import", kind, str(sheet), "--yes"], root)
        assert imported.returncode == 0, imported.stderr
        assert "1 fichier écrit(s)." in imported.stderr
    check = _run([*command, "check"], root)
    assert (check.returncode, check.stderr) == (0, "Aucun problème : les fiches sont "
                                                   "cohérentes.\n")
    build = _run([*command, "--date", "2025-02-03", "build"], root, CTGDOCS_SOFFICE=soffice)
    assert build.returncode == 0, build.stderr
    assert build.stdout.splitlines() == [
        "out/annexe2.docx", "out/convention-CFF-CCVI-LUTINS.docx", "out/annexe2.pdf",
        "out/convention-CFF-CCVI-LUTINS.pdf"]
    texts = {path.name: docx_text(path) for path in (root / "out").glob("*.docx")}
    texts |= {path.name: "\n".join(page.extract_text() for page in PdfReader(path).pages)
              for path in (root / "out").glob("*.pdf")}
    assert "Les Lutins & Cie" in texts["convention-CFF-CCVI-LUTINS.docx"]
    assert "24\xa0500,50" in texts["convention-CFF-CCVI-LUTINS.docx"]
    assert "Montpellier" in texts["convention-CFF-CCVI-LUTINS.docx"]
    found = {name: [word for word in REFERENCE if word in text]
             for name, text in texts.items()}
    assert found == {name: [] for name in texts}


def test_from_a_wheel_outside_the_repository(wheel: Path, tmp_path: Path, soffice: str) -> None:
    venv = _fresh_venv(tmp_path)
    python = str(venv / "bin/python")
    subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True)
    (site,) = venv.glob("lib/python*/site-packages")
    where = _run([python, "-c", "import ctgdocs; print(ctgdocs.__file__)"], tmp_path)
    assert where.stdout.startswith(str(site)), where.stdout + where.stderr
    _territory([str(venv / "bin/ctgdocs")], tmp_path, soffice)


def test_from_an_editable_install(tmp_path: Path, soffice: str) -> None:
    venv = _fresh_venv(tmp_path)
    python = str(venv / "bin/python")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
         "--no-build-isolation", "--no-index", "-e", str(REPO)], capture_output=True,
        text=True, check=False)
    if installed.returncode and "hatchling" in installed.stderr:
        pytest.fail(f"hatchling (dépendance de test) manque : {installed.stderr}")
    assert installed.returncode == 0, installed.stderr
    where = _run([python, "-c", "import ctgdocs; print(ctgdocs.__file__)"], tmp_path)
    assert where.stdout.strip() == str(REPO / "ctgdocs/__init__.py"), where.stderr
    _territory([str(venv / "bin/ctgdocs")], tmp_path, soffice)
