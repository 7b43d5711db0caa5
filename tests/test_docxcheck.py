"""Every generated .docx follows the rules Word enforces; a broken one is refused, never written."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from ctgdocs.docxcheck import problems
from ctgdocs.errors import TemplateError
from ctgdocs.render import render_docx

from .conftest import REPO, Run


def test_every_generated_document_is_valid(generated: list[Path]) -> None:
    assert len(generated) >= 20 + 3  # reference workspace + second territory
    for path in generated:
        assert problems(path.read_bytes()) == [], path.name


def test_every_default_template_is_valid() -> None:
    for path in sorted((REPO / "templates").glob("*.docx")):
        assert problems(path.read_bytes()) == [], path.name


def test_plan_action_rows_with_empty_lists_keep_a_paragraph(generated: list[Path]) -> None:
    """The arbre à objectifs had 67 cells without paragraph where a row's list is empty."""
    plan = next(p for p in generated if p.name == "plan-action.docx")
    with zipfile.ZipFile(plan) as archive:
        xml = archive.read("word/document.xml").decode()
    assert xml.count("<w:tc>") > 200
    assert "<w:tc><w:tcPr>" in xml
    assert not re.search(r"<w:tc>(<w:tcPr>.*?</w:tcPr>)?</w:tc>", xml)


def cell_template(tmp_path: Path) -> Path:
    """A table whose second cell holds only a {%p for %} loop: the pattern that broke."""
    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].text = "Actions"
    cell = table.cell(0, 1)
    cell.paragraphs[0].text = "{%p for a in actions %}"
    cell.add_paragraph("{{ a }}")
    cell.add_paragraph("{%p endfor %}")
    path = tmp_path / "modele.docx"
    document.save(str(path))
    return path


def test_cell_without_paragraph_is_refused(tmp_path: Path) -> None:
    template = cell_template(tmp_path)
    assert render_docx(template, {"actions": ["Accueillir"]}, "modele.docx")
    with pytest.raises(TemplateError) as caught:
        render_docx(template, {"actions": []}, "modele.docx")
    assert str(caught.value) == (
        "modele.docx : le document produit n'est pas un document Word valide (Word refuserait "
        "de l'ouvrir) : word/document.xml : tableau 1, ligne 1, cellule 2 : la cellule ne "
        "contient aucun paragraphe. Corrigez le modèle : une cellule de tableau doit garder au "
        "moins un paragraphe, même quand sa boucle {%p for %} est vide.")


def test_invalid_document_is_an_error_naming_the_template(run: Run, workspace: Path,
                                                          tmp_path: Path) -> None:
    """The arbre à objectifs template as it was (a bare loop in a cell): nothing written."""
    document = Document(str(workspace / "templates/plan-action.docx"))
    cell = document.tables[0].rows[6].cells[3]
    for paragraph in cell.paragraphs[3:]:  # drop the "{%p if not … %}" empty paragraph
        paragraph._p.getparent().remove(paragraph._p)
    document.save(str(workspace / "templates/plan-action.docx"))
    out = tmp_path / "sortie"
    result = run("plan-action", "--no-pdf", "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Erreur : templates/plan-action.docx : le document produit n'est pas un document Word "
        "valide (Word refuserait de l'ouvrir) : word/document.xml : tableau 1, ligne 5, "
        "cellule 4 : la cellule ne contient aucun paragraphe ; ")
    assert not out.exists()
    check = run("templates", "check")
    assert check.exit_code == 1
    assert ("Arbre à objectifs : templates/plan-action.docx : le document produit n'est pas un "
            "document Word valide") in check.stdout


# One rule at a time, on a valid document edited by hand.

Edit = Callable[[dict[str, bytes]], None]


