"""Output paths: a name taken from the records or the register never leaves its folder.

Every file ctgdocs writes is named by ``output_path(folder, name)``. The name is one plain
file name, valid on Windows as on Linux: no separator, no ``..``, no absolute path or drive,
no reserved device name (CON, NUL, COM1…, with or without extension), no trailing dot or
space, no control character, at most 150 characters.
"""

from __future__ import annotations

from pathlib import Path

from .errors import CtgdocsError

MAX_NAME = 150
RESERVED = frozenset({"CON", "PRN", "AUX", "NUL",
                      *(f"COM{i}" for i in "0123456789¹²³"),
                      *(f"LPT{i}" for i in "0123456789¹²³")})
FORBIDDEN = set('<>:"|?*')


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a file name, in French; None when it can."""
    if not name:
        return "nom vide"
    if name in (".", ".."):
        return "« . » et « .. » désignent des dossiers"
    if "/" in name or "\\" in name:
        return "il contient un séparateur de dossiers (/ ou \\)"
    bad = sorted({c for c in name if c in FORBIDDEN or ord(c) < 32})
    if bad:
        shown = " ".join(repr(c)[1:-1] for c in bad)
        return f"caractère interdit dans un nom de fichier ({shown})"
    if name[-1] in ". ":
        return "un nom de fichier ne peut pas finir par un point ou une espace (Windows)"
    if name.split(".")[0].rstrip(" ").upper() in RESERVED:
        return "nom réservé par Windows (CON, PRN, AUX, NUL, COM1…, LPT1…)"
    if len(name) > MAX_NAME:
        return f"{len(name)} caractères, {MAX_NAME} au plus"
    return None


def safe_name(name: str, origin: str = "identifiant") -> str:
    """``name`` if it is a valid file name, else a French error saying where it came from."""
    problem = name_problem(name)
    if problem is not None:
        raise CtgdocsError(
            f"Nom de fichier refusé pour {origin} « {name} » : {problem}. Corrigez "
            "l'identifiant dans la fiche (lettres, chiffres, tirets, points, soulignés).")
    return name


def output_path(folder: Path, name: str, origin: str = "le document") -> Path:
    """``folder / name``, once ``name`` is known to stay inside ``folder``."""
    return folder / safe_name(name, origin)
