"""Reading the register: status and alerts, differences between versions, and an issued
version as stored (a document's history is in history.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import articles, pdf
from ..outputs import atomic_write, prepare_dir
from ..paths import output_path
from ..records import Records
from ..rules.conventions import check_threshold
from ..rules.followup import ENDING_SOON_DAYS, followup_alerts
from ..yamlfile import dotted
from .asof import recorded_by
from .avenants import effective
from .history import ACTIONS
from .ledger import (
    Document,
    Register,
    Version,
    documents_of,
    executoire,
)
from .store import Entry, Head


@dataclass(frozen=True)
class Row:
    document: str
    etat: str
    versions: int
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "etat": self.etat, "versions": self.versions,
                "detail": self.detail}


def state(register: Register, doc: Document, today: dt.date,
          records: Records | None = None) -> tuple[str, str]:
    """(state, detail) of a document on ``today``: conventions add en vigueur / expirée, a
    signed délibération becomes exécutoire once received and published."""
    version = doc.last
    if doc.kind == "deliberation" and version.signature and records is not None:
        since = executoire(records, doc.ident.removeprefix("deliberation-"))
        if since and since <= today:
            return "exécutoire", f"v{version.numero}, depuis le {since:%d/%m/%Y}"
    if doc.kind not in ("convention", "avenant") or version.signature is None \
            or version.resiliation:
        return version.etat, f"v{version.numero} du {_fr(version.emission['date'])}"
    base = version.emission["base"] if doc.kind == "avenant" else doc.ident
    convention = register.snapshot(version).convention(base.removeprefix("convention-"))
    if convention is None:
        return version.etat, ""
    start = effective(version) if doc.kind == "avenant" else convention.debut
    period = f"du {start:%d/%m/%Y} au {convention.fin:%d/%m/%Y}"
    if today < start:
        return "signé", f"v{version.numero}, prend effet le {start:%d/%m/%Y}"
    if today > convention.fin:
        return "expirée", f"v{version.numero}, {period}"
    return "en vigueur", f"v{version.numero}, {period}"


@dataclass(frozen=True)
class Status:
    rows: list[Row]
    alerts: list[str]
    head: Head | None  # the journal's head as it stood on the day
    later: list[str]  # events dated on or before the day but recorded after it
    total: int  # entries in the journal today


def status(register: Register, records: Records, today: dt.date) -> Status:
    """The register as it stood on ``today``: only the entries recorded on or before it
    (asof.recorded_by) and, among them, the events dated on or before it; a later signature
    is not shown, and the head printed is the one the journal had then."""
    entries = register.store.entries()
    recorded = recorded_by(entries, today)
    docs = documents_of([e for e in recorded if known_on(e, today)])
    rows = []
    for ident, doc in sorted(docs.items()):
        etat, detail = state(register, doc, today, records)
        rows.append(Row(ident, etat, len(doc.versions), detail))
    anomalies = [f"{name} : {problem}"
                 for name, problem in register.anomalies(records, recorded)]
    later = [f"{e.name} : {ACTIONS[e['action']]} de {e['document']} du {_fr(e['date'])}"
             for e in entries[len(recorded):] if e["action"] in ACTIONS and known_on(e, today)]
    head = Head(recorded[-1].numero, recorded[-1].digest) if recorded else None
    return Status(rows, alerts(register, records, docs, today) + anomalies, head, later,
                  len(entries))


def known_on(entry: Entry, day: dt.date) -> bool:
    """Had the entry's event (issue, approval, signature…) happened on or before ``day``?"""
    return dt.date.fromisoformat(entry["date"]) <= day


