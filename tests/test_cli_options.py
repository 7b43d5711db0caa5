"""Shared options before or after the command, verbosity, colours, JSON, completion."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ctgdocs.cli import cli
from ctgdocs.oserrors import describe

from .conftest import docx_text
from .test_check import edit

CSPG = "CFF-2022-CCCC-CSPG"


def invoke(*args: str, env: dict[str, str] | None = None, color: bool = False) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="ctgdocs", env=env, color=color)


def journal(workspace: Path) -> list[dict[str, object]]:
    return [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((workspace / "conventions/journal").glob("*.json"))]


def test_root_date_and_author_after_the_command(workspace: Path) -> None:
    result = invoke("issue", CSPG, "-m", "Projet", "--root", str(workspace),
                    "--date", "2022-06-20", "--auteur", "marie")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"convention-{CSPG} : version 1 enregistrée (projet).\n"
    entry = journal(workspace)[-1]
    assert (entry["date"], entry["auteur"]) == ("2022-06-20", "marie")


def test_author_before_the_command(workspace: Path) -> None:
    result = invoke("--root", str(workspace), "--date", "20/06/2022", "--auteur", "paul",
                    "issue", CSPG, "-m", "Projet")
    assert result.exit_code == 0, result.output
    assert journal(workspace)[-1]["auteur"] == "paul"


def test_typed_values_win_over_the_environment_wherever_they_are(workspace: Path,
                                                                 tmp_path: Path) -> None:
    env = {"CTGDOCS_ROOT": str(tmp_path), "CTGDOCS_DATE": "2020-01-01",
           "CTGDOCS_AUTEUR": "env"}
    result = invoke("--date", "2022-06-20", "issue", CSPG, "-m", "Projet",
                    "--root", str(workspace), env=env)
    assert result.exit_code == 0, result.output
    entry = journal(workspace)[-1]
    assert (entry["date"], entry["auteur"]) == ("2022-06-20", "env")
    again = invoke("--auteur", "ignoré", "issue", "annexe2", "-m", "Autre", "--root",
                   str(workspace), "--auteur", "anne", env=env)
    assert again.exit_code == 0, again.output
    entry = journal(workspace)[-1]
    assert (entry["date"], entry["auteur"]) == ("2020-01-01", "anne")


def test_date_after_the_command_reaches_the_documents(workspace: Path, tmp_path: Path) -> None:
    result = invoke("annexe2", "--no-pdf", "--out", str(tmp_path), "--root", str(workspace),
                    "--date", "2022-06-29")
    assert result.exit_code == 0, result.output
    assert "approuvée par la délibération n° 22_112 du 29/06/2022" in docx_text(
        tmp_path / "annexe2.docx")


def test_bad_date_after_the_command(workspace: Path) -> None:
    result = invoke("--root", str(workspace), "status", "--date", "2024-13-01")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Erreur : Valeur invalide pour « --date » : date invalide « 2024-13-01 » : écrivez "
        "AAAA-MM-JJ ou JJ/MM/AAAA\n")


def test_quiet_and_verbose(workspace: Path, tmp_path: Path) -> None:
    assert invoke("--root", str(workspace), "check").stderr == \
        "0 erreur, 9 avertissements.\n"  # the reference acts, reproduced as voted
    quiet = invoke("--root", str(workspace), "check", "-q")
    assert (quiet.exit_code, quiet.stderr) == (0, "")  # the findings stay, not the summary
    verbose = invoke("-v", "--root", str(workspace), "annexe2", "--no-pdf", "--out",
                     str(tmp_path))
    assert verbose.exit_code == 0, verbose.output
    assert verbose.stdout == f"{tmp_path / 'annexe2.docx'}\n"
    lines = verbose.stderr.splitlines()
    assert lines[0] == f"Dossier de travail : {workspace}"
    assert lines[2] == f"1 document(s) à produire dans {tmp_path}"
    assert lines[3].startswith("Terminé en ")


def test_errors_red_and_warnings_yellow_only_when_colour_is_wanted(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = invoke("--root", str(workspace), "convention", "X", "--no-pdf", color=True)
    assert coloured.exit_code == 1
    assert coloured.stderr.startswith("\x1b[31mErreur : Convention « X » inconnue.")
    assert coloured.stderr.endswith("\x1b[0m\n")
    plain = invoke("--root", str(workspace), "convention", "X", "--no-pdf")
    assert plain.stderr.startswith("Erreur : Convention « X » inconnue.")
    assert "\x1b" not in plain.stderr
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in invoke("--root", str(workspace), "convention", "X", color=True).stderr
    monkeypatch.delenv("NO_COLOR")
    edit(workspace, "records/conventions/cff-2022-cccc-cspg.yaml", "fin: 2025-12-31",
         "fin: 2026-12-31")
    warned = invoke("--root", str(workspace), "check", color=True)
    assert warned.stdout.startswith("\x1b[33mrecords/conventions/cff-2022-cccc-cspg.yaml:5:")


def test_missing_libreoffice_is_a_yellow_warning(workspace: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTGDOCS_SOFFICE", str(workspace / "pas-de-soffice"))
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = invoke("--root", str(workspace), "annexe2", color=True)
    assert result.exit_code == 0
    assert result.stderr.startswith("\x1b[33mAttention : LibreOffice est introuvable")


def test_build_json(workspace: Path) -> None:
    result = invoke("--root", str(workspace), "--date", "2022-06-29", "build", "--no-pdf",
                    "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["date"] == "2022-06-29"
    assert report["output_dir"] == "out"
    assert (report["pdf_missing"], report["message"]) == (False, None)
    assert report["files"][0] == {"path": "out/annexe2.docx", "format": "docx",
                                  "document": "annexe2", "up_to_date": False}
    assert len(report["files"]) == 17  # the 2024 séance's three documents came later
    assert all((workspace / f["path"]).is_file() for f in report["files"])
    later = [n["message"] for n in report["not_produced"]]
    assert len(later) == 3 and all(m.startswith("Non produit à cette date : ") for m in later)
    assert any("24_031" in m for m in later)
    again = json.loads(invoke("--root", str(workspace), "--date", "2022-06-29", "build",
                              "--no-pdf", "--json").stdout)  # nothing changed: replayed
    assert [n["message"] for n in again["not_produced"]] == later


def complete(workspace: Path, words: str) -> list[str]:
    """What bash offers after `ctgdocs --root WORKSPACE words`."""
    typed = f"ctgdocs --root {workspace} {words}"
    current = len(typed.split()) - (0 if typed.endswith(" ") else 1)
    env = {"_CTGDOCS_COMPLETE": "bash_complete", "COMP_WORDS": typed,
           "COMP_CWORD": str(current)}
    result = CliRunner().invoke(cli, [], prog_name="ctgdocs", env=env)
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.stdout.splitlines()]


def test_completion_of_identifiers(workspace: Path) -> None:
    assert complete(workspace, "convention CFF-2022-CCCC-P") == [
        "CFF-2022-CCCC-PAJ", "CFF-2022-CCCC-PETITS-CHARTREUX"]
    assert complete(workspace, "deliberation 2") == ["22_112", "22_113", "24_031"]
    assert complete(workspace, "pack 24") == ["24_031"]
    assert complete(workspace, "seance pv ") == ["2022-06-29", "2024-03-27"]
    assert complete(workspace, "approve X --deliberation 22") == ["22_112", "22_113"]
    assert "annexe2" in complete(workspace, "history a")
    assert complete(workspace, "sta") == ["stamp", "status"]


def test_completion_scripts() -> None:
    for shell, marker in [("bash", "complete -o nosort -F _ctgdocs_completion ctgdocs"),
                          ("zsh", "#compdef ctgdocs"), ("fish", "complete --no-files"),
                          ("powershell", "Register-ArgumentCompleter")]:
        result = invoke("completion", shell)
        assert result.exit_code == 0
        assert marker in result.stdout, shell


def test_os_errors_in_french(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert describe(PermissionError(errno.EACCES, "Permission denied", "/srv/ctg")) == (
        "« /srv/ctg » : accès refusé")
    assert describe(OSError(errno.ENOSPC, "No space left on device")) == "le disque est plein"
    assert describe(OSError(errno.ENOTSUP, "Not supported", "x")) == (
        "« x » : erreur système ENOTSUP")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(workspace / "records"))

    monkeypatch.setattr("ctgdocs.check.check", refuse)  # imported when the command runs
    result = invoke("--root", str(workspace), "check")
    assert result.exit_code == 1
    assert result.stderr == f"Erreur : « {workspace / 'records'} » : accès refusé\n"
