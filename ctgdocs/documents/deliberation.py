"""Council documents: the extrait of a délibération (or its projet), the list of a séance's
délibérations (its compte rendu before 1 July 2022) and the procès-verbal.

An adopted délibération is reproduced as voted: its text, tables, figures and names as the
record writes them, errors included (the rules flag them, nothing here corrects them). A
projet is generated from the records. Every date printed comes from the records, and a
document never mentions an event later than its own date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import council, fr, marking
from ..errors import CtgdocsError
from ..models.conseil import Deliberation, Elu, LigneSynthese, Seance, Transmission, Vote
from ..records import Records

MODES = {"main_levee": "à main levée", "public": "au scrutin public",
         "secret": "au scrutin secret"}


@dataclass(frozen=True)
class Chiffres:
    """The figures an act prints: as written in the act once voted, else computed."""

    en_exercice: int
    presents: int
    pouvoirs: int
    votants: int


@dataclass(frozen=True)
class LigneSubvention:
    beneficiaire: str
    convention: str
    montants: str  # "2022 : 52 000,00 € ; 2023 : …"
    total: Decimal


@dataclass(frozen=True)
class Acte:
    """One délibération as the documents print it."""

    deliberation: Deliberation
    figures: council.Attendance
    chiffres: Chiffres
    resultat: council.Outcome
    decision: str  # "à l'unanimité", "à la majorité…, la voix de la présidente…"
    mode: str  # "à main levée"
    presents: str  # "A, B (Commune) ; C (Commune2)"
    visio: str
    pouvoirs: str  # "A à B, C à D", names as written
    absents: str
    ne_prennent_pas_part: str
    rapporteur: str
    votes_nominatifs: list[tuple[str, str]]  # ("Pour", "A, B") for a scrutin public
    synthese: list[LigneSynthese]  # generated from the tree, for a projet
    subventions: list[LigneSubvention]

    @property
    def adoptee(self) -> bool:
        return self.resultat.adoptee


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
    resultat = council.outcome(deliberation.vote)
    president = roster.find(seance.president)
    vote = deliberation.vote
    counted = _counted(seance)
    # Who does not take part comes from their recorded boards (conseils_administration).
    abstaining = marking.origins_of(*(e.conseils_administration
                                      for e in figures.ne_prennent_pas_part))
    return Acte(
        deliberation=deliberation,
        figures=figures,
        chiffres=_chiffres(deliberation, figures, counted, abstaining),
        resultat=resultat,
        decision=_mark(_decision(resultat, president), marking.origins_of(
            *((vote.pour, vote.contre, vote.abstention) if vote else ()))),
        mode=marking.mark_like(vote.mode, MODES[vote.mode]) if vote else "",
        presents=_presents(records, deliberation, room, counted),
        visio=_named_or_counted(records, figures.visio, counted),
        pouvoirs=_pouvoirs(records, seance, deliberation),
        absents=_mark(_absents_text(_absents(records, seance, figures)), counted),
        ne_prennent_pas_part=_mark(
            fr.join_and([e.nom_complet for e in figures.ne_prennent_pas_part]), abstaining),
        rapporteur=_name(records, deliberation.rapporteur),
        votes_nominatifs=_by_name(records, deliberation.vote),
        synthese=_synthese(records, deliberation),
        subventions=subventions(records, deliberation),
    )


def _counted(seance: Seance) -> frozenset[str]:
    """Where the séance's attendance comes from when it is illustrative: then the counts
    drawn from it are marked, and its people are counted, never named."""
    return marking.origins_of(seance.presents, seance.visio, seance.absents,
                              [m.elu for m in seance.mouvements])


def _mark(value: Any, origins: frozenset[str]) -> Any:
    return marking.mark_scalar(value, origins) if origins else value


def _chiffres(deliberation: Deliberation, figures: council.Attendance,
              counted: frozenset[str], abstaining: frozenset[str]) -> Chiffres:
    computed = Chiffres(_mark(figures.en_exercice, counted), _mark(len(figures.presents), counted),
                        _mark(len(figures.pouvoirs), counted),
                        _mark(figures.votants, counted | abstaining))
    written = deliberation.chiffres
    if written is None or not deliberation.votee:
        return computed
    return Chiffres(*(getattr(computed, k) if getattr(written, k) is None else getattr(written, k)
                      for k in ("en_exercice", "presents", "pouvoirs", "votants")))


def _decision(resultat: council.Outcome, president: Elu | None) -> str:
    if not resultat.voix_preponderante:
        return resultat.mention if resultat.adoptee else "rejette la proposition"
    who = fr.agree(president, "du président", "de la présidente") if president else "du président"
    verb = "adopte" if resultat.adoptee else "rejette"
    return (f"{verb} la proposition, les voix étant également partagées et la voix {who} "
            "de séance étant prépondérante (article L2121-20 du code général des "
            "collectivités territoriales)")


def _synthese(records: Records, deliberation: Deliberation) -> list[LigneSynthese]:
    """The summary of the arbre à objectifs generated for a projet (``synthese_plan_action``);
    a voted act prints the summary copied in its record (``synthese``), never this."""
    if deliberation.votee or records.plan is None:
        return []
    return [LigneSynthese(objectif_general=general, objectifs_declines=declines)
            for general, declines in records.plan.synthese()]


def subventions(records: Records, deliberation: Deliberation) -> list[LigneSubvention]:
    """The subsidies the act decides: as voted, or from the conventions it approves."""
    if deliberation.votee or deliberation.subventions:
        return [_line(s.beneficiaire, s.convention or "",
                      [(m.annee, m.montant) for m in s.montants])
                for s in deliberation.subventions]
    lines = []
    for convention in records.conventions:
        if convention.deliberation.numero != deliberation.numero:
            continue
        gestionnaire = records.gestionnaire(convention.gestionnaire)
        name = gestionnaire.nom_usuel if gestionnaire else convention.gestionnaire
        lines.append(_line(name, convention.id,
                           [(m.annee, m.montant) for m in convention.montants]))
    return lines


def _line(beneficiaire: str, convention: str,
          amounts: list[tuple[int, Decimal]]) -> LigneSubvention:
    text = " ; ".join(marking.concat(year, " : ", fr.amount_fr(amount))
                      for year, amount in amounts)
    marked = marking.origins_of(*(a for _, a in amounts))
    return LigneSubvention(beneficiaire, convention,
                           marking.mark_scalar(text, marked) if marked else text,
                           sum((a for _, a in amounts), Decimal(0)))


def _name(records: Records, ref: str | None) -> str:
    elu = records.roster.find(ref) if ref else None
    return elu.nom_complet if elu else ""


def _commune_names(records: Records) -> dict[str, str]:
    """Commune names as a member's parenthesis gives them, with the département where two
    member communes share a name ("Pascal SERVAIS (Saint-Pierre-d'Entremont, Isère)")."""
    names: dict[str, list[str]] = {}
    for commune in records.communes:
        names.setdefault(commune.nom, []).append(commune.insee)
    result = {}
    for commune in records.communes:
        label = commune.nom
        if len(names[commune.nom]) > 1:
            label = f"{commune.nom}, {fr.departement_name(commune.departement)}"
        result[commune.insee] = label
    return result


def _by_commune(records: Records, elus: list[Elu]) -> str:
    labels = _commune_names(records)
    groups: list[tuple[list[str], str]] = []
    for elu in elus:
        commune = labels.get(elu.commune, elu.commune)
        if groups and groups[-1][1] == commune:
            groups[-1][0].append(elu.nom_complet)
        else:
            groups.append(([elu.nom_complet], commune))
    return " ; ".join(f"{', '.join(names)} ({commune})" for names, commune in groups)


def _presents(records: Records, deliberation: Deliberation, room: list[Elu],
              counted: frozenset[str]) -> str:
    """The members present: as the voted act names them, else from the séance."""
    if deliberation.votee and deliberation.liste_presents:
        return deliberation.liste_presents
    return _named_or_counted(records, room, counted)


def _named_or_counted(records: Records, elus: list[Elu], counted: frozenset[str]) -> str:
    """Names by commune; only their number when the list is illustrative."""
    if not elus:
        return ""
    return _mark(str(len(elus)), counted) if counted else _by_commune(records, elus)


def _as_written(records: Records, ref: str) -> str:
    """An élu named as the record writes it: an identifier gives the member's name, a
    name is kept as written (an act is reproduced with its errors)."""
    elu = records.roster.find(ref)
    if elu is not None and ref == elu.id:
        return elu.nom_complet
    return ref


def _pouvoirs(records: Records, seance: Seance, deliberation: Deliberation) -> str:
    order = seance.deliberations
    index = order.index(deliberation.numero)
    return ", ".join(
        f"{_as_written(records, p.mandant)} à {_as_written(records, p.mandataire)}"
        for p in seance.pouvoirs
        if not (p.a_partir_de in order and index < order.index(p.a_partir_de)))


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


def _by_name(records: Records, vote: Vote | None) -> list[tuple[str, str]]:
    """Each voter's name and vote, for a scrutin public (L2121-21)."""
    if vote is None or vote.mode == "secret":
        return []
    rows = []
    for label, value in (("Pour", vote.pour), ("Contre", vote.contre),
                         ("Abstention", vote.abstention)):
        if isinstance(value, list) and value:
            rows.append((label, ", ".join(_as_written(records, r) for r in value)))
    return rows


