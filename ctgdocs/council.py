"""Council arithmetic: who is who, who sat and voted, computed rather than typed.

Everything here is a pure function of the records; the rules (rules/council.py) turn what
does not add up into findings, and the documents print what is computed here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from .models.conseil import Deliberation, Elu, Seance, Vote

# Temporary COVID rules (loi 2020-290 and successors, loi 2021-1465 art. 10): during these
# windows the quorum is a third of the members in office and a member may hold two pouvoirs.
TEMPORARY_WINDOWS = [
    (dt.date(2020, 3, 24), dt.date(2021, 9, 30)),
    (dt.date(2021, 11, 11), dt.date(2022, 7, 31)),
]


def temporary_rules(day: dt.date) -> bool:
    return any(start <= day <= end for start, end in TEMPORARY_WINDOWS)


def max_pouvoirs(day: dt.date) -> int:
    """Pouvoirs one member may hold on that date: two under the temporary rules, else one."""
    return 2 if temporary_rules(day) else 1


def quorum(en_exercice: int, day: dt.date) -> int:
    """Smallest number of members present that makes the quorum on that date."""
    if temporary_rules(day):
        return -(-en_exercice // 3)  # a third, rounded up
    return en_exercice // 2 + 1  # more than half


# Ordonnance 2021-1310 and décret 2021-1311: the rules of publicity, signature and of the
# séance's documents changed on 1 July 2022 (DOMAIN §31). Keyed by date, like the quorum.
REFORM_2022 = dt.date(2022, 7, 1)


@dataclass(frozen=True)
class Regime:
    """What the law asked of a séance's documents on a given date."""

    signed_by_president_and_secretary: bool  # L2121-23 since 1 July 2022; before: the members
    liste_des_deliberations: bool  # L2121-25 since 1 July 2022; before: a compte rendu
    proces_verbal_l2121_15: bool  # the PV's content fixed by L2121-15 since 1 July 2022
    secretary_required: bool

    @property
    def summary_title(self) -> str:
        return "liste des délibérations" if self.liste_des_deliberations else "compte rendu"


def regime(day: dt.date) -> Regime:
    new = day >= REFORM_2022
    return Regime(new, new, new, new)


def publicity_word(publication: dt.date) -> str:
    """An EPCI's acts are published electronically from 1 July 2022, posted before: the
    word follows the date of publication, not of the séance (L2131-1, L5211-3)."""
    return "Publié" if publication >= REFORM_2022 else "Affiché"


def normalize_name(text: str) -> str:
    """"Jean Paul SIRAND PUGNET" and "Jean-Paul Sirand-Pugnet" compare equal."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


class Roster:
    """Finds an élu by identifier, or by name after normalisation."""

    def __init__(self, elus: list[Elu]):
        self.elus = elus
        self._by_id = {e.id: e for e in elus}
        self._by_name: dict[str, Elu] = {}
        for elu in elus:
            self._by_name[normalize_name(f"{elu.prenom} {elu.nom}")] = elu
            self._by_name[normalize_name(f"{elu.nom} {elu.prenom}")] = elu

    def find(self, ref: str) -> Elu | None:
        return self._by_id.get(ref) or self._by_name.get(normalize_name(ref))

    def closest(self, ref: str) -> Elu | None:
        match = difflib.get_close_matches(normalize_name(ref), list(self._by_name), n=1,
                                          cutoff=0.75)
        return self._by_name[match[0]] if match else None

    def lenient(self, ref: str) -> Elu | None:
        """The member meant by ``ref``, even misspelt as a voted act may write it
        ("Marlène MACHON" for Martine MACHON): the rules report the spelling."""
        return self.find(ref) or self.closest(ref)

    def in_office(self, day: dt.date) -> list[Elu]:
        return [e for e in self.elus if e.en_exercice(day)]


@dataclass
class Attendance:
    """Who counts at the vote of one délibération."""

    en_exercice: int
    presents: list[Elu]
    visio: list[Elu]
    pouvoirs: list[tuple[Elu, Elu]]  # (mandant, mandataire), valid at that vote
    ne_prennent_pas_part: list[Elu] = field(default_factory=list)

    @property
    def votants(self) -> int:
        return len(self.presents) + len(self.pouvoirs) - len(self.ne_prennent_pas_part)


def _resolved(roster: Roster, refs: list[str]) -> list[Elu]:
    return [e for e in (roster.find(r) for r in refs) if e is not None]


def present_at(roster: Roster, seance: Seance, numero: str) -> list[Elu]:
    """Members in the room or by visioconference at the vote of ``numero``."""
    order = seance.deliberations
    index = order.index(numero)
    present = _resolved(roster, seance.presents + seance.visio)
    for move in seance.mouvements:
        elu = roster.find(move.elu)
        if elu is None or elu not in present:
            continue
        if move.arrivee_avant in order and index < order.index(move.arrivee_avant):
            present.remove(elu)
        if move.depart_avant in order and index >= order.index(move.depart_avant):
            present.remove(elu)
    return present


def pouvoirs_at(roster: Roster, seance: Seance,
                numero: str) -> list[tuple[int, Elu, Elu]]:
    """Pouvoirs in force at the vote of ``numero``, valid or not: (position, mandant,
    mandataire)."""
    order = seance.deliberations
    index = order.index(numero)
    result = []
    for position, pouvoir in enumerate(seance.pouvoirs):
        if pouvoir.a_partir_de in order and index < order.index(pouvoir.a_partir_de):
            continue
        mandant, mandataire = roster.lenient(pouvoir.mandant), roster.lenient(pouvoir.mandataire)
        if mandant and mandataire:
            result.append((position, mandant, mandataire))
    return result


def attendance(roster: Roster, seance: Seance, deliberation: Deliberation) -> Attendance:
    present = present_at(roster, seance, deliberation.numero)
    valid = [(m, p) for _, m, p in pouvoirs_at(roster, seance, deliberation.numero)
             if m not in present and p in present]
    visio = [e for e in _resolved(roster, seance.visio) if e in present]
    return Attendance(
        en_exercice=len(roster.in_office(seance.date)),
        presents=present,
        visio=visio,
        pouvoirs=valid,
        ne_prennent_pas_part=_resolved(
            roster, deliberation.vote.ne_prend_pas_part if deliberation.vote else []),
    )


@dataclass(frozen=True)
class Outcome:
    pour: int
    contre: int
    abstention: int
    adoptee: bool
    voix_preponderante: bool  # decided by the président's casting vote

    @property
    def mention(self) -> str:
        """à l'unanimité / à l'unanimité des suffrages exprimés / à la majorité."""
        if self.pour and not self.contre and not self.abstention:
            return "à l'unanimité"
        if self.pour and not self.contre:
            return "à l'unanimité des suffrages exprimés"
        if self.adoptee:
            return "à la majorité des suffrages exprimés"
        return "rejetée"


def outcome(vote: Vote | None) -> Outcome:
    """Absolute majority of suffrages exprimés; on a tie the président's vote decides,
    except in a secret ballot (L2121-20). Not adopted while no vote is recorded."""
    if vote is None:
        return Outcome(0, 0, 0, False, False)
    pour, contre = Vote.count(vote.pour), Vote.count(vote.contre)
    abstention = Vote.count(vote.abstention)
    tie = pour == contre and pour > 0
    casting = tie and vote.mode != "secret" and vote.president in ("pour", "contre")
    adopted = vote.president == "pour" if casting else pour > contre
    return Outcome(pour, contre, abstention, adopted, casting)
