"""Document kinds: each builds a template context from the records.

A ``Job`` is everything one output file depends on: template kind, output name and context.
Rendering is a pure function of (records, template, chronology). No document reads the
clock: each is dated from the records (its séance, the séance that approved it, its recorded
signature), and ``Chronology.state`` only says which recorded events have happened yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from .. import council, fr
from ..errors import CtgdocsError
from ..models.conseil import Seance
from ..records import Records
from . import annexe2, convention, deliberation


@dataclass(frozen=True)
class Chronology:
    """The state the documents describe: the records, and the signatures recorded on or
    before ``state`` (document identifier -> date of signature)."""

    state: dt.date
    signed: Mapping[str, dt.date] = field(default_factory=dict)

    def signature(self, ident: str) -> dt.date | None:
        day = self.signed.get(ident)
        return day if day is not None and day <= self.state else None


When = Chronology | dt.date


def chronology(when: When) -> Chronology:
    return when if isinstance(when, Chronology) else Chronology(when)


class NotYet(CtgdocsError):
    """A document whose own date falls after the state asked for."""

    def __init__(self, title: str, date: dt.date, state: dt.date):
        self.title, self.date = title, date
        super().__init__(f"{title} : document du {fr.date_fr(date)}, postérieur au "
                         f"{fr.date_fr(state)} demandé avec --date (il n'existait pas encore "
                         "à cette date).")


@dataclass(frozen=True)
class Job:
    kind: str  # template kind, see workspace.TEMPLATE_NAMES
    name: str  # output file name without extension
    title: str  # what the user is told
    context: dict[str, Any]
    # The document's own date when an event of the records gives it (signature, approving
    # séance): the document reads the records as they stood on that day.
    date: dt.date | None = None


def _not_after(title: str, own: dt.date | None, when: Chronology) -> None:
    if own is not None and own > when.state:
        raise NotYet(title, own, when.state)


def approval(records: Records, document: str,
             when: Chronology) -> tuple[str, dt.date] | None:
    """The voted délibération that had approved ``document`` (annexed or not) by ``when``,
    and its séance date; None while the document is a projet."""
    for d in records.deliberations:
        seance = records.seance(d.seance)
        approved = [a.document for a in d.annexes] + d.approuve
        if d.votee and seance and seance.date <= when.state and document in approved:
            return d.numero, seance.date
    return None


def annexe2_job(records: Records, when: When) -> Job:
    """The Annexe 2 as approved, or its projet before the séance that approves it."""
    when = chronology(when)
    approved = approval(records, "annexe2", when)
    return Job("annexe2", "annexe2", "Annexe 2",
               {**annexe2.context(records, approved[1] if approved else None),
                "approbation": approved}, approved[1] if approved else None)


def convention_job(records: Records, ident: str, when: When) -> Job:
    found = records.convention(ident)
    if found is None:
        known = ", ".join(c.id for c in records.conventions) or "aucune"
        raise CtgdocsError(f"Convention « {ident} » inconnue. Conventions connues : {known}")
    signed = chronology(when).signature(f"convention-{found.id}")
    return Job("convention", f"convention-{found.id}", f"Convention {found.id}",
               convention.context(records, found, signed), signed)


def convention_jobs(records: Records, when: When) -> list[Job]:
    return [convention_job(records, c.id, when) for c in records.conventions]


def deliberation_job(records: Records, numero: str, when: When,
                     brouillon: bool = False, certified: dt.date | None = None) -> Job:
    """The extract dated at its recorded signature, else at its séance; a certified copy
    dated ``certified``; or the projet (``brouillon``)."""
    when = chronology(when)
    found = records.deliberation(numero)
    if found is None:
        known = ", ".join(d.numero for d in records.deliberations) or "aucune"
        raise CtgdocsError(f"Délibération n° {numero} inconnue. Délibérations connues : {known}")
    suffix = "-projet" if brouillon else ""
    title = f"{'Projet de délibération' if brouillon else 'Délibération'} {numero}"
    seance = deliberation.seance_of(records, found)
    own = certified or when.signature(f"deliberation-{numero}") or seance.date
    if not brouillon:
        if not found.votee:
            raise CtgdocsError(f"La délibération n° {numero} n'a pas de vote enregistré : son "
                               "extrait n'existe pas encore. Produisez le projet avec --draft.")
        _not_after(f"Extrait de la délibération n° {numero}", own, when)
        if own < seance.date:
            raise CtgdocsError(f"--certifie-le {fr.date_short(own)} : une copie ne peut "
                               f"précéder la séance du {fr.date_short(seance.date)}.")
    return Job("deliberation", f"deliberation-{numero}{suffix}", title,
               deliberation.extrait_context(records, found, own, brouillon))


def seance_job(records: Records, ident: str, kind: str, when: When) -> Job:
    """kind: "liste" (list of délibérations, compte rendu before 1 July 2022) or "pv"."""
    when = chronology(when)
    found = records.seance(ident)
    if found is None:
        known = ", ".join(s.id for s in records.seances) or "aucune"
        raise CtgdocsError(f"Séance « {ident} » inconnue. Séances connues : {known}")
    regime = council.regime(found.date)
    title = ({"liste": regime.summary_title.capitalize(), "pv": "Procès-verbal"}[kind]
             + f" de la séance du {fr.date_fr(found.date)}")
    _not_after(title, found.date, when)
    arrete = _pv_adopted_at(records, found, when) if kind == "pv" else None
    return Job(f"seance-{kind}", f"seance-{found.id}-{kind}", title,
               deliberation.seance_context(records, found, arrete))


def _pv_adopted_at(records: Records, seance: Seance, when: Chronology) -> Seance | None:
    """The later séance that arrêta this séance's PV, if it had by ``when``."""
    return next((s for s in records.seances
                 if seance.id in s.proces_verbaux and s.date <= when.state), None)


