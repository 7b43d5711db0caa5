"""The user's cache folder: work kept from one command to the next (prepared templates,
loaded records, LibreOffice's first profile), one file per result, named by the digest of
all it is made from.

The folder is ``$CTGDOCS_CACHE``, else ``$XDG_CACHE_HOME/ctgdocs``, else
``~/.cache/ctgdocs`` (on Windows ``%LOCALAPPDATA%\\ctgdocs``), one subfolder per kind of
file. Set ``CTGDOCS_CACHE=aucun`` to keep nothing.

A kept file is loaded as code or objects, which run: like Python's own bytecode cache, it
is trusted only in a folder that belongs to the user and that nobody else may write to;
anywhere else nothing is read or kept. Files are written whole (a temporary file, then
renamed), so two commands at once cannot see half of one; beyond ``keep`` files of a kind,
or their ``budget`` of bytes, those used longest ago are removed. A file that cannot be
used only costs time: its caller makes the result again and keeps it anew.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
from pathlib import Path

OFF = "aucun"
MIB = 1024 * 1024


def name(*parts: object) -> str:
    """The name a result is kept under: the digest of all it is made from."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(f"{part}\0".encode())
    return sha.hexdigest()


def read(kind: str, name: str) -> bytes | None:
    """The bytes kept under ``name``; None if there are none, or none to trust."""
    folder = _folder(kind, create=False)
    if folder is None:
        return None
    try:
        with open(folder / name, "rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                return None
            data = handle.read()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(folder / name)  # used now: the last to be removed
    return data


def write(kind: str, name: str, data: bytes, keep: int, budget: int = 256 * MIB) -> None:
    """Keep ``data`` under ``name``, if the folder can be trusted (else nothing); of the
    files of ``kind``, the ``keep`` used last and within ``budget`` bytes stay."""
    folder = _folder(kind, create=True)
    if folder is None:
        return
    with contextlib.suppress(OSError):  # a file not kept only costs time
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(folder, Path(name).suffix, keep, budget)


def _folder(kind: str, create: bool) -> Path | None:
    base = os.environ.get("CTGDOCS_CACHE", "")
    if base == OFF:
        return None
    if base:
        folder = Path(base)
    elif sys.platform == "win32":
        folder = Path(os.environ.get("LOCALAPPDATA") or Path.home()) / "ctgdocs"
    else:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ctgdocs"
    folder = folder / kind
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    return folder if stat.S_ISDIR(info.st_mode) and _trusted(info) else None


def _trusted(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (POSIX; Windows keeps per-user folders
    to their user)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _prune(folder: Path, suffix: str, keep: int, budget: int) -> None:
    files = []
    for path in folder.glob(f"*{suffix}"):
        with contextlib.suppress(OSError):
            info = path.stat()
            files.append((info.st_mtime, info.st_size, path))
    total = 0
    for count, (_, size, path) in enumerate(sorted(files, reverse=True)):
        total += size
        if count >= keep or (count and total > budget):  # the newest always stays
            with contextlib.suppress(OSError):
                path.unlink()
