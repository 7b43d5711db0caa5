"""Identification codes: SIREN, SIRET (Luhn; La Poste excepted) and INSEE commune codes."""

from __future__ import annotations

import re

from pydantic import BaseModel

from ..errors import Finding, Level
from ..records import Records

LA_POSTE_SIREN = "356000000"


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def siren_problem(siren: str) -> str | None:
    if not re.fullmatch(r"\d{9}", siren):
        return f"SIREN « {siren} » invalide : 9 chiffres attendus"
    if not luhn_ok(siren):
        return f"SIREN « {siren} » invalide : la clé de contrôle (Luhn) est fausse"
    return None


def siret_problem(siret: str) -> str | None:
    if not re.fullmatch(r"\d{14}", siret):
        return f"SIRET « {siret} » invalide : 14 chiffres attendus"
    if siret.startswith(LA_POSTE_SIREN):
        valid = sum(int(c) for c in siret) % 5 == 0
    else:
        valid = luhn_ok(siret) and luhn_ok(siret[:9])
    if not valid:
        return f"SIRET « {siret} » invalide : la clé de contrôle (Luhn) est fausse"
    return None


def insee_problem(insee: str, departement: str) -> str | None:
    if not re.fullmatch(r"(\d{5}|2[AB]\d{3})", insee):
        return (f"code INSEE « {insee} » invalide : 5 caractères (chiffres, ou 2A/2B "
                "pour la Corse)")
    expected = departement if len(departement) == 2 else departement[:3]
    if not insee.startswith(expected):
        return (f"code INSEE « {insee} » incohérent avec le département {departement} "
                "(le code INSEE commence par le numéro du département)")
    return None


def check_codes(records: Records) -> list[Finding]:
    findings: list[Finding] = []
    epci = records.territoire.epci

    def add(obj: BaseModel, field: str, problem: str | None, level: Level = "erreur") -> None:
        if problem:
            findings.append(records.finding(obj, field, problem, level))

    add(epci, "siren", siren_problem(epci.siren))
    add(epci, "siret", siret_problem(epci.siret))
    if not epci.siret.startswith(epci.siren):
        add(epci, "siret", f"le SIRET {epci.siret} ne commence pas par le SIREN {epci.siren}")
    for commune in records.communes:
        add(commune, "insee", insee_problem(commune.insee, commune.departement))
        if commune.insee == commune.code_postal:
            add(commune, "insee", f"code INSEE identique au code postal ({commune.insee}) : "
                "vérifiez qu'il s'agit bien du code officiel géographique", "avertissement")
        if commune.siret:
            add(commune, "siret", siret_problem(commune.siret))
    for gestionnaire in records.gestionnaires:
        add(gestionnaire, "siret", siret_problem(gestionnaire.siret))
    return findings
