"""A document's history: every event of every version, in the order recorded."""

from __future__ import annotations

from typing import Any

from .ledger import APPROVE, ISSUE, SIGN, TERMINATE, Register

ACTIONS = {ISSUE: "émission", APPROVE: "approbation", SIGN: "signature",
           TERMINATE: "résiliation"}


def history(register: Register, ident: str) -> list[dict[str, Any]]:
    doc = register.document(ident)
    rows = []
    for version in doc.versions:
        for action in (ISSUE, APPROVE, SIGN, TERMINATE):
            entry = getattr(version, action)
            if entry is not None:
                rows.append({"version": version.numero, "action": ACTIONS[action],
                             **{k: v for k, v in entry.data.items()
                                if k not in ("version", "action", "document")}})
    return sorted(rows, key=lambda r: int(r["numero"]))
