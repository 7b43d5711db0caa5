"""Writing generated files: complete or absent, never half written."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .errors import OutputError
from .oserrors import reason


def prepare_dir(folder: Path) -> None:
    """Create ``folder`` if needed and make sure files can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".ctgdocs-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(
            f"Impossible d'écrire dans le dossier de sortie {folder} ({_reason(exc)}). "
            "Choisissez un autre dossier avec --out ou vérifiez ses droits."
        ) from None


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it over."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        hint = " (le fichier est peut-être ouvert dans Word ?)" if path.exists() else ""
        raise OutputError(f"Impossible d'écrire {path} : {_reason(exc)}{hint}") from None


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission refusée"
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return "un fichier porte déjà ce nom"
    return reason(exc)
