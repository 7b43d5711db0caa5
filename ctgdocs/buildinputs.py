"""Digests of what generated files depend on besides the records: ctgdocs itself (its
code), Python and the libraries installed beside it, LibreOffice, and — for the no-op
check — every input file of a workspace.

Standard library only: this module is on the no-op path.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import sys
from pathlib import Path

from . import packaged
from .manifest import digest, file_sha256

PACKAGE_DIR = Path(__file__).resolve().parent


@functools.cache
def tools_identity() -> str:
    """ctgdocs (its code), Python, and the libraries installed beside ctgdocs."""
    return digest({"python": sys.version, "ctgdocs-code": _code_state(),
                   "distributions": _distributions()})


def _code_state() -> list[list[object]]:
    """The code ctgdocs runs (an editable install keeps its version number while it
    changes), as Python's bytecode cache judges a source."""
    return file_states(PACKAGE_DIR, skip="__pycache__")


def file_states(folder: Path, skip: str = "") -> list[list[object]]:
    """Every file under ``folder`` (but in folders named ``skip``) by name, size and
    modification time."""
    states: list[list[object]] = []
    for parent, subfolders, files in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if name != skip)
        for name in sorted(files):
            path = os.path.join(parent, name)
            with contextlib.suppress(OSError):
                info = os.stat(path)
                states.append([os.path.relpath(path, folder), info.st_size, info.st_mtime_ns])
    return states


def _distributions() -> list[str]:
    """Every distribution installed where Python finds its libraries, by the name of its
    metadata folder, which carries its version: upgrading any library (or installing one)
    changes the identity. Reading each version from its metadata took ten times longer."""
    names: set[str] = set()
    for entry in sys.path:
        if not entry or not os.path.isdir(entry):  # "": the current folder, not libraries
            continue
        with contextlib.suppress(OSError), os.scandir(entry) as found:
            names.update(item.name for item in found
                         if item.name.endswith((".dist-info", ".egg-info")))
    return sorted(names)


def libreoffice_identity(soffice: str) -> str:
    """The LibreOffice installation behind ``soffice``: its real path and the files that
    change with its version (versionrc, soffice.bin), by size and modification time."""
    real = Path(os.path.realpath(soffice))
    parts: list[object] = [str(real)]
    for candidate in (real, real.parent / "soffice.bin", real.parent / "versionrc",
                      real.parent / "bootstraprc", real.parent / "types" / "offapi.rdb"):
        try:
            info = candidate.stat()
        except OSError:
            continue
        parts.append([candidate.name, info.st_size, info.st_mtime_ns])
    return digest(parts)


def workspace_inputs(root: Path) -> str:
    """Every file of the workspace a document may be made from: records, templates (the
    workspace's and the installed ones), pieces, ctgdocs.toml, and the register's journal
    (its head by content, its entries — never rewritten — by name and size)."""
    parts: list[object] = []
    for folder in ("records", "templates", "pieces"):
        parts.append([folder, _tree(root / folder)])
    default = packaged.templates_folder()
    if isinstance(default, Path):
        parts.append(["installed templates", _tree(default)])
    parts.append(["ctgdocs.toml", file_sha256(root / "ctgdocs.toml")])
    register = root / "conventions"
    parts.append(["tete", file_sha256(register / "tete.json")])
    parts.append(["journal", _listing(register / "journal")])
    return digest(parts)


def _tree(folder: Path) -> list[list[object]]:
    """Each file under ``folder`` by name and content (ordinary files; anything else by
    name and kind: the loader refuses it, and reading a FIFO would block)."""
    if not folder.is_dir():
        return []
    found: list[list[object]] = []
    for path in sorted(folder.rglob("*")):
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode):
            continue
        name = path.relative_to(folder).as_posix()
        if stat.S_ISLNK(info.st_mode):
            found.append([name, "->", os.readlink(path), file_sha256(path)])
        else:
            found.append([name, stat.S_IFMT(info.st_mode), file_sha256(path)])
    return found


def _listing(folder: Path) -> list[list[object]]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return []
    return [[entry.name, entry.stat().st_size] for entry in entries]
