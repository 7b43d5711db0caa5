"""The conseil communautaire: its members (élus), sessions (séances) and délibérations.

Élus are referred to by identifier; a reference may also be a name copied from an old
document ("Jean Paul SIRAND PUGNET"), matched by ``council.Roster`` after normalisation.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from .. import actes
from .common import Amount, Date, Identifier, Model, NumeroActe, Personne, Record, YesNo

EluRef = Annotated[str, Field(min_length=1, description="identifiant ou nom d'un élu")]
Nature = Literal["DE", "AR", "AI", "CC", "BF", "AU"]
NATURE_CODES: dict[str, int] = {n: i for i, n in enumerate(actes.NATURES, 1)}


class Elu(Personne):
    id: Identifier
    commune: str = Field(description="code INSEE de sa commune")
    mandat: Literal["titulaire", "suppleant"] = "titulaire"
    suppleant_de: Identifier | None = Field(None, description="pour un suppléant : son titulaire")
    debut: Date | None = None
    fin: Date | None = None
    conseils_administration: list[Identifier] = Field(
        default_factory=list, description="gestionnaires au conseil desquels il siège")

    @model_validator(mode="after")
    def _mandate(self) -> Elu:
        if (self.mandat == "suppleant") != (self.suppleant_de is not None):
            raise ValueError("un suppléant indique « suppleant_de » (son titulaire), "
                             "et seulement un suppléant")
        if self.debut and self.fin and self.fin < self.debut:
            raise ValueError("la fin du mandat précède son début")
        return self

    def en_exercice(self, day: dt.date) -> bool:
        return (self.mandat == "titulaire" and (self.debut is None or self.debut <= day)
                and (self.fin is None or day <= self.fin))


class Conseil(Record):
    elus: list[Elu] = Field(min_length=1)


class Pouvoir(Model):
    mandant: EluRef
    mandataire: EluRef
    a_partir_de: NumeroActe | None = Field(
        None, description="délibération à partir de laquelle il vaut (départ en cours de séance)")


class Mouvement(Model):
    """An arrival or a departure during the session, relative to the agenda."""

    elu: EluRef
    arrivee_avant: NumeroActe | None = None
    depart_avant: NumeroActe | None = None

    @model_validator(mode="after")
    def _one(self) -> Mouvement:
        if (self.arrivee_avant is None) == (self.depart_avant is None):
            raise ValueError("indiquez soit « arrivee_avant », soit « depart_avant »")
        return self


class Seance(Record):
    id: Identifier
    date: Date
    heure: dt.time
    lieu: str
    session: Literal["ordinaire", "extraordinaire"] = "ordinaire"
    convocation: Date
    urgence: YesNo = False
    seconde_convocation: YesNo = False
    premiere_seance: Identifier | None = Field(
        None, description="séance sans quorum qui a motivé la seconde convocation")
    president: EluRef
    secretaire: EluRef | None = Field(
        None, description="secrétaire de séance ; laissé vide quand l'acte ne le nomme pas")
    presents: list[EluRef] = Field(default_factory=list, description="présents dans la salle")
    visio: list[EluRef] = Field(default_factory=list, description="présents en visioconférence")
    absents: list[EluRef] = Field(default_factory=list)
    pouvoirs: list[Pouvoir] = Field(default_factory=list)
    mouvements: list[Mouvement] = Field(default_factory=list)
    deliberations: list[NumeroActe] = Field(min_length=1, description="ordre du jour")
    proces_verbaux: list[Identifier] = Field(
        default_factory=list, description="séances dont le procès-verbal est arrêté au début "
        "de celle-ci")

    @model_validator(mode="after")
    def _dates(self) -> Seance:
        if self.convocation > self.date:
            raise ValueError("la convocation est datée après la séance")
        if self.seconde_convocation and not self.premiere_seance:
            raise ValueError("une seconde convocation indique « premiere_seance »")
        return self


class LigneSynthese(Model):
    objectif_general: str
    objectifs_declines: list[str]


class Bloc(Model):
    """A paragraph of a visa or considérant, with an optional list or table."""

    texte: str | None = None
    liste: list[str] = Field(default_factory=list)
    tableau: list[list[str]] = Field(default_factory=list, description="lignes de cellules")
    synthese_plan_action: YesNo = Field(
        False, description="insérer ici la synthèse de l'arbre à objectifs")
    synthese: list[LigneSynthese] = Field(
        default_factory=list, description="synthèse recopiée d'un acte : vérifiée avec l'arbre")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"texte": value} if isinstance(value, str) else value


class Decision(Model):
    verbe: str = Field(pattern=r"^[A-ZÉÈÀ ]+$", description="VALIDE, AUTORISE, APPROUVE…")
    texte: str


Count = int | list[EluRef]
Choix = Literal["pour", "contre", "abstention", "ne_prend_pas_part"]


ModeVote = Literal["main_levee", "public", "secret"]


class Vote(Model):
    """pour / contre / abstention as counts, or as lists of élus (scrutin public by name).

    Votes are à main levée unless the record says scrutin public or secret (L2121-21)."""

    mode: ModeVote = "main_levee"
    demande: str | None = Field(
        None, description="demande d'un mode de scrutin particulier, telle qu'exprimée")
    pour: Count = 0
    contre: Count = 0
    abstention: Count = 0
    ne_prend_pas_part: list[EluRef] = Field(default_factory=list)
    president: Choix = "pour"
    unanimite: YesNo | None = Field(None, description="mention recopiée, vérifiée")

    @staticmethod
    def count(value: Count) -> int:
        return value if isinstance(value, int) else len(value)


class Chiffres(Model):
    """Figures as written in the act (adopted acts are reproduced as voted): compared with
    the computed ones."""

    en_exercice: int | None = None
    presents: int | None = None
    pouvoirs: int | None = None
    votants: int | None = None


Typologie = Annotated[str, Field(pattern=r"^[A-Z0-9_]{5}$")]


class Annexe(Model):
    titre: str
    typologie: Typologie = "99_AU"
    document: str | None = Field(None, description="annexe2, plan-action ou id de convention")
    fichier: str | None = Field(None, description="PDF externe, chemin relatif au dossier")

    @model_validator(mode="after")
    def _one(self) -> Annexe:
        if (self.document is None) == (self.fichier is None):
            raise ValueError("une annexe indique soit « document », soit « fichier »")
        return self


class MontantVote(Model):
    annee: int = Field(ge=2000, le=2100)
    montant: Amount


class Subvention(Model):
    """One line of the subsidies a délibération decides (L2311-7): as voted."""

    beneficiaire: str = Field(description="bénéficiaire, tel qu'écrit dans l'acte")
    convention: Identifier | None = Field(None, description="convention qui la prévoit")
    montants: list[MontantVote] = Field(min_length=1)


class Transmission(Model):
    """What the préfecture returned: kept here and nowhere else."""

    id_actes: str = Field(pattern=actes.ID)
    envoi: Date
    reception: Date
    publication: Date | None = None


class Deliberation(Record):
    numero: NumeroActe
    seance: Identifier
    objet: str = Field(max_length=499)
    nature: Nature = "DE"
    classification: str = Field(pattern=actes.CLASSIFICATION)
    rapporteur: EluRef | None = None
    visas: list[Bloc] = Field(default_factory=list)
    considerants: list[Bloc] = Field(default_factory=list)
    subventions: list[Subvention] = Field(
        default_factory=list, description="tableau des subventions tel que voté")
    decisions: list[Decision] = Field(min_length=1)
    vote: Vote | None = Field(None, description="absent tant que le projet n'est pas voté")
    chiffres: Chiffres | None = None
    liste_presents: str | None = Field(
        None, description="présents tels que nommés dans l'acte voté, erreurs comprises")
    rapport: str | None = Field(None, description="rapport présenté au conseil (PV)")
    discussions: str | None = Field(None, description="teneur des discussions (PV)")
    concerne: list[Identifier] = Field(
        default_factory=list, description="gestionnaires intéressés (subvention…)")
    typologie: Typologie = Field("99_DE", description="typologie @ctes de l'acte")
    annexes: list[Annexe] = Field(default_factory=list)
    approuve: list[Identifier] = Field(
        default_factory=list, description="documents approuvés sans être annexés (plan-action)")
    transmission: Transmission | None = None

    @property
    def votee(self) -> bool:
        """Voted: from then on its text is the act, reproduced as voted."""
        return self.vote is not None


