"""`export subventions` and `export deliberations`: SCDL files that the published schemas
accept, filled from the records and the register, refused while illustrative."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from ctgdocs.outputs import STOP_VARIABLE

from .conftest import REPO, Run
from .scdl import problems

SUBVENTIONS = "scdl-subventions-2.0.1.schema.json"
DELIBERATIONS = "scdl-deliberations-2.1.5.schema.json"


@pytest.fixture
def registered(workspace: Path) -> Path:
    """The workspace copy with the reference register, outside demonstration."""
    shutil.copytree(REPO / "conventions", workspace / "conventions")
    return workspace


@pytest.fixture
def demonstration(registered: Path) -> Path:
    shutil.copy(REPO / "ctgdocs.toml", registered / "ctgdocs.toml")
    return registered


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def verified(root: Path) -> None:
    """Remove every ``exemple:`` list: the records state only verified facts."""
    for path in (root / "records").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^exemple:.*\n(?:(?:[ ]+|- ).*\n)*", "", text), encoding="utf-8")


def test_subventions_validate_and_come_from_the_conventions(run: Run, demonstration: Path,
                                                            tmp_path: Path) -> None:
    target = tmp_path / "subventions.csv"
    result = run("export", "subventions", str(target), root=demonstration)
    assert result.exit_code == 0, result.output
    assert problems(target, SUBVENTIONS) == []
    assert "il ne doit pas être publié" in result.stderr
    found = {re.search(r"convention (\S+)\)", row["objet"])[1]: row  # type: ignore[index]
             for row in rows(target)}
    conventions = sorted((demonstration / "records/conventions").glob("*.yaml"))
    assert len(found) == len(conventions) == 11
    for path in conventions:
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        row = found[record["id"]]
        total = sum(Decimal(m["montant"]) for m in record["montants"])
        assert Decimal(row["montant"]) == total
        assert row["referenceDecision"].split(" ; ")[0] == record["deliberation"]["numero"]
    aadec = found["CFF-2022-CCCC-AADEC"]
    assert (aadec["nomAttribuant"], aadec["idAttribuant"]) == (
        "Communauté de communes Cœur de Chartreuse", "20004011100011")
    assert (aadec["dateConvention"], aadec["referenceDecision"]) == ("2022-07-20", "22_113")
    # the avenant 24_031 changed no amount: it is not an attributing decision
    assert aadec["datesPeriodeVersement"] == "2022-08-31/2025-09-30"  # premier_versement
    assert aadec["conditionsVersement"] == "échelonné"
    assert aadec["objet"] == ("Fonctionnement 2022-2025 (convention CFF-2022-CCCC-AADEC) : "
                              "Entremonts et Mômes, AL Extrascolaire 3-12 ans, AL Périscolaire "
                              "3-12 ans, AL Ados 11-17 ans")
    paj = found["CFF-2022-CCCC-PAJ"]  # two services of the same name, named once
    assert paj["objet"].endswith(") : AL Ados 11-17 ans")
    slp = found["CFF-2022-SLP-CSPG"]
    assert (slp["nomAttribuant"], slp["dateConvention"]) == (
        "Commune de Saint-Laurent-du-Pont", "2022-07-01")
    assert slp["referenceDecision"] == "2022_041 ; 2023_015"  # the avenant changed 2023


def test_subventions_as_signed_at_a_date(run: Run, demonstration: Path, tmp_path: Path) -> None:
    """Before the avenant of 2023 was signed, the convention's signed amounts count."""
    target = tmp_path / "2022.csv"
    result = run("--date", "2022-12-31", "export", "subventions", str(target),
                 root=demonstration)
    assert result.exit_code == 0, result.output
    assert problems(target, SUBVENTIONS) == []
    slp = next(r for r in rows(target) if "CFF-2022-SLP-CSPG)" in r["objet"])
    assert (slp["referenceDecision"], slp["montant"]) == ("2022_041", "38600")
    assert "CFF-2022-SLP-CSPG : montants de la dernière version signée au 31/12/2022" \
        in result.stderr

    early = tmp_path / "early.csv"
    result = run("--date", "2022-06-30", "export", "subventions", str(early),
                 root=demonstration)
    assert result.exit_code == 0, result.output
    assert rows(early) == []
    assert "CFF-2022-CCCC-AADEC : non signée au 30/06/2022" in result.stderr


def test_deliberations_validate_and_come_from_the_council(run: Run, demonstration: Path,
                                                          tmp_path: Path) -> None:
    target = tmp_path / "deliberations.csv"
    result = run("export", "deliberations", str(target), root=demonstration)
    assert result.exit_code == 0, result.output
    assert problems(target, DELIBERATIONS) == []
    assert "il ne doit pas être publié" in result.stderr
    found = {row["DELIB_ID"]: row for row in rows(target)}
    assert list(found) == ["22_112", "22_113", "24_031"]
    assert found["22_112"] == {
        "COLL_NOM": "Communauté de communes Cœur de Chartreuse",
        "COLL_SIRET": "20004011100011", "DELIB_ID": "22_112", "DELIB_DATE": "2022-06-29",
        "DELIB_MATIERE_CODE": "8.2",
        "DELIB_MATIERE_NOM": "domaines de compétences par thèmes/aide sociale",
        "DELIB_OBJET": "Convention Territoriale Globale Cœur de Chartreuse",
        "BUDGET_ANNEE": "", "BUDGET_NOM": "", "PREF_ID": "PREF038",
        "PREF_DATE": "2022-07-08", "VOTE_EFFECTIF": "36",
        # the act as voted writes "Votants : 12": the computed figure is published
        "VOTE_REEL": "32", "VOTE_POUR": "32", "VOTE_CONTRE": "0", "VOTE_ABSTENTION": "0",
        "DELIB_URL": ""}
    # two élues do not take part in the vote of 22_113
    assert (found["22_113"]["VOTE_REEL"], found["22_113"]["VOTE_POUR"]) == ("30", "30")

    before = tmp_path / "before.csv"
    result = run("--date", "2022-07-01", "export", "deliberations", str(before),
                 root=demonstration)
    assert result.exit_code == 0, result.output
    assert [(r["DELIB_ID"], r["PREF_DATE"]) for r in rows(before)] == [
        ("22_112", ""), ("22_113", "")]  # not yet received by the préfecture
    assert "24_031 : séance du 27/03/2024, après le 01/07/2022." in result.stderr
    assert problems(before, DELIBERATIONS) == []


