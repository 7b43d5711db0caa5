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

import contextlib
import copy
import io
import re
import zipfile
from dataclasses import dataclass, fields
from types import CodeType
from typing import TYPE_CHECKING, Any

import jinja2
from lxml import etree

from . import docxcheck, docxpost, docxzip, marking, rendererrors
from .errors import TemplateError
from .sandbox import Sandbox

if TYPE_CHECKING:  # docxtpl and python-docx load when a template is prepared, not when a
    from docxtpl import DocxTemplate  # prepared one is read from the cache and rendered

# docxtpl's render_properties: the core properties it renders as templates.
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
MAIN = "word/document.xml"
_PARAGRAPH = re.compile(r"<w:p([ >])")
_NOT_PLAIN = ("{", "\n", "\r")  # Jinja syntax, or newlines Jinja would normalise
# python-docx's parser, without its element classes: the same trees, serialised the same
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
FIRST_DRAWING_ID = 1000  # docxtpl numbers the drawings of each render after this


class _Source:
    """One templated text: its Jinja source, compiled once (or given compiled, from the
    cache). A source that does not compile keeps its error, raised when a render reaches it
    (where docxtpl would raise it)."""

    def __init__(self, env: Sandbox, text: str, where: str, code: CodeType | None = None):
        self.text = text
        self.where = where
        self.template: jinja2.Template | None = None
        self.error: Exception | None = None
        # Plain text (most document properties) renders as itself: nothing to compile.
        self.constant = text if not any(mark in text for mark in _NOT_PLAIN) else None
        if self.constant is not None:
            return
        try:
            self.template = env.from_string(text) if code is None else \
                env.template_class.from_code(env, code, env.make_globals(None), None)
        except Exception as exc:  # reported at render time, in French
            self.error = exc

    def render(self, context: dict[str, Any]) -> str:
        if self.constant is not None:
            return self.constant
        if self.template is None:
            assert self.error is not None
            raise self.error.with_traceback(None)
        return self.template.render(context)


@dataclass(frozen=True)
class Preparation:
    """What preparing a template computes, as plain values and compiled code, so that it
    can be kept between builds (templatecache.py) and turned back into a template cheaply."""

    body_index: int  # where the body goes in the document element
    shell: bytes  # the document element without its body
    body: str  # the pre-processed Jinja source of the body
    parts: tuple[tuple[str, str, str, str], ...]  # headers, footers: name, source, encoding,
    # and what to call it in messages
    properties: tuple[str, ...]  # the core properties docxtpl renders, as sources
    core_name: str
    core: bytes  # the core properties part
    filled: bytes  # the same holding the template's own properties, as a render sets them
    footnotes: tuple[tuple[str, bytes], ...]
    footnote_passes: int  # docxtpl renders footnotes once per section
    names: tuple[str, ...]  # the archive's members, in order
    members: tuple[tuple[str, int, int, bytes], ...]  # unchanged parts, compressed
    checked: tuple[tuple[str, bytes], ...]  # unchanged parts whose trees the checks read
    malformed: dict[str, str]  # unchanged parts that are not well-formed XML: the error
    code: dict[str, CodeType]  # the compiled sources (those that compile), by source

    def dump(self) -> tuple[Any, ...]:
        """The fields, as ``marshal`` writes them."""
        return tuple(getattr(self, f.name) for f in fields(self))

    @classmethod
    def load(cls, values: tuple[Any, ...]) -> Preparation:
        return cls(*values)


def preparation(data: bytes, name: str, env: Sandbox) -> Preparation:
    """Open, pre-process and compile the template ``data`` (the costly part)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.part import XmlPart

    tpl = _open(data, name)
    docx = tpl.docx
    root = docx.element
    body_index = root.index(root.body)
    shell = copy.deepcopy(root)
    shell.remove(shell[body_index])
    body = _numbered(tpl.patch_xml(tpl.get_xml()))
    parts = []
    for uri, where in ((RT.HEADER, "en-tête"), (RT.FOOTER, "pied de page")):
        for _, part in tpl.get_headers_footers(uri):
            xml = tpl.get_part_xml(part)
            parts.append((str(part.partname)[1:], _numbered(tpl.patch_xml(xml)),
                          tpl.get_headers_footers_encoding(xml), where))
    core_properties = docx.core_properties  # python-docx adds the part if it is missing
    package = docx.part.package
    core = next(p for p in package.iter_parts() if p.content_type == CT.OPC_CORE_PROPERTIES)
    core_name = str(core.partname)[1:]
    footnotes = tuple((str(part.partname)[1:], part.blob) for part in package.iter_parts()
                      if part.content_type == CT.WML_FOOTNOTES)
    dynamic = {MAIN, core_name, *(part[0] for part in parts), *(n for n, _ in footnotes)}
    skeleton = io.BytesIO()
    docx.save(skeleton)
    with zipfile.ZipFile(skeleton) as archive:
        names = tuple(archive.namelist())
        unchanged = {n: archive.read(n) for n in names if n not in dynamic}
    members = tuple((m.name, m.crc, m.size, m.deflated)
                    for m in (docxzip.compress(n, blob) for n, blob in unchanged.items()))
    # python-docx parsed its XML parts to load them: they are well formed; the parts it
    # keeps as bytes are parsed here once; only the trees the checks read are kept.
    loaded = {str(part.partname)[1:] for part in package.iter_parts()
              if isinstance(part, XmlPart)}
    xml = {n: blob for n, blob in unchanged.items() if n.endswith((".xml", ".rels"))}
    checked = tuple((n, blob) for n, blob in xml.items() if docxcheck.kept(n))
    malformed = docxcheck.parse({n: blob for n, blob in xml.items()
                                 if n not in loaded and not docxcheck.kept(n)},
                                keep=docxcheck.kept).errors
    properties = tuple(_numbered(getattr(core_properties, prop)) for prop in PROPERTIES)
    sources = [body, *(part[1] for part in parts), *properties]
    core_xml = _serialized(core.element)
    return Preparation(body_index, _serialized(shell), body, tuple(parts), properties,
                       core_name, core_xml, _filled(core_xml, properties), footnotes,
                       len(docx.sections), names, members, checked, malformed,
                       _compiled(env, sources))


def _numbered(text: str) -> str:
    """One paragraph a line, so that an error's line number points at its paragraph."""
    return _PARAGRAPH.sub(r"\n<w:p\1", text)


