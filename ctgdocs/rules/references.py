"""Identifiers are unique and every reference points at an existing record."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from ..errors import Finding
from ..records import Records


def _duplicates(records: Records, items: Iterable[tuple[BaseModel, str, str]],
                what: str) -> list[Finding]:
    """Report every item whose key was already used; items are (model, field, key)."""
    findings = []
    first: dict[str, BaseModel] = {}
    for obj, field, key in items:
        if key in first:
            earlier = records.finding(first[key], field, "")
            findings.append(records.finding(
                obj, field, f"{what} « {key} » déjà utilisé ({earlier.file}:{earlier.line})"))
        else:
            first[key] = obj
    return findings


def check_references(records: Records) -> list[Finding]:
    findings: list[Finding] = []
    epci = records.territoire.epci
    findings += _duplicates(records, [(c, "insee", c.insee) for c in records.communes],
                            "code INSEE")
    findings += _duplicates(records, [(c, "id", c.id) for c in records.territoire.cafs],
                            "identifiant de CAF")
    findings += _duplicates(records, [(g, "id", g.id) for g in records.gestionnaires],
                            "identifiant de gestionnaire")
    findings += _duplicates(records, [(s, "id", s.id) for _, s in records.services()],
                            "identifiant de service")
    findings += _duplicates(records, [(c, "id", c.id) for c in records.conventions],
                            "identifiant de convention")

    for departement in {c.departement for c in records.communes} - set(epci.departements):
        commune = next(c for c in records.communes if c.departement == departement)
        findings.append(records.finding(
            commune, "departement",
            f"département {departement} absent de la liste des départements de l'EPCI"))

    for gestionnaire in records.gestionnaires:
        if gestionnaire.collectivite and not records.is_collectivite(gestionnaire.collectivite):
            findings.append(records.finding(
                gestionnaire, "collectivite", unknown_collectivite(gestionnaire.collectivite)))
        for subvention in gestionnaire.subventions:
            if not records.is_collectivite(subvention.financeur):
                findings.append(records.finding(
                    subvention, "financeur", unknown_collectivite(subvention.financeur)))
        for service in gestionnaire.services:
            for index, soutien in enumerate(service.soutiens):
                if not records.is_collectivite(soutien):
                    findings.append(records.finding(
                        service, ("soutiens", index), unknown_collectivite(soutien)))
    return findings


def unknown_collectivite(ident: str) -> str:
    return (f"collectivité « {ident} » inconnue : indiquez l'identifiant de l'EPCI "
            "ou le code INSEE d'une commune de communes.yaml")
