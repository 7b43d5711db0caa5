"""Operating-system errors in French: the system's own text (strerror) is English here."""

from __future__ import annotations

import errno

_REASONS_BY_NAME = {
    "ENOENT": "fichier ou dossier introuvable",
    "EACCES": "accès refusé",
    "EPERM": "opération interdite",
    "EEXIST": "un fichier ou un dossier porte déjà ce nom",
    "ENOTDIR": "un élément du chemin est un fichier, pas un dossier",
    "EISDIR": "c'est un dossier, pas un fichier",
    "ENOTEMPTY": "le dossier n'est pas vide",
    "ENOSPC": "le disque est plein",
    "EROFS": "le disque est en lecture seule",
    "EBUSY": "fichier ou dossier occupé par un autre programme",
    "ETXTBSY": "fichier occupé par un autre programme",
    "EMFILE": "trop de fichiers ouverts",
    "ENAMETOOLONG": "nom de fichier trop long",
    "EXDEV": "déplacement impossible d'un disque à un autre",
    "EIO": "erreur de lecture ou d'écriture sur le disque",
    "EINVAL": "nom ou opération invalide",
    "ELOOP": "trop de liens symboliques imbriqués",
    "EDQUOT": "quota de disque dépassé",
    "ETIMEDOUT": "délai dépassé (dossier réseau injoignable ?)",
    "EHOSTUNREACH": "dossier réseau injoignable",
    "ENETUNREACH": "réseau injoignable",
}
# errno names that a platform lacks (ETXTBSY, EDQUOT on some Windows builds) are left out.
REASONS = {getattr(errno, name): text for name, text in _REASONS_BY_NAME.items()
           if hasattr(errno, name)}

# Windows reports some failures with its own codes (winerror) and a generic errno.
WINDOWS_REASONS = {
    32: "fichier ouvert dans un autre programme (Word ?) : fermez-le puis relancez",
    33: "fichier verrouillé par un autre programme : fermez-le puis relancez",
    53: "chemin réseau introuvable",
    67: "nom de partage réseau introuvable",
    112: "le disque est plein",
    123: "nom de fichier, de dossier ou de volume incorrect",
}


def reason(exc: OSError) -> str:
    """Why the operation failed, in French (the errno number when it is an unusual one)."""
    winerror = getattr(exc, "winerror", None)
    if winerror in WINDOWS_REASONS:
        return WINDOWS_REASONS[winerror]
    if exc.errno in REASONS:
        return REASONS[exc.errno]
    if exc.errno is not None:
        return f"erreur système {errno.errorcode.get(exc.errno, exc.errno)}"
    return "erreur système"


def describe(exc: OSError) -> str:
    """The file concerned and the reason: « /chemin » : accès refusé."""
    names = [name for name in (exc.filename, exc.filename2) if name is not None]
    where = " → ".join(f"« {name} »" for name in names)
    return f"{where} : {reason(exc)}" if where else reason(exc)
