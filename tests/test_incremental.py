"""Nothing rebuilt that did not change: each output's inputs are recorded in the output
folder's manifest, and a build makes again exactly the files whose inputs changed, or whose
bytes on disk are not the ones it wrote."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ctgdocs.cli import cli
from ctgdocs.manifest import FILE_NAME

DATE = "2026-11-28"
FAKE_SOFFICE = """#!/bin/sh
# A stand-in for LibreOffice: one small PDF per input file, named as soffice names them.
# {marker}
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift 2;;
    -*) shift;;
    *) mkdir -p "$out"; name=$(basename "$1" .docx)
       printf '%%PDF-1.4\\n%% %s\\n%%%%EOF\\n' "$(sha256sum "$1" | cut -c1-16)" > "$out/$name.pdf"
       shift;;
  esac
done
"""


def build(root: Path, out: Path, *extra: str, date: str = DATE) -> Result:
    result = CliRunner().invoke(cli, ["--root", str(root), "--date", date, "build", "--out",
                                      str(out), "--json", *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def made(result: Result) -> set[str]:
    """Names of the files that run wrote (not found up to date)."""
    report = json.loads(result.stdout)
    return {Path(f["path"]).name for f in report["files"] if not f["up_to_date"]}


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if not p.name.startswith(".")}


def changed_between(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_against_fresh(workspace: Path, out: Path, tmp_path: Path, *extra: str,
                        date: str = DATE) -> set[str]:
    """Build incrementally into ``out``; the files must equal a build from scratch, and the
    files written must be exactly those whose bytes changed. Returns their names."""
    before = contents(out)
    result = build(workspace, out, *extra, date=date)
    fresh = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
    build(workspace, fresh, *extra, date=date)
    expected = contents(fresh)
    now = {name: data for name, data in contents(out).items() if name in expected}
    assert now == expected  # documents not made at this date are left alone
    rebuilt = made(result)
    assert rebuilt == changed_between(before, now)
    return rebuilt


def test_second_build_makes_nothing(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(workspace, out, "--no-pdf")
    assert made(first) == set(contents(out))
    manifest = json.loads((out / FILE_NAME).read_text(encoding="utf-8"))
    entry = manifest["fichiers"]["convention-CFF-2022-CCCC-CSPG.docx"]
    assert entry["modele"] == "templates/convention.docx"
    assert "records/gestionnaires/cspg.yaml" in entry["fiches"]
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    second = build(workspace, out, "--no-pdf")
    assert made(second) == set()
    assert "Rien à refaire : 20 fichiers à jour" in second.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps

    text = CliRunner().invoke(cli, ["--root", str(workspace), "--date", DATE, "build",
                                    "--out", str(out), "--no-pdf"])
    assert text.exit_code == 0 and text.stdout == ""


def test_gestionnaire_change_rebuilds_its_documents_only(workspace: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(workspace, out, "--no-pdf")
    edit(workspace / "records/gestionnaires/cspg.yaml", "nom: Centre Social des Pays du Guiers",
         "nom: Centre social des Pays du Guiers")
    rebuilt = check_against_fresh(workspace, out, tmp_path, "--no-pdf")
    assert rebuilt == {"annexe2.docx", "convention-CFF-2022-CCCC-CSPG.docx",
                       "convention-CFF-2022-SLP-CSPG.docx"}


def test_exemple_marking_is_an_input(workspace: Path, tmp_path: Path) -> None:
    """A value that becomes illustrative compares equal to the plain one: still rebuilt."""
    out = tmp_path / "out"
    build(workspace, out, "--no-pdf")
    edit(workspace / "records/gestionnaires/cspg.yaml", "exemple: [siret,", "exemple: [nom, siret,")
    rebuilt = check_against_fresh(workspace, out, tmp_path, "--no-pdf")
    assert "convention-CFF-2022-CCCC-CSPG.docx" in rebuilt
    assert all("CSPG" in name or name == "annexe2.docx" for name in rebuilt)


def test_comment_in_a_record_rebuilds_nothing(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(workspace, out, "--no-pdf")
    path = workspace / "records/communes.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# une remarque\n", encoding="utf-8")
    assert check_against_fresh(workspace, out, tmp_path, "--no-pdf") == set()


def test_template_edited_in_place(workspace: Path, tmp_path: Path) -> None:
    """Same size and modification time, other content: the template's bytes count."""
    out = tmp_path / "out"
    build(workspace, out, "--no-pdf")
    template = workspace / "templates/plan-action.docx"
    info = template.stat()
    data = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(data, "w") as target:
        for item in source.infolist():
            part = source.read(item)
            if item.filename == "word/document.xml":
                part = part.replace(b"<w:body>", b"<w:body><w:p/>", 1)
            target.writestr(item, part)
    template.write_bytes(data.getvalue())
    os.utime(template, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert check_against_fresh(workspace, out, tmp_path, "--no-pdf") == {"plan-action.docx"}


def test_date_option_is_an_input(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(workspace, out, "--no-pdf", date="2022-07-01")
    rebuilt = check_against_fresh(workspace, out, tmp_path, "--no-pdf")
    assert rebuilt  # the 2024 séance and its acts exist now
    check_against_fresh(workspace, out, tmp_path, "--no-pdf", date="2022-07-01")


def test_settings_are_an_input(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(workspace, out, "--no-pdf")
    (workspace / "ctgdocs.toml").write_text("[limites]\nrendu_appels = 99\n", encoding="utf-8")
    result = build(workspace, out, "--no-pdf")
    assert made(result) == set(contents(out))


def test_edited_or_deleted_output_is_rebuilt(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(workspace, out, "--no-pdf")
    original = contents(out)
    (out / "annexe2.docx").write_bytes(b"edited by hand")
    (out / "plan-action.docx").unlink()
    result = build(workspace, out, "--no-pdf")
    assert made(result) == {"annexe2.docx", "plan-action.docx"}
    assert contents(out) == original


def test_corrupt_manifest_means_rebuild(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(workspace, out, "--no-pdf")
    (out / FILE_NAME).write_text("{not json", encoding="utf-8")
    assert made(build(workspace, out, "--no-pdf")) == set(contents(out))


def test_one_document_command_shares_the_manifest(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(workspace, out, "--no-pdf")
    runner = CliRunner()
    args = ["--root", str(workspace), "--date", DATE, "convention", "CFF-2022-CCCC-CSPG",
            "--no-pdf", "--out", str(out)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "1 fichier à jour" in result.stderr
    (out / "convention-CFF-2022-CCCC-CSPG.docx").unlink()
    result = runner.invoke(cli, args)
    assert result.stdout.strip().endswith("convention-CFF-2022-CCCC-CSPG.docx")
    assert made(build(workspace, out, "--no-pdf")) == set()


def fake_soffice(folder: Path, marker: str = "1") -> Path:
    script = folder / "soffice"
    script.write_text(FAKE_SOFFICE.replace("{marker}", marker), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_pdfs_follow_their_docx_and_libreoffice(workspace: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    tools = tmp_path / "tools"
    tools.mkdir()
    monkeypatch.setenv("CTGDOCS_SOFFICE", str(fake_soffice(tools)))
    out = tmp_path / "out"
    first = build(workspace, out)
    pdfs = {name for name in contents(out) if name.endswith(".pdf")}
    assert len(pdfs) == 20 and pdfs <= made(first)
    assert made(build(workspace, out)) == set()

    (out / "annexe2.pdf").unlink()
    assert made(build(workspace, out)) == {"annexe2.pdf"}
    assert made(build(workspace, out, "--no-pdf")) == set()

    edit(workspace / "records/gestionnaires/cspg.yaml", "nom: Centre Social des Pays du Guiers",
         "nom: Centre social des Pays du Guiers")
    expected = {f"{stem}.{ext}" for stem in ("annexe2", "convention-CFF-2022-CCCC-CSPG",
                                             "convention-CFF-2022-SLP-CSPG")
                for ext in ("docx", "pdf")}
    assert made(build(workspace, out)) == expected

    monkeypatch.setenv("CTGDOCS_SOFFICE", str(fake_soffice(tools, "another LibreOffice")))
    assert made(build(workspace, out)) == pdfs
    shutil.rmtree(tools)
