"""A convention de fonctionnement et financement between one financeur and one gestionnaire."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from pydantic import Field, field_validator, model_validator

from .. import fr
from ..marking import concat
from .common import Amount, Date, Identifier, Model, NumeroActe, Record


class DeliberationRef(Model):
    """The délibération approving the convention (checked further by the deliberations issue)."""

    numero: NumeroActe
    date: Date
    objet: str = Field(max_length=499)


class MontantAnnuel(Model):
    annee: int = Field(ge=2000, le=2100)
    montant: Amount


class Versement(Model):
    """One instalment of each year's amount: a share, a due date (JJ/MM) and its condition."""

    part: Decimal = Field(gt=0, le=100, description="pourcentage du montant annuel")
    echeance: str = Field(description="JJ/MM, ex. 31/03")
    condition: str | None = None

    @field_validator("echeance")
    @classmethod
    def _day_month(cls, value: str) -> str:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})", value)
        try:
            if not match:
                raise ValueError
            dt.date(2024, int(match[2]), int(match[1]))  # 2024: leap year accepts 29/02
        except ValueError:
            raise ValueError(f"échéance « {value} » invalide : écrivez JJ/MM, ex. 31/03") from None
        return f"{int(match[1]):02d}/{int(match[2]):02d}"

    @property
    def echeance_texte(self) -> str:
        """31 mars; 1er avril."""
        day, month = (int(x) for x in self.echeance.split("/"))
        return fr.date_fr(dt.date(2024, month, day)).rsplit(" ", 1)[0]

    def date_pour(self, annee: int) -> dt.date:
        day, month = (int(x) for x in self.echeance.split("/"))
        if (month, day) == (2, 29) and not (annee % 4 == 0 and (annee % 100 or annee % 400 == 0)):
            day = 28
        return dt.date(annee, month, day)


class ObjectifRef(Model):
    """An objective of the CTG's action plan, cited without ambiguity: its objectif général
    and its number there (the same number exists under several objectifs généraux)."""

    general: str = Field(description="objectif général, ex. Renforcer l'offre de service")
    numero: str = Field(pattern=r"^\d+(-\d+)?$", description="ex. 2-1 (opérationnel) ou 2")
    texte: str = Field(description="ce à quoi le gestionnaire s'engage")

    @property
    def citation(self) -> str:
        """Porter à connaissance des familles… (Rendre accessible les services… – 2-1)"""
        return concat(self.texte, " (", self.general, " – ", self.numero, ")")

    def __str__(self) -> str:
        return self.citation


class CompteRenduFinancier(Model):
    """The compte rendu financier of one year, received from the gestionnaire (due within
    six months of the end of its financial year: loi 2000-321, art. 10)."""

    annee: int = Field(ge=2000, le=2100)
    recu: Date = Field(description="date de réception")


class Convention(Record):
    id: Identifier
    financeur: str = Field(description="identifiant de l'EPCI ou code INSEE d'une commune")
    gestionnaire: Identifier
    services: list[Identifier] | None = Field(
        None, description="services couverts ; par défaut tous ceux que le financeur soutient"
    )
    debut: Date
    fin: Date
    deliberation: DeliberationRef
    montants: list[MontantAnnuel] = Field(min_length=1)
    versements: list[Versement] = Field(min_length=1)
    objectifs: list[ObjectifRef | str] = Field(
        default_factory=list, description="objectifs tirés de la CTG (objectif général, numéro, "
        "texte) ; un texte libre reste accepté")
    premier_versement: Date | None = Field(
        None, description="les échéances antérieures à cette date (signature de la convention "
        "en cours d'année) sont versées au plus tard ce jour-là")
    reversement: str | None = Field(
        None, description="reversement d'une partie de la subvention à un tiers, expressément "
        "autorisé (L1611-4) ; interdit sinon")
    preavis_mois: int = Field(3, ge=1, le=12, description="préavis de résiliation, en mois")
    comptes_rendus: list[CompteRenduFinancier] = Field(
        default_factory=list, description="comptes rendus financiers reçus, par année")

    @model_validator(mode="after")
    def _dates(self) -> Convention:
        if self.fin < self.debut:
            raise ValueError(
                f"la date de fin ({self.fin.isoformat()}) précède la date de début "
                f"({self.debut.isoformat()})"
            )
        return self

    @property
    def annees(self) -> list[int]:
        return list(range(self.debut.year, self.fin.year + 1))

    @property
    def total(self) -> Decimal:
        return sum((m.montant for m in self.montants), Decimal(0))

    def montant(self, annee: int) -> Decimal:
        return sum((m.montant for m in self.montants if m.annee == annee), Decimal(0))
