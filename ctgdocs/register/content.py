"""A document's identity independent of zlib, and what rendered it.

The same Word part compresses to different bytes under zlib and zlib-ng, so the SHA-256 of a
.docx depends on the Python build. Its *canonical content* does not: every part of the zip,
uncompressed, in name order, each written as its UTF-8 name, a NUL byte, its length as eight
big-endian bytes, then its bytes. Two .docx with the same canonical hash hold the same parts.
"""

from __future__ import annotations

import hashlib
import io
import platform
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import marking
from ..limits import Limites
from ..render import render_docx
from .store import RegisterError

PACKAGES = ("ctgdocs", "docxtpl", "python-docx", "jinja2", "lxml")


def canonical_hash(docx: bytes, name: str) -> str:
    """SHA-256 of the canonical content of a .docx (see the module's docstring)."""
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            for part in sorted(archive.namelist()):
                data = archive.read(part)
                digest.update(part.encode("utf-8") + b"\0" + len(data).to_bytes(8, "big"))
                digest.update(data)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RegisterError(f"{name} n'est pas un document Word lisible ({exc}).") from None
    return digest.hexdigest()


def versions() -> dict[str, str]:
    """The versions of what renders a document: ctgdocs, Python and the Word libraries."""
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "inconnue"
    return {key: found[key] for key in ("ctgdocs", "python", *PACKAGES[1:])}


def render(template: Path, context: dict[str, Any], name: str,
           limits: Limites) -> tuple[bytes, list[str]]:
    """The .docx and the illustrative (``exemple:``) values it prints, as "file:line: field";
    rendered within the workspace's ``limits``."""
    with marking.collecting() as printed:
        data = render_docx(template, context, name, limits)
    return data, sorted(printed)
