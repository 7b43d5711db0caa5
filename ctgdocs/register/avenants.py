"""Avenants drafted from what changed, and the consolidated text in force at a date.

The text in force is the signed convention, rendered with the template stored with it, with
the articles that each signed avenant replaced. An avenant compares that text with what the
current records produce with the same template, article by article and annex row by annex
row, and records the differences as a numbered *projet* of avenant.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import articles
from ..articles import PREAMBLE, Section
from ..check import checked_records
from ..documents import Job
from ..documents import convention as convention_doc
from ..errors import CtgdocsError
from ..records import Records
from ..render import render_docx
from ..workspace import Workspace
from . import content
from .avenant_text import avenant_context
from .ledger import ISSUE, Document, Register, Version, check_deliberation
from .store import Entry, RegisterError


def avenant_ident(convention_id: str, numero: int) -> str:
    return f"avenant-{convention_id}-{numero}"


def avenants_of(register: Register, convention_id: str) -> list[Document]:
    """The convention's avenants, by number."""
    found = [d for d in register.documents().values() if d.kind == "avenant"
             and d.last.emission["base"] == f"convention-{convention_id}"]
    return sorted(found, key=lambda d: int(d.last.emission["numero_avenant"]))


@dataclass
class InForce:
    base: Version
    sections: list[Section]
    notes: dict[str, str] = field(default_factory=dict)  # section title -> amended by
    avenants: list[Version] = field(default_factory=list)  # signed and in effect

    @property
    def latest(self) -> Version:
        return self.avenants[-1] if self.avenants else self.base


def in_force(register: Register, convention_id: str, day: dt.date) -> InForce:
    doc = register.document(convention_id)
    base = doc.in_force(day)
    if base is None:
        raise RegisterError(f"{doc.ident} n'est pas signée au {day:%d/%m/%Y} : aucun texte "
                            "n'est en vigueur.")
    result = InForce(base, articles.sections(register.store.get(base.emission["docx"])))
    for avenant in avenants_of(register, convention_id):
        version = avenant.in_force(day)
        if version is None or effective(version) > day:
            continue
        result.avenants.append(version)
        number = version.emission["numero_avenant"]
        signed = dt.date.fromisoformat(version.signature["date"])  # type: ignore[index]
        for change in version.emission["modifications"]:
            _apply(result.sections, change)
            result.notes[change["titre"]] = (f"modifié par l'avenant n° {number} du "
                                             f"{signed:%d/%m/%Y}")
    return result


def effective(version: Version) -> dt.date:
    """When a signed avenant takes effect: its --effet date, else its signature."""
    entry = version.emission
    if entry.get("effet"):
        return dt.date.fromisoformat(entry["effet"])
    assert version.signature is not None
    return dt.date.fromisoformat(version.signature["date"])


def _apply(sections: list[Section], change: dict[str, Any]) -> None:
    titles = [s.titre for s in sections]
    if change["nature"] == "supprimé":
        if change["titre"] in titles:
            del sections[titles.index(change["titre"])]
        return
    new = Section(change["titre"], list(change["paragraphes"]), list(change["lignes"]))
    if change["titre"] in titles:
        sections[titles.index(change["titre"])] = new
    else:
        sections.append(new)


def draft(register: Register, convention_id: str, message: str, numero: str | None,
          effet: dt.date | None, date: dt.date, author: str) -> Entry:
    """Record a projet of avenant from the differences between the text in force and what
    the current records produce; a new version of the pending avenant if there is one."""
    records = checked_records(register.workspace)
    convention = records.convention(convention_id.removeprefix("convention-"))
    if convention is None:
        raise CtgdocsError(f"Convention « {convention_id} » inconnue dans les fiches.")
    current = in_force(register, convention.id, date)
    in_force_records = register.snapshot(current.latest)
    before = in_force_records.convention(convention.id)
    assert before is not None
    doc = register.document(convention.id)
    ended = doc.last.resiliation
    if date > before.fin or ended:
        when = ended["date"] if ended else before.fin.isoformat()
        raise RegisterError(f"La convention {convention.id} a pris fin le "
                            f"{dt.date.fromisoformat(when):%d/%m/%Y} : un avenant n'est plus "
                            "possible, il faut une nouvelle convention.")
    if before.montants != convention.montants and numero is None:
        raise RegisterError(f"Le montant de la convention {convention.id} change : indiquez la "
                            "délibération qui l'autorise avec --deliberation (L2311-7).")
    if numero is not None and records.deliberation(numero) is not None:
        check_deliberation(records, convention.financeur, numero, None)

    proposed = _render_with(register, current.base, records, convention.id, date)
    changes = articles.compare(current.sections, articles.sections(proposed))
    if not changes:
        raise RegisterError(f"Rien n'a changé dans le texte de la convention {convention.id} "
                            "depuis le texte en vigueur : pas d'avenant à rédiger.")

    pending = [a for a in avenants_of(register, convention.id) if a.last.signature is None]
    number = int(pending[0].last.emission["numero_avenant"]) if pending else \
        len(avenants_of(register, convention.id)) + 1
    entry: dict[str, Any] = {
        "action": ISSUE,
        "document": avenant_ident(convention.id, number),
        "type": "avenant",
        "version": pending[0].last.numero + 1 if pending else 1,
        "date": date.isoformat(),
        "auteur": author,
        "message": message,
        "base": f"convention-{convention.id}",
        "base_version": current.base.numero,
        "base_signature": current.base.signature["date"],  # type: ignore[index]
        "precedents": [{"numero": v.emission["numero_avenant"],
                        "signature": v.signature["date"]}  # type: ignore[index]
                       for v in current.avenants],
        "numero_avenant": number,
        "effet": effet.isoformat() if effet else None,
        "deliberation": numero,
        "modifications": [_change(c) for c in changes],
    }
    template = register.workspace.template("avenant")
    data, exemples = content.render(template, avenant_context(records, entry),
                                    register.workspace.display(template))
    return register.record_issue(entry, records, template.read_bytes(), data, exemples)


