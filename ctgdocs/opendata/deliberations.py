"""SCDL "délibérations" 2.1.5: every délibération adopted on or before the day asked, from
the council records: matière (the @ctes classification's first two levels), vote counts,
transmission to the contrôle de légalité. The link to the published act (DELIB_URL) is not
known to the records and is left empty.

The counts are those of the vote record, and the members en exercice and votants computed
from the séance's attendance as `check` verifies them; a figure written wrongly in an
adopted act (which `check` reports) is not copied into the open data.
"""

from __future__ import annotations

import datetime as dt

from .. import actes, council
from ..errors import CtgdocsError
from ..models.conseil import Deliberation, Seance, Vote
from ..records import Records
from .nomenclature import matiere
from .table import Table

HEADER = ["COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE",
          "DELIB_MATIERE_NOM", "DELIB_OBJET", "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID",
          "PREF_DATE", "VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE",
          "VOTE_ABSTENTION", "DELIB_URL"]


def table(records: Records, day: dt.date) -> Table:
    """The délibérations adopted on or before ``day``, by séance date and number."""
    result = Table("délibérations", HEADER)
    dated = []
    for deliberation in records.deliberations:
        seance = records.seance(deliberation.seance)
        assert seance is not None, "the rules refuse an unknown séance"
        dated.append((seance.date, deliberation.numero, deliberation, seance))
    for when, numero, deliberation, seance in sorted(dated, key=lambda d: (d[0], d[1])):
        if when > day:
            result.skipped.append(f"{numero} : séance du {when:%d/%m/%Y}, après le "
                                  f"{day:%d/%m/%Y}.")
        elif not council.outcome(deliberation.vote).adoptee:
            state = "projet non voté" if deliberation.vote is None else "rejetée"
            result.skipped.append(f"{numero} : {state}, absente des délibérations adoptées.")
        else:
            _add_row(result, records, deliberation, seance, day)
    return result


def _add_row(result: Table, records: Records, deliberation: Deliberation, seance: Seance,
             day: dt.date) -> None:
    epci = records.territoire.epci
    found = matiere(deliberation.classification)
    if found is None:
        raise CtgdocsError(str(records.finding(
            deliberation, "classification",
            f"« {deliberation.classification} » ne commence pas par une matière de la "
            "nomenclature @ctes nationale (1.1 à 9.4), que le format des données ouvertes "
            "demande")))
    code, nom = found
    vote = deliberation.vote
    assert vote is not None
    attendance = council.attendance(records.roster, seance, deliberation)
    expressed = Vote.count(vote.pour) + Vote.count(vote.contre) + Vote.count(vote.abstention)
    if expressed != attendance.votants:
        result.skipped.append(
            f"{deliberation.numero} : pour, contre et abstentions font {expressed} voix pour "
            f"{attendance.votants} votants d'après les présences ; le validateur national "
            "(validata.fr) signalera l'écart : vérifiez le vote et les présences.")
    transmission = deliberation.transmission
    received = transmission if transmission and transmission.reception <= day else None
    prefecture = None
    if received is not None:
        prefecture = "PREF" + actes.departement_code(actes.parse(received.id_actes).departement)
    result.add({
        "COLL_NOM": epci.nom,
        "COLL_SIRET": epci.siret,
        "DELIB_ID": deliberation.numero,
        "DELIB_DATE": seance.date.isoformat(),
        "DELIB_MATIERE_CODE": code,
        "DELIB_MATIERE_NOM": nom,
        "DELIB_OBJET": deliberation.objet,
        "BUDGET_ANNEE": None,
        "BUDGET_NOM": None,
        "PREF_ID": prefecture,
        "PREF_DATE": received.reception.isoformat() if received else None,
        "VOTE_EFFECTIF": attendance.en_exercice,
        "VOTE_REEL": attendance.votants,
        "VOTE_POUR": Vote.count(vote.pour),
        "VOTE_CONTRE": Vote.count(vote.contre),
        "VOTE_ABSTENTION": Vote.count(vote.abstention),
        "DELIB_URL": None,
    }, used=[deliberation.classification, seance.date, vote.pour, vote.contre,
             vote.abstention, vote.ne_prend_pas_part, seance.presents, seance.visio,
             *(p.mandant for p in seance.pouvoirs), *(p.mandataire for p in seance.pouvoirs),
             *([received.id_actes, received.reception] if received else [])])
