"""The rendering engine: the only importer of docxtpl (through prepared.py).

Never docxtpl's defaults: the Jinja environment is sandboxed and bounded (sandbox.py), a
missing variable raises, values are XML-escaped, ``None`` prints as nothing, and the saved
.docx is byte-identical for identical inputs (fixed zip timestamps). A template error names
the template, the tag and the paragraph around it. A template is checked before it is opened
(ordinary file, size, zip bomb); one that did not ship with ctgdocs is rendered in a worker
process under time and memory limits (isolation.py).

A template is prepared once (opened, pre-processed, compiled: prepared.py) and reused for
every document of its kind: :class:`Templates` holds the prepared templates of one build.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from . import docxzip, isolation, marking
from .docxzip import FIXED_ZIP_DATE
from .errors import CtgdocsError
from .infiles import check_archive, read_regular_file
from .limits import DEFAULT, Limites
from .sandbox import Sandbox

if TYPE_CHECKING:  # docxtpl and python-docx load when a template is first prepared
    from .prepared import PreparedTemplate

__all__ = ["FIXED_ZIP_DATE", "Templates", "environment", "normalize_zip", "read_template",
           "render_bytes", "render_docx"]


def _finalize(value: Any) -> Any:
    return "" if value is None else marking.delimit(value)


def environment(limits: Limites = DEFAULT) -> SandboxedEnvironment:
    return Sandbox(limits, undefined=jinja2.StrictUndefined, autoescape=True,
                   finalize=_finalize)


def prepare(data: bytes, name: str, limits: Limites = DEFAULT,
            kept: bool = False) -> PreparedTemplate:
    """The template ``data`` opened, pre-processed and compiled, ready for many renders;
    ``kept``: taken from, or else kept in, the user's cache (templatecache.py)."""
    from . import templatecache
    from .prepared import PreparedTemplate, preparation

    env = environment(limits)
    assert isinstance(env, Sandbox)
    if not kept:
        return PreparedTemplate(preparation(data, name, env), name, env)
    key = templatecache.key(data, limits)
    made = templatecache.load(key)
    if made is None:
        made = preparation(data, name, env)
        templatecache.save(key, made)
    return PreparedTemplate(made, name, env)


class Templates:
    """The templates of one build, each read, checked and prepared once, then reused for every
    document of its kind. A template that did not ship with ctgdocs is still rendered in a
    limited worker process for each document (isolation.py)."""

    def __init__(self, limits: Limites = DEFAULT):
        self.limits = limits
        self._read: dict[Path, tuple[bytes, bool, str]] = {}  # bytes, shipped, digest
        self._prepared: dict[tuple[str, str], PreparedTemplate] = {}

    def _template(self, template: Path, name: str) -> tuple[bytes, bool, str]:
        """The template's bytes (read and checked once), whether it shipped with ctgdocs, and
        its digest."""
        if template not in self._read:
            data = read_template(template, name, self.limits)
            self._read[template] = (data, isolation.is_shipped(data),
                                    hashlib.sha256(data).hexdigest())
        return self._read[template]

    def in_process(self, template: Path, name: str) -> bool:
        """Whether ``template`` renders in this process (it shipped with ctgdocs); False too
        when it cannot be read (rendering will say why, in its turn)."""
        try:
            return self._template(template, name)[1]
        except CtgdocsError:
            return False

    def prepared(self, template: Path, name: str) -> PreparedTemplate:
        """The shipped ``template`` prepared (once)."""
        data, _, digest = self._template(template, name)
        key = (digest, name)
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = self._prepared[key] = prepare(data, name, self.limits, kept=True)
        return prepared

    def render(self, template: Path, context: dict[str, Any], name: str) -> bytes:
        """Render ``template`` with ``context``; the .docx bytes. ``name`` is for messages."""
        data, shipped, _ = self._template(template, name)
        if not shipped:
            return isolation.run_limited(render_bytes, (data, context, name, self.limits),
                                         name, self.limits)
        return self.prepared(template, name).render(context)


def render_docx(template: Path, context: dict[str, Any], name: str,
                limits: Limites = DEFAULT) -> bytes:
    """Render ``template`` with ``context``; return the .docx bytes. ``name`` is for messages."""
    return Templates(limits).render(template, context, name)


def read_template(template: Path, name: str, limits: Limites = DEFAULT) -> bytes:
    """The template's bytes, once it is known to be an ordinary file that is no zip bomb."""
    data = read_regular_file(template, limits.modele_octets, label=name,
                             setting="modele_octets")
    check_archive(data, name, limits.modele_octets, limits.modele_taux)
    return data


def render_bytes(data: bytes, context: dict[str, Any], name: str,
                 limits: Limites = DEFAULT) -> bytes:
    """Render the template ``data`` in this process, preparing it for this one document."""
    return prepare(data, name, limits).render(context)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes so equal content gives equal bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return docxzip.archive(docxzip.compress(item.filename, source.read(item.filename))
                               for item in source.infolist())
