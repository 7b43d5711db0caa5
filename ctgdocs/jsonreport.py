"""What ``--json`` prints, for scripts: stable English keys, ISO dates, numbers and
identifiers. French text appears only in ``message`` fields, meant for people; every such
field sits beside structured ones (file, line, document, version, date…). The keys are
documented in docs/guide.md ("Le JSON des commandes")."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import Finding
from .register.reports import Diff, Row
from .register.store import Head

LEVELS = {"erreur": "error", "avertissement": "warning"}
STATES = {"projet": "draft", "approuvé": "approved", "signé": "signed",
          "en vigueur": "in_force", "expirée": "expired", "résilié": "terminated",
          "exécutoire": "executory"}
ACTIONS = {"émission": "issue", "approbation": "approve", "signature": "sign",
           "résiliation": "terminate"}  # as register/history.py labels them
CHANGES = {"ajouté": "added", "supprimé": "removed", "modifié": "changed"}

Display = Callable[[Path], str]


def finding(found: Finding) -> dict[str, Any]:
    return {"file": found.file, "line": found.line or None, "field": found.field or None,
            "level": LEVELS[found.level], "message": found.message}


def check(findings: list[Finding]) -> dict[str, Any]:
    return {"errors": sum(f.level == "erreur" for f in findings),
            "warnings": sum(f.level == "avertissement" for f in findings),
            "findings": [finding(f) for f in findings]}


def head(found: Head | None) -> dict[str, Any] | None:
    """The journal's head: its number of entries and the SHA-256 of the last one."""
    return {"entries": found.entrees, "sha256": found.empreinte} if found else None


def head_of(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The same, from the head as a pack's metadata keep it ({entrees, empreinte})."""
    return {"entries": data["entrees"], "sha256": data["empreinte"]} if data else None


def messages(texts: Iterable[str]) -> list[dict[str, str]]:
    return [{"message": text} for text in texts]


def history_row(row: dict[str, Any]) -> dict[str, Any]:
    """One event of a document's history, from its journal entry."""
    pdf = None
    if row.get("pdf"):
        pdf = {"file_name": row.get("nom_fichier"), "sha256": row["pdf"],
               "pages": row.get("pages"), "size": row.get("taille"),
               "electronic_signatures": len(row.get("signatures_electroniques") or [])}
    return {
        "entry": int(row["numero"]),
        "version": int(row["version"]),
        "action": ACTIONS[row["action"]],
        "date": row["date"],
        "author": row.get("auteur"),
        "ctgdocs_version": row.get("ctgdocs"),
        "deliberation": row.get("deliberation"),
        "docx_sha256": row.get("docx"),
        "signed_pdf": pdf,
        "illustrative_fields": row.get("exemples") or [],
        "message": row.get("message") or row.get("motif"),
    }


def diff(result: Diff) -> dict[str, Any]:
    """What changed between two versions: record values, then articles."""
    return {
        "document": result.document, "from_version": result.avant,
        "to_version": result.apres,
        "records": [{"file": c.file, "field": c.field,
                     "change": "added" if c.added else "removed" if c.removed else "changed",
                     "before": c.before, "after": c.after} for c in result.changes],
        "sections": [{"title": s.titre, "change": CHANGES[s.nature],
                      "removed_lines": s.lignes_retirees, "added_lines": s.lignes_ajoutees}
                     for s in result.sections],
    }


def status(day: dt.date, rows: list[Row], alerts: list[str],
           journal: Head | None, later: list[str]) -> dict[str, Any]:
    """Each document's state on ``day`` and what needs doing; ``later``: events dated on or
    before ``day`` but recorded after it (not counted)."""
    return {
        "date": day.isoformat(),
        "documents": [{"document": r.document, "state": STATES.get(r.etat, r.etat),
                       "versions": r.versions, "message": f"{r.etat} ({r.detail})"
                       if r.detail else r.etat} for r in rows],
        "alerts": messages(alerts),
        "journal": head(journal),
        "recorded_later": messages(later),
    }


def pack_file(name: str, data: bytes, display: Display, folder: Path,
              piece: dict[str, Any] | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name, "path": display(folder / name), "size": len(data),
                             "sha256": hashlib.sha256(data).hexdigest()}
    if piece:
        entry |= {"role": piece["role"], "title": piece["titre"],
                  "typology": piece["typologie"], "pages": piece["pages"],
                  "signed": piece["signe"]}
    return entry
