"""The text of a convention in force at a date, from what the register holds.

It starts from the signed convention's .docx as stored when issued (never re-rendered with
today's code) and applies, in order, the changes of each signed avenant in effect on that
date, as recorded in the avenant's entry: words replaced in one alinéa, an article or annex
in its new Word XML, an article added or removed. Avenants recorded before their Word XML
was kept (ctgdocs 0.1) carry only their new text: it is put back into the structure of the
article it replaces (blocks.rebuild), tables included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import articles
from ..articles import PREAMBLE, Section, parse, text_of
from . import blocks
from .ledger import Document, Register, Version
from .store import RegisterError


def avenant_ident(convention_id: str, numero: int) -> str:
    return f"avenant-{convention_id}-{numero}"


def avenants_of(register: Register, convention_id: str) -> list[Document]:
    """The convention's avenants, by number."""
    found = [d for d in register.documents().values() if d.kind == "avenant"
             and d.last.emission["base"] == f"convention-{convention_id}"]
    return sorted(found, key=lambda d: int(d.last.emission["numero_avenant"]))


def signed_on(version: Version) -> dt.date:
    assert version.signature is not None
    return dt.date.fromisoformat(version.signature["date"])


def effective(version: Version) -> dt.date:
    """When a signed avenant takes effect: its --effet date, else its signature."""
    entry = version.emission
    if entry.get("effet"):
        return dt.date.fromisoformat(entry["effet"])
    return signed_on(version)


@dataclass
class InForce:
    base: Version
    sections: list[Section]
    notes: dict[str, list[Version]] = field(default_factory=dict)  # title -> amended by
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
    for avenant in avenants_of(register, doc.ident.removeprefix("convention-")):
        version = avenant.in_force(day)
        if version is None or effective(version) > day:
            continue
        result.avenants.append(version)
        for change in version.emission["modifications"]:
            apply(result.sections, change)
            result.notes.setdefault(change["titre"], []).append(version)
    return result


def apply(sections: list[Section], change: dict[str, Any]) -> None:
    """One recorded change applied to the sections, in place."""
    titles = [s.titre for s in sections]
    index = titles.index(change["titre"]) if change["titre"] in titles else None
    if change["nature"] == "supprimé":
        if index is not None:
            del sections[index]
        return
    current = sections[index] if index is not None else None
    new = _new_section(current, change)
    if index is not None:
        sections[index] = new
    elif new.is_annex:
        sections.append(new)
    else:  # a new article goes after the last article, before the annexes
        position = next((i for i, s in enumerate(sections) if s.is_annex), len(sections))
        sections.insert(position, new)


def _new_section(current: Section | None, change: dict[str, Any]) -> Section:
    forme = change.get("forme")
    if forme == "mots" and current is not None:
        new = current.copy()
        paragraph = blocks.text_paragraphs(new.elements)[change["alinea"] - 1]
        blocks.replace_words(paragraph, change["avant"], change["apres"])
        new.paragraphes[change["alinea"] - 1] = text_of(paragraph)
        return new
    if change.get("blocs"):
        elements = parse(change["blocs"])  # the heading first, except for the preamble
        heading, body = (None, elements) if change["titre"] == PREAMBLE else \
            (elements[0], elements[1:])
        return Section(change["titre"], list(change["paragraphes"]), list(change["lignes"]),
                       heading, body)
    # recorded before blocks were kept: the new text in the old article's structure
    heading = current.heading if current is not None else blocks.paragraph(change["titre"])
    body = blocks.rebuild(current, change["paragraphes"], change["lignes"]) \
        if current is not None else blocks.flat_elements(change["paragraphes"], change["lignes"])
    return Section(change["titre"], list(change["paragraphes"]), list(change["lignes"]),
                   heading, body)
