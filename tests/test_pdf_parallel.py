"""One LibreOffice per core: a parallel build gives the same .docx, byte for byte, and the
same PDFs once what LibreOffice changes on every run (IDs, dates, XMP) is normalised; a
file LibreOffice crashes or hangs on is named, the others written, nothing left running."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from ctgdocs import pdf, pdfpool
from ctgdocs.cli import cli

from .test_libreoffice_processes import _start_build, alive, processes_using

VOLATILE = [re.compile(rb"/CreationDate\s*\(D:[^)]*\)"), re.compile(rb"/ModDate\s*\(D:[^)]*\)"),
            re.compile(rb"/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]"),
            re.compile(rb"/DocChecksum\s*/[0-9A-Fa-f]+"),
            re.compile(rb"<(xmp:\w+Date|xmpMM:\w+ID)>[^<]*</"),
            re.compile(rb'(xmp:\w+Date|xmpMM:\w+ID)="[^"]*"')]


def normalised(data: bytes) -> bytes:
    """The PDF with each volatile value blanked to the same length (offsets unchanged)."""
    for pattern in VOLATILE:
        data = pattern.sub(lambda m: b"X" * len(m.group(0)), data)
    return data


def build(workspace: Path, out: Path, workers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfpool, "default_workers", lambda: workers)
    result = CliRunner().invoke(cli, ["--root", str(workspace), "--date", "2026-11-28",
                                      "build", "--out", str(out)])
    assert result.exit_code == 0, result.output


def test_parallel_equals_serial(soffice: str, workspace: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    build(workspace, tmp_path / "serial", 1, monkeypatch)
    build(workspace, tmp_path / "parallel", 3, monkeypatch)
    serial = sorted((tmp_path / "serial").glob("[!.]*"))
    assert len(serial) == 40
    for path in serial:
        other = (tmp_path / "parallel" / path.name).read_bytes()
        if path.suffix == ".docx":
            assert other == path.read_bytes(), path.name
        else:
            assert normalised(other) == normalised(path.read_bytes()), path.name


FAKE = textwrap.dedent('''\
    import os, sys, time
    args = sys.argv[1:]
    outdir = args[args.index("--outdir") + 1]
    os.makedirs(outdir, exist_ok=True)
    with open(os.environ["FAKE_PIDS"], "a") as f:
        f.write(f"{os.getpid()}\\n")
    for source in [a for a in args if a.endswith(".docx")]:
        name = os.path.basename(source)
        if "plante" in name:
            os._exit(139)  # as a crash: no output for this file nor the next ones
        if "bloque" in name:
            time.sleep(300)
        with open(os.path.join(outdir, name[:-5] + ".pdf"), "wb") as out:
            out.write(b"%PDF-1.4\\n" + name.encode() + b"\\n%%EOF\\n")
    ''')


def test_crash_and_hang_in_parallel_are_named(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\n{FAKE}", encoding="utf-8")
    script.chmod(0o755)
    pids = tmp_path / "pids.txt"
    monkeypatch.setenv("CTGDOCS_SOFFICE", str(script))
    monkeypatch.setenv("FAKE_PIDS", str(pids))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(pdf, "START_SECONDS", 1.0)
    names = ["a1", "plante", "a2", "a3", "bloque", "a4", "a5", "a6"]
    sources = []
    for name in names:
        sources.append(tmp_path / f"{name}.docx")
        sources[-1].write_bytes(b"PK")
    with pytest.raises(pdf.PartialConversion) as caught:
        pdf.convert(sources, timeout_per_file=1, workers=2)
    message = str(caught.value)
    assert "n'a pas pu convertir en PDF : plante.docx." in message
    assert "resté bloqué plus de 1 secondes sur bloque.docx" in message
    assert sorted(p.stem for p in caught.value.converted) == ["a1", "a2", "a3", "a4", "a5",
                                                              "a6"]
    assert sorted(p.stem for p in caught.value.failed) == ["bloque", "plante"]
    for line in pids.read_text().splitlines():
        assert not alive(int(line))
    assert processes_using(str(tmp_path)) == []
    assert list(tmp_path.glob("ctgdocs-lo-*")) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_stops_every_libreoffice_and_writes_nothing(
        soffice: str, tmp_path: Path, sig: signal.Signals) -> None:
    process, temp = _start_build(tmp_path)
    process.send_signal(sig)
    code = process.wait(timeout=60)
    assert code != 0
    assert processes_using(str(temp)) == []
    assert list(temp.glob("ctgdocs-lo-*")) == []
    out = tmp_path / "out"
    assert not out.exists() or list(out.iterdir()) == []  # PDFs come last, and all at once


STARTS = textwrap.dedent('''\
    import os, sys, time
    if "--terminate_after_init" in sys.argv:  # a profile made: no conversion started
        sys.exit()
    with open(os.environ["FAKE_STARTS"], "a") as f:
        f.write(f"{time.time()}\\n")
    args = sys.argv[1:]
    outdir = args[args.index("--outdir") + 1]
    os.makedirs(outdir, exist_ok=True)
    for source in [a for a in args if a.endswith(".docx")]:
        name = os.path.basename(source)
        with open(os.path.join(outdir, name[:-5] + ".pdf"), "wb") as out:
            out.write(b"%PDF-1.4\\n" + name.encode() + b"\\n%%EOF\\n")
    ''')


def test_libreoffice_starts_while_documents_are_still_rendered(
        workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ctgdocs import render

    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\n{STARTS}", encoding="utf-8")
    script.chmod(0o755)
    starts = tmp_path / "starts.txt"
    monkeypatch.setenv("CTGDOCS_SOFFICE", str(script))
    monkeypatch.setenv("FAKE_STARTS", str(starts))
    rendered: list[float] = []
    original = render.Templates.render

    def timed(self: render.Templates, *args: object) -> bytes:
        data = original(self, *args)  # type: ignore[arg-type]
        time.sleep(0.05)  # rendering as slow as a busy machine's: starting soffice is not
        rendered.append(time.time())
        return data

    monkeypatch.setattr(render.Templates, "render", timed)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["--root", str(workspace), "--date", "2026-11-28",
                                      "build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(rendered) == 20 and len(list(out.glob("*.pdf"))) == 20
    first_start = min(float(line) for line in starts.read_text().split())
    assert first_start < rendered[-1]  # converting began before the last render


# soffice converting more slowly than ctgdocs renders, as the real one does: it begins
# converting once every document is rendered (ctgdocs hands it copies in <work>/in/N/)
SLOW = textwrap.dedent('''\
    import glob, os, sys, time
    if "--terminate_after_init" in sys.argv:  # a profile made: no conversion started
        sys.exit()
    with open(os.environ["FAKE_STARTS"], "a") as f:
        f.write(f"{time.time()}\\n")
    args = sys.argv[1:]
    outdir = args[args.index("--outdir") + 1]
    os.makedirs(outdir, exist_ok=True)
    sources = [a for a in args if a.endswith(".docx")]
    inputs = os.path.dirname(os.path.dirname(sources[0]))
    deadline = time.time() + 60
    while len(glob.glob(os.path.join(inputs, "*", "*.docx"))) < 20 and time.time() < deadline:
        time.sleep(0.05)
    for source in sources:
        name = os.path.basename(source)
        with open(os.path.join(outdir, name[:-5] + ".pdf"), "wb") as out:
            out.write(b"%PDF-1.4\\n" + name.encode() + b"\\n%%EOF\\n")
    ''')


def test_each_libreoffice_starts_once_on_its_share(workspace: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A start costs about a second of processor time: the 20 documents of the reference
    build are converted in one start per worker, not one start per rendered document."""
    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\n{SLOW}", encoding="utf-8")
    script.chmod(0o755)
    starts = tmp_path / "starts.txt"
    monkeypatch.setenv("CTGDOCS_SOFFICE", str(script))
    monkeypatch.setenv("FAKE_STARTS", str(starts))
    build(workspace, tmp_path / "out", 2, monkeypatch)
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 20
    assert len(starts.read_text().split()) == 2


