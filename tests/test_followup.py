"""Alerts that continue after the CTG: comptes rendus financiers still due, conventions ended
and not renewed, a CTG ended without its successor (status), and what check can say."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from click.testing import CliRunner

from ctgdocs.check import check
from ctgdocs.cli import cli
from ctgdocs.records import Records, load
from ctgdocs.rules.followup import followup_alerts
from ctgdocs.workspace import Workspace

from .conftest import REPO
from .second_territory import make


def status(root: Path, date: str) -> str:
    result = CliRunner().invoke(cli, ["--root", str(root), "--date", date, "status"])
    assert result.exit_code == 0, result.output
    return result.output


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_after_the_reference_ctg_ended(workspace: Path) -> None:
    shutil.copytree(REPO / "conventions", workspace / "conventions",
                    ignore=shutil.ignore_patterns("verrou"))
    output = status(workspace, "2026-11-28")
    assert ("CFF-2022-CCCC-AADEC : compte rendu financier 2025 de Association d'Animation pour "
            "le Développement des Entremonts en Chartreuse (AADEC) attendu depuis le 30/06/2026, "
            "non reçu (ou non noté dans comptes_rendus: de "
            "records/conventions/cff-2022-cccc-aadec.yaml)") in output
    assert "Conventions terminées le 31/12/2025 sans convention suivante avec le même " \
           "financeur et le même gestionnaire : CFF-2022-CCCC-AADEC, CFF-2022-CCCC-CSPG" in output
    assert ("La CTG « Convention Territoriale Globale Cœur de Chartreuse » a pris fin le "
            "31/12/2025 et aucune CTG suivante n'est enregistrée") in output
    before = status(workspace, "2026-03-01")
    assert "compte rendu financier 2025 de Centre Social des Pays du Guiers (CSPG) attendu " \
           "avant le" not in before  # the wording: "attendu de … avant le …"
    assert "CFF-2022-CCCC-CSPG : compte rendu financier 2025 attendu de Centre Social des Pays " \
           "du Guiers (CSPG) avant le 30/06/2026" in before

    append(workspace / "records/conventions/cff-2022-cccc-aadec.yaml",
           "comptes_rendus:\n  - {annee: 2025, recu: 2026-05-12}\n")
    territoire = workspace / "records/territoire.yaml"
    text = territoire.read_text(encoding="utf-8")
    territoire.write_text(text.replace(
        "  fin: 2025-12-31\n",
        "  fin: 2025-12-31\n  suivante:\n    intitule: CTG Cœur de Chartreuse 2026-2029\n"
        "    debut: 2026-01-01\n    fin: 2029-12-31\n", 1), encoding="utf-8")
    output = status(workspace, "2026-11-28")
    assert "CFF-2022-CCCC-AADEC : compte rendu financier" not in output
    assert "CFF-2022-CCCC-CSPG : compte rendu financier 2025" in output
    assert "la CTG suivante « CTG Cœur de Chartreuse 2026-2029 » (à partir du 01/01/2026) " \
           "n'est pas encore signée" in output
    territoire.write_text(territoire.read_text(encoding="utf-8").replace(
        "    fin: 2029-12-31\n", "    fin: 2029-12-31\n    signature: 2026-02-10\n"),
        encoding="utf-8")
    assert "La CTG" not in status(workspace, "2026-11-28")


def _records(root: Path) -> Records:
    records, findings = load(Workspace(root))
    assert records is not None, findings
    return records


def test_a_made_up_territory(tmp_path: Path) -> None:
    root = make(tmp_path / "second")
    records = _records(root)
    signed = {"CFF-CCVI-LUTINS", "CFF-AUBRAIS-LUTINS"}
    alerts = followup_alerts(records, dt.date(2025, 3, 1), signed)
    assert alerts == [
        "CFF-AUBRAIS-LUTINS : compte rendu financier 2024 attendu de Les Lutins & Cie avant le "
        "30/06/2025",
        "CFF-CCVI-LUTINS : compte rendu financier 2024 attendu de Les Lutins & Cie avant le "
        "30/06/2025",
        "Convention terminée le 31/12/2024 sans convention suivante avec le même financeur et "
        "le même gestionnaire : CFF-AUBRAIS-LUTINS ; renouvelez-la ou notez qu’elle ne le sera "
        "pas",
    ]
    assert len(followup_alerts(records, dt.date(2025, 3, 1), {"CFF-CCVI-LUTINS"})) == 1
    late = followup_alerts(records, dt.date(2027, 9, 1), signed)
    assert "La CTG « Convention Territoriale Globale du Val Imaginaire » se termine le " \
           "31/12/2027 (dans 121 jours) : préparez la CTG suivante avec la CAF " \
           "(records/territoire.yaml : ctg.suivante)" in late
    assert "CFF-CCVI-LUTINS : compte rendu financier 2025 de Les Lutins & Cie attendu depuis " \
           "le 30/06/2026, non reçu (ou non noté dans comptes_rendus: de " \
           "records/conventions/ccvi-lutins.yaml)" in late
    # a successor convention with the same financeur and gestionnaire renews it
    convention = root / "records/conventions/aubrais-lutins.yaml"
    text = convention.read_text(encoding="utf-8")
    (root / "records/conventions/aubrais-lutins-2025.yaml").write_text(
        text.replace("CFF-AUBRAIS-LUTINS", "CFF-AUBRAIS-LUTINS-2025").replace("2024", "2025"),
        encoding="utf-8")
    renewed = followup_alerts(_records(root), dt.date(2025, 3, 1), signed)
    assert not any("sans convention suivante" in a for a in renewed)


def test_check_warns_about_comptes_rendus_and_the_next_ctg(tmp_path: Path) -> None:
    root = make(tmp_path / "second")
    append(root / "records/conventions/ccvi-lutins.yaml",
           "comptes_rendus:\n  - {annee: 2023, recu: 2024-05-02}\n"
           "  - {annee: 2024, recu: 2024-11-30}\n")
    territoire = root / "records/territoire.yaml"
    territoire.write_text(territoire.read_text(encoding="utf-8").replace(
        "  fin: 2027-12-31\n",
        "  fin: 2027-12-31\n  suivante: {intitule: CTG 2028, debut: 2028-03-01, "
        "fin: 2031-12-31}\n", 1), encoding="utf-8")
    found = {f"{f.file}: {f.field}: {f.message}" for f in check(Workspace(root)).warnings}
    assert "records/conventions/ccvi-lutins.yaml: comptes_rendus[0].annee: compte rendu " \
           "financier 2023 : la convention couvre 2024–2025" in found
    assert "records/conventions/ccvi-lutins.yaml: comptes_rendus[1].recu: compte rendu " \
           "financier 2024 reçu le 30/11/2024, avant la fin de l'exercice qu'il rend" in found
    assert "records/territoire.yaml: ctg.suivante.debut: entre la fin de la CTG (31/12/2027) " \
           "et le début de la suivante (01/03/2028), le territoire n'est couvert par aucune " \
           "CTG" in found
