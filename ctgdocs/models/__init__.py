"""Pydantic models of the records; YAML keys are the field names."""

from .common import Adresse, Model, Personne, Record
from .convention import Convention, DeliberationRef, MontantAnnuel, Versement
from .gestionnaire import (
    RUBRIQUES,
    Gestionnaire,
    Implantation,
    Ouverture,
    Rubrique,
    Service,
    SubventionHorsConvention,
)
from .territoire import Caf, Commune, Communes, Ctg, Epci, Territoire, Tribunal

__all__ = [
    "RUBRIQUES",
    "Adresse",
    "Caf",
    "Commune",
    "Communes",
    "Convention",
    "Ctg",
    "DeliberationRef",
    "Epci",
    "Gestionnaire",
    "Implantation",
    "Model",
    "MontantAnnuel",
    "Ouverture",
    "Personne",
    "Record",
    "Rubrique",
    "Service",
    "SubventionHorsConvention",
    "Territoire",
    "Tribunal",
    "Versement",
]
