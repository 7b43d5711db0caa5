"""Check a .docx against the rules Word enforces before it opens a file.

Word refuses ("unreadable content") a package whose parts are not well-formed XML or have no
content type, a table cell whose last block is not a paragraph, a table without grid or rows,
two bookmarks or two drawings with the same id, or section properties that are not the last
child of the body. LibreOffice opens most of these silently, so a PDF proves nothing: every
generated .docx goes through :func:`check` before it is written.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .errors import TemplateError

Element = Any  # lxml.etree._Element (lxml ships no type hints)
# No entities, no network, no huge trees: a template is user input.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPES = "[Content_Types].xml"
MAIN = "word/document.xml"
BLOCKS = {f"{W}p", f"{W}tbl", f"{W}sdt", f"{W}customXml", f"{W}altChunk"}
# Parts whose tables, bookmarks and drawings Word lays out.
STORIES = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml",
           "word/endnotes.xml", "word/comments.xml", "word/glossary/document.xml")


def check(data: bytes, name: str) -> None:
    """Raise TemplateError naming ``name`` (the template) if Word would refuse ``data``."""
    refuse(problems(data), name)


def refuse(found: list[str], name: str) -> None:
    """Raise the TemplateError that reports ``found`` (the problems of a document), if any."""
    if found:
        shown = " ; ".join(found[:5])
        more = f" ; et {len(found) - 5} autre(s)" if len(found) > 5 else ""
        hint = (" Corrigez le modèle : une cellule de tableau doit garder au moins un "
                "paragraphe, même quand sa boucle {%p for %} est vide."
                if any("paragraphe" in problem for problem in found) else "")
        raise TemplateError(
            f"{name} : le document produit n'est pas un document Word valide (Word refuserait "
            f"de l'ouvrir) : {shown}{more}.{hint}")


def problems(data: bytes) -> list[str]:
    """Every rule ``data`` breaks, in French, each naming its part and place; [] if valid."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return ["le fichier n'est pas une archive .docx"]
    with archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        parts = parse({part: archive.read(part) for part in names
                       if part.endswith((".xml", ".rels"))})
    return package_problems(names, parts)


@dataclass
class Parsed:
    """XML parts parsed for checking: their trees, and the syntax error of each unreadable."""

    trees: dict[str, Element] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def __or__(self, other: Parsed) -> Parsed:
        return Parsed({**self.trees, **other.trees}, {**self.errors, **other.errors})


def kept(part: str) -> bool:
    """Whether the checks read the tree of ``part`` (not only whether it parses)."""
    return part == CONTENT_TYPES or part.endswith(".rels") or part.startswith(STORIES)


def parse(parts: dict[str, bytes], keep: Callable[[str], bool] | None = None) -> Parsed:
    """Parse the XML ``parts`` (name: bytes); a prepared template parses its unchanged parts
    once (keeping only the trees the checks read: ``keep=kept``) and only the rendered ones
    for each document."""
    parsed = Parsed()
    for part, blob in parts.items():
        try:
            tree = etree.fromstring(blob, PARSER)
            if keep is None or keep(part):
                parsed.trees[part] = tree
        except etree.XMLSyntaxError as exc:
            detail = str(exc.msg).partition(", line ")[0]
            parsed.errors[part] = f"{part} : XML mal formé, ligne {exc.lineno} ({detail})"
    return parsed


