"""Approving or signing a version that prints illustrative values (issue 8 §1): refused
outside a demonstration workspace, naming each value; recorded marked EXEMPLE inside one."""

from __future__ import annotations

import os
from pathlib import Path

from ctgdocs.register import Register
from ctgdocs.workspace import Workspace

from . import second_territory
from .conftest import Run, demonstration
from .test_register import CONV, at, blank_pdf, exemple_line


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != "verrou"}


def test_sign_refuses_illustrative_values_outside_a_demonstration(run: Run, workspace: Path,
                                                                  tmp_path: Path) -> None:
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(blank_pdf())
    assert at(run, "2022-07-05", "issue", "22_112", "-m", "Extrait")[0] == 0
    register = Register(Workspace(workspace))
    printed = register.document("22_112").last.emission["exemples"]
    assert printed and all(":" in origin for origin in printed)
    before = files_under(workspace / "conventions")
    code, text = at(run, "2022-07-05", "sign", "22_112", "--file", str(pdf))
    assert code == 1
    lines = text.splitlines()
    assert lines[0] == ("Erreur : deliberation-22_112 v1 ne peut pas être signée : cette version "
                        "imprime des valeurs d'exemple, qui ne sont pas des faits vérifiés :")
    assert lines[1:-1] == [f"  {origin}" for origin in printed]  # each one, file:line: field
    assert lines[1].startswith("  records/") and ".yaml:" in lines[1]
    assert lines[-1] == (
        "Remplacez-les dans les fiches par les valeurs vérifiées (et retirez-les de "
        "« exemple: »), émettez une nouvelle version (ctgdocs issue deliberation-22_112), puis "
        "recommencez. Seul un dossier de démonstration (demonstration = true dans ctgdocs.toml) "
        "enregistre un acte d'exemple, marqué EXEMPLE.")
    assert files_under(workspace / "conventions") == before  # not even the PDF is stored


def test_approve_refuses_illustrative_values_outside_a_demonstration(run: Run,
                                                                     workspace: Path) -> None:
    assert at(run, "2022-06-20", "issue", CONV, "-m", "Projet")[0] == 0
    printed = Register(Workspace(workspace)).document(CONV).last.emission["exemples"]
    assert any(origin.endswith(": siret") for origin in printed)
    before = files_under(workspace / "conventions")
    code, text = at(run, "2022-06-29", "approve", CONV, "--deliberation", "22_113")
    assert code == 1
    assert text.splitlines()[0] == (
        f"Erreur : convention-{CONV} v1 ne peut pas être approuvée : cette version imprime des "
        "valeurs d'exemple, qui ne sont pas des faits vérifiés :")
    assert text.splitlines()[1:-1] == [f"  {origin}" for origin in printed]
    assert files_under(workspace / "conventions") == before


def test_the_rules_of_the_history_come_first(run: Run, workspace: Path,
                                              tmp_path: Path) -> None:
    """An event the lifecycle refuses anyway is refused for that reason."""
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(blank_pdf())
    assert at(run, "2022-06-20", "issue", CONV, "-m", "Projet")[0] == 0
    assert at(run, "2022-06-29", "sign", CONV, "--file", str(pdf)) == (
        1, f"Erreur : convention-{CONV} v1 n'est pas approuvé : ctgdocs approve d'abord.")


def test_in_a_demonstration_the_act_is_recorded_marked_exemple(run: Run, workspace: Path,
                                                               tmp_path: Path) -> None:
    demonstration(workspace)
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(blank_pdf())
    assert at(run, "2022-07-05", "issue", "22_112", "-m", "Extrait")[0] == 0
    result = run("--date", "2022-07-05", "sign", "22_112", "--file", str(pdf))
    assert result.exit_code == 0
    version = Register(Workspace(workspace)).document("22_112").last
    printed = version.emission["exemples"]
    assert result.stdout == ("deliberation-22_112 v1 signée le 05/07/2022 : copie signée sans "
                             "signature électronique.\n")
    assert result.stderr == f"{exemple_line(len(printed))}\n"
    assert version.signature is not None and version.signature["exemples"] == printed
    assert Register(Workspace(workspace)).store.get(version.signature["pdf"]) == \
        pdf.read_bytes()  # the signed file is kept as given: a stamp would break signatures
    assert run("history", "22_112").stdout.splitlines()[-1].endswith("signe.pdf  EXEMPLE")
    assert run("verify").exit_code == 0


def test_verified_versions_are_approved_and_signed_without_mark(run: Run,
                                                                tmp_path: Path) -> None:
    """A territory whose records are verified: no demonstration needed, nothing marked."""
    root = second_territory.make(tmp_path / "second")
    assert not (root / "ctgdocs.toml").exists()
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(blank_pdf())
    ident = "CFF-AUBRAIS-LUTINS"
    steps = [("2023-12-01", "issue", ident, "-m", "Projet"),
             ("2023-12-02", "approve", ident, "--deliberation", "2023_12"),
             ("2023-12-20", "sign", ident, "--file", str(pdf))]
    for day, *args in steps:
        result = run("--date", day, *args, root=root)
        assert result.exit_code == 0, result.output
        assert "EXEMPLE" not in result.output
    version = Register(Workspace(root)).document(ident).last
    assert version.emission["exemples"] == []
    assert version.approbation is not None and "exemples" not in version.approbation.data
    assert version.signature is not None and "exemples" not in version.signature.data
    assert sorted(os.listdir(root / "conventions/journal")) == [
        f"00000{n}.json" for n in (1, 2, 3)]
