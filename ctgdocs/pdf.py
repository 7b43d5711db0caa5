"""PDF conversion with LibreOffice, headless, in a throw-away profile.

One soffice start converts a whole batch (start-up dominates: about 0.8 s a start, then
0.05 to 0.1 s a document of the reference workspace, measured here with glibc's malloc
tuned). soffice exits 0 even when a file fails, so each expected PDF is checked.

LibreOffice never outlives ctgdocs: soffice runs in its own session (its own process group),
and that whole group is stopped on every way out — success, error, timeout, Ctrl-C, SIGTERM
or SIGHUP. Only a SIGKILL of ctgdocs cannot be caught: each profile folder records who owns
it, and the next conversion stops the LibreOffice of a dead owner and removes its folder.
A file on which LibreOffice hangs is abandoned after a delay, named, and the batch goes on
with the next files; the error lists the files that failed and carries those that converted.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import ConversionError

WINDOWS_CANDIDATES = [
    Path(os.environ.get(var, "")) / "LibreOffice" / "program" / "soffice.exe"
    for var in ("PROGRAMFILES", "PROGRAMFILES(X86)")
    if os.environ.get(var)
]
MAC_CANDIDATES = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
PROFILE_PREFIX = "ctgdocs-lo-"
OWNER_FILE = "proprietaire.json"
START_SECONDS = 60.0  # LibreOffice's start, on a cold, busy machine
FILE_SECONDS = 60.0  # one file; a file taking longer is abandoned
POLL_SECONDS = 0.1
STALE_SECONDS = 86_400  # a profile folder whose owner cannot be asked is removed after a day
HEADLESS = ("--headless", "--invisible", "--nologo", "--norestore", "--nodefault")
# glibc's malloc, as LibreOffice runs it by default, returns large blocks to the system and
# takes them back, zeroed, again and again: about 0.4 s of system time per start and per
# batch of 20 files, measured here. Keeping them (at most a few tens of MiB more) removes it;
# other C libraries ignore the variable.
MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=134217728:glibc.malloc.trim_threshold=268435456"


class LibreOfficeMissing(ConversionError):
    def __init__(self) -> None:
        super().__init__(
            "LibreOffice est introuvable : les PDF ne peuvent pas être produits. "
            + install_hint()
        )


class PartialConversion(ConversionError):
    """Some files could not be converted; ``outputs`` holds what the others gave, by
    (source, format) — their files in the pool's folder, or their bytes — and ``converted``
    the same by source."""

    def __init__(self, message: str, failed: list[Path], outputs: dict[tuple[Path, str], Any]):
        super().__init__(message)
        self.failed = failed
        self.outputs = outputs

    @property
    def converted(self) -> dict[Path, Any]:
        return {key: value for (key, _), value in self.outputs.items()}


def install_hint() -> str:
    if sys.platform.startswith("win"):
        return ("Installez LibreOffice depuis https://fr.libreoffice.org/download/ "
                "ou indiquez le chemin de soffice.exe dans la variable CTGDOCS_SOFFICE.")
    if sys.platform == "darwin":
        return "Installez LibreOffice : brew install --cask libreoffice."
    return ("Installez LibreOffice : sudo apt-get install libreoffice-writer-nogui "
            "fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea "
            "(ou le paquet libreoffice de votre distribution).")


def find_soffice() -> str | None:
    configured = os.environ.get("CTGDOCS_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in WINDOWS_CANDIDATES + MAC_CANDIDATES:
        if candidate.is_file():
            return str(candidate)
    return None


def convert(sources: list[Path], timeout_per_file: float = FILE_SECONDS,
            workers: int | None = None) -> dict[Path, bytes]:
    """Convert .docx files to PDF, one LibreOffice per core, each started once (again only
    after a file on which it hung); return each source's PDF bytes. Raises
    PartialConversion, naming the files that failed, with the PDFs of the others."""
    from .pdfpool import Pool

    if find_soffice() is None:
        raise LibreOfficeMissing()
    if not sources:
        return {}
    with Pool(timeout_per_file, workers) as pool:  # its outputs go with it: read them now
        try:
            outputs = _read(pool.run([(source, "pdf") for source in sources]))
        except PartialConversion as partial:
            raise PartialConversion(str(partial), partial.failed,
                                    _read(partial.outputs)) from None
    return {key: data for (key, _), data in outputs.items()}


def _read(outputs: dict[tuple[Path, str], Path]) -> dict[tuple[Path, str], bytes]:
    return {place: path.read_bytes() for place, path in outputs.items()}


def failure_message(failed: list[Path], hung: list[Path], timeout: float) -> str:
    parts = []
    if failed:
        parts.append("LibreOffice n'a pas pu convertir en PDF : "
                     + ", ".join(p.name for p in failed) + ". Ouvrez ces fichiers dans "
                     "LibreOffice pour voir ce qui les rend illisibles.")
    if hung:
        parts.append(f"LibreOffice est resté bloqué plus de {timeout:g} secondes sur "
                     + ", ".join(p.name for p in hung) + " : conversion abandonnée (si ce "
                     "document est simplement long, relevez la limite dans ctgdocs.toml, "
                     "section [limites], par exemple « conversion_secondes = "
                     f"{int(timeout) * 5} »).")
    return " ".join(parts)


# ------------------------------------------------------------------- the profile folder


def clean_stale(folder: Path | None = None) -> list[Path]:
    """Stop the LibreOffice left by a ctgdocs that was killed, and remove its profile
    folder. A folder is left alone while its owner lives."""
    removed = []
    base = folder or Path(tempfile.gettempdir())
    for work in base.glob(f"{PROFILE_PREFIX}*"):
        try:
            if not work.is_dir() or work.is_symlink():
                continue
            owner = json.loads((work / OWNER_FILE).read_text(encoding="utf-8"))
            pid, recorded = int(owner.get("pid", 0)), owner.get("soffice", [])
            offices = [int(p) for p in (recorded if isinstance(recorded, list) else [recorded])]
        except (OSError, ValueError, AttributeError, TypeError):
            pid, offices = 0, []
        try:
            age = time.time() - work.stat().st_mtime
        except OSError:
            continue
        dead = pid > 0 and pid != os.getpid() and not _alive(pid)
        unknown = pid == 0 or os.name != "posix"  # no owner that can be asked
        if not dead and not (unknown and age > STALE_SECONDS):
            continue
        for office in offices:
            if office and _runs_in(office, work):
                kill_group(office)
        shutil.rmtree(work, ignore_errors=True)
        removed.append(work)
    return removed


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no safe check without extra libraries: the age rule applies
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _runs_in(pid: int, work: Path) -> bool:
    """Whether process ``pid`` is a LibreOffice using the profile in ``work`` (never stop
    a process reusing a recorded number)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
    except OSError:
        if os.name != "posix":
            return False
        try:
            command = subprocess.run(["ps", "-o", "command=", "-p", str(pid)],
                                     capture_output=True, text=True, timeout=5).stdout
        except (OSError, subprocess.SubprocessError):
            return False
    return work.as_uri() in command or str(work) in command


