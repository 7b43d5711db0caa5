"""What `check` learns from the register: when each convention was signed."""

from __future__ import annotations

import datetime as dt

from ..errors import Finding
from ..records import Records
from ..rules.conventions import check_signed_schedules
from ..workspace import Workspace
from .ledger import Register
from .store import RegisterError


def signature_dates(register: Register) -> dict[str, dt.date]:
    """Convention id -> date its last signed version was signed."""
    dates = {}
    for doc in register.documents().values():
        signed = [v for v in doc.versions if v.signature]
        if doc.kind == "convention" and signed:
            dates[doc.ident.removeprefix("convention-")] = dt.date.fromisoformat(
                signed[-1].signature["date"])  # type: ignore[index]
    return dates


def signed_schedule_findings(workspace: Workspace, records: Records) -> list[Finding]:
    """Warnings for instalments due before the recorded signature; none without a readable
    register (`verify` reports a damaged one)."""
    if not workspace.register_dir.is_dir():
        return []
    try:
        dates = signature_dates(Register(workspace))
    except RegisterError:
        return []
    return check_signed_schedules(records, dates)


def document_signatures(workspace: Workspace) -> dict[str, dt.date]:
    """Document identifier -> date of the signature recorded for its latest signed version,
    for the documents that print their own date (extracts, conventions)."""
    found: dict[str, dt.date] = {}
    for document in Register(workspace).documents().values():
        signed = [v for v in document.versions if v.signature is not None]
        if signed:
            found[document.ident] = dt.date.fromisoformat(
                signed[-1].signature["date"])  # type: ignore[index]
    return found
