"""LibreOffice never outlives ctgdocs and leaves no profile behind: a file it hangs on is
abandoned and named while the others are written; SIGTERM stops it; after a SIGKILL of
ctgdocs, the next run stops the orphan and removes its profile."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ctgdocs import pdf

from .conftest import REPO

FAKE = textwrap.dedent('''\
    import os, subprocess, sys, time
    args = sys.argv[1:]
    outdir = args[args.index("--outdir") + 1]
    sources = [a for a in args if a.endswith(".docx")]
    os.makedirs(outdir, exist_ok=True)
    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    with open(os.environ["FAKE_PIDS"], "a") as f:
        f.write(f"{os.getpid()} {helper.pid}\\n")
    for source in sources:
        name = os.path.basename(source)
        if "bloque" in name:
            time.sleep(300)
        with open(os.path.join(outdir, name[:-5] + ".pdf"), "wb") as out:
            out.write(b"%PDF-1.4\\n" + name.encode() + b"\\n%%EOF\\n")
    helper.kill()
    ''')


def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for soffice that converts instantly, hangs on files named *bloque*, and
    starts a helper process as soffice starts soffice.bin."""
    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\n{FAKE}", encoding="utf-8")
    script.chmod(0o755)
    pids = tmp_path / "pids.txt"
    monkeypatch.setenv("CTGDOCS_SOFFICE", str(script))
    monkeypatch.setenv("FAKE_PIDS", str(pids))
    return pids


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[0]
    except (OSError, IndexError):
        return ""


def processes_using(marker: str) -> list[int]:
    """Processes whose command line mentions ``marker`` (this test's own folders)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode("utf-8", "replace") \
                        and "Z" not in _state(int(entry.name)):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


pytestmark = pytest.mark.skipif(not Path("/proc/self").exists(), reason="Linux /proc")


def test_a_hung_file_is_abandoned_named_and_the_others_converted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pids = fake_soffice(tmp_path, monkeypatch)
    sources = []
    for name in ("un", "bloque", "trois"):
        sources.append(tmp_path / f"{name}.docx")
        sources[-1].write_bytes(b"PK")
    started = time.monotonic()
    with pytest.raises(pdf.PartialConversion) as caught:
        pdf.convert(sources, timeout_per_file=1)
    assert time.monotonic() - started < 30
    assert str(caught.value) == (
        "LibreOffice est resté bloqué plus de 1 secondes sur bloque.docx : conversion "
        "abandonnée (si ce document est simplement long, relevez la limite dans "
        "ctgdocs.toml, section [limites], par exemple « conversion_secondes = 5 »).")
    assert sorted(p.name for p in caught.value.converted) == ["trois.docx", "un.docx"]
    assert [p.name for p in caught.value.failed] == ["bloque.docx"]
    for line in pids.read_text().splitlines():  # both soffice runs and their helpers
        for pid in map(int, line.split()):
            assert not alive(pid), pid


def test_build_writes_the_others_and_exits_1(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from ctgdocs.cli import cli

    fake_soffice(tmp_path, monkeypatch)
    workspace = tmp_path / "ws"
    for folder in ("records", "templates"):
        shutil.copytree(REPO / folder, workspace / folder)
    (workspace / "ctgdocs.toml").write_text("demonstration = true\n[limites]\n"
                                            "conversion_secondes = 1\n", encoding="utf-8")
    monkeypatch.setattr(pdf, "START_SECONDS", 1.0)
    # the fake hangs on a file whose name contains "bloque": rename the Annexe 2's output
    from ctgdocs import documents

    original = documents.annexe2_job
    monkeypatch.setattr(documents, "annexe2_job", lambda records, date: documents.Job(
        "annexe2", "annexe2-bloque", "Annexe 2", original(records, date).context))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["--root", str(workspace), "--date", "2022-07-06",
                                      "build", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "annexe2-bloque.docx : conversion abandonnée" in result.stderr
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert "annexe2-bloque.pdf" not in pdfs and len(pdfs) == len(list(out.glob("*.docx"))) - 1


def _start_build(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    temp = tmp_path / "tmp"
    temp.mkdir()
    workspace = tmp_path / "ws"
    for folder in ("records", "templates"):
        shutil.copytree(REPO / folder, workspace / folder)
    env = {**os.environ, "TMPDIR": str(temp)}
    process = subprocess.Popen(
        [sys.executable, "-m", "ctgdocs", "--root", str(workspace), "--date",
         "2022-07-06", "build", "--out", str(tmp_path / "out")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not [p for p in processes_using(str(temp)) if p != process.pid]:
        assert time.monotonic() < deadline, "LibreOffice n'a pas démarré"
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        time.sleep(0.2)
    time.sleep(1)  # LibreOffice well started (soffice.bin)
    return process, temp


def test_sigterm_stops_libreoffice_and_removes_its_profile(soffice: str,
                                                          tmp_path: Path) -> None:
    process, temp = _start_build(tmp_path)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    assert processes_using(str(temp)) == []
    assert list(temp.glob("ctgdocs-lo-*")) == []


def test_after_a_sigkill_the_next_run_stops_the_orphan(soffice: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    process, temp = _start_build(tmp_path)
    process.kill()
    process.wait(timeout=30)
    orphans = processes_using(str(temp))
    assert orphans, "LibreOffice survit à un SIGKILL de ctgdocs (ce que ce test vérifie)"
    [profile] = temp.glob("ctgdocs-lo-*")
    assert pdf.clean_stale(temp) == [profile]  # what the next conversion does first
    deadline = time.monotonic() + 10
    while processes_using(str(temp)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_using(str(temp)) == []
    assert not profile.exists()


def test_a_live_owners_profile_is_left_alone(tmp_path: Path) -> None:
    mine = tmp_path / "ctgdocs-lo-vivant"
    mine.mkdir()
    (mine / pdf.OWNER_FILE).write_text(f'{{"pid": {os.getppid()}}}', encoding="utf-8")
    dead = tmp_path / "ctgdocs-lo-mort"
    dead.mkdir()
    (dead / pdf.OWNER_FILE).write_text('{"pid": 999999999, "soffice": 999999998}',
                                       encoding="utf-8")
    assert pdf.clean_stale(tmp_path) == [dead]
    assert mine.exists() and not dead.exists()