def known_person(records: Records, ref: str | None) -> Elu | None:
    """The élu a record names, unless the name is illustrative: an act leaves it blank."""
    if ref is None or marking.is_marked(ref):
        return None
    elu = records.roster.find(ref)
    return None if elu is None or marking.is_marked(elu.nom) else elu


# The dates an act shows


def mentions(transmission: Transmission | None, day: dt.date | None) -> list[str]:
    """"Envoyé en préfecture le…", "Reçu…", "Publié le…", "ID : …": only the events
    recorded and not later than ``day``."""
    if transmission is None or day is None:
        return []
    lines = []
    if transmission.envoi <= day:
        lines.append(f"Envoyé en préfecture le {fr.date_short(transmission.envoi)}")
    if transmission.reception <= day:
        lines.append(f"Reçu en préfecture le {fr.date_short(transmission.reception)}")
    published = transmission.publication
    if published is not None and published <= day:
        lines.append(f"{council.publicity_word(published)} le {fr.date_short(published)}")
    if transmission.reception <= day:
        lines.append(f"ID : {transmission.id_actes}")
    return lines


def certification(transmission: Transmission | None, day: dt.date | None) -> str:
    """The président's certification of the act's caractère exécutoire, as things stand on
    ``day``: in the future tense until it is both received and published."""
    sent = transmission
    if sent is None or day is None or sent.publication is None \
            or max(sent.reception, sent.publication) > day:
        return ("CERTIFIE sous sa responsabilité le caractère exécutoire de cet acte à compter "
                "de sa publication et de sa transmission au représentant de l'État ;")
    word = council.publicity_word(sent.publication).lower()
    return ("CERTIFIE sous sa responsabilité le caractère exécutoire de cet acte, reçu par le "
            f"représentant de l'État le {fr.date_short(sent.reception)} et {word} le "
            f"{fr.date_short(sent.publication)} ;")


