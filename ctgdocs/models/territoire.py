"""The territory: its EPCI, communes, CTG, CAF partners and tribunal administratif."""

from __future__ import annotations

from pydantic import Field, model_validator

from .. import fr
from .common import (
    Adresse,
    CodePostal,
    Date,
    Departement,
    Identifier,
    Model,
    Personne,
    Record,
    SirenNumber,
)


class Delegataire(Personne):
    """An élu who signs by delegation of the président(e)."""

    delegation: str = Field(description="acte de délégation, ex. arrêté n° 2020-061 du …")


class Epci(Model):
    id: Identifier
    nom: str
    sigle: str
    siren: SirenNumber
    siret: SirenNumber
    adresse: Adresse
    departement_siege: Departement
    departements: list[Departement] = Field(min_length=1)
    president: Personne
    signataire_delegue: Delegataire | None = None
    ville_signature: str
    classification_version: Date | None = Field(
        None, description="version de la nomenclature @ctes de la préfecture")

    @property
    def signataire(self) -> Personne:
        return self.signataire_delegue or self.president


class Tribunal(Model):
    nom: str
    adresse: Adresse


class Caf(Model):
    id: Identifier
    nom: str
    departement: Departement
    adresse: Adresse


class CtgSuivante(Model):
    """The CTG that follows the current one, once it is being prepared."""

    intitule: str
    debut: Date
    fin: Date
    signature: Date | None = Field(None, description="date de signature, une fois signée")

    @model_validator(mode="after")
    def _period(self) -> CtgSuivante:
        if self.fin < self.debut:
            raise ValueError("la fin de la CTG suivante précède son début")
        return self


class Ctg(Model):
    intitule: str
    debut: Date
    fin: Date
    circulaire: str = "circulaire CNAF n° 2020-01 du 16 janvier 2020"
    suivante: CtgSuivante | None = Field(
        None, description="la CTG qui lui succède (renouvellement avec la CAF)")

    @model_validator(mode="after")
    def _period(self) -> Ctg:
        if self.fin < self.debut:
            raise ValueError("la fin de la CTG précède son début")
        return self

    @property
    def annees(self) -> list[int]:
        return list(range(self.debut.year, self.fin.year + 1))


class OrdreAnnexe2(Model):
    """The order of the Annexe 2 as voted; what is not listed follows, by name."""

    collectivites: list[str] = Field(
        default_factory=list, description="identifiant de l'EPCI et codes INSEE, dans l'ordre")
    rubriques: list[str] = Field(default_factory=list, description="ex. EAJE, LAEP, RPE, ALSH")
    services: list[Identifier] = Field(
        default_factory=list, description="identifiants des services, dans l'ordre")


class Territoire(Record):
    epci: Epci
    tribunal_administratif: Tribunal
    ctg: Ctg
    cafs: list[Caf] = Field(min_length=1)
    annexe2: OrdreAnnexe2 | None = Field(None, description="ordre de l'Annexe 2 votée")


class Commune(Model):
    insee: str
    nom: str
    code_postal: CodePostal
    departement: Departement
    population: int = Field(ge=0)
    maire: Personne | None = None
    adresse_mairie: Adresse | None = None
    siret: SirenNumber | None = None

    @property
    def designation(self) -> str:
        """Commune de Corbel, Commune d'Entre-deux-Guiers, Commune des Échelles."""
        return "Commune " + fr.of(self.nom)


class Communes(Record):
    communes: list[Commune] = Field(min_length=1)
