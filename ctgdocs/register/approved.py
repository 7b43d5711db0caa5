"""What `check` learns from the register about amounts: the convention version each
délibération approved, and the avenants that changed an amount.

A délibération's subsidies table is compared with the convention as that délibération
approved it (the snapshot of the approved version), not with today's records, which may have
moved on since through avenants (rules/subsidies.py). Each avenant that changes an amount is
compared with the délibération that approved it: that délibération, when the records keep it
(an EPCI's), must carry the new amounts in its subsidies table (L2311-7); a commune's is not
kept here. A convention record whose amounts differ from its last approved version is a change
not yet approved by any délibération.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from .. import fr
from ..errors import CtgdocsError, Finding
from ..records import Records
from ..rules.subsidies import Approved, check_subsidy_amounts
from ..workspace import Workspace
from .inforce import avenants_of
from .ledger import Document, Register, Version


@dataclass(frozen=True)
class Step:
    """One approved state of a convention's amounts: the base or an avenant."""

    version: Version
    avenant: int | None  # its number, None for the convention itself
    montants: dict[int, Decimal]

    @property
    def deliberation(self) -> str:
        assert self.version.approbation is not None
        return str(self.version.approbation["deliberation"])

    def label(self, ident: str) -> str:
        what = f"l'avenant n° {self.avenant} à la convention {ident}" if self.avenant \
            else f"la convention {ident}"
        return (f"{what} telle que la délibération {self.deliberation} l'a approuvée "
                f"(version {self.version.numero} du registre)")


@dataclass
class History:
    register: Register
    docs: dict[str, Document]
    steps: dict[str, list[Step]] = field(default_factory=dict)

    def of(self, ident: str) -> list[Step]:
        """The approved states of a convention, in order: its last approved version, then
        each avenant's last approved version, by number."""
        if ident not in self.steps:
            self.steps[ident] = self._steps(ident)
        return self.steps[ident]

    def _steps(self, ident: str) -> list[Step]:
        doc = self.docs.get(f"convention-{ident}")
        if doc is None:
            return []
        found = []
        for numero, document in [(None, doc), *((int(a.last.emission["numero_avenant"]), a)
                                               for a in avenants_of(self.register, ident))]:
            approved = [v for v in document.versions if v.approbation]
            if not approved:
                continue
            convention = self.register.snapshot(approved[-1]).convention(ident)
            if convention is not None:
                found.append(Step(approved[-1], numero,
                                  {m.annee: m.montant for m in convention.montants}))
        return found

    def approved(self, numero: str, ident: str) -> Approved | None:
        steps = self.of(ident)
        index = next((i for i in reversed(range(len(steps)))
                      if steps[i].deliberation == numero), None)
        if index is None:
            return None
        step = steps[index]
        if step.avenant is None or index == 0:
            return Approved(step.montants, step.label(ident))
        return Approved(step.montants, step.label(ident),
                        frozenset(_changed(steps[index - 1], step)))

    def findings(self, records: Records) -> list[Finding]:
        found = []
        for convention in records.conventions:
            steps = self.of(convention.id)
            for before, after in pairwise(steps):
                found += self._avenant(records, convention.id, before, after)
            if steps:
                found += _unapproved(records, convention.id, steps[-1])
        return found

    def _avenant(self, records: Records, ident: str, before: Step, after: Step) -> list[Finding]:
        """An avenant that changes an amount is approved by a délibération carrying it."""
        changed = _changed(before, after)
        deliberation = records.deliberation(after.deliberation)
        if not changed or deliberation is None:
            return []
        if any(line.convention == ident for line in deliberation.subventions):
            return []  # its amounts are compared by rules/subsidies.py
        changes = fr.join_and([f"{y} ({_amount(before.montants.get(y))} → "
                               f"{_amount(after.montants.get(y))})" for y in changed])
        return [records.finding(
            deliberation, "subventions",
            f"délibération {deliberation.numero} : elle approuve l'avenant n° {after.avenant} "
            f"à la convention {ident}, qui change le montant de {changes}, sans que son tableau "
            "des subventions (subventions:) ne porte cette convention : une subvention "
            "modifiée est une décision du conseil qui nomme le bénéficiaire et le montant "
            "(L2311-7)", "avertissement")]


def _changed(before: Step, after: Step) -> list[int]:
    return [y for y in sorted(before.montants.keys() | after.montants.keys())
            if before.montants.get(y) != after.montants.get(y)]


def _unapproved(records: Records, ident: str, last: Step) -> list[Finding]:
    convention = records.convention(ident)
    assert convention is not None
    today = {m.annee: m.montant for m in convention.montants}
    changed = [y for y in sorted(today.keys() | last.montants.keys())
               if today.get(y) != last.montants.get(y)]
    if not changed:
        return []
    changes = fr.join_and([f"{_amount(today.get(y))} en {y} (approuvé : "
                           f"{_amount(last.montants.get(y))})" for y in changed])
    return [records.finding(
        convention, "montants",
        f"la fiche prévoit {changes}, différent de {last.label(ident)} : un changement de "
        "montant demande un avenant approuvé par délibération (ctgdocs avenant)",
        "avertissement")]


def _amount(value: Decimal | None) -> str:
    return fr.amount_fr(value) if value is not None else "rien"


def subsidy_findings(workspace: Workspace, records: Records) -> list[Finding]:
    """The subsidies tables against the versions approved (today's records without a
    readable register), and the avenants' changes of amount."""
    history = None
    if workspace.register_dir.is_dir():
        try:
            register = Register(workspace)
            history = History(register, register.documents())
            for convention in records.conventions:
                history.of(convention.id)
        except CtgdocsError:
            history = None  # verify reports a damaged register
    if history is None:
        return check_subsidy_amounts(records)
    return check_subsidy_amounts(records, history.approved) + history.findings(records)
