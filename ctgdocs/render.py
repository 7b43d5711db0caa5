"""The rendering engine: the only importer of docxtpl.

Never docxtpl's defaults: the Jinja environment is sandboxed, a missing variable raises,
values are XML-escaped, ``None`` prints as nothing, and the saved .docx is byte-identical for
identical inputs (fixed zip timestamps). A template error names the template, the tag and the
paragraph around it.
"""

from __future__ import annotations

import io
import re
import traceback
import zipfile
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from . import docxcheck, fr, marking
from .errors import TemplateError

FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _finalize(value: Any) -> Any:
    return "" if value is None else marking.delimit(value)


def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined, autoescape=True, finalize=_finalize
    )
    env.filters.update(fr.FILTERS)
    # A filter applied to an illustrative value gives an illustrative result.
    env.filters = {name: marking.carry(f) for name, f in env.filters.items()}
    return env


def render_docx(template: Path, context: dict[str, Any], name: str) -> bytes:
    """Render ``template`` with ``context``; return the .docx bytes. ``name`` is for messages."""
    tpl = DocxTemplate(str(template))
    try:
        tpl.init_docx()
    except Exception:  # any failure to open means the file is not a usable .docx
        raise TemplateError(
            f"{name} : ce fichier n'est pas un document Word (.docx) lisible ; "
            "enregistrez-le au format .docx depuis Word ou LibreOffice"
        ) from None
    try:
        tpl.render(context, jinja_env=environment(), autoescape=True)
    except (jinja2.TemplateError, SecurityError) as exc:
        raise TemplateError(_describe(tpl, exc, name)) from None
    _shade_illustrative(tpl)
    buffer = io.BytesIO()
    tpl.save(buffer)
    data = normalize_zip(buffer.getvalue())
    docxcheck.check(data, name)  # Word's own rules: an invalid document is an error, not a file
    return data


def _shade_illustrative(tpl: DocxTemplate) -> None:
    """Highlight the illustrative values printed (body, headers, footers) and, when there
    are any, put the notice that says so at the top of the document."""
    body = tpl.docx.element.body
    found = marking.shade_marked_runs(body)
    for rel in tpl.docx.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            found |= marking.shade_marked_runs(rel.target_part.element)
    if found:
        body.insert(0, marking.notice_paragraph())


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def _describe(tpl: DocxTemplate, exc: Exception, name: str) -> str:
    """French message: what went wrong, where (part of the document) and the text around."""
    if isinstance(exc, jinja2.UndefinedError):
        what = _undefined_in_french(str(exc.message or exc))
    elif isinstance(exc, SecurityError):
        what = "accès interdit dans un modèle"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        what = f"balise mal formée ({exc.message})"
    else:
        what = str(exc)
    where, text = _paragraph(tpl, exc)
    around = f" ; texte concerné : « {text} »" if text else ""
    return f"{name} ({where}) : {what}{around}"


def _undefined_in_french(message: str) -> str:
    missing = re.match(r"'(\w+)' is undefined", message)
    if missing:
        return f"variable inconnue « {missing[1]} »"
    attribute = re.search(r"has no attribute '(\w+)'", message)
    if attribute:
        return f"champ inconnu « {attribute[1]} »"
    return f"valeur absente ({message})"


def _paragraph(tpl: DocxTemplate, exc: Exception) -> tuple[str, str]:
    """Which part of the document failed, and the plain text of the failing paragraph."""
    part = getattr(tpl, "current_rendering_part", None)
    main = part is None or part is tpl.docx.part
    partname = "" if part is None else str(part.partname)
    where = ("en-tête" if "header" in partname else
             "pied de page" if "footer" in partname else "corps du document")
    xml = tpl.patch_xml(tpl.get_xml() if main else tpl.get_part_xml(part))
    lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).splitlines()
    lineno = _template_line(exc)
    if lineno is None or not 0 < lineno <= len(lines):
        return where, ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1])
    text = re.sub(r"\s+", " ", text).strip()
    return where, text[:200]


def _template_line(exc: Exception) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None
