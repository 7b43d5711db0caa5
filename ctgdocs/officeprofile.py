"""LibreOffice profiles that start ready: a seed made once, copied for each worker.

On an empty profile folder LibreOffice fills the folder, then starts itself again: 0.1 to
0.15 s more for every start, measured here. ``soffice --terminate_after_init`` fills one and
stops (0.1 s). That seed is kept, zipped, in the user's cache (usercache.py: where, and
which folder is trusted), named after the LibreOffice installation, and each worker's
throw-away profile (pdfpool.py) begins as a copy of it. Without a cache folder to trust the
seed is made again for each conversion; if LibreOffice cannot make it, profiles begin empty.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

from . import pdf, usercache
from .buildinputs import libreoffice_identity

FORMAT = "1"  # of the kept seeds
KIND = "libreoffice"
KEEP = 4  # seeds kept: a few LibreOffice installations or versions
INIT_SECONDS = 60.0  # making the seed, on a cold, busy machine


def seed(soffice: str, work: Path) -> bytes | None:
    """The seed profile of ``soffice``, zipped: the one kept, else made in ``work``."""
    name = f"{usercache.name(FORMAT, libreoffice_identity(soffice))}.zip"
    kept = usercache.read(KIND, name)
    if kept is not None and zipfile.is_zipfile(io.BytesIO(kept)):
        return kept
    made = _make(soffice, work / "graine")
    if made is not None:
        usercache.write(KIND, name, made, KEEP)
    return made


def lay(seed: bytes | None, profile: Path) -> None:
    """Begin ``profile`` as a copy of ``seed``; nothing if it exists or there is no seed."""
    if seed is None or profile.exists():
        return
    try:
        with zipfile.ZipFile(io.BytesIO(seed)) as archive:
            archive.extractall(profile)  # names are kept inside ``profile``
    except (zipfile.BadZipFile, OSError, ValueError):
        shutil.rmtree(profile, ignore_errors=True)  # LibreOffice makes its own


def _make(soffice: str, folder: Path) -> bytes | None:
    command = [soffice, f"-env:UserInstallation={folder.as_uri()}", *pdf.HEADLESS,
               "--terminate_after_init"]
    try:
        with pdf.office(command) as process:
            process.wait(timeout=INIT_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        return None
    files = sorted(path for path in folder.rglob("*")
                   if path.is_file() and not path.is_symlink())
    if process.returncode != 0 or not files:
        return None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.relative_to(folder).as_posix())
    shutil.rmtree(folder, ignore_errors=True)
    return buffer.getvalue()
