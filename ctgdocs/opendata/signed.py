"""What the register says of a convention's subsidy at a date: when it was signed, the
convention as signed (or as amended by its signed avenants), and the délibérations that
attributed or changed its amounts (DOMAIN §12: each amount comes from a decision of its own,
which the convention or the avenant cites)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..models import Convention
from ..register.inforce import avenants_of
from ..register.ledger import Document, Register, Version


@dataclass(frozen=True)
class Signed:
    """A convention as the signed acts left it on a given day."""

    signature: dt.date  # of the convention itself: the SCDL's dateConvention
    convention: Convention  # its amounts and schedule as last signed (avenants included)
    decisions: list[str] = field(default_factory=list)  # attributing délibérations, in order


def signed_state(register: Register, documents: dict[str, Document], convention_id: str,
                 day: dt.date) -> Signed | None:
    """None while the convention has no version signed on or before ``day``."""
    doc = documents.get(f"convention-{convention_id}")
    version = _signed_by(doc, day) if doc else None
    if version is None or version.signature is None:
        return None
    base = _convention(register, version, convention_id)
    current, decisions = base, [base.deliberation.numero]
    for avenant in avenants_of(register, convention_id):
        amended = _signed_by(avenant, day)
        if amended is None:
            continue
        after = _convention(register, amended, convention_id)
        if _amounts(after) != _amounts(current):
            decisions.append(str(amended.emission.get("deliberation") or
                                 after.deliberation.numero))
            current = after
    return Signed(dt.date.fromisoformat(version.signature["date"]), current, decisions)


def _signed_by(doc: Document, day: dt.date) -> Version | None:
    signed = [v for v in doc.versions
              if v.signature and dt.date.fromisoformat(v.signature["date"]) <= day]
    return signed[-1] if signed else None


def _convention(register: Register, version: Version, convention_id: str) -> Convention:
    found = register.snapshot(version).convention(convention_id)
    assert found is not None, f"{convention_id} absent de son propre instantané"
    return found


def _amounts(convention: Convention) -> tuple[tuple[int, object], ...]:
    """The amounts a decision attributes, year by year (the schedule is the convention's
    to organise: an avenant that only moves due dates attributes nothing)."""
    return tuple((m.annee, m.montant) for m in convention.montants)


def same_amounts(a: Convention, b: Convention) -> bool:
    return _amounts(a) == _amounts(b)
