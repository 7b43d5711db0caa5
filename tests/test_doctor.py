"""ctgdocs doctor: what is found, what is missing and how to install it."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ctgdocs.cli import cli


def doctor(root: Path) -> Result:
    return CliRunner().invoke(cli, ["--root", str(root), "doctor"], prog_name="ctgdocs")


def test_everything_found(workspace: Path, soffice: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTGDOCS_SOFFICE", soffice)
    result = doctor(workspace)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"ok      Python : {platform.python_version()}"
    assert lines[1].startswith("ok      ctgdocs : 0.")
    assert any(line.startswith("ok      click : 8.5") for line in lines)
    assert any(line.startswith(f"ok      LibreOffice : {soffice} (LibreOffice ")
               for line in lines)
    assert "ok      Police Calibri (ou Carlito) : présente" in lines
    assert lines[-1] == f"ok      Dossier de travail : {workspace} : écriture possible"
    assert result.stderr == ""


def test_missing_pieces_say_how_to_install_them(workspace: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTGDOCS_SOFFICE", str(tmp_path / "pas-de-soffice"))
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "fc-list").write_text("#!/bin/sh\necho 'DejaVu Sans'\n", encoding="utf-8")
    (fake / "fc-list").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:/usr/bin:/bin")
    result = doctor(tmp_path / "ailleurs")
    assert result.exit_code == 1
    assert "MANQUE  LibreOffice : introuvable : les PDF ne peuvent pas être produits" \
        in result.stdout
    assert "MANQUE  Police Calibri (ou Carlito) : absente" in result.stdout
    assert "Attention : Police Calibri (ou Carlito) : sudo apt-get install " \
           "fonts-crosextra-carlito" in result.stderr
    assert "Attention : LibreOffice : Installez LibreOffice : sudo apt-get install" \
        in result.stderr
    assert "Attention : Dossier de travail : placez-vous dans le dossier du territoire" \
        in result.stderr
    assert result.stderr.endswith("à installer ou corriger.\n")
