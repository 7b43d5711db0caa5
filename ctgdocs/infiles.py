"""Reading the files a user hands to ctgdocs: ordinary files only, of bounded size.

Records, templates and ``--file`` arguments are read with ``read_regular_file``: a device
(``/dev/zero``), a FIFO or a folder is refused before it is opened, a file larger than the
limit is refused before it is read, and a symbolic link may be required to stay inside a
folder (a record linked to a file outside the workspace is refused).
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

from .errors import CtgdocsError
from .limits import exceeded
from .oserrors import reason


def describe_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} Mo".replace(".", ",")
    if size >= 1_000:
        return f"{size // 1_000} ko"
    return f"{size} octets"


def check_regular(path: Path, label: str) -> os.stat_result:
    """The file's status, or a French error if it is missing or not an ordinary file."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise CtgdocsError(f"{label} : fichier introuvable") from None
    except OSError as exc:
        raise CtgdocsError(f"{label} : lecture impossible ({reason(exc)})") from None
    if not stat.S_ISREG(status.st_mode):
        kind = ("un dossier" if stat.S_ISDIR(status.st_mode) else
                "un tube (FIFO)" if stat.S_ISFIFO(status.st_mode) else
                "un périphérique" if stat.S_ISCHR(status.st_mode) or stat.S_ISBLK(status.st_mode)
                else "un fichier spécial")
        raise CtgdocsError(f"{label} : c'est {kind}, pas un fichier ordinaire ; indiquez un "
                           "fichier enregistré sur le disque")
    return status


def check_within(path: Path, folder: Path, label: str) -> None:
    """Refuse ``path`` when it is (or goes through) a link leading outside ``folder``."""
    if not path.resolve().is_relative_to(folder.resolve()):
        raise CtgdocsError(f"{label} : lien symbolique vers {path.resolve()}, hors du dossier "
                           f"{folder} ; copiez le fichier dans le dossier au lieu de le lier")


def read_regular_file(path: Path, limit: int, *, label: str | None = None,
                      within: Path | None = None, setting: str | None = None) -> bytes:
    """The bytes of ``path``: an ordinary file of at most ``limit`` bytes (inside ``within``
    when given). ``setting`` names the ctgdocs.toml key that raises the limit."""
    label = label or str(path)
    if within is not None:
        check_within(path, within, label)
    status = check_regular(path, label)
    if status.st_size > limit:
        raise too_big(label, status.st_size, limit, setting)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise CtgdocsError(f"{label} : lecture impossible ({reason(exc)})") from None
    if len(data) > limit:  # the file grew while being read
        raise too_big(label, len(data), limit, setting)
    return data


def too_big(label: str, size: int, limit: int, setting: str | None) -> CtgdocsError:
    how = (f" ; si ce fichier est normal, relevez la limite dans ctgdocs.toml "
           f"([limites] {setting} = …)" if setting else "")
    return CtgdocsError(f"{label} : fichier trop volumineux ({describe_size(size)}, limite "
                        f"{describe_size(limit)}){how}")


def check_archive(data: bytes, label: str, total_limit: int, ratio_limit: int) -> None:
    """Refuse a zip (a .docx) whose parts would inflate beyond ``total_limit`` bytes, or one
    part of which is compressed more than ``ratio_limit`` times (a zip bomb). The sizes come
    from the archive's directory, which Python's zipfile enforces when it reads."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip at all: the reader says so in its own words
    total = sum(part.file_size for part in parts)
    if total > total_limit:
        raise CtgdocsError(f"{label} : " + exceeded(
            f"la taille décompressée ({describe_size(total)})", "modele_octets", total_limit))
    for part in parts:
        if part.file_size > 1_000_000 and \
                part.file_size > ratio_limit * max(part.compress_size, 1):
            ratio = part.file_size // max(part.compress_size, 1)
            raise CtgdocsError(f"{label} : " + exceeded(
                f"le taux de compression de {part.filename} ({ratio})", "modele_taux",
                ratio_limit))
