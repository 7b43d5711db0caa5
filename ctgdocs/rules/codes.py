"""Identification codes: SIREN and SIRET (python-stdnum), INSEE commune codes."""

from __future__ import annotations

import re

from pydantic import BaseModel

from ..errors import Finding, Level
from ..records import Records

# python-stdnum loads when a code is checked: a build whose checks were kept (recordscache)
# checks none.


def normalise_siren(text: str) -> str:
    """A SIREN or SIRET as typed or pasted (« 356 000 000 00048 », dots, dashes): digits only."""
    from stdnum.fr import siret

    return str(siret.compact(text))


def _problem(kind: str, value: str, length: int) -> str | None:
    from stdnum import exceptions
    from stdnum.fr import siren, siret

    try:
        (siren if kind == "SIREN" else siret).validate(value)
    except exceptions.InvalidChecksum:
        return f"{kind} « {value} » invalide : la clé de contrôle (Luhn) est fausse"
    except exceptions.ValidationError:
        return f"{kind} « {value} » invalide : {length} chiffres attendus"
    return None


def siren_problem(siren: str) -> str | None:
    return _problem("SIREN", siren, 9)


def siret_problem(siret: str) -> str | None:
    """La Poste's establishments (SIREN 356000000) follow their own rule; stdnum knows it."""
    return _problem("SIRET", siret, 14)


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
