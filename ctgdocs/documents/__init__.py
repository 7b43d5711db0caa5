"""Document kinds: each builds a template context from the records.

A ``Job`` is everything one output file depends on: template kind, output name and context.
Rendering is a pure function of (records, template, date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..errors import CtgdocsError
from ..records import Records
from . import annexe2, convention, deliberation


@dataclass(frozen=True)
class Job:
    kind: str  # template kind, see workspace.TEMPLATE_NAMES
    name: str  # output file name without extension
    title: str  # what the user is told
    context: dict[str, Any]


def annexe2_job(records: Records, date: dt.date) -> Job:
    return Job("annexe2", "annexe2", "Annexe 2", annexe2.context(records, date))


def convention_job(records: Records, ident: str, date: dt.date) -> Job:
    found = records.convention(ident)
    if found is None:
        known = ", ".join(c.id for c in records.conventions) or "aucune"
        raise CtgdocsError(f"Convention « {ident} » inconnue. Conventions connues : {known}")
    return Job("convention", f"convention-{found.id}", f"Convention {found.id}",
               convention.context(records, found, date))


def convention_jobs(records: Records, date: dt.date) -> list[Job]:
    return [convention_job(records, c.id, date) for c in records.conventions]


def deliberation_job(records: Records, numero: str, date: dt.date,
                     brouillon: bool = False) -> Job:
    found = records.deliberation(numero)
    if found is None:
        known = ", ".join(d.numero for d in records.deliberations) or "aucune"
        raise CtgdocsError(f"Délibération n° {numero} inconnue. Délibérations connues : {known}")
    suffix = "-projet" if brouillon else ""
    title = f"{'Projet de délibération' if brouillon else 'Délibération'} {numero}"
    return Job("deliberation", f"deliberation-{numero}{suffix}", title,
               deliberation.extrait_context(records, found, date, brouillon))


def seance_job(records: Records, ident: str, kind: str, date: dt.date) -> Job:
    """kind: "liste" (list of délibérations) or "pv" (procès-verbal)."""
    found = records.seance(ident)
    if found is None:
        known = ", ".join(s.id for s in records.seances) or "aucune"
        raise CtgdocsError(f"Séance « {ident} » inconnue. Séances connues : {known}")
    title = {"liste": "Liste des délibérations", "pv": "Procès-verbal"}[kind]
    return Job(f"seance-{kind}", f"seance-{found.id}-{kind}", f"{title} du {found.id}",
               deliberation.seance_context(records, found, date))


def plan_job(records: Records, date: dt.date) -> Job:
    if records.plan is None:
        raise CtgdocsError("Pas d'arbre à objectifs : créez records/plan-action.yaml.")
    return Job("plan-action", "plan-action", "Arbre à objectifs",
               {"epci": records.territoire.epci, "ctg": records.territoire.ctg,
                "plan": records.plan, "date": date})


def all_jobs(records: Records, date: dt.date) -> list[Job]:
    jobs = [annexe2_job(records, date)]
    if records.plan is not None:
        jobs.append(plan_job(records, date))
    jobs += convention_jobs(records, date)
    jobs += [deliberation_job(records, d.numero, date) for d in records.deliberations]
    for seance in records.seances:
        jobs += [seance_job(records, seance.id, kind, date) for kind in ("liste", "pv")]
    return jobs


def job_for(records: Records, ident: str, date: dt.date) -> Job:
    """The document a register identifier names: annexe2, plan-action, a convention (with or
    without its "convention-" prefix), a délibération, or seance-<id>-liste / -pv."""
    if ident == "annexe2":
        return annexe2_job(records, date)
    if ident == "plan-action":
        return plan_job(records, date)
    if records.convention(ident.removeprefix("convention-")):
        return convention_job(records, ident.removeprefix("convention-"), date)
    if records.deliberation(ident.removeprefix("deliberation-")):
        return deliberation_job(records, ident.removeprefix("deliberation-"), date)
    for kind in ("liste", "pv"):
        seance = ident.removeprefix("seance-").removesuffix(f"-{kind}")
        if ident.endswith(f"-{kind}") and records.seance(seance):
            return seance_job(records, seance, kind, date)
    raise CtgdocsError(
        f"Document « {ident} » inconnu : indiquez annexe2, plan-action, un identifiant de "
        "convention, un numéro de délibération ou seance-<séance>-liste / -pv.")
