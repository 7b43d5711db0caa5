"""Convention de fonctionnement et financement: parties, articles, amounts and schedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from .. import fr
from ..marking import concat
from ..models import Convention, Gestionnaire, Service
from ..records import Records
from . import views


@dataclass(frozen=True)
class Echeance:
    date: dt.date
    montant: Decimal


@dataclass(frozen=True)
class Annee:
    annee: int
    montant: Decimal
    echeances: list[Echeance]


def schedule(convention: Convention, annee: int, montant: Decimal) -> list[Echeance]:
    """Split a year's amount by the instalments' shares; the last takes the rounding rest.

    An instalment due before ``premier_versement`` (a convention signed during its first
    year) is paid on that date instead."""
    parts = []
    paid = Decimal(0)
    for index, versement in enumerate(convention.versements):
        if index == len(convention.versements) - 1:
            share = montant - paid
        else:
            share = (montant * versement.part / 100).quantize(Decimal("0.01"), ROUND_DOWN)
        paid += share
        due = versement.date_pour(annee)
        if convention.premier_versement and due < convention.premier_versement:
            due = convention.premier_versement
        parts.append(Echeance(due, share))
    return parts


def instalments(convention: Convention) -> list[Echeance]:
    """Every instalment of the convention, in date order."""
    return sorted((e for m in convention.montants
                   for e in schedule(convention, m.annee, m.montant)), key=lambda e: e.date)


def services_covered(gestionnaire: Gestionnaire, convention: Convention) -> list[Service]:
    """The services a convention funds: those it lists, by default all its financeur supports."""
    return [s for s in gestionnaire.services
            if (s.id in convention.services if convention.services is not None
                else convention.financeur in s.soutiens)]


def years_text(years: list[int]) -> str:
    """2023; 2023 et 2024; 2023 à 2025."""
    if not years:
        return ""
    if years == list(range(years[0], years[-1] + 1)) and len(years) > 2:
        return concat(years[0], " à ", years[-1])
    return fr.join_and([concat(y) for y in years])


def context(records: Records, convention: Convention,
            date: dt.date | None) -> dict[str, Any]:
    """``date``: the recorded signature, if any."""
    gestionnaire = records.gestionnaire(convention.gestionnaire)
    if gestionnaire is None:
        raise ValueError(f"unknown gestionnaire {convention.gestionnaire}: rules should refuse it")
    covered = services_covered(gestionnaire, convention)
    territoire = records.territoire
    annees = [m.annee for m in convention.montants]
    return {
        "epci": territoire.epci,
        "ctg": territoire.ctg,
        "tribunal": territoire.tribunal_administratif,
        "cafs": fr.join_and([f"la {caf.nom}" for caf in territoire.cafs]),
        "signe_le": date,
        "convention": convention,
        "duree": fr.duration(convention.debut, convention.fin),
        "financeur": views.financeur(records, convention.financeur),
        "gestionnaire": views.gestionnaire(gestionnaire),
        "services": [views.ServiceView(s, gestionnaire) for s in covered],
        "annees": [
            Annee(m.annee, m.montant, schedule(convention, m.annee, m.montant))
            for m in sorted(convention.montants, key=lambda m: m.annee)
        ],
        "total": convention.total,
        "premiere_annee": min(annees),
        "annees_suivantes": sorted(annees)[1:],
        "annees_suivantes_texte": years_text(sorted(annees)[1:]),
        "premier_versement": convention.premier_versement,
        "objectifs": [o if isinstance(o, str) else o.citation for o in convention.objectifs],
    }