def _render_with(register: Register, base: Version, records: Records, convention_id: str,
                 date: dt.date) -> bytes:
    """The convention as the current records render it with the base version's template."""
    found = records.convention(convention_id)
    assert found is not None
    with tempfile.TemporaryDirectory(prefix="ctgdocs-") as tmp:
        template = Path(tmp) / "modele.docx"
        template.write_bytes(register.store.get(base.emission["modele"]))
        return render_docx(template, convention_doc.context(records, found, None),
                           f"modèle de convention-{convention_id} v{base.numero}")


def _change(change: articles.Change) -> dict[str, Any]:
    after = change.apres
    return {
        "titre": change.titre,
        "nature": change.nature,
        "paragraphes": after.paragraphes if after else [],
        "lignes": after.lignes if after else [],
        "lignes_ajoutees": change.lignes_ajoutees,
        "lignes_retirees": change.lignes_retirees,
    }


def consolidated_context(register: Register, convention_id: str, day: dt.date,
                         date: dt.date) -> dict[str, Any]:
    current = in_force(register, convention_id, day)
    records = register.snapshot(current.latest)
    convention = records.convention(convention_id.removeprefix("convention-"))
    return {
        "epci": records.territoire.epci,
        "ctg": records.territoire.ctg,
        "convention": convention,
        "au": day,
        "date": date,
        "base_signature": dt.date.fromisoformat(current.base.signature["date"]),  # type: ignore[index]
        "avenants": [{"numero": v.emission["numero_avenant"],
                      "signature": dt.date.fromisoformat(v.signature["date"])}  # type: ignore[index]
                     for v in current.avenants],
        "sections": [{"titre": s.titre, "paragraphes": s.paragraphes, "lignes": s.lignes,
                      "note": current.notes.get(s.titre, "")}
                     for s in current.sections if s.titre != PREAMBLE],
        "preambule": next((s for s in current.sections if s.titre == PREAMBLE), None),
    }


def consolidation_job(register: Register, convention_id: str, day: dt.date,
                      date: dt.date) -> Job:
    context = consolidated_context(register, convention_id, day, date)
    ident = context["convention"].id
    return Job("consolidation", f"convention-{ident}-consolidee-{day:%Y%m%d}",
               f"Convention {ident} consolidée", context)


def sample_jobs(workspace: Workspace, records: Records, date: dt.date) -> list[Job]:
    """An avenant and a consolidated text for the first convention, to check those two
    templates without a register (ctgdocs templates check)."""
    if not records.conventions:
        return []
    convention = records.conventions[0]
    template = workspace.template("convention")
    try:
        sections = articles.sections(render_docx(
            template, convention_doc.context(records, convention, date),
            workspace.display(template)))
    except CtgdocsError:
        return []  # the convention template's own check reports it
    change = {"titre": sections[-1].titre, "nature": "modifié",
              "paragraphes": sections[-1].paragraphes, "lignes": sections[-1].lignes,
              "lignes_ajoutees": sections[-1].lignes[-1:], "lignes_retirees": []}
    entry = {"base": f"convention-{convention.id}", "date": date.isoformat(),
             "numero_avenant": 1, "base_signature": date.isoformat(), "precedents": [],
             "deliberation": convention.deliberation.numero, "effet": None,
             "modifications": [change]}
    consolidated = {
        "epci": records.territoire.epci, "ctg": records.territoire.ctg,
        "convention": convention, "au": date, "date": date, "base_signature": date,
        "avenants": [], "preambule": sections[0],
        "sections": [{"titre": s.titre, "paragraphes": s.paragraphes, "lignes": s.lignes,
                      "note": ""} for s in sections[1:]],
    }
    return [Job("avenant", "avenant-exemple", "Avenant (exemple)",
                avenant_context(records, entry)),
            Job("consolidation", "consolidation-exemple", "Convention consolidée (exemple)",
                consolidated)]