def test_libreoffice_runs_with_malloc_tuned_and_the_users_tunables_kept(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")
    tunables = pdf.office_environment()["GLIBC_TUNABLES"].split(":")
    assert tunables[-1] == "glibc.malloc.arena_max=2"  # the last one set wins
    assert any(t.startswith("glibc.malloc.mmap_threshold=") for t in tunables)


# LibreOffice 7.4 quits with status 0 after 243 files in one start, as if it had done them
# all: this one after FAKE_LIMIT files; it records each start's files and cannot read
# "illisible" (no output, it goes on, as LibreOffice does)
LIMITED = textwrap.dedent('''\
    import os, sys
    args = sys.argv[1:]
    outdir = args[args.index("--outdir") + 1]
    os.makedirs(outdir, exist_ok=True)
    sources = [a for a in args if a.endswith(".docx")]
    with open(os.environ["FAKE_STARTS"], "a") as f:
        f.write(f"{len(sources)}\\n")
    for source in sources[:int(os.environ["FAKE_LIMIT"])]:
        name = os.path.basename(source)
        if "illisible" not in name:
            with open(os.path.join(outdir, name[:-5] + ".pdf"), "wb") as out:
                out.write(b"%PDF-1.4\\n" + name.encode() + b"\\n%%EOF\\n")
    ''')


def _limited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int,
             names: list[str]) -> tuple[list[Path], Path]:
    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\n{LIMITED}", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("CTGDOCS_SOFFICE", str(script))
    monkeypatch.setenv("FAKE_STARTS", str(tmp_path / "starts.txt"))
    monkeypatch.setenv("FAKE_LIMIT", str(limit))
    sources = []
    for name in names:
        sources.append(tmp_path / f"{name}.docx")
        sources[-1].write_bytes(b"PK")
    return sources, tmp_path / "starts.txt"


