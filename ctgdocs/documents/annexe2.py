"""Annexe 2 of the CTG: services supported, by collectivité then by heading (EAJE … ALSH)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..models import RUBRIQUES
from ..records import Records
from .views import ServiceView


@dataclass(frozen=True)
class Rubrique:
    code: str
    services: list[ServiceView]


@dataclass(frozen=True)
class Collectivite:
    ident: str
    nom: str
    rubriques: list[Rubrique]


def collectivites(records: Records) -> list[Collectivite]:
    """The EPCI first, then each commune supporting a service, by name.

    Within a heading, services keep the order of their gestionnaire's file, gestionnaires
    being taken by name.
    """
    services = sorted(records.services(), key=lambda gs: _sort_key(gs[0].nom))
    communes = sorted(records.communes, key=lambda c: _sort_key(c.nom))
    idents = [records.epci_id] + [c.insee for c in communes]
    result = []
    for ident in idents:
        supported = [ServiceView(s, g) for g, s in services if ident in s.soutiens]
        rubriques = [
            Rubrique(code, [v for v in supported if v.service.rubrique == code])
            for code in RUBRIQUES
        ]
        rubriques = [r for r in rubriques if r.services]
        if rubriques:
            result.append(Collectivite(ident, records.collectivite_name(ident), rubriques))
    return result


def context(records: Records, date: dt.date | None) -> dict[str, Any]:
    return {
        "epci": records.territoire.epci,
        "ctg": records.territoire.ctg,
        "date": date,
        "collectivites": collectivites(records),
    }


def _sort_key(text: str) -> str:
    """Alphabetical order ignoring case and accents (É sorts with E)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