def package_problems(names: list[str], parts: Parsed,
                     declared: list[str] | None = None) -> list[str]:
    """Every rule broken by the package whose members are ``names`` (archive order).
    ``declared``: the problems of its content types and relationships, when already known
    (a prepared template renders neither: :func:`declaration_problems` once)."""
    parsed = parts.trees
    found = [parts.errors[part] for part in names if part in parts.errors]
    if CONTENT_TYPES not in parsed:
        return [*found, f"{CONTENT_TYPES} absent ou illisible"]
    found += declaration_problems(names, parts) if declared is None else declared
    if MAIN not in parsed:
        return [*found, f"{MAIN} absent ou illisible"]
    found += _body(parsed[MAIN])
    bookmarks: dict[str, str] = {}
    drawings: dict[str, str] = {}
    for part in sorted(parsed):
        if not part.startswith(STORIES):
            continue
        found += _tables(part, parsed[part])
        found += _unique(part, parsed[part], f"{W}bookmarkStart", f"{W}id", "signet",
                         bookmarks)
        found += _unique(part, parsed[part], f"{WP}docPr", "id", "dessin", drawings)
    return found


def declaration_problems(names: list[str], parts: Parsed) -> list[str]:
    """The rules broken by the content types and the relationships of the package."""
    if CONTENT_TYPES not in parts.trees:
        return []
    return [*_content_types(parts.trees[CONTENT_TYPES], names),
            *_relationships(parts.trees, names)]


def _content_types(types: Element, names: list[str]) -> list[str]:
    defaults = {d.get("Extension", "").lower() for d in types.iter(f"{CT}Default")}
    overrides = {o.get("PartName", "").lstrip("/").lower()
                 for o in types.iter(f"{CT}Override")}
    found = []
    for part in names:
        if part == CONTENT_TYPES or part.lower() in overrides:
            continue
        extension = posixpath.basename(part).rpartition(".")[2].lower()
        if extension not in defaults:
            found.append(f"{part} : aucun type de contenu dans {CONTENT_TYPES}")
    for part in sorted(overrides - {n.lower() for n in names}):
        found.append(f"{CONTENT_TYPES} : type de contenu déclaré pour {part}, partie absente")
    return found


def _relationships(parsed: dict[str, Element], names: list[str]) -> list[str]:
    """Internal relationship targets must exist (Word refuses a dangling one)."""
    found = []
    present = set(names)
    for rels, root in sorted(parsed.items()):
        if not rels.endswith(".rels"):
            continue
        folder = posixpath.dirname(posixpath.dirname(rels))  # word/_rels/x.rels -> word
        ids: set[str] = set()
        for rel in root.iter(f"{REL}Relationship"):
            ident = rel.get("Id", "")
            if ident in ids:
                found.append(f"{rels} : relation {ident} déclarée deux fois")
            ids.add(ident)
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target)))
            if path not in present:
                found.append(f"{rels} : la relation {ident} vise {path}, partie absente")
    return found


def _body(document: Element) -> list[str]:
    body = document.find(f"{W}body")
    if body is None:
        return [f"{MAIN} : pas de corps (w:body)"]
    children = list(body)
    sections = [c for c in children if c.tag == f"{W}sectPr"]
    if len(sections) > 1:
        return [f"{MAIN} : {len(sections)} propriétés de section (w:sectPr) dans le corps"]
    if sections and children[-1] is not sections[0]:
        return [f"{MAIN} : les propriétés de section (w:sectPr) ne sont pas le dernier "
                "élément du corps"]
    return []


_ODD = "[translate(@w:val, '0123456789', '') != '' or not(@w:val > 0)]"
# Whether a table may break a rule: a superset of what the walk (table_problems) reports,
# in one XPath evaluation; content controls and odd spans are left to the walk.
_SUSPECT_TABLE = etree.XPath(" or ".join((
    "not(w:tblGrid[1]/w:gridCol)",  # no grid
    "not(w:tr)",  # no row
    "w:sdt", "w:customXml", "w:tr/w:sdt", "w:tr/w:customXml",  # content controls
    "w:tr[not(w:tc)]",  # a row without cell
    "w:tr/w:tc[not(w:p)]",  # a cell without paragraph
    "w:tr/w:tc[*[self::w:p or self::w:tbl or self::w:sdt or self::w:customXml"
    " or self::w:altChunk][last()][not(self::w:p)]]",  # ... or not ending with one
    f"w:tr/w:trPr[1]/*[self::w:gridBefore or self::w:gridAfter]{_ODD}",
    f"w:tr/w:tc/w:tcPr[1]/w:gridSpan{_ODD}",
    # a row whose cells and spans do not fill the grid
    "w:tr[count(w:tc) - count(w:tc[w:tcPr[1]/w:gridSpan[1]])"
    " + sum(w:tc/w:tcPr[1]/w:gridSpan[1]/@w:val)"
    " + sum(w:trPr[1]/w:gridBefore[1]/@w:val) + sum(w:trPr[1]/w:gridAfter[1]/@w:val)"
    " != count(../w:tblGrid[1]/w:gridCol)]",
)), namespaces={"w": W[1:-1]})


