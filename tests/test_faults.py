"""Fault injection (issue 10 §9): the real CLI, in a subprocess, stopped dead at a chosen write
point of `issue`, `sign`, `avenant`, `pack` and `build` (faults.py). Afterwards `verify` says
the journal is whole (or names the entry left beyond its head, which `registre reprendre`
accepts), nothing half written stays under a final name, and the next run succeeds and
leaves no hidden file or folder behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ctgdocs.faults import EXIT_CODE, VARIABLE

from .conftest import REPO, demonstration
from .test_check import edit
from .test_register import blank_pdf

SLP = "CFF-2022-SLP-CSPG"
SLP_FILE = "records/conventions/cff-2022-slp-cspg.yaml"
CODE = "import sys; from ctgdocs.cli import main; sys.argv[0] = 'ctgdocs'; main()"


def ctgdocs(root: Path, day: str, *args: str,
            stop: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTGDOCS_TEST_")}
    if stop is not None:
        env[VARIABLE] = stop
    return subprocess.run([sys.executable, "-c", CODE, "--root", str(root), "--date", day,
                           *args], env=env, capture_output=True, text=True, timeout=600)


def ok(root: Path, day: str, *args: str) -> str:
    done = ctgdocs(root, day, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def hidden(folder: Path) -> list[str]:
    """Temporary files and folders (hidden names) anywhere under ``folder`` (not the
    output folder's build manifest, ctgdocs/manifest.py)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob(".*")
                  if p.name != ".ctgdocs-manifeste.json")


def journal(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "conventions/journal").glob("[0-9]*.json"))


def check_register_after(root: Path, entries_before: int, stop: str) -> None:
    """The journal after a kill: whole, with or without the new entry; an entry written and
    its head not moved is named by verify and accepted by registre reprendre."""
    verify = ctgdocs(root, "2026-11-28", "verify")
    if stop in ("tete", "fichier:1"):  # the entry is in, the head not moved (its temp file)
        numero = entries_before + 1
        assert verify.returncode == 1
        assert verify.stdout.startswith(f"journal/{numero:06d}.json : entrée au-delà de la tête "
                                        "du journal (commande interrompue entre l'entrée et la "
                                        "tête ?)"), verify.stdout
        accepted = ok(root, "2026-11-28", "registre", "reprendre")
        assert accepted.startswith(f"journal/{numero:06d}.json acceptée")
        assert len(journal(root)) == numero
    else:  # stopped before the entry: the journal is as it was
        assert verify.returncode == 0, verify.stdout
        assert len(journal(root)) == entries_before
    assert ok(root, "2026-11-28", "verify").startswith("Journal intact")


REGISTER_POINTS = ["objet:1", "objet:3", "entree", "tete", "fichier:1"]


@pytest.mark.parametrize("stop", REGISTER_POINTS)
def test_issue_stopped_at_each_write_point(workspace: Path, stop: str) -> None:
    ok(workspace, "2022-06-20", "issue", "plan-action", "-m", "Arbre")
    killed = ctgdocs(workspace, "2022-06-20", "issue", "annexe2", "-m", "Annexe", stop=stop)
    assert killed.returncode == EXIT_CODE, killed.stderr
    if stop != "tete":  # stopped in the middle of a write: its temporary file is there
        assert hidden(workspace / "conventions")
    check_register_after(workspace, 1, stop)
    rerun = ctgdocs(workspace, "2022-06-20", "issue", "annexe2", "-m", "Annexe")
    if stop in ("tete", "fichier:1"):  # recorded by the killed run, once
        assert rerun.stderr == ("Erreur : annexe2 : rien n'a changé depuis la version 1 (mêmes "
                                "fiches, même modèle, même date).\n")
    else:
        assert rerun.returncode == 0, rerun.stderr
    assert hidden(workspace / "conventions") == []  # what the killed run left: removed
    assert journal(workspace) == ["000001.json", "000002.json"]
    assert ok(workspace, "2026-11-28", "verify").startswith("Journal intact")


@pytest.mark.parametrize("stop", ["objet:1", "entree", "tete"])
def test_sign_stopped_at_each_write_point(workspace: Path, tmp_path: Path, stop: str) -> None:
    demonstration(workspace)
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(blank_pdf())
    ok(workspace, "2022-07-05", "issue", "22_112", "-m", "Extrait")
    killed = ctgdocs(workspace, "2022-07-05", "sign", "22_112", "--file", str(pdf), stop=stop)
    assert killed.returncode == EXIT_CODE, killed.stderr
    check_register_after(workspace, 1, stop)
    rerun = ctgdocs(workspace, "2022-07-05", "sign", "22_112", "--file", str(pdf))
    if stop == "tete":
        assert rerun.stderr == "Erreur : deliberation-22_112 v1 est déjà signé.\n"
    else:
        assert rerun.returncode == 0, rerun.stderr
    assert hidden(workspace / "conventions") == []
    assert len(journal(workspace)) == 2


