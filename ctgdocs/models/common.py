"""Building blocks shared by every record: strict base model, French-friendly scalar types."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from .. import actes, fr
from ..marking import concat, join, mark_like


class Model(BaseModel):
    """Every record model: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True,
                              defer_build=True)


class Record(Model):
    """A top-level record. ``exemple`` lists the fields holding illustrative data, not facts."""

    exemple: list[str] = Field(default_factory=list)


def _french_date(value: Any) -> Any:
    """Accept 29/06/2022 as well as 2022-06-29."""
    return fr.parse_date(value) if isinstance(value, str) else value


def _amount(value: Any) -> Any:
    if isinstance(value, str):
        text = value.replace("\u00a0", "").replace(" ", "").replace("€", "")
        if re.fullmatch(r"-?\d+,\d+", text):
            text = text.replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(
                f"montant illisible « {value} » : écrivez par exemple 12500 ou 12500.50"
            ) from None
    return value


MAX_AMOUNT = Decimal(10) ** 12  # a thousand billion euros: beyond, a typing mistake


def _check_amount(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("montant invalide")
    if value > MAX_AMOUNT:
        raise ValueError(f"montant trop grand ({value}) : 1 000 000 000 000 € au plus")
    if value < 0:
        raise ValueError(f"montant négatif ({value}) : un montant est positif ou nul")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValueError(f"montant trop précis ({value}) : deux décimales au plus (centimes)")
    return value


def _yes_no(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("oui", "vrai"):
            return True
        if lowered in ("non", "faux"):
            return False
    return value


Date = Annotated[dt.date, BeforeValidator(_french_date)]
Amount = Annotated[Decimal, BeforeValidator(_amount), AfterValidator(_check_amount)]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]
IDENTIFIER = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
DEPARTEMENT = r"^(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$"
CODE_POSTAL = r"^\d{5}$"

Identifier = Annotated[str, Field(pattern=IDENTIFIER, max_length=60)]
Departement = Annotated[str, Field(pattern=DEPARTEMENT)]
CodePostal = Annotated[str, Field(pattern=CODE_POSTAL)]
NumeroActe = Annotated[str, Field(pattern=actes.NUMERO)]

# What each pattern means, for error messages.
PATTERN_HINTS = {
    IDENTIFIER: "identifiant fait de lettres sans accent, chiffres, - _ .",
    DEPARTEMENT: "numéro de département, ex. 38, 2A, 974",
    CODE_POSTAL: "code postal de 5 chiffres",
    actes.NUMERO: "numéro d'acte @ctes de 1 à 15 caractères (majuscules, chiffres et _, "
    "sans _ au début ni à la fin), ex. 22_112",
    actes.CLASSIFICATION: "classification @ctes d'au moins deux niveaux, ex. 7.5",
    actes.ID: "identifiant @ctes DDD-SIREN-AAAAMMJJ-NUMERO-NATURE, "
    "ex. 038-200040111-20220705-22_112-DE",
}
Civilite = Literal["Mme", "M."]


def _siren_digits(value: Any) -> Any:
    """356 000 000 00048 or 356.000.000.00048 as pasted from a form: digits only."""
    from ..rules.codes import normalise_siren  # python-stdnum, loaded for validation only

    return normalise_siren(value) if isinstance(value, str) else value


# A SIREN or SIRET, kept as digits; rules/codes.py checks its key.
SirenNumber = Annotated[str, BeforeValidator(_siren_digits)]


class Adresse(Model):
    lignes: list[str] = Field(default_factory=list)
    code_postal: CodePostal
    commune: str

    @property
    def ligne_ville(self) -> str:
        return concat(self.code_postal, " ", self.commune)

    @property
    def complete(self) -> str:
        """Pôle Tertiaire, ZI Chartreuse Guiers, 38380 Entre-deux-Guiers"""
        return join(", ", [*self.lignes, self.ligne_ville])

    def __str__(self) -> str:
        return self.complete


class Personne(Model):
    civilite: Civilite
    prenom: str
    nom: str
    qualite: str | None = None

    @property
    def feminin(self) -> bool:
        return self.civilite == "Mme"

    @property
    def civilite_longue(self) -> str:
        return mark_like(self.civilite, "Madame" if self.feminin else "Monsieur")

    @property
    def nom_complet(self) -> str:
        return concat(self.prenom, " ", self.nom)

    @property
    def titre(self) -> str:
        """la Présidente, le Maire, l'Adjointe (empty when no qualité is recorded)."""
        return fr.with_article(self.qualite, self.feminin) if self.qualite else ""
