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
    """The collectivités supporting a service, then in each its headings and services, in the
    order recorded in ``territoire.yaml`` (``annexe2:``) — the order of the Annexe 2 as voted.

    What that order does not list follows: the EPCI first, then communes by name; headings
    EAJE, LAEP, RPE, ALSH; services by gestionnaire name, then in their file's order.
    """
    order = records.territoire.annexe2
    services = sorted(records.services(), key=lambda gs: _sort_key(gs[0].nom))
    if order is not None:
        services.sort(key=lambda gs: _rank(order.services, gs[1].id))
    communes = sorted(records.communes, key=lambda c: _sort_key(c.nom))
    idents = [records.epci_id] + [c.insee for c in communes]
    codes = list(RUBRIQUES)
    if order is not None:
        idents.sort(key=lambda i: _rank(order.collectivites, i))
        codes.sort(key=lambda c: _rank(order.rubriques, c))
    result = []
    for ident in idents:
        supported = [ServiceView(s, g) for g, s in services if ident in s.soutiens]
        rubriques = [
            Rubrique(code, [v for v in supported if v.service.rubrique == code])
            for code in codes
        ]
        rubriques = [r for r in rubriques if r.services]
        if rubriques:
            result.append(Collectivite(ident, records.collectivite_name(ident), rubriques))
    return result


def _rank(listed: list[str], ident: str) -> int:
    """Position in the recorded order; unlisted items after every listed one."""
    return listed.index(ident) if ident in listed else len(listed)


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
