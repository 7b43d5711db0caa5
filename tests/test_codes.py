"""SIREN and SIRET: python-stdnum's checks, numbers pasted with spaces or dots."""

from __future__ import annotations

from pathlib import Path

from ctgdocs.rules.codes import normalise_siren, siren_problem, siret_problem

from .conftest import Run
from .test_check import edit

CSPG = "records/gestionnaires/cspg.yaml"


def test_la_poste_head_office_is_valid() -> None:
    assert siret_problem("35600000000048") is None
    assert siren_problem("356000000") is None
    assert siret_problem("35600000000049") == (
        "SIRET « 35600000000049 » invalide : la clé de contrôle (Luhn) est fausse")


def test_lengths_and_keys() -> None:
    assert siren_problem("20004011") == "SIREN « 20004011 » invalide : 9 chiffres attendus"
    assert siren_problem("200040112") == (
        "SIREN « 200040112 » invalide : la clé de contrôle (Luhn) est fausse")
    assert siret_problem("2000401110001A") == (
        "SIRET « 2000401110001A » invalide : 14 chiffres attendus")


def test_spaces_and_dots_are_normalised() -> None:
    assert normalise_siren("356 000 000 00048") == "35600000000048"
    assert normalise_siren("356.000.000.00048") == "35600000000048"


def test_records_accept_pasted_numbers(run: Run, workspace: Path) -> None:
    text = (workspace / CSPG).read_text(encoding="utf-8")
    siret = next(line.split(":", 1)[1].strip() for line in text.splitlines()
                 if line.startswith("siret:"))
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    edit(workspace, CSPG, f"siret: {siret}", f"siret: {spaced}")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "siret" not in result.stdout
