"""French messages for what goes wrong while a template is rendered.

Every failure (a Jinja syntax or runtime error, a limit, a refused access) becomes one French
sentence naming the template, the part of the document and the text of the paragraph.
"""

from __future__ import annotations

import decimal
import re
import traceback

import jinja2
from jinja2.exceptions import SecurityError

from .errors import CtgdocsError
from .sandbox import LimitExceeded, RefusedTag


def describe(exc: Exception, name: str, where: str, source: str) -> str:
    """French message: what went wrong, where (part of the document: ``where``) and the text
    around, found in ``source``, the Jinja source that part was rendered from."""
    what = _in_french(exc)
    try:
        text = _paragraph(source, exc)
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


def _paragraph(source: str, exc: Exception) -> str:
    """The plain text of the failing paragraph (each paragraph starts a line of ``source``)."""
    lines = source.splitlines()
    lineno = _template_line(exc)
    if lineno is None or not 0 < lineno <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1])
    return re.sub(r"\s+", " ", text).strip()[:200]


def _template_line(exc: Exception) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None
