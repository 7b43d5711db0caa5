"""Word XML blocks of an article: quoted in an avenant, amended word by word, or rebuilt from
the text an early avenant recorded.

Every function works on copies of lxml elements taken from a document ctgdocs produced
(articles.py), so that tables stay Word tables from the convention to its avenants and to
its consolidated text.
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from ..articles import Section, W, row_text, text_of

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def element(tag: str, **attributes: str) -> Any:
    node = etree.Element(f"{W}{tag}")
    for name, value in attributes.items():
        node.set(f"{W}{name}", value)
    return node


def run(text: str, properties: Any = None) -> Any:
    r = element("r")
    if properties is not None:
        r.append(copy.deepcopy(properties))
    t = etree.SubElement(r, f"{W}t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    return r


def paragraph(text: str, italic: bool = False) -> Any:
    p = element("p")
    properties = None
    if italic:
        properties = element("rPr")
        properties.append(element("i"))
    if text:
        p.append(run(text, properties))
    return p


def set_text(p: Any, text: str) -> None:
    """The paragraph's text replaced, in the format of its first run."""
    runs = p.findall(f"{W}r")
    properties = runs[0].find(f"{W}rPr") if runs else None
    for child in list(p):
        if child.tag != f"{W}pPr":
            p.remove(child)
    p.append(run(text, properties))


def replace_words(p: Any, old: str, new: str) -> None:
    """``old`` replaced by ``new`` inside the paragraph: within the run holding it when one
    does (its format kept), otherwise over the whole paragraph's text."""
    for t in p.iter(f"{W}t"):
        if t.text and t.text.count(old) == 1 and text_of(p).count(old) == 1:
            t.text = t.text.replace(old, new)
            t.set(XML_SPACE, "preserve")
            return
    set_text(p, text_of(p).replace(old, new, 1))


def text_paragraphs(elements: list[Any]) -> list[Any]:
    """The paragraphs that count as alinéas: top-level, with text."""
    return [e for e in elements if e.tag == f"{W}p" and text_of(e)]


def quote(heading: Any, elements: list[Any]) -> list[Any]:
    """An article as an avenant cites it: its title in bold as the first line, then its
    paragraphs and tables, between « and »."""
    body = [copy.deepcopy(e) for e in elements]
    while body and body[-1].tag == f"{W}p" and not text_of(body[-1]):
        body.pop()
    first = copy.deepcopy(heading) if heading is not None else None
    if first is not None:
        _plain_bold(first)
        body.insert(0, first)
    opening = next((e for e in body if e.tag == f"{W}p" and text_of(e)), None)
    if opening is None:
        return body
    _prepend(opening, "« ")
    if body[-1].tag == f"{W}p":
        body[-1].append(run(" »", _last_run_properties(body[-1])))
    else:
        body.append(paragraph("»"))
    return body


def _plain_bold(p: Any) -> None:
    """A heading turned into an ordinary bold paragraph kept with what follows."""
    properties = p.find(f"{W}pPr")
    if properties is not None:
        for style in properties.findall(f"{W}pStyle"):
            properties.remove(style)
    else:
        properties = element("pPr")
        p.insert(0, properties)
    if properties.find(f"{W}keepNext") is None:
        properties.insert(0, element("keepNext"))
    for r in p.findall(f"{W}r"):
        rpr = r.find(f"{W}rPr")
        if rpr is None:
            rpr = element("rPr")
            r.insert(0, rpr)
        bold = rpr.find(f"{W}b")
        if bold is None:
            leading = [c for c in rpr if c.tag in (f"{W}rStyle", f"{W}rFonts")]
            rpr.insert(len(leading), element("b"))
        else:  # a heading's runs may say <w:b w:val="0"/> (bold from the style): now bold
            bold.attrib.pop(f"{W}val", None)


def _prepend(p: Any, text: str) -> None:
    runs = p.findall(f"{W}r")
    new = run(text, runs[0].find(f"{W}rPr") if runs else None)
    properties = p.find(f"{W}pPr")
    p.insert(0 if properties is None else list(p).index(properties) + 1, new)


