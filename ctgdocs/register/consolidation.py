"""The consolidated text of a convention: the text in force at a date, in one document.

It keeps the structure of the documents it merges (tables, lists, the parties and visas of
the signed convention without its title block and signatures), follows each article or
annex changed by an avenant with "(modifié par l'avenant n° N du …)", as Légifrance
annotates consolidated law, and says that only the signed acts are authentic. For a
convention that has ended, the text is the one in force on its last day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup

from .. import articles, fr, marking
from ..articles import PREAMBLE, Change, Section, W, text_of, xml
from ..documents import Job
from ..documents import convention as convention_doc
from ..errors import CtgdocsError
from ..records import Records
from ..render import render_docx
from ..workspace import Workspace
from . import blocks, wording
from .avenant_text import avenant_context
from .inforce import InForce, in_force, signed_on
from .ledger import Register, Version


def consolidated_context(register: Register, convention_id: str, day: dt.date) -> dict[str, Any]:
    doc = register.document(convention_id)
    ident = doc.ident.removeprefix("convention-")
    au, motif = day, ""
    ended = next((v.resiliation for v in doc.versions if v.resiliation), None)
    if ended is not None and dt.date.fromisoformat(ended["date"]) <= day:
        au = dt.date.fromisoformat(ended["date"]) - dt.timedelta(days=1)
        motif = "veille de sa résiliation"
    current = in_force(register, ident, au)
    records = register.snapshot(current.latest)
    convention = records.convention(ident)
    assert convention is not None
    if au >= convention.fin:
        au, motif = convention.fin, "date de fin de la convention"
        current = in_force(register, ident, au)
    return {
        "epci": records.territoire.epci,
        "ctg": records.territoire.ctg,
        "convention": convention,
        "au": au,
        "motif": motif,
        "base_signature": signed_on(current.base),
        "avenants": [{"numero": v.emission["numero_avenant"], "signature": signed_on(v)}
                     for v in current.avenants],
        "corps": Markup(xml(body(current))),
    }


def body(current: InForce) -> list[Any]:
    """The consolidated text as Word elements."""
    notes = {title: _note(versions) for title, versions in current.notes.items()}
    return assemble(current.sections, notes)


def assemble(sections: list[Section], notes: dict[str, str]) -> list[Any]:
    elements: list[Any] = []
    for section in sections:
        if section.titre == PREAMBLE:
            elements += _without_title_block(section.elements)
        else:
            elements += [section.heading, *_without_signatures(section.elements)]
        if section.titre in notes:
            elements.append(blocks.paragraph(notes[section.titre], italic=True))
    if any(e.find(f".//{W}shd[@{W}fill='{marking.SHADING}']") is not None for e in elements):
        elements.insert(0, marking.notice_paragraph())
    return elements


def _note(versions: list[Version]) -> str:
    """(modifié par l'avenant n° 1 du 20 février 2023 et par l'avenant n° 2 du …)"""
    numbers = dict.fromkeys(
        (v.emission["numero_avenant"], signed_on(v)) for v in versions)
    each = [f"l'avenant n° {numero} du {fr.date_fr(day)}" for numero, day in numbers]
    return f"(modifié par {' et par '.join(each)})"


def _without_title_block(elements: list[Any]) -> list[Any]:
    """The preamble without what precedes the parties: the title and the centred lines
    around it (the consolidated text has its own)."""
    titles = [i for i, e in enumerate(elements) if articles.style_id(e) == "Title"]
    if not titles:
        return elements
    start = titles[0] + 1
    while start < len(elements) and _centred(elements[start]):
        start += 1
    return elements[start:]


def _centred(element: Any) -> bool:
    jc = element.find(f"{W}pPr/{W}jc")
    return jc is not None and jc.get(f"{W}val") == "center"


def _without_signatures(elements: list[Any]) -> list[Any]:
    """An article without the "Fait à …" line and the signatures that follow it."""
    for index, element in enumerate(elements):
        if element.tag == f"{W}p" and text_of(element).startswith("Fait à"):
            breaks = [e for e in elements[index:]
                      if e.find(f".//{W}br[@{W}type='page']") is not None]
            return elements[:index] + breaks[-1:]
    return elements


def consolidation_job(register: Register, convention_id: str, day: dt.date) -> Job:
    context = consolidated_context(register, convention_id, day)
    ident = context["convention"].id
    return Job("consolidation", f"convention-{ident}-consolidee-{context['au']:%Y%m%d}",
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
            workspace.display(template), workspace.settings.limites))
    except CtgdocsError:
        return []  # the convention template's own check reports it
    samples = [s for s in sections if s.has_table][:2] or sections[-1:]
    changes = [Change(s.titre, Section(s.titre), s) for s in samples]
    entry = {"base": f"convention-{convention.id}", "date": date.isoformat(),
             "numero_avenant": 1, "base_signature": date.isoformat(), "precedents": [],
             "deliberation": convention.deliberation.numero, "effet": None,
             "modifications": [wording.modification(c) for c in changes]}
    consolidated = {
        "epci": records.territoire.epci, "ctg": records.territoire.ctg,
        "convention": convention, "au": date, "motif": "", "base_signature": date,
        "avenants": [{"numero": 1, "signature": date}],
        "corps": Markup(xml(assemble(sections, {samples[0].titre: "(modifié par l'avenant "
                                                                  "n° 1 du …)"}))),
    }
    return [Job("avenant", "avenant-exemple", "Avenant (exemple)",
                avenant_context(records, entry)),
            Job("consolidation", "consolidation-exemple", "Convention consolidée (exemple)",
                consolidated)]
