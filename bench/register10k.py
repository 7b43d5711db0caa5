"""A large register for the benchmark, written directly in the journal's format 2.

Appending through ctgdocs re-reads the whole journal for each entry (it must: the rules of
lifecycle.py judge an entry against all before it), so 10,000 entries would take hours.
This writes the same entries at once: for each synthetic convention, in waves, an issued
version (its .docx rendered by ctgdocs, the records snapshot, the template), its
approval by the convention's délibération and its signed PDF; every entry is chained to the
previous one, checked against the journal's schema (register/schema.py), and the head
(tete.json) written last, as ``Store.append`` does. ``ctgdocs verify`` accepts the result.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from pypdf import PdfWriter

from ctgdocs import documents
from ctgdocs.check import checked_records
from ctgdocs.outputs import atomic_write
from ctgdocs.register import content, schema
from ctgdocs.register.store import Head, Store, canonical, sha256
from ctgdocs.render import Templates
from ctgdocs.workspace import Workspace

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_register(root: Path, entries: int) -> str:
    """Write a register of ``entries`` entries into the workspace ``root``; return the name of
    one of its documents (for ``history``)."""
    workspace = Workspace(root)
    store = Store(workspace.register_dir)
    records = checked_records(workspace)
    jobs = [job for job in documents.all_jobs(records, dt.date(2022, 6, 10))
            if job.kind == "convention"]
    template = workspace.template("convention")
    templates = Templates()
    issued = []
    for job in jobs:
        docx = templates.render(template, job.context, job.name)
        issued.append((job, store.put(docx), content.canonical_hash(docx, job.name)))
    common = {"fiches": store.put_json(records.data), "modele": store.put(template.read_bytes())}
    pdf = _pdf()
    signed = {"pdf": store.put(pdf), "pages": 1, "taille": len(pdf),
              "signatures_electroniques": [], "champs_sans_signature_valide": []}
    deliberations = {c.id: c.deliberation.numero for c in records.conventions}
    versions = content.versions()
    writer = _Writer(store, versions)
    wave = 0
    while writer.count < entries:
        wave += 1
        day = dt.date(2022, 6, 10) + dt.timedelta(days=30 * (wave - 1))
        for action in (schema.ISSUE, schema.APPROVE, schema.SIGN):
            for job, docx, contenu in issued:
                if writer.count >= entries:
                    break
                base = {"action": action, "document": job.name, "version": wave,
                        "auteur": "bench"}
                if action == schema.ISSUE:
                    writer.add({**base, "type": job.kind, "date": day.isoformat(),
                                "message": f"Version {wave}", **common, "docx": docx,
                                "contenu": contenu, "exemples": []})
                elif action == schema.APPROVE:
                    convention = job.name.removeprefix("convention-")
                    writer.add({**base, "date": (day + dt.timedelta(days=5)).isoformat(),
                                "deliberation": deliberations[convention]})
                else:
                    writer.add({**base, "date": (day + dt.timedelta(days=10)).isoformat(),
                                "nom_fichier": f"{job.name}-v{wave}-signe.pdf", **signed})
    writer.close()
    return issued[0][0].name


class _Writer:
    def __init__(self, store: Store, versions: dict[str, str]):
        self.store = store
        self.versions = versions
        self.count = 0
        self.previous: str | None = None
        self.checked: set[str] = set()
        store.journal.mkdir(parents=True, exist_ok=True)

    def add(self, data: dict[str, Any]) -> None:
        self.count += 1
        recorded = START + dt.timedelta(seconds=self.count)
        full = {"numero": self.count, "precedent": self.previous, "format": schema.FORMAT,
                **data, "versions": self.versions,
                "enregistre_le": recorded.isoformat(timespec="microseconds")}
        raw = json.dumps(full, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
        if data["action"] not in self.checked:  # one of each kind: they differ only in values
            invalid = schema.problem(raw)
            if invalid:
                raise RuntimeError(f"generated entry refused: {invalid}")
            self.checked.add(data["action"])
        (self.store.journal / f"{self.count:06d}.json").write_bytes(raw)
        self.previous = sha256(raw)

    def close(self) -> None:
        assert self.previous is not None
        atomic_write(self.store.head_file, canonical(Head(self.count, self.previous).as_dict()))
