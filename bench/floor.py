"""Render time per convention, in process, against the floor measured in the same run.

The floor is the least any renderer must do for a document: run Jinja (plain, compiled once)
on the template's pre-processed XML, and write the archive with the template's unchanged
parts already compressed. ctgdocs does that plus what it must not drop: the sandbox and its
limits, docxtpl's post-processing (tables, drawings ids, line breaks), the shading of
illustrative values and the validation of the document against Word's rules.
"""

from __future__ import annotations

import io
import re
import statistics
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from ctgdocs import docxzip, fr
from ctgdocs.render import Templates


class Floor:
    """The floor renderer of one template: body and footers rendered, the rest cached."""

    def __init__(self, template: Path):
        tpl = DocxTemplate(template)
        tpl.init_docx()
        env = jinja2.Environment(autoescape=True, finalize=lambda v: "" if v is None else v)
        env.filters.update(fr.FILTERS)  # the templates' French filters
        body = tpl.patch_xml(tpl.get_xml())
        self.body = env.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", body))
        with zipfile.ZipFile(template) as archive:
            self.names = archive.namelist()
            document = archive.read("word/document.xml").decode("utf-8")
            footers = {n: archive.read(n).decode("utf-8") for n in self.names
                       if n.startswith(("word/header", "word/footer"))}
            self.cached = {n: docxzip.compress(n, archive.read(n)) for n in self.names
                           if n != "word/document.xml" and n not in footers}
        start = document.index("<w:body")
        end = document.rindex("</w:body>") + len("</w:body>")
        self.prefix, self.suffix = document[:start], document[end:]
        self.parts = {n: env.from_string(tpl.patch_xml(text)) for n, text in footers.items()}

    def render(self, context: dict[str, Any]) -> bytes:
        body = self.body.render(context)
        blobs = {"word/document.xml": (self.prefix + body + self.suffix).encode("utf-8")}
        for name, template in self.parts.items():
            blobs[name] = template.render(context).encode("utf-8")
        return docxzip.archive(self.cached.get(n) or docxzip.compress(n, blobs[n])
                               for n in self.names)


def _per_document(render: Callable[[dict[str, Any]], bytes],
                  contexts: list[dict[str, Any]]) -> float:
    started = time.perf_counter()
    for context in contexts:
        render(context)
    return (time.perf_counter() - started) / len(contexts) * 1000


def render_and_floor(template: Path, contexts: list[dict[str, Any]],
                     runs: int) -> tuple[float, float]:
    """Median ms per document of ctgdocs's renderer and of the floor, runs interleaved."""
    templates = Templates()
    floor = Floor(template)

    def ours(context: dict[str, Any]) -> bytes:
        return templates.render(template, context, template.name)

    ours(contexts[0])  # prepared once per build: preparation is not a per-document cost
    floor.render(contexts[0])
    timings: dict[str, list[float]] = {"ours": [], "floor": []}
    for _ in range(max(1, runs)):
        timings["floor"].append(_per_document(floor.render, contexts))
        timings["ours"].append(_per_document(ours, contexts))
    return statistics.median(timings["ours"]), statistics.median(timings["floor"])


def docx_is_valid(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.testzip() is None
