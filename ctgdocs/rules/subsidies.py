"""The subsidies a délibération voted against the convention version it approved (L2311-7).

An act is compared with what it approved, not with today's records: the amounts of the
convention as it stood when this délibération approved it (its version in the register),
or of the avenant it approved. Without a register, today's convention record stands in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .. import fr
from ..errors import Finding
from ..records import Records
from .council import RECTIFY, deliberation_name, voted_level


@dataclass(frozen=True)
class Approved:
    """The amounts of the version a délibération approved, and how to name it."""

    montants: dict[int, Decimal]
    label: str  # "la convention CFF-… telle que la délibération … l'a approuvée (…)"
    # the years the act must state: all for a convention; for an avenant, those it changes
    # (its délibération may list only them)
    required: frozenset[int] | None = None


# (délibération number, convention id) -> the version that délibération approved, if known
Lookup = Callable[[str, str], Approved | None]


def check_subsidy_amounts(records: Records, approved: Lookup | None = None) -> list[Finding]:
    findings = []
    for deliberation in records.deliberations:
        seance = records.seance(deliberation.seance)
        if seance is None:
            continue  # rules/council.py reports it
        name = deliberation_name(deliberation, seance)
        level = voted_level(deliberation.votee)
        for index, line in enumerate(deliberation.subventions):
            convention = records.convention(line.convention) if line.convention else None
            if convention is None:
                continue
            version = approved(deliberation.numero, convention.id) if approved else None
            recorded = version.montants if version else \
                {m.annee: m.montant for m in convention.montants}
            label = version.label if version else f"la convention {convention.id}"
            written = {m.annee: m.montant for m in line.montants}
            required = recorded.keys() if version is None or version.required is None \
                else version.required
            for year in sorted(written.keys() | required):
                if written.get(year) == recorded.get(year):
                    continue
                said = fr.amount_fr(written[year]) if year in written else "rien"
                has = fr.amount_fr(recorded[year]) if year in recorded else "rien"
                findings.append(records.finding(
                    deliberation, ("subventions", index, "montants"),
                    f"{name} : pour {line.beneficiaire}, l'acte indique {said} en {year}, "
                    f"{label} prévoit {has}" + (RECTIFY if deliberation.votee else ""), level))
    return findings