def plan_job(records: Records, when: When) -> Job:
    when = chronology(when)
    if records.plan is None:
        raise CtgdocsError("Pas d'arbre à objectifs : créez records/plan-action.yaml.")
    approved = approval(records, "plan-action", when)
    return Job("plan-action", "plan-action", "Arbre à objectifs",
               {"epci": records.territoire.epci, "ctg": records.territoire.ctg,
                "plan": records.plan, "date": approved[1] if approved else None,
                "approbation": approved}, approved[1] if approved else None)


def all_jobs(records: Records, when: When) -> list[Job]:
    return jobs_and_skipped(records, when)[0]


def jobs_and_skipped(records: Records, when: When) -> tuple[list[Job], list[NotYet]]:
    """Every document of the workspace as of ``when``; those dated later are skipped."""
    makers: list[Callable[[], Job]] = [partial(annexe2_job, records, when)]
    if records.plan is not None:
        makers.append(partial(plan_job, records, when))
    makers += [partial(convention_job, records, c.id, when) for c in records.conventions]
    makers += [partial(deliberation_job, records, d.numero, when, not d.votee)
               for d in records.deliberations]
    makers += [partial(seance_job, records, s.id, k, when)
               for s in records.seances for k in ("liste", "pv")]
    jobs, skipped = [], []
    for make in makers:
        try:
            jobs.append(make())
        except NotYet as later:
            skipped.append(later)
    return jobs, skipped


def job_for(records: Records, ident: str, when: When) -> Job:
    """The document a register identifier names: annexe2, plan-action, a convention (with or
    without its "convention-" prefix), a délibération, or seance-<id>-liste / -pv."""
    if ident == "annexe2":
        return annexe2_job(records, when)
    if ident == "plan-action":
        return plan_job(records, when)
    if records.convention(ident.removeprefix("convention-")):
        return convention_job(records, ident.removeprefix("convention-"), when)
    if records.deliberation(ident.removeprefix("deliberation-")):
        return deliberation_job(records, ident.removeprefix("deliberation-"), when)
    for kind in ("liste", "pv"):
        seance = ident.removeprefix("seance-").removesuffix(f"-{kind}")
        if ident.endswith(f"-{kind}") and records.seance(seance):
            return seance_job(records, seance, kind, when)
    raise CtgdocsError(
        f"Document « {ident} » inconnu : indiquez annexe2, plan-action, un identifiant de "
        "convention, un numéro de délibération ou seance-<séance>-liste / -pv.")