def _tables(part: str, root: Element) -> list[str]:
    suspect = any(_SUSPECT_TABLE(table) for table in root.iter(f"{W}tbl"))
    return table_problems(part, root) if suspect else []


def table_problems(part: str, root: Element) -> list[str]:
    """The table rules ``root`` breaks, each named (the walk: _tables skips it when the
    part has no suspect table)."""
    found = []
    for number, table in enumerate(root.iter(f"{W}tbl"), start=1):
        where = f"{part} : tableau {number}"
        grid = table.find(f"{W}tblGrid")
        columns = 0 if grid is None else len(grid.findall(f"{W}gridCol"))
        if columns == 0:
            found.append(f"{where} : pas de grille de colonnes (w:tblGrid)")
        rows = list(_rows(table))
        if not rows:
            found.append(f"{where} : aucune ligne")
        for row_number, row in enumerate(rows, start=1):
            found += _row(f"{where}, ligne {row_number}", row, columns)
    return found


def _row(where: str, row: Element, columns: int) -> list[str]:
    cells = list(_cells(row))
    if not cells:
        return [f"{where} : aucune cellule"]
    found = []
    span = _grid_value(row.find(f"{W}trPr"), "gridBefore") + _grid_value(
        row.find(f"{W}trPr"), "gridAfter")
    for cell_number, cell in enumerate(cells, start=1):
        span += max(1, _grid_value(cell.find(f"{W}tcPr"), "gridSpan"))
        blocks = [child for child in cell if child.tag in BLOCKS]
        if not any(child.tag == f"{W}p" for child in blocks):
            found.append(f"{where}, cellule {cell_number} : la cellule ne contient aucun "
                         "paragraphe")
        elif blocks[-1].tag != f"{W}p":
            found.append(f"{where}, cellule {cell_number} : la cellule ne se termine pas par "
                         "un paragraphe")
    if columns and span != columns:
        found.append(f"{where} : {span} colonne(s) occupée(s) pour {columns} dans la grille")
    return found


def _rows(table: Element) -> Iterator[Element]:
    """The table's own rows, including rows inside content controls, not nested tables'."""
    for child in table:
        if child.tag == f"{W}tr":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent")
            yield from _rows(content if content is not None else child)


def _cells(row: Element) -> Iterator[Element]:
    for child in row:
        if child.tag == f"{W}tc":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent")
            yield from _cells(content if content is not None else child)


def _grid_value(properties: Element | None, name: str) -> int:
    if properties is None:
        return 0
    element = properties.find(f"{W}{name}")
    value = None if element is None else element.get(f"{W}val")
    return int(value) if value and value.isdigit() else 0


def _unique(part: str, root: Element, tag: str, attribute: str, what: str,
            seen: dict[str, str]) -> list[str]:
    found = []
    for element in root.iter(tag):
        ident = element.get(attribute)
        if ident is None:
            found.append(f"{part} : {what} sans identifiant")
        elif ident in seen:
            found.append(f"{part} : identifiant de {what} {ident} déjà utilisé dans "
                         f"{seen[ident]}")
        else:
            seen[ident] = part
    return found
