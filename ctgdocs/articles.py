"""A generated document read back as articles and annexes, to compare and combine versions.

An article starts at a "Heading 2" paragraph ("Article 5 – Montant…"); an annex at a
"Heading 1" paragraph. Each section keeps its text (paragraphs, and table rows flattened as
"cell | cell" to compare them) and its Word XML elements, so that an avenant can quote an
article with its tables and a consolidated text can put them back together.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .marking import NOTICE

PREAMBLE = "Préambule"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADINGS = ("Heading 1", "Heading 2")


@dataclass
class Section:
    titre: str
    paragraphes: list[str] = field(default_factory=list)
    lignes: list[str] = field(default_factory=list)  # table rows, "cell | cell"
    heading: Any = field(default=None, compare=False, repr=False)  # its heading <w:p>
    elements: list[Any] = field(default_factory=list, compare=False, repr=False)  # body

    @property
    def texte(self) -> str:
        return "\n".join(self.paragraphes + self.lignes)

    @property
    def is_annex(self) -> bool:
        return self.titre.startswith("Annexe")

    @property
    def has_table(self) -> bool:
        return any(e.tag == f"{W}tbl" for e in self.elements)

    def copy(self) -> Section:
        return Section(self.titre, list(self.paragraphes), list(self.lignes),
                       copy.deepcopy(self.heading), [copy.deepcopy(e) for e in self.elements])


def text_of(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t")).strip()


def row_text(row: Any) -> str:
    cells = []
    for cell in row.iter(f"{W}tc"):
        texts = (text_of(p) for p in cell.iter(f"{W}p"))
        cells.append(" / ".join(t for t in texts if t))
    return " | ".join(cells)


def sections(docx: bytes) -> list[Section]:
    """Split a .docx into its preamble, articles and annexes, in order."""
    from docx import Document  # python-docx loads when a document is read

    document = Document(io.BytesIO(docx))
    names = {s.style_id: str(s.name) for s in document.styles}
    return split(list(document.element.body.iterchildren()), names)


def split(elements: list[Any], style_names: dict[str, str]) -> list[Section]:
    """Sections of a sequence of body elements (``style_names``: style id -> name)."""
    result = [Section(PREAMBLE)]
    for child in elements:
        if child.tag == f"{W}sectPr":
            continue
        if child.tag == f"{W}p":
            text = text_of(child)
            if text == NOTICE:
                continue  # the illustrative-values notice is not part of the text
            if text and style_names.get(style_id(child), "") in HEADINGS:
                result.append(Section(text, heading=child))
                continue
            result[-1].elements.append(child)
            if text:
                result[-1].paragraphes.append(text)
        elif child.tag == f"{W}tbl":
            result[-1].elements.append(child)
            result[-1].lignes += [row_text(r) for r in child.iter(f"{W}tr")]
        else:
            result[-1].elements.append(child)
    return result


def style_id(paragraph: Any) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return "" if style is None else str(style.get(f"{W}val"))


def article_number(titre: str) -> str | None:
    """"5" for "Article 5 – Montant…", "1er" for "Article 1er – Objet"."""
    match = re.match(r"Article (\S+)", titre)
    return match[1] if match else None


def annex_number(titre: str) -> str | None:
    match = re.match(r"Annexe (\S+)", titre)
    return match[1] if match else None


def short_title(titre: str) -> str:
    """"Montant et modalités de versement" for "Article 5 – Montant et modalités…"."""
    parts = re.split(r"\s[–-]\s", titre, maxsplit=1)
    return parts[1] if len(parts) == 2 else titre


def xml(elements: list[Any]) -> str:
    """The elements as Word XML text, for a template's ``{{p … }}``."""
    return "".join(etree.tostring(e, encoding="unicode") for e in elements)


def parse(text: str) -> list[Any]:
    """Elements back from ``xml`` (namespaces declared on each)."""
    wrapper = etree.fromstring(f'<w:body xmlns:w="{W[1:-1]}">{text}</w:body>')
    return list(wrapper)


@dataclass(frozen=True)
class Change:
    titre: str
    avant: Section | None
    apres: Section | None

    @property
    def nature(self) -> str:
        if self.avant is None:
            return "ajouté"
        if self.apres is None:
            return "supprimé"
        return "modifié"

    @property
    def lignes_ajoutees(self) -> list[str]:
        before = set(self.avant.lignes) if self.avant else set()
        return [r for r in (self.apres.lignes if self.apres else []) if r not in before]

    @property
    def lignes_retirees(self) -> list[str]:
        after = set(self.apres.lignes) if self.apres else set()
        return [r for r in (self.avant.lignes if self.avant else []) if r not in after]


def compare(before: list[Section], after: list[Section]) -> list[Change]:
    """Sections whose text differs, in the order of ``after`` then removed ones."""
    old = {s.titre: s for s in before}
    new = {s.titre: s for s in after}
    changes = [Change(s.titre, old.get(s.titre), s) for s in after
               if s.titre not in old or old[s.titre].texte != s.texte]
    changes += [Change(s.titre, s, None) for s in before if s.titre not in new]
    return changes
