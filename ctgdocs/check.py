"""Load and check a workspace's records: the gate every generating command passes."""

from __future__ import annotations

from dataclasses import dataclass

from . import recordscache
from .errors import Finding, RecordsError
from .records import DiskSource, Records, Source, load_from
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


def check(workspace: Workspace, source: Source | None = None) -> CheckResult:
    """Every problem in one pass: a record that fails validation is reported with all its
    problems, and the others are still checked (rules that need it skip it, with a note).
    ``source``: records not yet written (an import checks what it would write)."""
    kept_as = None
    if source is None:
        source = DiskSource(workspace)
        kept_as = recordscache.name(source, partial=True)
        records, findings = recordscache.load(source, partial=True, kept_as=kept_as)
    else:
        records, findings = load_from(source, partial=True)
    if records is not None:
        findings = findings + _without_broken(records, _rules(workspace, records, kept_as))
    findings.sort(key=lambda f: (f.file, f.line, f.field))
    return CheckResult(records if records is None or not records.broken else None, findings)


def _rules(workspace: Workspace, records: Records, kept_as: str | None) -> list[Finding]:
    """What the cross-record and register rules find; kept with records that are kept."""
    def run() -> list[Finding]:
        return run_rules(records) + _register_rules(workspace, records)

    return recordscache.findings(kept_as, workspace, run) if kept_as else run()


def _without_broken(records: Records, findings: list[Finding]) -> list[Finding]:
    """Drop what the rules say only because a broken record is missing; note each one."""
    if not records.broken:
        return findings
    idents = {i for names in records.broken.values() for i in names}
    kept = [f for f in findings
            if not any(f"« {i} »" in f.message or f" {i} " in f" {f.message} " for i in idents)]
    notes = [Finding(f"records/{name}", 0, "", "fiche en erreur : les vérifications croisées "
                     "qui en dépendent sont sautées jusqu'à sa correction", "avertissement")
             for name in sorted(records.broken)]
    return kept + notes


def _register_rules(workspace: Workspace, records: Records) -> list[Finding]:
    from .register.approved import subsidy_findings
    from .register.ledger import anomaly_findings  # the register imports us
    from .register.signatures import signed_schedule_findings

    return (signed_schedule_findings(workspace, records) + anomaly_findings(workspace, records)
            + subsidy_findings(workspace, records))


def loaded_records(workspace: Workspace) -> Records:
    """The records as long as every file loads, whatever the rules say (for drafts)."""
    records, findings = recordscache.load(DiskSource(workspace))
    if records is None:
        raise RecordsError(findings)
    return records


def checked_records(workspace: Workspace) -> Records:
    """The records, or RecordsError listing every error."""
    result = check(workspace)
    if result.errors or result.records is None:
        raise RecordsError(result.findings)
    return result.records
