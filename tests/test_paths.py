"""Output names never leave their folder; --out never lands in a folder ctgdocs reads; inputs
are ordinary files inside the workspace."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ctgdocs.documents import Job
from ctgdocs.errors import CtgdocsError
from ctgdocs.generate import generate
from ctgdocs.infiles import read_regular_file
from ctgdocs.paths import name_problem, output_path
from ctgdocs.workspace import Workspace

from .conftest import Run


@pytest.mark.parametrize("name", [
    "", ".", "..", "../x", "../../../etc/passwd", "a/b", "a\\b", "/etc/passwd", "C:\\x",
    "C:x", "CON", "con.docx", "Nul.txt", "COM1", "lpt9.pdf", "COM¹", "AUX .docx", "x.",
    "x ", "a\x00b", "a\nb", "x" * 151, 'a"b', "a|b", "a?b", "a*b", "a<b>",
])
def test_refused_names(name: str, tmp_path: Path) -> None:
    assert name_problem(name) is not None
    with pytest.raises(CtgdocsError) as caught:
        output_path(tmp_path, name, "le document")
    assert str(caught.value).startswith("Nom de fichier refusé pour le document « ")


@pytest.mark.parametrize("name", [
    "convention-CFF-2022-CCCC-CSPG.docx", "deliberation-22_112.docx", "CONSEIL.docx",
    "console.docx", "COM10.pdf", "x" * 150, "pack-22_112-projet", "a..b.docx", "Été 2022.pdf",
])
def test_accepted_names(name: str, tmp_path: Path) -> None:
    assert name_problem(name) is None
    assert output_path(tmp_path, name) == tmp_path / name


def test_a_job_named_from_outside_writes_nothing(workspace: Path, tmp_path: Path) -> None:
    ws = Workspace(workspace)
    out = tmp_path / "out"
    job = Job("annexe2", "../../evil", "Annexe 2", {})
    with pytest.raises(CtgdocsError) as caught:
        generate(ws, [job], out, with_pdf=False, require_pdf=False)
    assert str(caught.value).startswith("Nom de fichier refusé pour Annexe 2 « ../../evil.docx »")
    assert not out.exists() and not (tmp_path / "evil.docx").exists()


@pytest.mark.parametrize("folder", ["templates", "records", "conventions", "pieces",
                                    "records/gestionnaires", "templates/../templates"])
def test_out_inside_a_folder_ctgdocs_reads_is_refused(run: Run, workspace: Path,
                                                      folder: str) -> None:
    before = sorted(p for p in workspace.rglob("*"))
    result = run("annexe2", "--no-pdf", "--out", str(workspace / folder))
    assert result.exit_code == 1
    top = Path(folder).parts[0]
    assert f"ce dossier est dans {top}/, que ctgdocs lit" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p for p in workspace.rglob("*")) == before


def test_out_relative_to_the_current_folder(run: Run, workspace: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    assert run("annexe2", "--no-pdf", "--out", "templates").exit_code == 1
    assert run("annexe2", "--no-pdf", "--out", "sortie").exit_code == 0
    assert (workspace / "sortie" / "annexe2.docx").is_file()


def test_symlinked_record_outside_is_refused(run: Run, workspace: Path, tmp_path: Path) -> None:
    outside = tmp_path / "ailleurs.yaml"
    target = workspace / "records" / "gestionnaires" / "paj.yaml"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(outside)
    result = run("check")
    assert result.exit_code == 1
    assert ("records/gestionnaires/paj.yaml: lien symbolique vers "
            f"{outside.resolve()}, hors du dossier") in result.stdout
    # a link that stays inside the workspace is followed
    inside = workspace / "partage.yaml"
    inside.write_bytes(outside.read_bytes())
    target.unlink()
    target.symlink_to(inside)
    assert run("check").exit_code == 0


def test_fifo_record_is_refused_without_blocking(run: Run, workspace: Path) -> None:
    os.mkfifo(workspace / "records" / "gestionnaires" / "tube.yaml")
    result = run("check")
    assert result.exit_code == 1
    assert ("records/gestionnaires/tube.yaml: c'est un tube (FIFO), pas un fichier ordinaire"
            in result.stdout)


def test_special_template_is_refused(run: Run, workspace: Path) -> None:
    template = workspace / "templates" / "annexe2.docx"
    template.unlink()
    template.symlink_to("/dev/zero")
    result = run("annexe2", "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Erreur : templates/annexe2.docx : c'est un périphérique, pas un fichier ordinaire")


def test_read_regular_file(tmp_path: Path) -> None:
    small = tmp_path / "a.pdf"
    small.write_bytes(b"x" * 10)
    assert read_regular_file(small, 10) == b"x" * 10
    with pytest.raises(CtgdocsError) as caught:
        read_regular_file(small, 9, label="a.pdf", setting="fichier_octets")
    assert str(caught.value) == (
        "a.pdf : fichier trop volumineux (10 octets, limite 9 octets) ; si ce fichier est "
        "normal, relevez la limite dans ctgdocs.toml ([limites] fichier_octets = …)")
    for special in ("/dev/zero", str(tmp_path)):
        with pytest.raises(CtgdocsError, match="pas un fichier ordinaire"):
            read_regular_file(Path(special), 10)
    with pytest.raises(CtgdocsError, match="fichier introuvable"):
        read_regular_file(tmp_path / "absent.pdf", 10)


def test_acknowledgement_file_must_be_an_ordinary_file(run: Run, workspace: Path) -> None:
    fifo = workspace / "ar.xml"
    os.mkfifo(fifo)
    for special, kind in ((fifo, "un tube (FIFO)"), (Path("/dev/zero"), "un périphérique")):
        result = run("ar", "22_112", "--file", str(special))
        assert result.exit_code == 1
        assert f"{special} : c'est {kind}, pas un fichier ordinaire" in result.stderr
        assert "Traceback" not in result.output
