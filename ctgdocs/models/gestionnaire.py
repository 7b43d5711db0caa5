"""A gestionnaire (the body that runs services) and the services it runs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from ..marking import concat
from .common import Adresse, Amount, Identifier, Model, Personne, Record, SirenNumber

Rubrique = Literal["EAJE", "LAEP", "RPE", "ALSH"]
RUBRIQUES: tuple[Rubrique, ...] = ("EAJE", "LAEP", "RPE", "ALSH")

Forme = Literal["association", "centre_social", "commune", "epci", "ccas", "entreprise"]

FORMES: dict[str, str] = {
    "association": "association régie par la loi du 1er juillet 1901",
    "centre_social": "centre social associatif, association régie par la loi du 1er juillet 1901",
    "commune": "commune",
    "epci": "établissement public de coopération intercommunale",
    "ccas": "centre communal d'action sociale",
    "entreprise": "société",
}


class Ouverture(Model):
    """An opening period, e.g. "Du lundi au vendredi" with its moments "Matin", "Soir"."""

    periode: str
    moments: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"periode": value} if isinstance(value, str) else value


class Implantation(Model):
    nom: str | None = None
    adresse: Adresse
    jours: str | None = Field(None, description="jours d'accueil propres à ce lieu, ex. lundi")


class Service(Model):
    id: Identifier
    rubrique: Rubrique
    libelle: str | None = Field(None, description="ex. Halte-garderie itinérante")
    nom: str | None = None
    age_min: int | None = Field(None, ge=0, le=25)
    age_max: int | None = Field(None, ge=0, le=25)
    implantations: list[Implantation] = Field(default_factory=list)
    ouverture: list[Ouverture] = Field(min_length=1)
    soutiens: list[str] = Field(min_length=1, description="collectivités qui le soutiennent")
    fiche_monenfant: Literal["à jour", "à actualiser"] | None = None

    @model_validator(mode="after")
    def _ages(self) -> Service:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError(
                f"âge minimum ({self.age_min}) supérieur à l'âge maximum ({self.age_max})"
            )
        return self

    @property
    def intitule(self) -> str:
        """What the Annexe 2 prints in its first column."""
        return self.libelle or self.rubrique


class SubventionHorsConvention(Model):
    """A subsidy paid without a convention (allowed up to 23 000 € a year for an association)."""

    financeur: str
    annee: int = Field(ge=2000, le=2100)
    montant: Amount
    objet: str


class Gestionnaire(Record):
    id: Identifier
    nom: str
    sigle: str | None = None
    forme: Forme
    collectivite: str | None = Field(
        None, description="pour une commune ou l'EPCI : son code INSEE ou l'identifiant de l'EPCI"
    )
    siret: SirenNumber
    adresse: Adresse
    representant: Personne
    services: list[Service] = Field(default_factory=list)
    subventions: list[SubventionHorsConvention] = Field(default_factory=list)

    @model_validator(mode="after")
    def _collectivite(self) -> Gestionnaire:
        public = self.forme in ("commune", "epci")
        if public and not self.collectivite:
            raise ValueError(
                f"un gestionnaire de forme « {self.forme} » doit indiquer « collectivite » "
                "(code INSEE de la commune ou identifiant de l'EPCI)"
            )
        if not public and self.collectivite:
            raise ValueError("« collectivite » ne concerne qu'une commune ou l'EPCI")
        return self

    @property
    def est_association(self) -> bool:
        return self.forme in ("association", "centre_social")

    @property
    def forme_juridique(self) -> str:
        return FORMES[self.forme]

    @property
    def nom_usuel(self) -> str:
        """Centre Social des Pays du Guiers (CSPG)"""
        return concat(self.nom, " (", self.sigle, ")") if self.sigle else self.nom