# ------------------------------------------------------------------- running soffice


def run_batch(soffice: str, profile: Path, outdir: Path, sources: list[Path],
              timeout_per_file: float, filter_name: str = "pdf:writer_pdf_Export",
              extension: str = "pdf",
              running: Callable[[int | None], bool] = lambda _: True,
              advanced: Callable[[int], None] = lambda _: None) -> tuple[int | None, bool]:
    """Run one soffice over ``sources``; return the position of the source it stopped on,
    if any, and whether it hung there (else it crashed: it ended with an error before the
    end; LibreOffice ends with 0 after a file it merely cannot read). ``running(pid)`` is
    told of the process (``None`` once it is gone) and answers whether to go on: False
    stops it at once. ``advanced(n)``: the first ``n`` sources are done (as it goes)."""
    command = [
        soffice, f"-env:UserInstallation={profile.as_uri()}", *HEADLESS,
        "--convert-to", filter_name, "--outdir", str(outdir),
        *[str(s) for s in sources],
    ]
    with office(command) as process:
        try:
            if not running(process.pid):
                return None, False
            done, last_change = 0, time.monotonic()
            allowance = START_SECONDS + timeout_per_file
            while process.poll() is None:
                time.sleep(POLL_SECONDS)
                finished = _finished(outdir, sources, extension)
                if finished > done:
                    done, last_change = finished, time.monotonic()
                    allowance = timeout_per_file
                    advanced(done)
                if time.monotonic() - last_change > allowance:
                    return (done, True) if done < len(sources) else (None, False)
        finally:
            running(None)
    done = _finished(outdir, sources, extension)
    advanced(done)
    if process.returncode != 0 and done < len(sources):
        return done, False
    return None, False