def edited(edit: Edit) -> bytes:
    document = Document()
    document.add_paragraph("Texte")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "a"
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    edit(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def replace(part: str, old: str, new: str, count: int = 1) -> Edit:
    def edit(parts: dict[str, bytes]) -> None:
        text = parts[part].decode()
        assert old in text, (part, old)
        parts[part] = text.replace(old, new, count).encode()
    return edit


def body(old: str, new: str, count: int = 1) -> Edit:
    return replace("word/document.xml", old, new, count)


BOOKMARK = '<w:bookmarkStart w:id="7" w:name="b"/><w:bookmarkEnd w:id="7"/>'
DRAWING = ('<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="3" name="d"/>'
           '</wp:inline></w:drawing></w:r>')


@pytest.mark.parametrize(("edit", "expected"), [
    (body("<w:p>", f"<w:p>{BOOKMARK}<w:r><w:t>x</w:t></w:r></w:p><w:p>{BOOKMARK}", 1),
     ["word/document.xml : identifiant de signet 7 déjà utilisé dans word/document.xml"]),
    (body("<w:p>", f"<w:p>{DRAWING}{DRAWING}"),
     ["word/document.xml : identifiant de dessin 3 déjà utilisé dans word/document.xml"]),
    (lambda parts: (body("<w:sectPr", "<w:p/><w:sectPr")(parts),
                    body("</w:sectPr>", "</w:sectPr><w:p/>")(parts)),
     ["word/document.xml : les propriétés de section (w:sectPr) ne sont pas le dernier élément "
      "du corps"]),
    (body("<w:tblGrid>", "<w:tblGrid><w:gridCol/>"),
     ["word/document.xml : tableau 1, ligne 1 : 2 colonne(s) occupée(s) pour 3 dans la grille"]),
    (lambda parts: parts.update({"word/document.xml": re.sub(
        rb"<w:tblGrid>.*?</w:tblGrid>", b"", parts["word/document.xml"])}),
     ["word/document.xml : tableau 1 : pas de grille de colonnes (w:tblGrid)"]),
    (lambda parts: parts.update({"word/document.xml": re.sub(
        rb"<w:tr[ >].*?</w:tr>", b"", parts["word/document.xml"], flags=re.S)}),
     ["word/document.xml : tableau 1 : aucune ligne"]),
    (body("<w:t>a</w:t></w:r></w:p></w:tc>",
          "<w:t>a</w:t></w:r></w:p><w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p/>"
          "</w:tc></w:tr></w:tbl></w:tc>"),
     ["word/document.xml : tableau 1, ligne 1, cellule 1 : la cellule ne se termine pas par "
      "un paragraphe"]),
    (body("<w:body>", "<w:body><w:p>"),
     ["word/document.xml : XML mal formé, ligne 2 (Opening and ending tag mismatch: p line 2 "
      "and body)"]),
    (lambda parts: parts.update({"word/extra.bin": b"x"}),
     ["word/extra.bin : aucun type de contenu dans [Content_Types].xml"]),
    (replace("word/_rels/document.xml.rels", 'Target="styles.xml"', 'Target="styles2.xml"'),
     ["word/_rels/document.xml.rels : la relation rId3 vise word/styles2.xml, partie absente"]),
])
def test_each_word_rule(edit: Edit, expected: list[str]) -> None:
    found = problems(edited(edit))
    assert found[:len(expected)] == expected


def test_valid_document_has_no_problem() -> None:
    assert problems(edited(lambda parts: None)) == []
    assert problems(b"pas un zip") == ["le fichier n'est pas une archive .docx"]


def test_the_quick_table_look_never_misses_a_problem_the_walk_finds() -> None:
    """_tables skips the walk (table_problems) when one XPath finds no suspect table: on
    random tables, odd spans, content controls and nested tables, whatever the walk reports
    the XPath has flagged."""
    import random

    from lxml import etree

    from ctgdocs import docxcheck

    rng = random.Random(20261129)
    spans = ["1", "2", "3", "0", "-1", "x", " 2", "", None]

    def prop(tag: str) -> str:
        value = rng.choice(spans)
        return f"<w:{tag}/>" if value is None else f'<w:{tag} w:val="{value}"/>'

    def cell(depth: int) -> str:
        properties = f"<w:tcPr>{prop('gridSpan')}</w:tcPr>" if rng.random() < 0.3 else ""
        blocks = rng.choice([["p"], ["p"], ["p", "p"], [], ["p", "tbl"], ["tbl"]])
        inner = "".join("<w:p/>" if b == "p" else table(depth + 1) for b in blocks)
        made = f"<w:tc>{properties}{inner}</w:tc>"
        return f"<w:sdt><w:sdtContent>{made}</w:sdtContent></w:sdt>" \
            if rng.random() < 0.05 else made

    def row(depth: int) -> str:
        properties = f"<w:trPr>{prop(rng.choice(['gridBefore', 'gridAfter']))}</w:trPr>" \
            if rng.random() < 0.2 else ""
        return f"<w:tr>{properties}{''.join(cell(depth) for _ in range(rng.randint(0, 3)))}</w:tr>"

    def table(depth: int = 0) -> str:
        if depth > 1:
            return "<w:p/>"
        if rng.random() < 0.5:  # a well-formed one
            columns = rng.randint(1, 3)
            return (f"<w:tbl><w:tblGrid>{'<w:gridCol/>' * columns}</w:tblGrid>"
                    + f"<w:tr>{'<w:tc><w:p/></w:tc>' * columns}</w:tr>" * rng.randint(1, 3)
                    + "</w:tbl>")
        grid = "" if rng.random() < 0.05 else \
            f"<w:tblGrid>{'<w:gridCol/>' * rng.randint(0, 3)}</w:tblGrid>"
        return f"<w:tbl>{grid}{''.join(row(depth) for _ in range(rng.randint(0, 3)))}</w:tbl>"

    reported = 0
    for _ in range(3000):
        root = etree.fromstring(f'<w:body xmlns:w="{docxcheck.W[1:-1]}">{table()}</w:body>')
        problems = docxcheck.table_problems("x", root)
        reported += bool(problems)
        assert docxcheck._tables("x", root) == problems
    assert 300 < reported < 2700  # both kinds of table were drawn
