"""The rendering engine: the only importer of docxtpl.

Never docxtpl's defaults: the Jinja environment is sandboxed and bounded (sandbox.py), a
missing variable raises, values are XML-escaped, ``None`` prints as nothing, and the saved
.docx is byte-identical for identical inputs (fixed zip timestamps). A template error names
the template, the tag and the paragraph around it. A template is checked before it is opened
(ordinary file, size, zip bomb); one that did not ship with ctgdocs is rendered in a worker
process under time and memory limits (isolation.py).
"""

from __future__ import annotations

import decimal
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

from . import docxcheck, isolation, marking
from .errors import CtgdocsError, TemplateError
from .infiles import check_archive, read_regular_file
from .limits import DEFAULT, Limites
from .sandbox import LimitExceeded, RefusedTag, Sandbox

FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _finalize(value: Any) -> Any:
    return "" if value is None else marking.delimit(value)


def environment(limits: Limites = DEFAULT) -> SandboxedEnvironment:
    return Sandbox(limits, undefined=jinja2.StrictUndefined, autoescape=True,
                   finalize=_finalize)


def render_docx(template: Path, context: dict[str, Any], name: str,
                limits: Limites = DEFAULT) -> bytes:
    """Render ``template`` with ``context``; return the .docx bytes. ``name`` is for messages."""
    data = read_template(template, name, limits)
    if isolation.is_shipped(data):
        return render_bytes(data, context, name, limits)
    return isolation.run_limited(render_bytes, (data, context, name, limits), name, limits)


def read_template(template: Path, name: str, limits: Limites = DEFAULT) -> bytes:
    """The template's bytes, once it is known to be an ordinary file that is no zip bomb."""
    data = read_regular_file(template, limits.modele_octets, label=name,
                             setting="modele_octets")
    check_archive(data, name, limits.modele_octets, limits.modele_taux)
    return data


def render_bytes(data: bytes, context: dict[str, Any], name: str,
                 limits: Limites = DEFAULT) -> bytes:
    """Render the template ``data`` in this process."""
    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
    except Exception:  # any failure to open means the file is not a usable .docx
        raise TemplateError(
            f"{name} : ce fichier n'est pas un document Word (.docx) lisible ; "
            "enregistrez-le au format .docx depuis Word ou LibreOffice"
        ) from None
    try:
        tpl.render(context, jinja_env=environment(limits), autoescape=True)
    except Exception as exc:  # whatever a template does wrong ends in a French message
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
    what = _in_french(exc)
    try:
        where, text = _paragraph(tpl, exc)
    except Exception:  # locating is a courtesy: never let it hide the message
        where, text = "document", ""
    around = f" ; texte concerné : « {text} »" if text else ""
    return f"{name} ({where}) : {what}{around}"


_RUNTIME = (  # Python errors a template can cause, in French
    (RecursionError, "appels imbriqués trop profonds (une macro ou une boucle récursive "
     "s'appelle-t-elle sans fin ?)"),
    (ZeroDivisionError, "division par zéro"),
    (decimal.DivisionByZero, "division par zéro"),
    (OverflowError, "nombre trop grand"),
    (decimal.Overflow, "nombre trop grand"),
    (MemoryError, "mémoire insuffisante"),
)


def _in_french(exc: Exception) -> str:
    if isinstance(exc, LimitExceeded | CtgdocsError):
        return str(exc)
    if isinstance(exc, RefusedTag):
        return str(exc.message)
    if isinstance(exc, jinja2.UndefinedError):
        return _undefined_in_french(str(exc.message or exc))
    if isinstance(exc, SecurityError):
        attribute = re.search(r"attribute '(\w+)'", str(exc))
        shown = f" « {attribute[1]} »" if attribute else ""
        return (f"accès interdit{shown} : un modèle ne lit que les données préparées par "
                "ctgdocs (ni fonctions internes, ni horloge, ni hasard, ni fichiers)")
    unknown = re.search(r"No (filter|test) named '(\w+)'", str(exc))
    if unknown:
        return (f"{'filtre' if unknown[1] == 'filter' else 'test'} inconnu « {unknown[2]} » "
                "(voir la liste des filtres dans le README)")
    tag = re.search(r"unknown tag '(\w+)'", str(exc))
    if tag:
        return f"balise inconnue « {tag[1]} »"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"balise mal formée ({exc.message})"
    for kind, french in _RUNTIME:
        if isinstance(exc, kind):
            return french
    if isinstance(exc, TypeError | ValueError | ArithmeticError | LookupError):
        return f"opération impossible sur ces valeurs ({exc})"
    return f"erreur dans le modèle ({type(exc).__name__} : {exc})"


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