def test_a_start_takes_at_most_its_limit_of_files(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfpool, "MAX_FILES_PER_START", 4)
    sources, starts = _limited(tmp_path, monkeypatch, 1000, [f"d{i:02d}" for i in range(10)])
    converted = pdf.convert(sources, timeout_per_file=30, workers=1)
    assert sorted(converted) == sources
    assert [int(n) for n in starts.read_text().split()] == [4, 4, 2]


def test_files_left_by_a_start_that_quit_early_go_to_the_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file is converted; a file LibreOffice cannot read is still named, even last."""
    sources, starts = _limited(tmp_path, monkeypatch, 3,
                               [*(f"d{i}" for i in range(7)), "illisible"])
    with pytest.raises(pdf.PartialConversion) as caught:
        pdf.convert(sources, timeout_per_file=30, workers=1)
    assert [p.stem for p in caught.value.failed] == ["illisible"]
    assert sorted(p.stem for p in caught.value.converted) == [f"d{i}" for i in range(7)]
    assert [int(n) for n in starts.read_text().split()] == [8, 5, 2, 1]


def test_progress_counts_each_conversion_once(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A start that quits early and a file it cannot read included: each file converted is
    told once, as LibreOffice writes it."""
    sources, _ = _limited(tmp_path, monkeypatch, 3, [*(f"d{i}" for i in range(7)), "illisible"])
    told: list[str] = []
    with (pdfpool.Pool(30, workers=2, progress=lambda key, _: told.append(key.stem)) as pool,
          pytest.raises(pdf.PartialConversion)):
        pool.run([(source, "pdf") for source in sources])
    assert sorted(told) == [f"d{i}" for i in range(7)]


def test_build_progress_reaches_its_end(workspace: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The progress bar has a step per document and per conversion; a build takes them
    all, the second time too (files up to date)."""
    from ctgdocs import documents
    from ctgdocs.check import checked_records
    from ctgdocs.generate import generate, step_count
    from ctgdocs.workspace import Workspace

    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\n{STARTS}", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("CTGDOCS_SOFFICE", str(script))
    monkeypatch.setenv("FAKE_STARTS", str(tmp_path / "starts.txt"))
    space = Workspace(workspace)
    records = checked_records(space)
    jobs = documents.all_jobs(records, documents.Chronology(date(2026, 11, 28)))
    for _ in range(2):
        steps: list[str] = []
        generate(space, jobs, tmp_path / "out", with_pdf=True, require_pdf=True,
                 progress=steps.append, records=records)
        assert len(steps) == step_count(jobs, 1) == 40


def test_files_given_at_once_are_shared_between_the_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pdf.convert (pack): each worker takes its share, not the first one all the files."""
    sources, starts = _limited(tmp_path, monkeypatch, 1000, [f"d{i:02d}" for i in range(10)])
    converted = pdf.convert(sources, timeout_per_file=30, workers=2)
    assert sorted(converted) == sources
    assert [int(n) for n in starts.read_text().split()] == [5, 5]


def _state(pid: int) -> bytes:
    return Path(f"/proc/{pid}/stat").read_bytes().rpartition(b")")[2].split()[0]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux /proc")
def test_a_group_left_with_zombies_has_ended() -> None:
    """The gpg helpers of LibreOffice stay as zombies until the system reaps them: a group
    holding nothing else is not waited for."""
    running = subprocess.Popen(["sleep", "30"], start_new_session=True)
    try:
        assert pdf.group_running(running.pid)
    finally:
        started = time.monotonic()
        pdf.kill_group(running.pid)
        running.wait()
    assert time.monotonic() - started < 2.5  # SIGTERM was enough
    ended = subprocess.Popen(["true"], start_new_session=True)
    deadline = time.monotonic() + 10
    while _state(ended.pid) != b"Z" and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(ended.pid, 0)  # the group still exists, as a zombie not yet reaped
    assert not pdf.group_running(ended.pid)
    started = time.monotonic()
    pdf.kill_group(ended.pid)
    assert time.monotonic() - started < 0.5
    ended.wait()