def _finished(outdir: Path, sources: list[Path], extension: str) -> int:
    """How far LibreOffice got: one past the last of ``sources`` (it converts them in
    order) whose output exists in ``outdir``. A file it could not load gets no output and
    is passed; the file after the last output is the one being converted."""
    done = 0
    for index, source in enumerate(sources, 1):
        if (outdir / f"{source.stem}.{extension}").exists():
            done = index
    return done


def complete(path: Path, extension: str = "pdf") -> bool:
    """Whether the file at ``path`` was written to its end (a PDF, or an ODF zip); read
    whole only when it is a zip."""
    try:
        with open(path, "rb") as handle:
            if extension != "pdf":
                with zipfile.ZipFile(handle) as archive:
                    return archive.testzip() is None
            head = handle.read(5)
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - 2048))
            return head == b"%PDF-" and b"%%EOF" in handle.read()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


@contextlib.contextmanager
def office(command: list[str]) -> Iterator[subprocess.Popen[bytes]]:
    """soffice in its own session; its whole group stopped however this block ends."""
    kwargs: dict[str, Any] = {}
    if os.name == "posix":
        kwargs["start_new_session"] = True
    else:
        kwargs["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=office_environment(), **kwargs)
    try:
        yield process
    finally:
        _stop(process)


def office_environment() -> dict[str, str]:
    """ctgdocs's environment, with glibc's malloc tuned for LibreOffice (the user's own
    tunables, if any, come after and win)."""
    env = dict(os.environ)
    env["GLIBC_TUNABLES"] = ":".join(
        part for part in (MALLOC_TUNABLES, env.get("GLIBC_TUNABLES", "")) if part)
    return env


def _stop(process: subprocess.Popen[bytes]) -> None:
    if os.name == "posix":
        kill_group(process.pid)
    elif process.poll() is None:
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(process.pid)],
                       capture_output=True, check=False)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def kill_group(pgid: int) -> None:
    """SIGTERM to the group (LibreOffice quits cleanly), SIGKILL if it lingers."""
    if os.name != "posix":
        return
    for sig, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 2.0)):
        if not group_running(pgid):
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and group_running(pgid):
            time.sleep(0.05)


def group_running(pgid: int) -> bool:
    """Whether a process of the group still runs. The gpg helpers LibreOffice starts stay
    as zombies until the system reaps them (up to 1.6 s after LibreOffice ended, measured
    here): dead, they do not count (on Linux, where /proc tells)."""
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:
        entries = [entry.name for entry in os.scandir("/proc") if entry.name.isdigit()]
    except OSError:
        return True
    for pid in entries:
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                fields = handle.read().rpartition(b")")[2].split()
        except OSError:
            continue  # gone meanwhile
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] not in (b"Z", b"X"):
            return True
    return False