def _compiled(env: Sandbox, sources: list[str]) -> dict[str, CodeType]:
    code = {}
    for text in sources:
        if text not in code and any(mark in text for mark in _NOT_PLAIN):
            with contextlib.suppress(Exception):  # recompiled, and reported, at render time
                code[text] = env.compile(text)
    return code


class _Part:
    """A header or footer: its part name, its source and the encoding of its bytes."""

    def __init__(self, name: str, source: _Source, encoding: str):
        self.name = name
        self.source = source
        self.encoding = encoding


class PreparedTemplate:
    """A template ready to render documents; ``render(context)`` gives the .docx bytes."""

    def __init__(self, prepared: Preparation, name: str, env: Sandbox):
        self.name = name
        self._env = env
        self._code = prepared.code
        self._body_index = prepared.body_index
        self._shell = etree.fromstring(prepared.shell, _PARSER)
        self._body = self._source(prepared.body, "corps du document")
        self._current = self._body  # the source being rendered, for messages
        self._marked = False  # whether the render printed an illustrative value
        self._parts = [_Part(part, self._source(text, where), encoding)
                       for part, text, encoding, where in prepared.parts]
        self._core_name = prepared.core_name
        self._core_xml = prepared.core
        self._properties = [self._source(text, "propriétés du document")
                            for text in prepared.properties]
        self._core_cache = {prepared.properties: (
            docxzip.compress(self._core_name, prepared.filled), prepared.filled)}
        self._footnotes = list(prepared.footnotes)
        self._footnote_passes = prepared.footnote_passes
        self._names = list(prepared.names)
        self._members = {m[0]: docxzip.Member(*m) for m in prepared.members}
        self._parsed = docxcheck.parse(dict(prepared.checked)) | \
            docxcheck.Parsed(errors=dict(prepared.malformed))
        # content types and relationships are not rendered: checked once
        self._declared = docxcheck.declaration_problems(self._names, self._parsed)

    def _source(self, text: str, where: str) -> _Source:
        return _Source(self._env, text, where, self._code.get(text))

    # -- rendering

    def _finish(self, xml: str) -> str:
        self._marked = self._marked or marking.OPEN in xml
        return docxpost.finish(xml)

    def render(self, context: dict[str, Any]) -> bytes:
        """The .docx for ``context``: rendered, shaded, validated, archived."""
        self._env.reset()
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
        blobs = {name: _serialized(tree) for name, tree in trees.items()}
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
        body = docxpost.fix_tables(self._finish(self._body.render(context)))
        docxpost.fix_drawing_ids(body, FIRST_DRAWING_ID)
        root = copy.deepcopy(self._shell)
        root.insert(self._body_index, body)
        parts = {}
        for part in self._parts:
            self._current = part.source
            text = self._finish(part.source.render(context))
            parts[part.name] = etree.fromstring(text.encode(part.encoding), _PARSER)
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
            blob = _filled(self._core_xml, values)
            cached = self._core_cache[values] = (docxzip.compress(self._core_name, blob), blob)
        return cached

    def _render_footnotes(self, context: dict[str, Any]) -> dict[str, bytes]:
        """docxtpl renders each footnotes part once per section, each pass on the last."""
        rendered = {}
        for name, blob in self._footnotes:
            for _ in range(self._footnote_passes):
                text = _numbered(docxpost.docxtpl().patch_xml(blob.decode("utf-8")))
                source = self._source(text, "notes de bas de page")
                self._current = source
                blob = self._finish(source.render(context)).encode("utf-8")
            rendered[name] = blob
        return rendered

    def _validate(self, trees: dict[str, Any], blobs: dict[str, bytes]) -> None:
        """Word's rules (docxcheck.py) on the document: the unchanged parts were parsed once,
        the rendered trees are checked as they are (lxml serialises them well formed)."""
        parsed = self._parsed | docxcheck.Parsed(trees) | docxcheck.parse(blobs)
        docxcheck.refuse(docxcheck.package_problems(self._names, parsed, self._declared),
                         self.name)


def _serialized(tree: Any) -> bytes:
    """A part's bytes, as python-docx writes them (``serialize_part_xml``)."""
    return bytes(etree.tostring(tree, encoding="UTF-8", standalone=True))


def _filled(core: bytes, values: tuple[str, ...]) -> bytes:
    """The core properties part ``core`` holding ``values``, set as docxtpl sets them."""
    from docx.opc.coreprops import CoreProperties
    from docx.oxml.parser import parse_xml

    element = parse_xml(core)
    properties = CoreProperties(element)
    for prop, value in zip(PROPERTIES, values, strict=True):
        setattr(properties, prop, value)
    return _serialized(element)


def _open(data: bytes, name: str) -> DocxTemplate:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
    except Exception:  # any failure to open means the file is not a usable .docx
        raise TemplateError(
            f"{name} : ce fichier n'est pas un document Word (.docx) lisible ; "
            "enregistrez-le au format .docx depuis Word ou LibreOffice"
        ) from None
    return tpl