# Contexts


def common(records: Records, seance: Seance, date: dt.date | None,
           brouillon: bool) -> dict[str, Any]:
    roster = records.roster
    return {
        "epci": records.territoire.epci,
        "tribunal": records.territoire.tribunal_administratif,
        "date": date,
        "brouillon": brouillon,
        "seance": seance,
        "regime": council.regime(seance.date),
        "president": roster.find(seance.president),
        "secretaire": known_person(records, seance.secretaire),
        "premiere_seance": records.seance(seance.premiere_seance or ""),
        "plan": records.plan,
    }


def extrait_context(records: Records, deliberation: Deliberation, date: dt.date | None,
                    brouillon: bool) -> dict[str, Any]:
    """The extract dated ``date`` (its signature or its séance), or the undated projet."""
    seance = seance_of(records, deliberation)
    day = None if brouillon else date
    return {**common(records, seance, day, brouillon), "acte": acte(records, deliberation),
            "d": deliberation, "annexes": deliberation.annexes,
            "propositions": [fr.infinitive(x.verbe) for x in deliberation.decisions],
            "mentions": mentions(deliberation.transmission, day),
            "certification": certification(deliberation.transmission, day)}


def seance_context(records: Records, seance: Seance,
                   arrete: Seance | None = None) -> dict[str, Any]:
    """The list (or compte rendu) and the PV of a séance; ``arrete`` is the séance that
    adopted the PV, when recorded."""
    actes = [acte(records, d) for d in
             (records.deliberation(n) for n in seance.deliberations) if d is not None]
    if not actes:
        raise CtgdocsError(f"La séance {seance.id} n'a aucune délibération enregistrée.")
    opening = actes[0].figures
    visio = {e.id for e in opening.visio}
    counted = _counted(seance)
    return {
        **common(records, seance, arrete.date if arrete else None, arrete is None),
        "actes": actes,
        "ouverture": opening,
        # The séance's own list (a voted act may name them otherwise, as it was written).
        "presents": _named_or_counted(
            records, [e for e in opening.presents if e.id not in visio], counted),
        "nombre_presents": _mark(len(opening.presents), counted),
        "nombre_representes": _mark(len(opening.pouvoirs), counted),
        "quorum": council.quorum(opening.en_exercice, seance.date),
        "quorum_atteint": len(opening.presents) >= council.quorum(opening.en_exercice,
                                                                  seance.date),
        "arrete": arrete,
    }
