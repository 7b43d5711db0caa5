"""Templates prepared once give the bytes of a fresh docxtpl render, document after document."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate

from ctgdocs import documents, docxzip, marking
from ctgdocs.check import checked_records
from ctgdocs.documents import Job
from ctgdocs.render import Templates, environment, render_bytes
from ctgdocs.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent


def zipfile_normalized(data: bytes) -> bytes:
    """The archive as zipfile writes it with fixed dates (the way ctgdocs 0.1 saved)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, docxzip.FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def fresh_render(template: Path, context: dict[str, Any]) -> bytes:
    """A render the plain way: docxtpl opens, patches, compiles and saves the template."""
    tpl = DocxTemplate(template)
    tpl.render(context, jinja_env=environment(), autoescape=True)
    body = tpl.docx.element.body
    found = marking.shade_marked_runs(body)
    for rel in tpl.docx.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            found |= marking.shade_marked_runs(rel.target_part.element)
    if found:
        body.insert(0, marking.notice_paragraph())
    buffer = io.BytesIO()
    tpl.save(buffer)
    return zipfile_normalized(buffer.getvalue())


@pytest.fixture(scope="module")
def reference_jobs() -> list[Job]:
    records = checked_records(Workspace(ROOT))
    return documents.all_jobs(records, dt.date(2026, 11, 28))


def test_archive_is_what_zipfile_writes(tmp_path: Path) -> None:
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>" * 500,
             "word/media/\u00e9t\u00e9.png": bytes(range(256)) * 40, "empty.xml": b""}
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    expected = zipfile_normalized(plain.getvalue())
    built = docxzip.archive(docxzip.compress(name, data) for name, data in parts.items())
    assert built == expected
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == parts


def test_every_default_template_archives_as_zipfile_does() -> None:
    for template in sorted((ROOT / "templates").glob("*.docx")):
        data = template.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [docxzip.compress(n, archive.read(n)) for n in archive.namelist()]
        assert docxzip.archive(members) == zipfile_normalized(data), template.name


def test_prepared_templates_give_the_bytes_of_a_fresh_render(
        reference_jobs: list[Job]) -> None:
    workspace = Workspace(ROOT)
    templates = Templates()
    kinds = {job.kind for job in reference_jobs}
    assert {"convention", "annexe2", "deliberation"} <= kinds
    # twice over, in reverse the second time: a prepared template keeps no state between
    # documents (limits' counters, drawing ids, shading, document properties)
    for job in [*reference_jobs, *reversed(reference_jobs)]:
        template = workspace.template(job.kind)
        assert templates.render(template, job.context, job.kind) == \
            fresh_render(template, job.context), job.name


def test_a_prepared_template_is_reused_and_gives_stable_bytes(
        reference_jobs: list[Job]) -> None:
    workspace = Workspace(ROOT)
    conventions = [job for job in reference_jobs if job.kind == "convention"]
    assert len(conventions) >= 2
    template = workspace.template("convention")
    templates = Templates()
    first = [templates.render(template, job.context, "convention") for job in conventions]
    again = [templates.render(template, job.context, "convention") for job in conventions]
    alone = [render_bytes(template.read_bytes(), job.context, "convention")
             for job in conventions]
    assert first == again == alone
    assert len(set(first)) == len(first)  # each convention its own document


def test_tables_are_fixed_as_docxtpl_fixes_them() -> None:
    """docxpost.fix_tables skips docxtpl's walk when no grid changes: on random tables —
    rows with more or fewer cells than the grid (what {%tc for %} loops leave), spans,
    nested tables, widths missing — the tree is docxtpl's, or the same error is raised."""
    import random

    from lxml import etree

    from ctgdocs import docxpost

    rng = random.Random(29112026)
    tpl = DocxTemplate(io.BytesIO())

    def cell(depth: int) -> str:
        span = rng.choice([None] * 12 + ["1", "2", "0", "x"])
        properties = "" if span is None else \
            f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'
        inner = table(depth + 1) if rng.random() < 0.05 else "<w:p/>"
        return f"<w:tc>{properties}{inner}<w:p/></w:tc>"

    def table(depth: int = 0) -> str:
        if depth > 1:
            return "<w:p/>"
        columns = rng.randint(1, 4)
        widths = [None if rng.random() < 0.05 else str(rng.randint(500, 3000))
                  for _ in range(columns)]
        grid = "".join("<w:gridCol/>" if w is None else f'<w:gridCol w:w="{w}"/>'
                       for w in widths)
        rows = "".join(
            f"<w:tr>{''.join(cell(depth) for _ in range(max(0, columns + rng.choice([0] * 12 + [-1, 1, 2]))))}</w:tr>"
            for _ in range(rng.randint(0, 3)))
        return f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"

    def outcome(fix: Any, xml: str) -> bytes | str:
        try:
            return bytes(etree.tostring(fix(xml)))
        except Exception as exc:  # the same failure is the expected result
            return type(exc).__name__

    changed = 0
    for _ in range(2000):
        xml = f'<w:body xmlns:w="{docxpost.W}"><w:p/>{table()}{table()}</w:body>'
        expected = outcome(tpl.fix_tables, xml)
        assert outcome(docxpost.fix_tables, xml) == expected
        changed += expected != etree.tostring(etree.fromstring(xml))
    assert 200 < changed < 1800  # grids were changed, and left alone
