"""Cross-record checks: each rule is a pure function of the records returning findings."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import Finding
from ..records import Records
from .codes import check_codes
from .conventions import check_conventions
from .council import check_council
from .followup import check_followup
from .plan import check_plan
from .references import check_references

RULES: list[Callable[[Records], list[Finding]]] = [
    check_references,
    check_codes,
    check_conventions,
    check_council,
    check_plan,
    check_followup,
]


def run_rules(records: Records) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        findings += rule(records)
    return findings
