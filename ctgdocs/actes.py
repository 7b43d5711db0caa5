"""@ctes identifiers of acts transmitted to the préfecture: DDD-SIREN-YYYYMMDD-NUMERO-NA."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

NUMERO = r"^([A-Z0-9][A-Z0-9_]{0,13})?[A-Z0-9]$"
CLASSIFICATION = r"^\d{1,2}\.\d{1,2}(\.\d{1,2})*$"
ID = (r"^(?P<ddd>\d{2}[\dAB])-(?P<siren>\d{9})-(?P<date>\d{8})-(?P<numero>[A-Z0-9_]{1,15})-"
      r"(?P<nature>DE|AR|AI|CC|BF|AU)$")
NUMERO_PATTERN = re.compile(NUMERO)
ID_PATTERN = re.compile(ID)


def departement_code(departement: str) -> str:
    """38 -> 038, 2A -> 02A, 973 -> 973."""
    return departement.rjust(3, "0")


@dataclass(frozen=True)
class ActeId:
    departement: str
    siren: str
    date: dt.date
    numero: str
    nature: str

    def __str__(self) -> str:
        return (f"{departement_code(self.departement)}-{self.siren}-{self.date:%Y%m%d}-"
                f"{self.numero}-{self.nature}")


def parse(text: str) -> ActeId:
    """Read an identifier returned by the préfecture; ValueError in French if malformed."""
    match = ID_PATTERN.match(text)
    if not match:
        raise ValueError(f"identifiant @ctes « {text} » mal formé : attendu "
                         "DDD-SIREN-AAAAMMJJ-NUMERO-NATURE, ex. 038-200040111-20220705-22_112-DE")
    try:
        day = dt.datetime.strptime(match["date"], "%Y%m%d").date()
    except ValueError:
        raise ValueError(f"identifiant @ctes « {text} » : date impossible") from None
    departement = match["ddd"][1:] if match["ddd"].startswith("0") else match["ddd"]
    return ActeId(departement, match["siren"], day, match["numero"], match["nature"])


def numero_problem(numero: str) -> str | None:
    if not NUMERO_PATTERN.match(numero):
        return (f"numéro « {numero} » refusé par @ctes : 1 à 15 caractères, majuscules, "
                "chiffres et _, sans _ au début ni à la fin")
    return None


NATURES = ("DE", "AR", "AI", "CC", "BF", "AU")


def build(departement: str, siren: str, day: dt.date, numero: str, nature: str,
          today: dt.date) -> ActeId:
    """A new identifier, refused (ValueError in French) when @ctes would refuse it."""
    problem = numero_problem(numero)
    if problem:
        raise ValueError(problem)
    if nature not in NATURES:
        raise ValueError(f"nature « {nature} » inconnue : {', '.join(NATURES)}")
    if day > today:
        raise ValueError(f"la date de décision ({day:%d/%m/%Y}) est postérieure à aujourd'hui "
                         f"({today:%d/%m/%Y})")
    return ActeId(departement, siren, day, numero, nature)
