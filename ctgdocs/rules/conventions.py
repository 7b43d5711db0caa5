"""Conventions: parties, services covered, amounts, schedule, and the 23 000 € threshold."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..errors import Finding
from ..fr import amount_fr
from ..models import Convention, Gestionnaire
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
    return findings


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
    """An association paid over 23 000 € a year by one collectivité needs a convention."""
    findings = []
    for gestionnaire in records.gestionnaires:
        if not gestionnaire.est_association:
            continue
        totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        for subvention in gestionnaire.subventions:
            totals[(subvention.financeur, subvention.annee)] += subvention.montant
        for (financeur, annee), total in sorted(totals.items()):
            covered = any(c.gestionnaire == gestionnaire.id and c.financeur == financeur
                          and annee in c.annees for c in records.conventions)
            if total > CONVENTION_THRESHOLD and not covered:
                subvention = next(s for s in gestionnaire.subventions
                                  if (s.financeur, s.annee) == (financeur, annee))
                findings.append(records.finding(
                    subvention, "montant",
                    f"{records.collectivite_name(financeur)} verse {amount_fr(total)} à "
                    f"l'association en {annee} sans convention : au-delà de 23 000 € par an, "
                    "une convention est obligatoire (loi 2000-321, art. 10)"))
    return findings