def _last_run_properties(p: Any) -> Any:
    runs = p.findall(f"{W}r")
    return runs[-1].find(f"{W}rPr") if runs else None


def flat_elements(paragraphes: list[str], lignes: list[str]) -> list[Any]:
    """Plain paragraphs, then one table of the rows "a | b" (cells' lines split on " / "):
    the last resort when no Word structure is available."""
    elements = [paragraph(p) for p in paragraphes]
    if lignes:
        table = element("tbl")
        properties = etree.SubElement(table, f"{W}tblPr")
        properties.append(element("tblStyle", val="TableGrid"))
        properties.append(element("tblW", w="0", type="auto"))
        width = max(len(r.split(" | ")) for r in lignes)
        grid = etree.SubElement(table, f"{W}tblGrid")
        for _ in range(width):
            grid.append(element("gridCol", w=str(9638 // width)))
        for line in lignes:
            tr = etree.SubElement(table, f"{W}tr")
            cells = line.split(" | ")
            for text in cells + [""] * (width - len(cells)):
                tc = etree.SubElement(tr, f"{W}tc")
                for part in text.split(" / ") if text else [""]:
                    tc.append(paragraph(part))
        elements.append(table)
    return elements


def rebuild(base: Section, paragraphes: list[str], lignes: list[str]) -> list[Any]:
    """The elements of ``base`` carrying the recorded text instead (an avenant recorded
    before its blocks were kept): changed paragraphs rewritten in place, table rows kept,
    added from a row of the same table, or removed. Falls back to plain paragraphs and one
    table if the structure does not fit."""
    result = _rebuild(base, paragraphes, lignes)
    check = Section(base.titre, [text_of(e) for e in text_paragraphs(result)],
                    [row_text(r) for e in result if e.tag == f"{W}tbl"
                     for r in e.iter(f"{W}tr")])
    if check.paragraphes == paragraphes and check.lignes == lignes:
        return result
    return flat_elements(paragraphes, lignes)


def _rebuild(base: Section, paragraphes: list[str], lignes: list[str]) -> list[Any]:
    tables = [e for e in base.elements if e.tag == f"{W}tbl"]
    headers = [row_text(next(t.iter(f"{W}tr"))) for t in tables if t.find(f"{W}tr") is not None]
    texts = iter(paragraphes)
    remaining_rows = list(lignes)
    result = []
    table_index = 0
    for item in base.elements:
        if item.tag == f"{W}p" and text_of(item):
            text = next(texts, None)
            if text is None:
                continue
            new = copy.deepcopy(item)
            if text_of(item) != text:
                set_text(new, text)
            result.append(new)
        elif item.tag == f"{W}tbl":
            following = headers[table_index + 1:]
            cut = next((i for i, r in enumerate(remaining_rows) if i and r in following),
                       len(remaining_rows))
            rows, remaining_rows = remaining_rows[:cut], remaining_rows[cut:]
            result.append(_table_with_rows(item, rows))
            table_index += 1
        else:
            result.append(copy.deepcopy(item))
    for text in texts:
        result.append(paragraph(text))
    return result


def _table_with_rows(table: Any, rows: list[str]) -> Any:
    new = copy.deepcopy(table)
    old_rows = new.findall(f"{W}tr")
    by_text = {row_text(r): r for r in old_rows}
    for r in old_rows:
        new.remove(r)
    for text in rows:
        if text in by_text:
            new.append(copy.deepcopy(by_text[text]))
            continue
        cells = text.split(" | ")
        model = next((r for r in reversed(old_rows) if len(r.findall(f"{W}tc")) == len(cells)),
                     old_rows[-1] if old_rows else None)
        if model is None:
            continue
        row = copy.deepcopy(model)
        for tc, cell_text in zip(row.findall(f"{W}tc"), cells, strict=False):
            _fill_cell(tc, cell_text)
        new.append(row)
    return new


def _fill_cell(tc: Any, text: str) -> None:
    paragraphs = tc.findall(f"{W}p")
    model = paragraphs[0] if paragraphs else paragraph("")
    for p in paragraphs:
        tc.remove(p)
    for line in text.split(" / ") if text else [""]:
        p = copy.deepcopy(model)
        set_text(p, line)
        tc.append(p)
