"""Views of the records shaped for templates: the parties to a convention, a service's line."""

from __future__ import annotations

from dataclasses import dataclass

from .. import fr
from ..marking import concat, join
from ..models import Adresse, Gestionnaire, Personne, Service
from ..models.gestionnaire import FORMES
from ..records import Records


@dataclass(frozen=True)
class Partie:
    """One party to a convention, as the template prints it."""

    nom: str
    forme: str
    siret: str
    adresse: Adresse
    signataire: Personne
    habilitation: str  # appended after the signatory's qualité
    signature: str  # heading of the signature block
    conseil: str  # deliberating body: conseil communautaire, conseil municipal
    ville: str  # where the convention is signed
    association: bool
    prive: bool = False  # a private body: controlled under L1611-4


def financeur(records: Records, ident: str) -> Partie:
    epci = records.territoire.epci
    if ident == epci.id:
        president = epci.president
        delegue = epci.signataire_delegue
        if delegue:
            habilitation = (f", agissant par délégation {fr.of(president.titre)} "
                            f"({delegue.delegation})")
            signature = (f"Pour {president.titre} et par délégation, "
                         f"{delegue.titre},")
        else:
            habilitation = _authorised(president)
            signature = fr.capitalize_first(president.titre) + ","
        return Partie(
            nom=epci.nom, forme=FORMES["epci"],
            siret=fr.siret_fr(epci.siret), adresse=epci.adresse, signataire=epci.signataire,
            habilitation=habilitation, signature=signature, conseil="conseil communautaire",
            ville=epci.ville_signature, association=False,
        )
    commune = records.commune(ident)
    if commune is None or not (commune.maire and commune.adresse_mairie and commune.siret):
        raise ValueError(f"commune {ident} incomplete: the rules should have refused it")
    maire = commune.maire
    return Partie(
        nom=commune.designation, forme="collectivité territoriale",
        siret=fr.siret_fr(commune.siret), adresse=commune.adresse_mairie, signataire=maire,
        habilitation=_authorised(maire),
        signature=fr.capitalize_first(maire.titre) + ",", conseil="conseil municipal",
        ville=commune.nom, association=False,
    )


def _authorised(signatory: Personne) -> str:
    agreed = fr.agree(signatory, "dûment habilité", "dûment habilitée")
    return f", {agreed} par la délibération visée ci-dessous"


def gestionnaire(g: Gestionnaire) -> Partie:
    representant = g.representant
    return Partie(
        nom=g.nom_usuel, forme=g.forme_juridique, siret=fr.siret_fr(g.siret), adresse=g.adresse,
        signataire=representant, habilitation="",
        signature=fr.capitalize_first(representant.titre) + ",", conseil="",
        ville=g.adresse.commune, association=g.est_association,
        prive=g.forme not in ("commune", "epci", "ccas"),
    )


@dataclass(frozen=True)
class ServiceView:
    service: Service
    gestionnaire: Gestionnaire

    @property
    def ages(self) -> str:
        """de 3 à 12 ans; à partir de 11 ans; jusqu'à 6 ans."""
        low, high = self.service.age_min, self.service.age_max
        if low is not None and high is not None:
            return concat("de ", low, " à ", high, " ans")
        if low is not None:
            return concat("à partir de ", low, " ans")
        if high is not None:
            return concat("jusqu'à ", high, " ans")
        return ""

    @property
    def implantations_titre(self) -> str:
        return "Implantations" if len(self.service.implantations) > 1 else "Implantation"

    @property
    def lieux(self) -> str:
        """Communes where the service is set up, in order, without repeats."""
        towns = dict.fromkeys(i.adresse.commune for i in self.service.implantations)
        return join(", ", towns)