@pytest.mark.parametrize(("kind", "named"), [
    ("subventions", "records/conventions/cff-2022-cccc-aadec.yaml:11: montants[0].montant"),
    ("deliberations", "records/deliberations/22_112.yaml:8: classification"),
])
def test_illustrative_values_are_refused(run: Run, registered: Path, tmp_path: Path,
                                         kind: str, named: str) -> None:
    target = tmp_path / f"{kind}.csv"
    target.write_text("ancien fichier\n", encoding="utf-8")
    result = run("export", kind, str(target), root=registered)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "ne peuvent pas être publiées : elles utilisent des valeurs d'exemple" \
        in result.stderr
    assert f"\n  {named}\n" in result.stderr
    assert target.read_text(encoding="utf-8") == "ancien fichier\n"  # left as it was


@pytest.mark.parametrize(("kind", "schema"), [("subventions", SUBVENTIONS),
                                              ("deliberations", DELIBERATIONS)])
def test_verified_records_export_without_warning(run: Run, registered: Path, tmp_path: Path,
                                                 kind: str, schema: str) -> None:
    verified(registered)
    target = tmp_path / f"{kind}.csv"
    result = run("export", kind, str(target), root=registered)
    assert result.exit_code == 0, result.output
    assert "Attention" not in result.stderr
    assert problems(target, schema) == []
    assert len(rows(target)) == {"subventions": 11, "deliberations": 3}[kind]


def test_votes_that_do_not_add_up_are_published_with_a_warning(
        run: Run, demonstration: Path, tmp_path: Path) -> None:
    path = demonstration / "records/deliberations/22_112.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  pour: 32\n" in text
    path.write_text(text.replace("  pour: 32\n", "  pour: 31\n"), encoding="utf-8")
    target = tmp_path / "d.csv"
    result = run("export", "deliberations", str(target), root=demonstration)
    assert result.exit_code == 0, result.output
    assert ("22_112 : pour, contre et abstentions font 31 voix pour 32 votants d'après les "
            "présences ; le validateur national (validata.fr) signalera l'écart") in result.stderr
    assert problems(target, DELIBERATIONS) == ["ligne 2 sum-columns-value: 32 != somme 31"]


def test_classification_outside_the_national_nomenclature(run: Run, demonstration: Path,
                                                          tmp_path: Path) -> None:
    path = demonstration / "records/deliberations/22_112.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'classification: "8.2"', 'classification: "12.3"'), encoding="utf-8")
    target = tmp_path / "d.csv"
    result = run("export", "deliberations", str(target), root=demonstration)
    assert result.exit_code == 1
    assert ("records/deliberations/22_112.yaml:8: classification: « 12.3 » ne commence pas "
            "par une matière de la nomenclature @ctes nationale") in result.stderr
    assert not target.exists()


def test_commune_without_siret(run: Run, demonstration: Path, tmp_path: Path) -> None:
    path = demonstration / "records/communes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^    siret: 21384210700012\n", "", text), encoding="utf-8")
    result = run("export", "subventions", str(tmp_path / "s.csv"), root=demonstration)
    assert result.exit_code == 1, result.output
    assert ("records/communes.yaml:50: communes[4]: la commune finance la convention "
            "CFF-2022-SLP-CSPG : renseignez siret") in result.stderr
    assert not (tmp_path / "s.csv").exists()


def test_file_name_and_folder(run: Run, demonstration: Path, tmp_path: Path) -> None:
    result = run("export", "subventions", str(tmp_path / "s.xlsx"), root=demonstration)
    assert result.exit_code == 1
    assert "le fichier des données ouvertes est un .csv" in result.stderr
    result = run("export", "deliberations", str(tmp_path / "absent" / "d.csv"),
                 root=demonstration)
    assert result.exit_code == 1
    assert "Dossier introuvable" in result.stderr


def test_a_killed_export_leaves_the_previous_file_whole(demonstration: Path,
                                                       tmp_path: Path) -> None:
    target = tmp_path / "subventions.csv"
    target.write_text("version publiée\n", encoding="utf-8")
    code = "import sys; from ctgdocs.cli import main; sys.argv[0] = 'ctgdocs'; main()"
    command = [sys.executable, "-c", code, "--root", str(demonstration), "--date",
               "2026-11-28", "export", "subventions", str(target)]
    killed = subprocess.run(command, env={**os.environ, STOP_VARIABLE: "1"},
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == 86  # stopped between the temporary file and its renaming
    assert target.read_text(encoding="utf-8") == "version publiée\n"
    env = {k: v for k, v in os.environ.items() if k != STOP_VARIABLE}
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert problems(target, SUBVENTIONS) == []
