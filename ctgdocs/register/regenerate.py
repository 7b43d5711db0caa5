"""Proving an issued version unchanged by rendering it again (``show --regenerer``).

The stored .docx is the document as issued; its canonical content (content.py) does not
depend on zlib. Rendering the version again from its snapshot and its stored template, with
the same versions of ctgdocs, Python and the Word libraries, must give the same canonical
content. With other versions the renderer may differ: that is said, with the versions,
instead of being reported as a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import CtgdocsError
from . import content
from .ledger import Register

LABELS = {"ctgdocs": "ctgdocs", "python": "Python", "docxtpl": "docxtpl",
          "python-docx": "python-docx", "jinja2": "Jinja2", "lxml": "lxml"}


@dataclass(frozen=True)
class Regeneration:
    document: str
    version: int
    contenu_enregistre: str
    contenu_regenere: str | None  # None when rendering failed
    erreur: str | None
    versions_enregistrees: dict[str, str]
    versions_actuelles: dict[str, str]

    @property
    def differences(self) -> list[str]:
        """The renderer's components whose version differs (or was not recorded)."""
        return [key for key in LABELS
                if self.versions_enregistrees.get(key) != self.versions_actuelles[key]]

    @property
    def identique(self) -> bool:
        return self.contenu_regenere == self.contenu_enregistre

    @property
    def altere(self) -> bool:
        """Same renderer, different content: the register or its objects do not hold what
        was issued."""
        return not self.identique and not self.differences

    def sentence(self) -> str:
        name = f"{self.document} v{self.version}"
        was = ", ".join(f"{LABELS[k]} {self.versions_enregistrees.get(k, 'non noté')}"
                        for k in self.differences)
        now = ", ".join(f"{LABELS[k]} {self.versions_actuelles[k]}" for k in self.differences)
        if self.identique:
            despite = f", bien que produite avec {was} et régénérée avec {now}" \
                if self.differences else ""
            return (f"{name} : régénérée à l'identique (contenu canonique "
                    f"{self.contenu_enregistre[:16]}…{despite}).")
        if self.differences:
            outcome = (f"le rendu échoue ({self.erreur.rstrip('.')})" if self.erreur else
                       f"le contenu régénéré ({(self.contenu_regenere or '')[:16]}…) diffère "
                       f"de celui enregistré ({self.contenu_enregistre[:16]}…)")
            return (f"{name} ne peut pas être régénérée à l'identique : elle a été produite "
                    f"avec {was}, ce poste a {now}, et {outcome}. Le document émis reste "
                    "celui que restitue show, octet pour octet.")
        if self.erreur:
            return f"{name} : le rendu échoue avec les mêmes versions ({self.erreur.rstrip('.')})."
        return (f"{name} : le contenu régénéré ({(self.contenu_regenere or '')[:16]}…) diffère "
                f"de celui enregistré ({self.contenu_enregistre[:16]}…) avec les mêmes "
                "versions : lancez ctgdocs verify.")

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "version": self.version,
                "identique": self.identique, "contenu_enregistre": self.contenu_enregistre,
                "contenu_regenere": self.contenu_regenere, "erreur": self.erreur,
                "versions_enregistrees": self.versions_enregistrees,
                "versions_actuelles": self.versions_actuelles,
                "versions_differentes": self.differences}


def regenerate(register: Register, ident: str, numero: int | None) -> Regeneration:
    doc = register.document(ident)
    version = doc.version(numero)
    entry = version.emission
    recorded = dict(entry.get("versions") or {"ctgdocs": entry.get("ctgdocs", "")})
    expected = register.contenu(version)
    try:
        fresh: str | None = content.canonical_hash(register.render(version), doc.ident)
        error = None
    except CtgdocsError as exc:
        fresh, error = None, str(exc)
    except Exception as exc:  # an old snapshot the current renderer no longer fits
        fresh, error = None, f"{type(exc).__name__} : {exc}"
    return Regeneration(doc.ident, version.numero, expected, fresh, error, recorded,
                        content.versions())
