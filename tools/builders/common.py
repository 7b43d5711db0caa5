"""What every default template shares: page setup, paragraphs, tables, footer,
letterhead and signature blocks."""

from __future__ import annotations

import datetime as dt

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

Doc = object  # python-docx Document (untyped)


def approval_footer(approved: str) -> str:
    """The end of the footer of a document approved by a délibération (Annexe 2, arbre)."""
    return (f"{{% if approbation %}}{approved} par la délibération n° {{{{ approbation[0] }}}} "
            "du {{ approbation[1]|date_courte }}{% else %}projet{% endif %}")
BLUE = RGBColor(0x1F, 0x3A, 0x5F)


def new_document(title: str, landscape: bool = False) -> object:
    doc = Document()
    props = doc.core_properties
    props.author = "ctgdocs"
    props.last_modified_by = "ctgdocs"
    props.title = title
    props.revision = 1
    props.created = props.modified = dt.datetime(2026, 1, 1)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 16), ("Heading 1", 13), ("Heading 2", 11.5)):
        style = doc.styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
        style.font.bold = True
        style.paragraph_format.space_before = Pt(10 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    zoom = doc.settings.element.find(qn("w:zoom"))
    if zoom is not None:  # ECMA-376 requires the percentage python-docx's default omits
        zoom.set(qn("w:percent"), "100")
    return doc


FOOTER_SIZE = Pt(7.5)


def field(paragraph: object, instruction: str, size: object = FOOTER_SIZE) -> None:
    """Insert a Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in: one run per
    field character, each with the footer's font size (the result takes the size of its run)."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"),
                       ("end", None)):
        run = paragraph.add_run()  # type: ignore[attr-defined]
        run.font.size = size
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == instruction else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def footer(doc: object, text: str) -> None:
    """One line: the document's identification on the left, "page N / M" flush right, all in
    the footer's small size (the Footer style carries it too, for the paragraph mark)."""
    section = doc.sections[0]  # type: ignore[attr-defined]
    style = doc.styles["Footer"]  # type: ignore[attr-defined]
    style.font.size = FOOTER_SIZE
    style.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    paragraph = section.footer.paragraphs[0]
    paragraph.style = style
    width = section.page_width - section.left_margin - section.right_margin
    stops = style.paragraph_format.tab_stops
    stops.clear_all()  # the default style's centre stop would pull "page" to mid-line
    stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(text).font.size = FOOTER_SIZE
    paragraph.add_run("\tpage ").font.size = FOOTER_SIZE
    field(paragraph, "PAGE")
    paragraph.add_run(" / ").font.size = FOOTER_SIZE
    field(paragraph, "NUMPAGES")


def para(container: object, text: str = "", style: str | None = None, bold: bool = False,
         italic: bool = False, align: str | None = None, keep: bool = False) -> object:
    """A paragraph; ``keep`` keeps it on the page of the next one."""
    paragraph = container.add_paragraph(style=style)  # type: ignore[attr-defined]
    if keep:
        paragraph.paragraph_format.keep_with_next = True
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "justify":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return paragraph


def cell_para(cell: object, text: str = "", **kwargs: object) -> object:
    """Add a paragraph to a cell, reusing the cell's empty first paragraph."""
    paragraphs = cell.paragraphs  # type: ignore[attr-defined]
    if len(paragraphs) == 1 and not paragraphs[0].text and not paragraphs[0].runs:
        paragraph = paragraphs[0]
        if text:
            run = paragraph.add_run(text)
            run.bold = bool(kwargs.get("bold"))
            run.italic = bool(kwargs.get("italic"))
        if kwargs.get("style"):
            paragraph.style = kwargs["style"]
        return paragraph
    return para(cell, text, **kwargs)  # type: ignore[arg-type]


def cell_loop(cell: object, loop: str, item: str, **kwargs: object) -> None:
    """Paragraph ``item`` repeated ``{%p for loop %}`` (e.g. "a in o.actions") in a table cell,
    and one empty paragraph when the sequence is empty: a cell left without a paragraph is
    invalid Word XML (docxtpl removes the loop's paragraphs, leaving the cell empty)."""
    sequence = loop.partition(" in ")[2]
    cell_para(cell, f"{{%p for {loop} %}}")
    cell_para(cell, item, **kwargs)
    cell_para(cell, "{%p endfor %}")
    cell_para(cell, f"{{%p if not {sequence} %}}")
    cell_para(cell)
    cell_para(cell, "{%p endif %}")


def shade(cell: object, color: str) -> None:
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:shd")
    element.set(qn("w:val"), "clear")
    element.set(qn("w:color"), "auto")
    element.set(qn("w:fill"), color)
    properties.append(element)


def row_property(r: object, name: str) -> None:
    properties = r._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement(f"w:{name}")
    element.set(qn("w:val"), "true")
    properties.append(element)


def keep_with_next(r: object) -> None:
    """Keep a row on the page of the row that follows (Word: keepNext on its paragraphs)."""
    for cell in r.cells:  # type: ignore[attr-defined]
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def repeat_header(r: object) -> None:
    """A header row: repeated at the top of each page, never left alone at the bottom."""
    row_property(r, "tblHeader")
    keep_with_next(r)


def table(container: object, columns: list[float]) -> object:
    t = container.add_table(rows=0, cols=len(columns))  # type: ignore[attr-defined]
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for index, width in enumerate(columns):
        t.columns[index].width = Cm(width)
    return t


def new_row(t: object, widths: list[float]) -> object:
    """An empty row that is never split across two pages."""
    r = t.add_row()  # type: ignore[attr-defined]
    row_property(r, "cantSplit")
    for cell, width in zip(r.cells, widths, strict=True):
        cell.width = Cm(width)
    return r


def row(t: object, texts: list[str], widths: list[float], bold: bool = False,
        fill: str | None = None, keep: bool = False) -> object:
    """A row of texts, never split across pages; ``keep`` keeps it with the next row."""
    r = new_row(t, widths)
    for index, text in enumerate(texts):
        cell = r.cells[index]  # type: ignore[attr-defined]
        cell_para(cell, text, bold=bold)
        if fill:
            shade(cell, fill)
    if keep:
        keep_with_next(r)
    return r


def merged_row(t: object, text: str, widths: list[float], bold: bool = False,
               fill: str | None = None, keep: bool = False) -> object:
    r = row(t, [text] + [""] * (len(widths) - 1), widths, bold, fill, keep)
    r.cells[0].merge(r.cells[-1])  # type: ignore[attr-defined]
    return r


SIGN_WIDTHS = [8.5, 8.5]
AMOUNT_WIDTHS = [3.0, 4.0, 10.0]
SERVICE_WIDTHS = [4.5, 7.0, 5.5]


def article(doc: object, number: str, title: str) -> None:
    para(doc, f"Article {number} – {title}", "Heading 2")


def text(doc: object, *paragraphs: str) -> None:
    for paragraph in paragraphs:
        para(doc, paragraph, align="justify")


def bullets(doc: object, *items: str) -> None:
    for item in items:
        para(doc, item, "List Bullet", align="justify")


def bullet_loop(doc: object, sequence: str, item: str = "{{ i }}") -> None:
    """One bullet paragraph repeated for each element ``i`` of ``sequence``."""
    para(doc, f"{{%p for i in {sequence} %}}")
    bullets(doc, item)
    para(doc, "{%p endfor %}")


def socle_and_cadre(doc: object) -> None:
    for part in ("socle", "cadre"):
        para(doc, f"{{{{ plan.{part}.titre }}}}", bold=True)
        bullet_loop(doc, f"plan.{part}.items")


def party(doc: object, var: str, role: str) -> None:
    para(doc, f"{{{{ {var}.nom }}}}", bold=True)
    para(doc, f"{{{{ {var}.forme|majuscule_initiale }}}}, SIRET {{{{ {var}.siret }}}}, dont le "
              f"siège est situé {{{{ {var}.adresse.complete }}}},", align="justify")
    para(doc, f"ayant pour {{{{ {var}.signataire|accord('représentant', 'représentante') }}}} "
              f"{{{{ {var}.signataire.civilite_longue }}}} "
              f"{{{{ {var}.signataire.nom_complet }}}}, {{{{ {var}.signataire.qualite }}}}"
              f"{{{{ {var}.habilitation }}}},", align="justify")
    para(doc, f"ci-après « {role} »,")



def header(doc: object, text: str) -> None:
    paragraph = doc.sections[0].header.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def letterhead(doc: object) -> None:
    para(doc, "{{ epci.nom|upper }}", bold=True, align="center")
    para(doc, "{{ epci.adresse.complete }}", align="center")




SIGN_HEIGHT = Cm(3)


def signatures(doc: object, left: tuple[str, str], right: tuple[str, str],
               titles: tuple[str, str] = ("", "")) -> None:
    """Two signature columns without borders: heading, signatory's title above about 3 cm of
    room to sign by hand, name. The block stays in one piece and on the page of the two
    paragraphs before it ("Fait à …, le …" and the end of the text: never a page of
    signatures alone)."""
    before = [p for p in doc.paragraphs  # type: ignore[attr-defined]
              if p.text.strip() and not p.text.startswith("{%")]  # tags are removed
    for previous in before[-2:]:
        previous.paragraph_format.keep_with_next = True
    t = table(doc, SIGN_WIDTHS)
    t.style = None  # type: ignore[attr-defined]  # default table style: no borders
    row(t, [left[0], right[0]], SIGN_WIDTHS, bold=True, keep=True)
    room = row(t, list(titles), SIGN_WIDTHS, keep=True)
    room.height = SIGN_HEIGHT  # type: ignore[attr-defined]
    room.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST  # type: ignore[attr-defined]
    row(t, [left[1], right[1]], SIGN_WIDTHS, bold=True)
    para(doc)  # room between the signatures and what follows


def parties_signatures(doc: object) -> None:
    """"Fait à …" and the signatures of the financeur and the gestionnaire."""
    para(doc, "Fait {{ financeur.ville|a }}, en deux exemplaires originaux, le "
              "{% if signe_le %}{{ signe_le|date }}{% else %}………………………………{% endif %}")
    signatures(doc, ("Pour le financeur,", "{{ financeur.signataire.nom_complet }}"),
               ("Pour le gestionnaire,", "{{ gestionnaire.signataire.nom_complet }}"),
               ("{{ financeur.signature }}", "{{ gestionnaire.signature }}"))

