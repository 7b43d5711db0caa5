"""Digests of what generated files depend on besides the records: ctgdocs itself (its
version and its code), the libraries it renders with, LibreOffice, and — for the no-op
check — every input file of a workspace.

Standard library only: this module is on the no-op path.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
import sys
from importlib import metadata
from pathlib import Path

from . import packaged
from .manifest import digest, file_sha256

PACKAGE_DIR = Path(__file__).resolve().parent
EXTRA_LIBRARIES = ("lxml", "markupsafe", "docxcompose")  # used through the declared ones
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


@functools.cache
def tools_identity() -> str:
    """ctgdocs (version and the bytes of its code), Python and every library ctgdocs uses."""
    versions = {"python": sys.version, "ctgdocs": _version("ctgdocs"),
                "ctgdocs-code": _code_digest()}
    for name in _requirements() + list(EXTRA_LIBRARIES):
        versions[name.lower()] = _version(name)
    return digest(versions)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def _requirements() -> list[str]:
    try:
        requires = metadata.requires("ctgdocs") or []
    except metadata.PackageNotFoundError:
        return []
    names = []
    for requirement in requires:
        match = _NAME.match(requirement)
        if match and "extra ==" not in requirement:
            names.append(match[0])
    return sorted(names)


def _code_digest() -> str:
    """The code ctgdocs runs (an editable install keeps its version number while it
    changes): every file of the package, by name and bytes."""
    sha = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            sha.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
            sha.update((file_sha256(path) or "").encode())
    return sha.hexdigest()


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