def alerts(register: Register, records: Records, docs: dict[str, Document],
           today: dt.date) -> list[str]:
    found = []
    for convention in records.conventions:
        ident = f"convention-{convention.id}"
        doc = docs.get(ident)
        if doc is None:
            found.append(f"{convention.id} : pas encore émise (ctgdocs issue {convention.id})")
            continue
        version = doc.last
        if version.approbation and not version.signature:
            found.append(f"{convention.id} : approuvée le {_fr(version.approbation['date'])} "
                         "mais pas encore signée")
        if state(register, doc, today)[0] != "en vigueur":
            continue
        left = (convention.fin - today).days
        if left <= ENDING_SOON_DAYS:
            found.append(f"{convention.id} : se termine le {convention.fin:%d/%m/%Y} "
                         f"(dans {left} jours) ; préparez son renouvellement")
    signed = {doc.ident.removeprefix("convention-") for doc in docs.values()
              if doc.kind == "convention" and any(v.signature for v in doc.versions)}
    found += followup_alerts(records, today, signed)
    found += [f.message for f in check_threshold(records)]
    return found


@dataclass(frozen=True)
class RecordChange:
    """One value that differs between two snapshots of the records."""

    file: str  # records/…yaml
    field: str  # services[2].nom
    before: Any  # None when added
    after: Any  # None when removed
    added: bool = False
    removed: bool = False

    def __str__(self) -> str:
        if self.added:
            return f"{self.file}: {self.field} : ajouté « {self.after} »"
        if self.removed:
            return f"{self.file}: {self.field} : retiré (était « {self.before} »)"
        return f"{self.file}: {self.field} : « {self.before} » → « {self.after} »"


@dataclass(frozen=True)
class Diff:
    document: str
    avant: int
    apres: int
    changes: list[RecordChange]
    sections: list[articles.Change]

    @property
    def fiches(self) -> list[str]:
        return [str(change) for change in self.changes]


def diff(register: Register, ident: str, before: int | None, after: int | None) -> Diff:
    doc = register.document(ident)
    new = doc.version(after)
    old = doc.version(before if before is not None else max(new.numero - 1, 1))
    changes = records_changes(register.store.get_json(old.emission["fiches"]),
                              register.store.get_json(new.emission["fiches"]))
    sections = articles.compare(articles.sections(register.store.get(old.emission["docx"])),
                                articles.sections(register.store.get(new.emission["docx"])))
    return Diff(doc.ident, old.numero, new.numero, changes, sections)


def records_changes(before: dict[str, Any], after: dict[str, Any]) -> list[RecordChange]:
    old, new = _flatten(before), _flatten(after)
    changes = []
    for key in sorted(set(old) | set(new), key=lambda k: (k[0], str(k[1:]))):
        name, path = f"records/{key[0]}", dotted(key[1:])
        if key not in old:
            changes.append(RecordChange(name, path, None, new[key], added=True))
        elif key not in new:
            changes.append(RecordChange(name, path, old[key], None, removed=True))
        elif old[key] != new[key]:
            changes.append(RecordChange(name, path, old[key], new[key]))
    return changes


def _flatten(data: Any, prefix: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    if isinstance(data, dict):
        flat: dict[tuple[Any, ...], Any] = {}
        for key, value in data.items():
            flat.update(_flatten(value, (*prefix, key)))
        return flat
    if isinstance(data, list):
        flat = {}
        for index, value in enumerate(data):
            flat.update(_flatten(value, (*prefix, index)))
        return flat
    return {prefix: data}


def show(register: Register, ident: str, numero: int | None, out_dir: Path,
         with_pdf: bool) -> list[Path]:
    """Write an issued version's .docx exactly as it was stored when issued."""
    doc = register.document(ident)
    version: Version = doc.version(numero)
    data = register.store.get(version.emission["docx"])
    prepare_dir(out_dir)
    target = output_path(out_dir, f"{doc.ident}-v{version.numero}.docx", "le document")
    atomic_write(target, data)
    written = [target]
    if with_pdf:
        timeout = register.workspace.settings.limites.conversion_secondes
        for source, pdf_bytes in pdf.convert([target], timeout).items():
            atomic_write(source.with_suffix(".pdf"), pdf_bytes)
            written.append(source.with_suffix(".pdf"))
    return written


def _fr(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
