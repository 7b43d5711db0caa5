"""Prepared templates kept from one build to the next, in the user's cache folder.

Preparing a template (opening it, pre-processing it and compiling its Jinja sources:
prepared.py) costs 30 to 70 ms, paid by every build for each of its templates. The result is
kept in ``$CTGDOCS_CACHE``, else ``$XDG_CACHE_HOME/ctgdocs``, else ``~/.cache/ctgdocs`` (on
Windows ``%LOCALAPPDATA%\\ctgdocs``), one file per template, named by the digest of all it
is made from: the template's bytes, the limits, and the tools (ctgdocs's code, Python, the
libraries: ``buildinputs.tools_identity``). Set ``CTGDOCS_CACHE=aucun`` to keep nothing.

A file holds compiled code, which runs: like Python's own bytecode cache, it is trusted only
in a folder that belongs to the user and that nobody else may write to; anywhere else
nothing is read or kept. A file that does not load is ignored and written again. Files are
written whole (a temporary file, then renamed), so two builds at once cannot see half of
one; beyond ``KEEP`` files the oldest are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
import tempfile
from pathlib import Path

from .buildinputs import tools_identity
from .limits import Limites
from .prepared import Preparation

FORMAT = "3"  # of the cached files; bump when Preparation changes
KEEP = 64  # files kept: a few versions of every template
OFF = "aucun"


def key(data: bytes, limits: Limites) -> str:
    """The name of the preparation of the template ``data`` under ``limits``."""
    sha = hashlib.sha256()
    for part in (FORMAT, tools_identity(), limits.model_dump_json(),
                 hashlib.sha256(data).hexdigest()):
        sha.update(part.encode("utf-8") + b"\0")
    return sha.hexdigest()


def load(name: str) -> Preparation | None:
    """The preparation kept under ``name``; None if there is none, or none to trust."""
    folder = _folder(create=False)
    if folder is None:
        return None
    path = folder / f"{name}.modele"
    try:
        with open(path, "rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                return None
            return Preparation.load(marshal.loads(handle.read()))
    except (OSError, ValueError, EOFError, TypeError):  # absent, unreadable or outdated
        return None


def save(name: str, prepared: Preparation) -> None:
    """Keep ``prepared`` under ``name``, if the cache folder can be trusted (else nothing)."""
    folder = _folder(create=True)
    if folder is None:
        return
    with contextlib.suppress(OSError):  # a cache not written only costs time
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps(prepared.dump()))
            os.replace(temporary, folder / f"{name}.modele")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(folder)


def _folder(create: bool) -> Path | None:
    base = os.environ.get("CTGDOCS_CACHE", "")
    if base == OFF:
        return None
    if base:
        folder = Path(base)
    elif sys.platform == "win32":
        folder = Path(os.environ.get("LOCALAPPDATA") or Path.home()) / "ctgdocs"
    else:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ctgdocs"
    folder = folder / "modeles"
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


def _prune(folder: Path) -> None:
    files = []
    for path in folder.glob("*.modele"):
        with contextlib.suppress(OSError):
            files.append((path.stat().st_mtime, path))
    for _, path in sorted(files)[:-KEEP]:
        with contextlib.suppress(OSError):
            path.unlink()
