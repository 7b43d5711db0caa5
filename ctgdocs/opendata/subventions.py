"""SCDL "subventions" 2.0.1 (décret 2017-779, arrêté du 17 novembre 2017): the essential
data of each subsidy convention, published within three months of its signature.

One row per convention signed on or before the day asked (the register's signature is the
``dateConvention``), with the amounts and schedule of its last signed act: the convention,
or the signed avenant that last changed them. ``referenceDecision`` names the délibération
that attributed the subsidy, then those that changed its amount.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..documents.convention import instalments, services_covered
from ..models import Convention, Gestionnaire
from ..records import Records
from ..register.ledger import Register
from ..workspace import Workspace
from .signed import Signed, same_amounts, signed_state
from .table import Table

HEADER = ["nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision",
          "nomBeneficiaire", "idBeneficiaire", "objet", "montant", "nature",
          "conditionsVersement", "datesPeriodeVersement", "idRAE", "notificationUE",
          "pourcentageSubvention"]
OBJET_MAX = 256


def table(workspace: Workspace, records: Records, day: dt.date) -> Table:
    """The subsidies of ``records``' conventions as the register has them signed on ``day``."""
    result = Table("subventions", HEADER)
    register = Register(workspace)
    documents = register.documents()
    for convention in sorted(records.conventions, key=lambda c: c.id):
        signed = signed_state(register, documents, convention.id, day)
        if signed is None:
            result.skipped.append(f"{convention.id} : non signée au {day:%d/%m/%Y} au "
                                  "registre (ctgdocs sign), donc pas encore publiée.")
            continue
        gestionnaire = records.gestionnaire(convention.gestionnaire)
        assert gestionnaire is not None, "the rules refuse an unknown gestionnaire"
        _add_row(result, records, convention, gestionnaire, signed, day)
    return result


def _add_row(result: Table, records: Records, record: Convention, gestionnaire: Gestionnaire,
             signed: Signed, day: dt.date) -> None:
    # The record, with its illustrative marks and lines, when it states what was signed;
    # otherwise (an avenant being prepared) the signed act as the register keeps it.
    convention = record if same_amounts(record, signed.convention) else signed.convention
    if convention is not record:
        result.skipped.append(
            f"{record.id} : montants de la dernière version signée au {day:%d/%m/%Y} ; les "
            "fiches en portent d'autres depuis (avenant signé plus tard ou en préparation).")
    nom, siret, attribuant = _attribuant(records, convention)
    dates = [e.date for e in instalments(convention)]
    period = dates[0].isoformat() if dates[0] == dates[-1] else \
        f"{dates[0].isoformat()}/{dates[-1].isoformat()}"
    total = convention.total
    result.add({
        "nomAttribuant": nom,
        "idAttribuant": siret,
        "dateConvention": signed.signature.isoformat(),
        "referenceDecision": " ; ".join(signed.decisions),
        "nomBeneficiaire": gestionnaire.nom,
        "idBeneficiaire": gestionnaire.siret,
        "objet": _objet(convention, gestionnaire),
        "montant": _number(total),
        "nature": "aide en numéraire",
        "conditionsVersement": "unique" if len(dates) == 1 else "échelonné",
        "datesPeriodeVersement": period,
        "idRAE": None,
        "notificationUE": "non",
        "pourcentageSubvention": "1",
    }, used=[total, *attribuant, *(m.montant for m in convention.montants),
             *(v.echeance for v in convention.versements), *(v.part for v in convention.versements),
             convention.premier_versement, convention.deliberation.numero, convention.debut,
             convention.fin, *_service_values(convention, gestionnaire)])


def _attribuant(records: Records, convention: Convention) -> tuple[str, str, list[object]]:
    """Name and SIRET of the financeur, and the record values they come from."""
    epci = records.territoire.epci
    if convention.financeur == epci.id:
        return epci.nom, epci.siret, [epci.nom, epci.siret]
    commune = records.commune(convention.financeur)
    assert commune is not None and commune.siret, "the rules ask a financing commune's SIRET"
    return commune.designation, commune.siret, [commune.nom, commune.siret]


def _objet(convention: Convention, gestionnaire: Gestionnaire) -> str:
    """Fonctionnement 2022-2025 (convention CFF-…) : Crèche…, Accueil…"""
    names = dict.fromkeys(str(s.nom or s.intitule)
                          for s in services_covered(gestionnaire, convention))
    start = (f"Fonctionnement {convention.debut.year}-{convention.fin.year} "
             f"(convention {convention.id})")
    listed = f"{start} : {', '.join(names)}" if names else start
    if len(listed) <= OBJET_MAX:
        return listed
    return f"{start} : {len(names)} services"


def _service_values(convention: Convention, gestionnaire: Gestionnaire) -> list[object]:
    return [value for s in services_covered(gestionnaire, convention)
            for value in (s.nom, s.libelle, s.rubrique)]


def _number(amount: Decimal) -> str:
    """12500 or 12500.5: a point as decimal separator, no thousands separator."""
    return format(Decimal(amount).normalize(), "f")

