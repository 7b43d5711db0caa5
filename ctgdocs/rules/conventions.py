"""Conventions: parties, services covered, amounts, schedule, and the 23 000 € threshold."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from decimal import Decimal

from ..documents.convention import instalments
from ..errors import Finding
from ..fr import amount_fr, join_and
from ..models import Convention, Gestionnaire
from ..models.conseil import Deliberation
from ..models.convention import ObjectifRef
from ..records import Records
from ..yamlfile import Path_
from .references import unknown_collectivite

# Loi 2000-321 art. 10, décret 2001-495: above this yearly amount an association needs a convention.
CONVENTION_THRESHOLD = Decimal(23000)
MAX_YEARS = 4  # circulaire du 29 septembre 2015


def check_conventions(records: Records) -> list[Finding]:
    findings: list[Finding] = []
    for convention in records.conventions:
        findings += _check_one(records, convention)
    findings += _check_overlaps(records)
    findings += check_threshold(records)
    return findings


def _check_one(records: Records, convention: Convention) -> list[Finding]:
    findings: list[Finding] = []

    def error(field: str | Path_, message: str) -> None:
        findings.append(records.finding(convention, field, message))

    gestionnaire = records.gestionnaire(convention.gestionnaire)
    if gestionnaire is None:
        error("gestionnaire", f"gestionnaire « {convention.gestionnaire} » inconnu "
              "(aucune fiche records/gestionnaires/ ne porte cet identifiant)")
    if not records.is_collectivite(convention.financeur):
        error("financeur", unknown_collectivite(convention.financeur))
    elif convention.financeur != records.epci_id:
        commune = records.commune(convention.financeur)
        missing = [f for f in ("maire", "adresse_mairie", "siret")
                   if commune and getattr(commune, f) is None]
        if commune and missing:
            findings.append(records.finding(
                commune, None, f"la commune finance la convention {convention.id} : "
                f"renseignez {', '.join(missing)}"))
    if gestionnaire and gestionnaire.collectivite == convention.financeur:
        error("financeur", f"le financeur est le gestionnaire lui-même "
              f"({records.collectivite_name(convention.financeur)}) : une collectivité ne "
              "passe pas de convention avec elle-même")

    if gestionnaire:
        for field, message in _service_problems(records, convention, gestionnaire):
            error(field, message)

    years = convention.annees
    if len(years) > MAX_YEARS:
        findings.append(records.finding(
            convention, "fin", f"convention de {len(years)} ans : une convention pluriannuelle "
            f"dure {MAX_YEARS} ans au plus", "avertissement"))
    seen: set[int] = set()
    for montant in convention.montants:
        if montant.annee in seen:
            findings.append(records.finding(montant, "annee",
                                            f"année {montant.annee} donnée deux fois"))
        seen.add(montant.annee)
        if montant.annee not in years:
            findings.append(records.finding(
                montant, "annee", f"année {montant.annee} hors de la durée de la convention "
                f"({convention.debut.year}–{convention.fin.year})"))
    missing_years = [str(y) for y in years if y not in seen]
    if missing_years:
        error("montants", f"montant manquant pour {', '.join(missing_years)}")

    share = sum((v.part for v in convention.versements), Decimal(0))
    if share != 100:
        error("versements", f"les parts des versements totalisent {share} % au lieu de 100 %")
    else:
        findings += _early_instalment(records, convention)
    for index, objectif in enumerate(convention.objectifs):
        if isinstance(objectif, ObjectifRef):
            problem = _objective_problem(records, objectif)
            if problem:
                error(("objectifs", index), problem)
    return findings


def approval_limit(records: Records, convention: Convention) -> tuple[dt.date, str]:
    """The first day the convention may be signed, and why: its approving délibération
    exécutoire (received by the préfecture and published, L2131-1) when recorded, else the
    day of the vote."""
    numero = convention.deliberation.numero
    deliberation = records.deliberation(numero)
    sent = deliberation.transmission if deliberation else None
    if sent is not None and sent.publication is not None:
        return max(sent.reception, sent.publication), (
            f"la délibération {numero} n'est exécutoire que le")
    return convention.deliberation.date, f"la délibération {numero} est du"


def _early_instalment(records: Records, convention: Convention) -> list[Finding]:
    """An instalment cannot fall due before the convention can be signed (DOMAIN 36)."""
    limit, why = approval_limit(records, convention)
    early = [e for e in instalments(convention) if e.date < limit]
    if not early:
        return []
    return [records.finding(
        convention, "premier_versement" if convention.premier_versement else "versements",
        f"échéance du {early[0].date:%d/%m/%Y} antérieure à la signature possible de la "
        f"convention : {why} {limit:%d/%m/%Y} ; reportez les premiers versements "
        "(premier_versement)", "avertissement")]


def deliberation_concerns(records: Records, deliberation: Deliberation,
                          convention: Convention) -> bool:
    """Whether a recorded délibération can authorise an act on this convention: it approves
    it, annexes it, names it, or is the EPCI's and names its gestionnaire among those it
    concerns (the EPCI has one convention at a time with a gestionnaire)."""
    if deliberation.numero == convention.deliberation.numero:
        return True
    if any(a.document in (convention.id, f"convention-{convention.id}")
           for a in deliberation.annexes):
        return True
    texts = [deliberation.objet] + [d.texte for d in deliberation.decisions]
    texts += [b.texte or "" for b in deliberation.visas + deliberation.considerants]
    if any(convention.id in t for t in texts):
        return True
    seance = records.seance(deliberation.seance)
    during = seance is None or convention.debut <= seance.date <= convention.fin
    return (convention.financeur == records.epci_id and during
            and convention.gestionnaire in deliberation.concerne)


def check_signed_schedules(records: Records, signatures: dict[str, dt.date]) -> list[Finding]:
    """Instalments due before the recorded signature of their convention (``signatures``:
    convention id -> date of the signature in the register)."""
    findings = []
    for convention in records.conventions:
        signed = signatures.get(convention.id)
        early = [e for e in instalments(convention) if signed and e.date < signed]
        if signed and early:
            findings.append(records.finding(
                convention, "premier_versement" if convention.premier_versement
                else "versements", f"échéance du {early[0].date:%d/%m/%Y} antérieure à la "
                f"signature de la convention, enregistrée le {signed:%d/%m/%Y} : reportez les "
                "premiers versements (premier_versement)", "avertissement"))
    return findings


def _objective_problem(records: Records, objectif: ObjectifRef) -> str | None:
    """Why the reference does not name one objective of the action plan (None if it does)."""
    if records.plan is None:
        return None
    generals = {_plain(o.intitule): o for o in records.plan.objectifs}
    general = generals.get(_plain(objectif.general))
    if general is None:
        known = " ; ".join(o.intitule for o in records.plan.objectifs)
        return (f"objectif général « {objectif.general} » absent de l'arbre à objectifs "
                f"(records/plan-action.yaml : {known})")
    numbers = {d.numero for d in general.declines if d.numero}
    numbers |= {o.numero for d in general.declines for o in d.operationnels}
    if objectif.numero not in numbers:
        return (f"pas d'objectif {objectif.numero} sous l'objectif général "
                f"« {general.intitule} » (numéros : {', '.join(sorted(numbers))})")
    return None


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _service_problems(records: Records, convention: Convention,
                      gestionnaire: Gestionnaire) -> list[tuple[Path_, str]]:
    """(field, message) for each service the convention cannot cover."""
    if convention.services is None:
        if any(convention.financeur in s.soutiens for s in gestionnaire.services):
            return []
        return [(("services",), f"aucun service de « {gestionnaire.id} » n'est soutenu par "
                 f"{records.collectivite_name(convention.financeur)}")]
    problems: list[tuple[Path_, str]] = []
    own = {s.id: s for s in gestionnaire.services}
    for index, ident in enumerate(convention.services):
        service = own.get(ident)
        if service is None:
            problems.append((("services", index), f"service « {ident} » inconnu chez le "
                             f"gestionnaire « {gestionnaire.id} »"))
        elif convention.financeur not in service.soutiens:
            problems.append((("services", index), f"le service « {ident} » n'indique pas "
                             f"« {convention.financeur} » parmi ses soutiens"))
    return problems


def _check_overlaps(records: Records) -> list[Finding]:
    """One convention per (financeur, gestionnaire) pair at any time."""
    findings = []
    by_pair: dict[tuple[str, str], list[Convention]] = defaultdict(list)
    for convention in records.conventions:
        by_pair[(convention.financeur, convention.gestionnaire)].append(convention)
    for conventions in by_pair.values():
        for index, later in enumerate(conventions):
            for earlier in conventions[:index]:
                if later.debut <= earlier.fin and earlier.debut <= later.fin:
                    findings.append(records.finding(
                        later, "debut", f"chevauche la convention {earlier.id} entre les mêmes "
                        "parties : une seule convention par financeur et gestionnaire"))
    return findings


def check_threshold(records: Records) -> list[Finding]:
    """An association paid over 23 000 € a year by one collectivité needs a convention: one
    finding per association and collectivité, naming both and the years concerned."""
    findings = []
    for gestionnaire in records.gestionnaires:
        if not gestionnaire.est_association:
            continue
        totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        for subvention in gestionnaire.subventions:
            totals[(subvention.financeur, subvention.annee)] += subvention.montant
        over: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)
        for (financeur, annee), total in sorted(totals.items()):
            covered = any(c.gestionnaire == gestionnaire.id and c.financeur == financeur
                          and annee in c.annees for c in records.conventions)
            if total > CONVENTION_THRESHOLD and not covered:
                over[financeur].append((annee, total))
        for financeur, years in over.items():
            first = next(s for s in gestionnaire.subventions
                         if (s.financeur, s.annee) == (financeur, years[0][0]))
            amounts = join_and([f"{amount_fr(total)} en {annee}" for annee, total in years])
            findings.append(records.finding(
                first, "montant",
                f"{records.collectivite_name(financeur)} verse à {gestionnaire.nom_usuel} "
                f"{amounts}, sans convention : au-delà de 23 000 € par an, une convention est "
                "obligatoire (loi 2000-321, art. 10)"))
    return findings
