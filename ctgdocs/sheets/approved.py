"""An approved convention's amounts and schedule change only by avenant, never by import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..records import Records
from ..register.ledger import Register
from ..workspace import Workspace
from .columns import AMOUNT, DATE, DAY_MONTH
from .kinds import Kind
from .merging import Merge
from .table import Problem, Table

FROZEN = ("montants", "versements", "premier_versement")
NAMES = {"montants": "ses montants", "versements": "son échéancier (versements)",
         "premier_versement": "son premier versement"}


def frozen_problems(workspace: Workspace, kind: Kind, records: Records, table: Table,
                    merged: Merge) -> list[Problem]:
    if kind.name != "conventions" or not workspace.register_dir.is_dir():
        return []
    documents = Register(workspace).documents()
    problems = []
    for change in merged.changes.values():
        if change.new_file or () not in change.rows:
            continue
        before = records.data.get(change.file) or {}
        changed = [f for f in FROZEN if _meaning(f, before.get(f)) !=
                   _meaning(f, change.data.get(f))]
        ident = str(before.get("id"))
        document = documents.get(f"convention-{ident}")
        approval = next((v.approbation for v in reversed(document.versions)
                         if v.approbation), None) if document else None
        if not changed or approval is None:
            continue
        numero = approval.get("deliberation", "")
        day = dt.date.fromisoformat(str(approval["date"]))
        what = " et ".join(NAMES[f] for f in changed)
        verb = "ne changent" if len(changed) > 1 or changed == ["montants"] else "ne change"
        problems.append(Problem(table.place(change.rows[()]), (
            f"la convention {ident} a été approuvée le {day:%d/%m/%Y}"
            + (f" (délibération {numero})" if numero else "")
            + f" : {what} {verb} que par avenant ; laissez ces colonnes telles "
            f"quelles et rédigez l'avenant : ctgdocs avenant {ident} -m \"…\" "
            "--deliberation NUMERO")))
    return problems


def _meaning(field: str, value: Any) -> Any:
    """Compare by meaning: 52000 and 52000.00 are one amount."""
    if value is None:
        return None
    if field == "premier_versement":
        return DATE.from_yaml(value)
    if field == "montants":
        return sorted((str(m.get("annee")), AMOUNT.from_yaml(m.get("montant")))
                      for m in value if isinstance(m, dict))
    return [(AMOUNT.from_yaml(v.get("part")), DAY_MONTH.from_yaml(v.get("echeance")),
             v.get("condition"))
            if isinstance(v, dict) else v for v in value]
