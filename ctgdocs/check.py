"""Load and check a workspace's records: the gate every generating command passes."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Finding, RecordsError
from .records import Records, load
from .rules import run_rules
from .workspace import Workspace


@dataclass
class CheckResult:
    records: Records | None
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "erreur"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "avertissement"]


def check(workspace: Workspace) -> CheckResult:
    records, findings = load(workspace)
    if records is not None:
        findings = findings + run_rules(records) + _register_rules(workspace, records)
    findings.sort(key=lambda f: (f.file, f.line, f.field))
    return CheckResult(records, findings)


def _register_rules(workspace: Workspace, records: Records) -> list[Finding]:
    from .register.ledger import anomaly_findings  # the register imports us
    from .register.signatures import signed_schedule_findings

    return signed_schedule_findings(workspace, records) + anomaly_findings(workspace, records)


def loaded_records(workspace: Workspace) -> Records:
    """The records as long as every file loads, whatever the rules say (for drafts)."""
    records, findings = load(workspace)
    if records is None:
        raise RecordsError(findings)
    return records


def checked_records(workspace: Workspace) -> Records:
    """The records, or RecordsError listing every error."""
    result = check(workspace)
    if result.errors or result.records is None:
        raise RecordsError(result.findings)
    return result.records