@pytest.mark.parametrize("stop", ["entree", "tete", "fichier:2"])
def test_avenant_stopped_at_each_write_point(workspace: Path, tmp_path: Path,
                                             stop: str) -> None:
    demonstration(workspace)
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(blank_pdf())
    edit(workspace, SLP_FILE, "{annee: 2023, montant: 9900}", "{annee: 2023, montant: 9500}")
    ok(workspace, "2022-06-15", "issue", SLP, "-m", "Projet")
    ok(workspace, "2022-06-20", "approve", SLP, "--deliberation", "2022_041")
    ok(workspace, "2022-07-01", "sign", SLP, "--file", str(pdf))
    edit(workspace, SLP_FILE, "{annee: 2023, montant: 9500}", "{annee: 2023, montant: 9900}")
    out = tmp_path / "out"
    args = ("avenant", SLP, "-m", "Montant 2023", "--deliberation", "2023_015",
            "--deliberation-du", "2023-01-26", "--no-pdf", "--out", str(out))
    killed = ctgdocs(workspace, "2023-02-01", *args, stop=stop)
    assert killed.returncode == EXIT_CODE, killed.stderr
    name = f"avenant-{SLP}-1-v1.docx"
    assert not (out / name).exists()  # nothing half written under its final name
    if stop == "fichier:2":  # recorded, its .docx not yet renamed into --out
        assert ok(workspace, "2026-11-28", "verify").startswith("Journal intact")
        assert len(journal(workspace)) == 4 and hidden(out) != []
        shown = ok(workspace, "2023-02-01", "show", f"avenant-{SLP}-1", "--no-pdf", "--out",
                   str(out))  # the recorded version, written again
        assert shown.strip() == str(out / f"avenant-{SLP}-1-v1.docx")
    else:
        check_register_after(workspace, 3, stop)
        rerun = ctgdocs(workspace, "2023-02-01", *args)
        if stop == "tete":  # recorded by the killed run: not drafted twice
            assert rerun.stderr == (
                f"Erreur : avenant-{SLP}-1 : rien n'a changé depuis la version 1 (même texte) ; "
                f"ctgdocs show avenant-{SLP}-1 la restitue.\n")
            ok(workspace, "2023-02-01", "show", f"avenant-{SLP}-1", "--no-pdf", "--out",
               str(out))
        else:
            assert rerun.returncode == 0, rerun.stderr
    assert (out / name).is_file() and hidden(out) == []
    assert hidden(workspace / "conventions") == []
    assert ok(workspace, "2026-11-28", "verify").startswith("Journal intact")


@pytest.fixture
def packable(tmp_path: Path) -> Path:
    """The reference workspace, its register, pieces and demonstration setting, with 22_112
    not yet transmitted (a transmitted act is never packed again)."""
    root = tmp_path / "ws"
    for folder in ("records", "templates", "conventions", "pieces"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("verrou"))
    demonstration(root)
    record = root / "records/deliberations/22_112.yaml"
    record.write_text(record.read_text(encoding="utf-8").split("\ntransmission:")[0] + "\n",
                      encoding="utf-8")
    return root


@pytest.mark.parametrize("stop", ["piece:3", "paquet"])
def test_pack_stopped_at_each_write_point(soffice: str, packable: Path, stop: str) -> None:
    out = packable / "out"
    ok(packable, "2022-07-06", "pack", "22_112")  # an earlier pack, replaced below
    folder = out / "pack-22_112"
    earlier = {p.name: p.read_bytes() for p in folder.iterdir()}
    killed = ctgdocs(packable, "2022-07-06", "pack", "22_112", stop=stop)
    assert killed.returncode == EXIT_CODE, killed.stderr
    assert hidden(out) != []
    if stop == "piece:3":  # still being staged: the earlier pack is untouched
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == earlier
    else:  # moved aside, the new one not yet in place: no half pack under its name
        assert not folder.exists()
    assert ok(packable, "2026-11-28", "verify").startswith("Journal intact")
    ok(packable, "2022-07-06", "pack", "22_112")
    assert hidden(out) == []
    assert sorted(p.name for p in folder.iterdir()) == sorted(earlier)


def test_build_stopped_while_writing_its_pdfs(soffice: str, workspace: Path,
                                             tmp_path: Path) -> None:
    """Its 20 .docx are written, then, after the conversion, its PDFs: stopped at the 30th
    write (the .docx alone: test_robustness.py::test_a_build_killed_at_any_write_…)."""
    out = tmp_path / "out"
    killed = ctgdocs(workspace, "2026-11-28", "build", "--out", str(out), stop="fichier:30")
    assert killed.returncode == EXIT_CODE, killed.stderr
    assert len(hidden(out)) == 1 and len(list(out.glob("*.docx"))) == 20
    assert len(list(out.glob("*.pdf"))) == 9
    for path in out.iterdir():  # whatever has its final name is whole
        if path.suffix == ".pdf" and not path.name.startswith("."):
            assert path.read_bytes().startswith(b"%PDF-") and b"%%EOF" in path.read_bytes()
    ok(workspace, "2026-11-28", "build", "--out", str(out))
    assert hidden(out) == []
    assert len(list(out.glob("*.pdf"))) == len(list(out.glob("*.docx")))
