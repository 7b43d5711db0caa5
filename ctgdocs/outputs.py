"""Writing generated files: complete or absent, never half written.

A file is written under a hidden temporary name (``.NAME.PID.tmp``) beside its final name,
flushed, then renamed over it. A process killed in between leaves that temporary file: the
next command that writes in the folder removes the ones whose process is gone. Files and
folders get the user's normal permissions (the umask), as any file they create.

``stop_point()`` is a test hook: with ``CTGDOCS_TEST_STOP_AT_WRITE=N`` in the environment,
the process stops dead (as if killed) at the Nth write point, after the temporary file is
written and before it is renamed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import faults
from .errors import OutputError
from .oserrors import reason

STOP_VARIABLE = "CTGDOCS_TEST_STOP_AT_WRITE"


@dataclass
class GenerateResult:
    """What a generating command stands for: files written, files already up to date."""

    files: list[Path] = field(default_factory=list)  # written by this run
    up_to_date: list[Path] = field(default_factory=list)  # left as they were
    pdf_skipped: str | None = None  # why PDFs were not produced, when they were wanted

    @property
    def outputs(self) -> list[Path]:
        """Every file this run stands for, written or already up to date, sorted."""
        return sorted(self.files + self.up_to_date)
_LEFTOVER = re.compile(r"^\..+\.(\d+)\.tmp$")
_writes = 0


def stop_point() -> None:
    """Count a write point; stop the process at the one ``CTGDOCS_TEST_STOP_AT_WRITE`` names
    (or at the file write ``CTGDOCS_TEST_STOP_AT=fichier:N`` names, see faults.py)."""
    global _writes
    faults.point("fichier")
    wanted = os.environ.get(STOP_VARIABLE)
    if not wanted:
        return
    _writes += 1
    if _writes == int(wanted):
        os._exit(86)  # no clean-up, no flush: as abrupt as a kill


def temporary_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files and folders left in ``folder`` by killed processes."""
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if not match or _alive(int(match[1]), entry):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
    return removed


def _alive(pid: int, entry: Path) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # no safe liveness probe: trust a day's age
        with contextlib.suppress(OSError):
            return time.time() - entry.stat().st_mtime < 86_400
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def staging_dir(folder: Path, name: str) -> Path:
    """A fresh hidden folder ``folder/.NAME.PID.tmp`` (user's normal permissions), to be
    renamed into place once complete; removed by ``clean_leftovers`` if the process dies."""
    path = temporary_name(folder / name)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    return path


def prepare_dir(folder: Path) -> None:
    """Create ``folder`` if needed, make sure files can be written in it, and remove what
    killed processes left there."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_leftovers(folder)
        probe = folder / f".ctgdocs-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(
            f"Impossible d'écrire dans le dossier de sortie {folder} ({_reason(exc)}). "
            "Choisissez un autre dossier avec --out ou vérifiez ses droits."
        ) from None


def atomic_write(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it over.

    ``durable=False``: not forced to disk before the rename, for a generated file that the
    next run checks against the bytes its manifest recorded (one lost in a power cut is
    made again): forcing each to disk cost more than rendering it."""
    temporary = temporary_name(path)
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise _unwritable(path, exc) from None
    _rename(temporary, path)


def _rename(made: Path, path: Path) -> None:
    """``made``, a complete file of the same folder (or of a folder in it), renamed over
    ``path``; a test may stop the process just before (``stop_point``)."""
    try:
        stop_point()
        os.replace(made, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            made.unlink()
        raise _unwritable(path, exc) from None


def _unwritable(path: Path, exc: OSError) -> OutputError:
    hint = " (le fichier est peut-être ouvert dans Word ?)" if path.exists() else ""
    return OutputError(f"Impossible d'écrire {path} : {_reason(exc)}{hint}")


class Staging:
    """The files one command makes in ``folder``, kept until every one is made in a hidden
    folder inside it (``staging_dir``: removed by ``clean_leftovers`` if the process dies),
    then renamed into place one by one (``place``). A command that fails before leaves the
    folder as it was (removed again if the command made it), and the files made wait on
    disk, not in memory."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._path: Path | None = None
        self._made_folder = False

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)
        if kind is not None and self._made_folder:
            with contextlib.suppress(OSError):
                self.folder.rmdir()  # only if nothing was placed in it

    def _staging(self) -> Path:
        if self._path is None:
            self._made_folder = not self.folder.exists()
            prepare_dir(self.folder)
            try:
                self._path = staging_dir(self.folder, "rendu")
            except OSError as exc:
                raise _unwritable(self.folder, exc) from None
        return self._path

    def put(self, name: str, data: bytes) -> Path:
        """``data`` kept as the file ``name``; its path."""
        path = self._staging() / name
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise _unwritable(self.folder / name, exc) from None
        return path

    def take(self, source: Path, name: str) -> Path:
        """The file ``source`` (made elsewhere) moved in as ``name``; its path."""
        path = self._staging() / name
        try:
            shutil.move(source, path)
        except OSError as exc:
            raise _unwritable(self.folder / name, exc) from None
        return path

    def place(self, staged: Path, path: Path) -> None:
        """The kept file ``staged`` renamed over ``path``, in the folder."""
        _rename(staged, path)


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission refusée"
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return "un fichier porte déjà ce nom"
    return reason(exc)
