"""A Word template prepared once and rendered for every document of its kind.

docxtpl reopens the template, re-runs its ``patch_xml`` regexes and recompiles the Jinja
source of every part for each document, and compresses each unchanged part twice. Here the
template is opened, pre-processed (docxtpl's own ``patch_xml``) and compiled once; a render
runs the compiled code, applies docxtpl's post-processing (``resolve_listing``,
``fix_tables``, ``fix_docpr_ids``), shades the illustrative values (marking.py), and lays out
the archive with the template's unchanged parts (styles, fonts, theme, media) as they were
compressed at preparation. The bytes are those docxtpl's render and python-docx's save
give once normalised (``tests/test_prepared.py`` compares them).

The parts docxtpl renders are rendered in its order (body, headers, footers, document
properties, footnotes), so an error is the one a fresh render would report. The document is
validated (docxcheck.py) with the unchanged parts parsed once.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from typing import Any

import jinja2
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate

from . import docxcheck, docxzip, marking, rendererrors
from .errors import TemplateError
from .sandbox import Sandbox

# docxtpl's render_properties: the core properties it renders as templates.
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
MAIN = "word/document.xml"
_PARAGRAPH = re.compile(r"<w:p([ >])")
_SPLIT_PARAGRAPH = re.compile(r"\n<w:p([ >])")
_LISTING = ("\t", "\a", "\n", "\f")  # what docxtpl's resolve_listing turns into Word XML
_ESCAPES = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))


class _Source:
    """One templated text: its Jinja source, compiled once. A source that does not compile
    keeps its error, raised when a render reaches it (where docxtpl would raise it)."""

    def __init__(self, env: Sandbox, text: str, where: str):
        self.text = text
        self.where = where
        self.template: jinja2.Template | None = None
        self.error: Exception | None = None
        try:
            self.template = env.from_string(text)
        except Exception as exc:  # reported at render time, in French
            self.error = exc

    def render(self, context: dict[str, Any]) -> str:
        if self.template is None:
            assert self.error is not None
            raise self.error.with_traceback(None)
        return self.template.render(context)


class _Part:
    """A header or footer: its part name, its source and the encoding of its bytes."""

    def __init__(self, name: str, source: _Source, encoding: str):
        self.name = name
        self.source = source
        self.encoding = encoding


class PreparedTemplate:
    """A template ready to render documents; ``render(context)`` gives the .docx bytes."""

    def __init__(self, data: bytes, name: str, env: Sandbox):
        self.name = name
        self._env = env
        self._tpl = tpl = _open(data, name)
        docx = tpl.docx
        root = docx.element
        self._body_index = root.index(root.body)
        self._shell = copy.deepcopy(root)
        self._shell.remove(self._shell[self._body_index])
        self._body = self._source(tpl.patch_xml(tpl.get_xml()), "corps du document")
        self._current = self._body  # the source being rendered, for messages
        self._marked = False  # whether the render printed an illustrative value
        self._parts = [self._header_footer(part, where)
                       for uri, where in ((RT.HEADER, "en-tête"), (RT.FOOTER, "pied de page"))
                       for _, part in tpl.get_headers_footers(uri)]
        properties = docx.core_properties  # python-docx adds the part if it is missing
        package = docx.part.package
        core = next(p for p in package.iter_parts() if p.content_type == CT.OPC_CORE_PROPERTIES)
        self._core_name = str(core.partname)[1:]
        self._core_element = core.element
        self._properties = [self._source(getattr(properties, prop), "propriétés du document")
                            for prop in PROPERTIES]
        self._core_cache: dict[tuple[str, ...], tuple[docxzip.Member, bytes]] = {}
        self._footnotes = [(str(part.partname)[1:], part.blob) for part in package.iter_parts()
                           if part.content_type == CT.WML_FOOTNOTES]
        self._footnote_passes = len(docx.sections)
        dynamic = {MAIN, self._core_name, *(p.name for p in self._parts),
                   *(name for name, _ in self._footnotes)}
        skeleton = io.BytesIO()
        docx.save(skeleton)
        with zipfile.ZipFile(skeleton) as archive:
            self._names = archive.namelist()
            unchanged = {n: archive.read(n) for n in self._names if n not in dynamic}
        self._members = {n: docxzip.compress(n, blob) for n, blob in unchanged.items()}
        self._parsed = docxcheck.parse({n: blob for n, blob in unchanged.items()
                                        if n.endswith((".xml", ".rels"))}, keep=docxcheck.kept)

    def _source(self, text: str, where: str) -> _Source:
        return _Source(self._env, _PARAGRAPH.sub(r"\n<w:p\1", text), where)

    def _header_footer(self, part: Any, where: str) -> _Part:
        xml = self._tpl.get_part_xml(part)
        encoding = self._tpl.get_headers_footers_encoding(xml)
        return _Part(str(part.partname)[1:], self._source(self._tpl.patch_xml(xml), where),
                     encoding)

    # -- rendering

    def _finish(self, xml: str) -> str:
        self._marked = self._marked or marking.OPEN in xml
        return _finish(self._tpl, xml)

    def render(self, context: dict[str, Any]) -> bytes:
        """The .docx for ``context``: rendered, shaded, validated, archived."""
        self._env.reset()
        self._tpl.docx_ids_index = 1000  # docxtpl numbers drawings from here in each render
        try:
            root, body, parts, core, footnotes = self._render_parts(context)
        except Exception as exc:  # whatever a template does wrong ends in a French message
            where = self._current
            raise TemplateError(rendererrors.describe(exc, self.name, where.where,
                                                      where.text)) from None
        if self._marked:  # illustrative values were printed: shade them
            found = marking.shade_marked_runs(body)
            for element in parts.values():
                found |= marking.shade_marked_runs(element)
            if found:
                body.insert(0, marking.notice_paragraph())
        trees = {MAIN: root, **parts}
        blobs = {name: serialize_part_xml(tree) for name, tree in trees.items()}
        self._validate(trees, {self._core_name: core[1], **footnotes})
        members = {self._core_name: core[0], **self._members}
        blobs.update(footnotes)
        return docxzip.archive(members.get(name) or docxzip.compress(name, blobs[name])
                               for name in self._names)

    def _render_parts(self, context: dict[str, Any]) -> tuple[
            Any, Any, dict[str, Any], tuple[docxzip.Member, bytes], dict[str, bytes]]:
        """docxtpl's render, in its order; ``self._current`` says which source is running."""
        self._current = self._body
        self._marked = False
        body = self._tpl.fix_tables(self._finish(self._body.render(context)))
        self._tpl.fix_docpr_ids(body)
        root = copy.deepcopy(self._shell)
        root.insert(self._body_index, body)
        parts = {}
        for part in self._parts:
            self._current = part.source
            text = self._finish(part.source.render(context))
            parts[part.name] = parse_xml(text.encode(part.encoding))
        values = []
        for source in self._properties:
            self._current = source
            values.append(source.render(context))
        core = self._core(tuple(values))
        return root, body, parts, core, self._render_footnotes(context)

    def _core(self, values: tuple[str, ...]) -> tuple[docxzip.Member, bytes]:
        """The core properties part holding ``values``, compressed and plain (cached: they
        rarely vary from one document to the next)."""
        cached = self._core_cache.get(values)
        if cached is None:
            element = copy.deepcopy(self._core_element)
            properties = CoreProperties(element)
            for prop, value in zip(PROPERTIES, values, strict=True):
                setattr(properties, prop, value)
            blob = serialize_part_xml(element)
            cached = self._core_cache[values] = (docxzip.compress(self._core_name, blob), blob)
        return cached

    def _render_footnotes(self, context: dict[str, Any]) -> dict[str, bytes]:
        """docxtpl renders each footnotes part once per section, each pass on the last."""
        rendered = {}
        for name, blob in self._footnotes:
            for _ in range(self._footnote_passes):
                text = self._tpl.patch_xml(blob.decode("utf-8"))
                source = self._source(text, "notes de bas de page")
                self._current = source
                blob = self._finish(source.render(context)).encode("utf-8")
            rendered[name] = blob
        return rendered

    def _validate(self, trees: dict[str, Any], blobs: dict[str, bytes]) -> None:
        """Word's rules (docxcheck.py) on the document: the unchanged parts were parsed once,
        the rendered trees are checked as they are (lxml serialises them well formed)."""
        parsed = self._parsed | docxcheck.Parsed(trees) | docxcheck.parse(blobs)
        docxcheck.refuse(docxcheck.package_problems(self._names, parsed), self.name)


def _open(data: bytes, name: str) -> DocxTemplate:
    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
    except Exception:  # any failure to open means the file is not a usable .docx
        raise TemplateError(
            f"{name} : ce fichier n'est pas un document Word (.docx) lisible ; "
            "enregistrez-le au format .docx depuis Word ou LibreOffice"
        ) from None
    return tpl


def _finish(tpl: DocxTemplate, xml: str) -> str:
    """docxtpl's post-processing of a rendered part (render_xml_part)."""
    xml = _SPLIT_PARAGRAPH.sub(r"<w:p\1", xml)
    for escaped, plain in _ESCAPES:
        xml = xml.replace(escaped, plain)
    if not any(char in xml for char in _LISTING):
        return xml  # resolve_listing only rewrites these characters: nothing to do
    return str(tpl.resolve_listing(xml))
