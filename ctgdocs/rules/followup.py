"""What remains to do once a convention or the CTG has ended.

An association sends the compte rendu financier of each year within six months of the end of
its financial year (loi 2000-321, art. 10; décret 2001-495): for a calendar year, by 30 June
of the next year, so the last one of a 2022–2025 convention is due by 30 June 2026, after the
convention and the CTG have ended. A convention that has ended and has no successor with the
same financeur and gestionnaire needs renewing; a CTG that has ended without a signed
successor leaves the territory without one (the bonus territoire goes to services that a
signatory collectivité co-funds).

``followup_alerts`` is what `status` shows on a day; ``check_followup`` what `check` can say
without a date: the recorded comptes rendus and the next CTG that contradict the periods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from itertools import groupby

from ..errors import Finding
from ..fr import date_short
from ..models import Convention
from ..records import Records

ENDING_SOON_DAYS = 183  # six months


def compte_rendu_due(annee: int) -> dt.date:
    """Six months after the end of a calendar financial year."""
    return dt.date(annee + 1, 6, 30)


def followup_alerts(records: Records, today: dt.date, signed: Collection[str]) -> list[str]:
    """``signed``: the conventions (ids) signed on or before ``today``."""
    return (_comptes_rendus(records, today, signed) + _not_renewed(records, today, signed)
            + _ctg(records, today))


def _comptes_rendus(records: Records, today: dt.date, signed: Collection[str]) -> list[str]:
    """The compte rendu of the last year closed, while it is not recorded as received."""
    found = []
    for convention in records.conventions:
        gestionnaire = records.gestionnaire(convention.gestionnaire)
        closed = [y for y in convention.annees if dt.date(y, 12, 31) < today]
        if convention.id not in signed or gestionnaire is None \
                or not gestionnaire.est_association or not closed:
            continue
        year = closed[-1]
        if any(r.annee == year for r in convention.comptes_rendus):
            continue
        due = compte_rendu_due(year)
        name = gestionnaire.nom_usuel
        if today <= due:
            found.append(f"{convention.id} : compte rendu financier {year} attendu de {name} "
                         f"avant le {date_short(due)}")
        else:
            found.append(f"{convention.id} : compte rendu financier {year} de {name} attendu "
                         f"depuis le {date_short(due)}, non reçu (ou non noté dans "
                         f"comptes_rendus: de {_file(records, convention)})")
    return found


def _not_renewed(records: Records, today: dt.date, signed: Collection[str]) -> list[str]:
    ended = sorted((c for c in records.conventions if c.id in signed and c.fin < today
                    and not _successor(records, c)), key=lambda c: (c.fin, c.id))
    found = []
    for fin, group in groupby(ended, key=lambda c: c.fin):
        idents = [c.id for c in group]
        many = len(idents) > 1
        found.append(f"{'Conventions terminées' if many else 'Convention terminée'} le "
                     f"{date_short(fin)} sans convention suivante avec le même financeur et le "
                     f"même gestionnaire : {', '.join(idents)} ; "
                     f"{'renouvelez-les' if many else 'renouvelez-la'} ou notez "
                     f"{'qu’elles ne le seront pas' if many else 'qu’elle ne le sera pas'}")
    return found


def _successor(records: Records, convention: Convention) -> bool:
    return any(c.financeur == convention.financeur and c.gestionnaire == convention.gestionnaire
               and c.debut > convention.debut and c.fin > convention.fin
               for c in records.conventions)


def _ctg(records: Records, today: dt.date) -> list[str]:
    ctg = records.territoire.ctg
    suivante = ctg.suivante
    if suivante is not None and suivante.signature is not None and suivante.signature <= today:
        return []
    title = f"La CTG « {ctg.intitule} »"
    if ctg.fin < today and suivante is None:
        return [f"{title} a pris fin le {date_short(ctg.fin)} et aucune CTG suivante n'est "
                "enregistrée (records/territoire.yaml : ctg.suivante) : engagez son "
                "renouvellement avec la CAF ; le bonus territoire suppose une CTG signée"]
    if ctg.fin < today:
        assert suivante is not None
        return [f"{title} a pris fin le {date_short(ctg.fin)} ; la CTG suivante "
                f"« {suivante.intitule} » (à partir du {date_short(suivante.debut)}) n'est pas "
                "encore signée (records/territoire.yaml : ctg.suivante.signature)"]
    left = (ctg.fin - today).days
    if left <= ENDING_SOON_DAYS and suivante is None:
        return [f"{title} se termine le {date_short(ctg.fin)} (dans {left} jours) : préparez "
                "la CTG suivante avec la CAF (records/territoire.yaml : ctg.suivante)"]
    return []


def _file(records: Records, convention: Convention) -> str:
    return records.finding(convention, None, "").file


def check_followup(records: Records) -> list[Finding]:
    """Recorded comptes rendus outside their convention's years or received before the end
    of their year; a next CTG that overlaps the current one or leaves a gap after it."""
    findings = []
    for convention in records.conventions:
        for index, compte in enumerate(convention.comptes_rendus):
            if compte.annee not in convention.annees:
                findings.append(records.finding(
                    convention, ("comptes_rendus", index, "annee"),
                    f"compte rendu financier {compte.annee} : la convention couvre "
                    f"{convention.annees[0]}–{convention.annees[-1]}", "avertissement"))
            elif compte.recu <= dt.date(compte.annee, 12, 31):
                findings.append(records.finding(
                    convention, ("comptes_rendus", index, "recu"),
                    f"compte rendu financier {compte.annee} reçu le {date_short(compte.recu)}, "
                    "avant la fin de l'exercice qu'il rend", "avertissement"))
    ctg = records.territoire.ctg
    suivante = ctg.suivante
    if suivante is not None:
        expected = ctg.fin + dt.timedelta(days=1)
        if suivante.debut < expected:
            findings.append(records.finding(
                ctg, ("suivante", "debut"), f"la CTG suivante commence le "
                f"{date_short(suivante.debut)}, avant la fin de la CTG en cours "
                f"({date_short(ctg.fin)})", "avertissement"))
        elif suivante.debut > expected:
            findings.append(records.finding(
                ctg, ("suivante", "debut"), f"entre la fin de la CTG ({date_short(ctg.fin)}) et "
                f"le début de la suivante ({date_short(suivante.debut)}), le territoire n'est "
                "couvert par aucune CTG", "avertissement"))
    return findings
