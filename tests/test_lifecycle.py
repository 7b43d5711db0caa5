"""The meaning of the history: commands refuse an event that breaks a rule, check and status
warn about one already recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from ctgdocs.check import loaded_records
from ctgdocs.register import Register
from ctgdocs.register.content import versions
from ctgdocs.register.store import Entry
from ctgdocs.workspace import Workspace

from .conftest import REPO, Run, demonstration
from .test_check import edit
from .test_register import CONV, blank_pdf


@pytest.fixture(autouse=True)
def _demonstration(workspace: Path) -> None:
    """The reference workspace is a demonstration: its records hold illustrative values,
    which only a demonstration workspace approves and signs (marked EXEMPLE)."""
    demonstration(workspace)


def at(run: Run, day: str, *args: str) -> tuple[int, str]:
    result = run("--date", day, *args)
    return result.exit_code, (result.stdout + result.stderr).strip()


def forge(workspace: Path, **fields: Any) -> Entry:
    """A correctly chained entry written without the commands' rules (an old ctgdocs, a
    hand-made script): integrity holds, the meaning does not."""
    register = Register(Workspace(workspace))
    return register.store.append(lambda entries: {**fields, "versions": versions()})


def signed_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "signe.pdf"
    path.write_bytes(blank_pdf())
    return path


def test_a_signature_dated_before_the_issue(run: Run, workspace: Path, tmp_path: Path) -> None:
    pdf = signed_pdf(tmp_path)
    assert at(run, "2022-07-05", "issue", "22_112", "-m", "Extrait")[0] == 0
    assert at(run, "2020-01-01", "sign", "22_112", "--file", str(pdf)) == (
        1, "Erreur : Signature de deliberation-22_112 v1 le 01/01/2020 refusée : antérieure à "
           "son émission le 05/07/2022.")
    register = Register(Workspace(workspace))
    pdf_hash = register.store.put(pdf.read_bytes())
    forge(workspace, action="signature", document="deliberation-22_112", version=1,
          date="2020-01-01", auteur="mallory", pdf=pdf_hash, nom_fichier="signe.pdf", pages=1,
          taille=len(pdf.read_bytes()), signatures_electroniques=[])
    assert run("verify").exit_code == 0  # the chain is whole: only the meaning is wrong
    warning = ("Signature de deliberation-22_112 v1 le 01/01/2020 : antérieure à son émission "
               "le 05/07/2022.")
    checked = run("check")
    assert f"conventions/journal/000002.json: avertissement : {warning}" in checked.stdout
    status = run("--date", "2022-07-06", "status")
    assert f"  - journal/000002.json : {warning}" in status.stdout


def test_an_extract_is_signed_before_its_transmission(run: Run, workspace: Path,
                                                      tmp_path: Path) -> None:
    pdf = signed_pdf(tmp_path)
    assert at(run, "2022-07-05", "issue", "22_112", "-m", "Extrait")[0] == 0
    assert at(run, "2022-07-09", "sign", "22_112", "--file", str(pdf)) == (
        1, "Erreur : Signature de deliberation-22_112 v1 le 09/07/2022 refusée : l'extrait a été "
           "transmis en préfecture le 08/07/2022 ; il se signe avant sa transmission.")
    assert at(run, "2022-07-08", "sign", "22_112", "--file", str(pdf))[0] == 0


def test_nothing_after_termination(run: Run, workspace: Path, tmp_path: Path) -> None:
    pdf = signed_pdf(tmp_path)
    for day, args in [("2022-06-20", ["issue", CONV, "-m", "v1"]),
                      ("2022-06-29", ["approve", CONV, "--deliberation", "22_113"]),
                      ("2022-07-20", ["sign", CONV, "--file", str(pdf)]),
                      ("2024-03-31", ["terminate", CONV, "--motif", "Fin d'activité"])]:
        assert at(run, day, *args)[0] == 0, args
    edit(workspace, f"records/conventions/{CONV.lower()}.yaml", "montant: 53000}",
         "montant: 53500}")
    assert at(run, "2024-04-02", "issue", CONV, "-m", "v2") == (
        1, f"Erreur : convention-{CONV} a été résilié le 31/03/2024 : rien ne peut être "
           "enregistré après sa résiliation ; rédigez un nouveau document.")
    assert at(run, "2024-04-02", "terminate", CONV, "--motif", "encore")[1] == (
        f"Erreur : convention-{CONV} v1 a été résilié le 31/03/2024 : rien ne peut être "
        "enregistré après sa résiliation.")


def test_approval_by_a_deliberation_that_lists_the_convention(run: Run, workspace: Path) -> None:
    assert at(run, "2022-06-20", "issue", CONV, "-m", "v1")[0] == 0
    assert at(run, "2022-06-29", "approve", CONV, "--deliberation", "22_112") == (
        1, f"Erreur : convention-{CONV} cite la délibération 22_113, pas 22_112.")
    edit(workspace, "records/deliberations/22_112.yaml", "annexes:",
         f"annexes:\n  - {{titre: Convention, document: {CONV}}}")
    assert at(run, "2022-06-29", "approve", CONV, "--deliberation", "22_112")[0] == 0


def test_versions_in_sequence_are_checked_in_the_history(run: Run, workspace: Path) -> None:
    assert at(run, "2022-06-20", "issue", "annexe2", "-m", "v1")[0] == 0
    first = Register(Workspace(workspace)).store.entries()[0]
    forge(workspace, **{k: v for k, v in first.data.items()
                        if k not in ("numero", "precedent", "format", "enregistre_le",
                                     "versions")} | {"version": 3, "date": "2022-06-21"})
    status = run("--date", "2022-06-22", "status")
    assert ("  - journal/000002.json : annexe2 : version 3 enregistrée après la version 1 (les "
            "versions se suivent).") in status.stdout


def test_the_reference_history_keeps_every_rule() -> None:
    workspace = Workspace(REPO)
    assert Register(workspace).anomalies(loaded_records(workspace)) == []


def test_rules_read_the_date_of_the_event_not_of_the_recording(run: Run, workspace: Path,
                                                               tmp_path: Path) -> None:
    """A signature recorded late (today) for an event of 2022 is accepted."""
    pdf = signed_pdf(tmp_path)
    assert at(run, "2022-07-05", "issue", "22_112", "-m", "Extrait")[0] == 0
    assert at(run, "2022-07-06", "sign", "22_112", "--file", str(pdf))[0] == 0
    entry = Register(Workspace(workspace)).store.entries()[-1]
    assert entry["date"] == "2022-07-06"
    assert dt.datetime.fromisoformat(entry["enregistre_le"]).year >= 2026
