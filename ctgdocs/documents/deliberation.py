"""Council documents: the extrait of a délibération, the list of a session's délibérations,
the procès-verbal. Every figure is computed (council.py), none is copied from a record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import council, fr, marking
from ..errors import CtgdocsError
from ..models.conseil import Deliberation, Elu, Seance, Vote
from ..records import Records


@dataclass
class Groupe:
    """Consecutive members of one commune: "Anne LENFANT, Suzy REY (Entremont-le-Vieux)"."""

    noms: list[str]
    commune: str

    def __str__(self) -> str:
        return f"{', '.join(self.noms)} ({self.commune})"


@dataclass(frozen=True)
class Acte:
    """One délibération as the documents print it."""

    deliberation: Deliberation
    figures: council.Attendance
    resultat: council.Outcome
    presents: str  # "A, B (Commune) ; C (Commune2)"
    visio: str
    pouvoirs: str  # "A à B, C à D"
    absents: str
    ne_prennent_pas_part: str
    rapporteur: str
    votes_nominatifs: list[tuple[str, str]]  # ("Pour", "A, B"), for public votes by name
    synthese: list[tuple[str, list[str]]]

    @property
    def decision(self) -> str:
        """après en avoir délibéré, à l'unanimité / à la majorité… / rejette."""
        if not self.resultat.adoptee:
            return "n'adopte pas la proposition suivante"
        return self.resultat.mention


def seance_of(records: Records, deliberation: Deliberation) -> Seance:
    seance = records.seance(deliberation.seance)
    if seance is None:
        raise CtgdocsError(f"Séance « {deliberation.seance} » inconnue")
    return seance


def acte(records: Records, deliberation: Deliberation) -> Acte:
    seance = seance_of(records, deliberation)
    roster = records.roster
    figures = council.attendance(roster, seance, deliberation)
    visio_ids = {e.id for e in figures.visio}
    room = [e for e in figures.presents if e.id not in visio_ids]
    return Acte(
        deliberation=deliberation,
        figures=figures,
        resultat=council.outcome(deliberation.vote),
        presents=_by_commune(records, room),
        visio=_by_commune(records, figures.visio),
        pouvoirs=", ".join(f"{m.nom_complet} à {p.nom_complet}" for m, p in figures.pouvoirs),
        absents=_absents_text(_absents(records, seance, figures)),
        ne_prennent_pas_part=fr.join_and([e.nom_complet for e in figures.ne_prennent_pas_part]),
        rapporteur=_name(records, deliberation.rapporteur),
        votes_nominatifs=_by_name(records, deliberation.vote),
        synthese=records.plan.synthese() if records.plan else [],
    )


def _name(records: Records, ref: str | None) -> str:
    elu = records.roster.find(ref) if ref else None
    return elu.nom_complet if elu else ""


def _by_commune(records: Records, elus: list[Elu]) -> str:
    groups: list[Groupe] = []
    for elu in elus:
        commune = records.commune(elu.commune)
        name = commune.nom if commune else elu.commune
        if groups and groups[-1].commune == name:
            groups[-1].noms.append(elu.nom_complet)
        else:
            groups.append(Groupe([elu.nom_complet], name))
    return " ; ".join(str(g) for g in groups)


def _absents(records: Records, seance: Seance,
             figures: council.Attendance) -> list[Elu]:
    """Members in office neither present nor represented at this vote."""
    present = {e.id for e in figures.presents} | {m.id for m, _ in figures.pouvoirs}
    return [e for e in records.roster.in_office(seance.date) if e.id not in present]


def _absents_text(absents: list[Elu]) -> str:
    """Their names, or only their number when the records do not know who they were:
    people are never illustrative in an act."""
    if any(marking.is_marked(e.nom) for e in absents):
        return str(len(absents))
    return ", ".join(e.nom_complet for e in absents)


def _by_name(records: Records, vote: Vote) -> list[tuple[str, str]]:
    if vote.mode == "secret":
        return []
    rows = []
    for label, value in (("Pour", vote.pour), ("Contre", vote.contre),
                         ("Abstention", vote.abstention)):
        if isinstance(value, list) and value:
            names = [e.nom_complet for e in (records.roster.find(r) for r in value) if e]
            rows.append((label, ", ".join(names)))
    return rows


def common(records: Records, seance: Seance, date: dt.date, brouillon: bool) -> dict[str, Any]:
    roster = records.roster
    return {
        "epci": records.territoire.epci,
        "tribunal": records.territoire.tribunal_administratif,
        "date": date,
        "brouillon": brouillon,
        "seance": seance,
        "president": roster.find(seance.president),
        "secretaire": roster.find(seance.secretaire),
        "premiere_seance": records.seance(seance.premiere_seance or ""),
        "plan": records.plan,
    }


def extrait_context(records: Records, deliberation: Deliberation, date: dt.date,
                    brouillon: bool) -> dict[str, Any]:
    seance = seance_of(records, deliberation)
    return {**common(records, seance, date, brouillon), "acte": acte(records, deliberation),
            "d": deliberation, "annexes": deliberation.annexes,
            "transmission": deliberation.transmission}


def seance_context(records: Records, seance: Seance, date: dt.date) -> dict[str, Any]:
    actes = [acte(records, d) for d in
             (records.deliberation(n) for n in seance.deliberations) if d is not None]
    if not actes:
        raise CtgdocsError(f"La séance {seance.id} n'a aucune délibération enregistrée.")
    opening = actes[0].figures
    needed = council.quorum(opening.en_exercice, seance.date)
    return {
        **common(records, seance, date, False),
        "actes": actes,
        "ouverture": opening,
        "quorum": needed,
        "quorum_atteint": len(opening.presents) >= needed,
    }
