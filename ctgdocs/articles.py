"""A generated document read back as articles and annex rows, to compare two versions.

An article starts at a "Heading 2" paragraph ("Article 5 – Montant…"); an annex at a
"Heading 1" paragraph. Each annex table row is its own unit, so that an avenant can say
which rows were added or removed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document

PREAMBLE = "Préambule"


@dataclass
class Section:
    titre: str
    paragraphes: list[str] = field(default_factory=list)
    lignes: list[str] = field(default_factory=list)  # table rows, "cell | cell"

    @property
    def texte(self) -> str:
        return "\n".join(self.paragraphes + self.lignes)


def sections(docx: bytes) -> list[Section]:
    """Split a .docx into its preamble, articles and annexes, in order."""
    document = Document(io.BytesIO(docx))
    result = [Section(PREAMBLE)]
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            style = _style(document, child)
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")).strip()
            if not text:
                continue
            if style in ("Heading 1", "Heading 2"):
                result.append(Section(text))
            else:
                result[-1].paragraphes.append(text)
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iter():
                        if cell.tag.endswith("}tc"):
                            texts = ("".join(t.text or "" for t in p.iter()
                                             if t.tag.endswith("}t")).strip()
                                     for p in cell.iter() if p.tag.endswith("}p"))
                            cells.append(" / ".join(t for t in texts if t))
                    result[-1].lignes.append(" | ".join(cells))
    return result


def _style(document: object, paragraph: object) -> str:
    properties = paragraph.find(  # type: ignore[attr-defined]
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pPr")
    if properties is None:
        return ""
    style = properties.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pStyle")
    if style is None:
        return ""
    style_id = style.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
    styles = document.styles  # type: ignore[attr-defined]
    for candidate in styles:
        if candidate.style_id == style_id:
            return str(candidate.name)
    return str(style_id)


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
