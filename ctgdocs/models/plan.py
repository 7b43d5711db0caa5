"""The CTG's action plan, its "arbre à objectifs": objectifs généraux → objectifs déclinés →
objectifs opérationnels → actions, mise en œuvre and dispositifs outside the CTG."""

from __future__ import annotations

from pydantic import Field

from ..marking import concat
from .common import Model, Record


class Rubrique(Model):
    titre: str
    items: list[str] = Field(default_factory=list)


class Operationnel(Model):
    numero: str
    intitule: str
    actions: list[str] = Field(default_factory=list)
    mise_en_oeuvre: list[str] = Field(default_factory=list)
    hors_ctg: list[str] = Field(default_factory=list, description="dispositifs hors CTG")

    @property
    def libelle(self) -> str:
        return concat(self.numero, " ", self.intitule)


class Decline(Model):
    numero: str | None = None
    intitule: str
    operationnels: list[Operationnel] = Field(default_factory=list)

    @property
    def libelle(self) -> str:
        """"1- Se donner les moyens de connaître les besoins", as the summary prints it."""
        return concat(self.numero, "- ", self.intitule) if self.numero else self.intitule


class ObjectifGeneral(Model):
    intitule: str
    declines: list[Decline] = Field(min_length=1)


class PlanAction(Record):
    titre: str
    socle: Rubrique
    cadre: Rubrique
    objectifs: list[ObjectifGeneral] = Field(min_length=1)

    def synthese(self) -> list[tuple[str, list[str]]]:
        """The summary table the délibération prints: each objectif général and the
        libellés of its objectifs déclinés."""
        return [(o.intitule, [d.libelle for d in o.declines]) for o in self.objectifs]
