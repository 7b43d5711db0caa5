"""The @ctes business envelope (actes:Acte), written in ISO-8859-1 as S²LOW and Pastell
write it.

Text is converted to Latin-1 first, never left to the XML writer (which would turn "–" or
"€" into numeric character references that some platforms print as such): characters
outside the encoding are transliterated to their usual equivalents ("–" → "-", "€" → "EUR",
"…" → "...", "œ" → "oe", "’" → "'"), letters with an accent Latin-1 lacks keep their base
letter, and anything else becomes "?"; the 499-character limit of the objet is checked on
the converted text.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .errors import CtgdocsError

ACTES_NS = "http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OBJET_MAX = 499

TRANSLITERATION = {
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2015": "-", "\u2010": "-",
    "\u2011": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2039": "<", "\u203a": ">",
    "\u2026": "...", "\u20ac": "EUR", "\u0153": "oe", "\u0152": "OE",
    "\u0141": "L", "\u0142": "l", "\u0110": "D", "\u0111": "d", "\u0131": "i",
    "\u2022": "-", "\u2122": "TM", "\u2030": "o/oo", "\u0178": "Y",
    "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ",
    "\u200b": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
}


def to_latin1(text: str) -> str:
    """``text`` with only ISO-8859-1 characters (see the module's docstring). Latin-1's own
    characters (é, «, », the no-break space…) are kept."""
    out = []
    for char in text:
        if ord(char) < 256 and char != "\u00ad":
            out.append(char)
        elif char in TRANSLITERATION:
            out.append(TRANSLITERATION[char])
        else:
            base = unicodedata.normalize("NFKD", char)
            kept = "".join(c for c in base if ord(c) < 256 and not unicodedata.combining(c))
            out.append(kept or "?")
    return "".join(out)


@dataclass(frozen=True)
class Acte:
    """What the envelope says about one act."""

    date: dt.date
    numero: str
    code_nature: int
    classification: str
    objet: str
    classification_version: dt.date | None
    document: str
    annexes: list[str]


def envelope(acte: Acte, name: str = "l'enveloppe @ctes") -> bytes:
    """The actes:Acte XML, ISO-8859-1."""
    objet = to_latin1(acte.objet)
    if len(objet) > OBJET_MAX:
        raise CtgdocsError(f"{name} : objet de {len(objet)} caractères une fois converti en "
                           f"ISO-8859-1, au-delà des {OBJET_MAX} admis par @ctes ; "
                           "raccourcissez-le.")
    ET.register_namespace("actes", ACTES_NS)
    ET.register_namespace("xsi", XSI_NS)
    q = f"{{{ACTES_NS}}}"
    root = ET.Element(f"{q}Acte", {
        f"{{{XSI_NS}}}schemaLocation": f"{ACTES_NS} actesv1_1.xsd",
        f"{q}Date": acte.date.isoformat(),
        f"{q}NumeroInterne": to_latin1(acte.numero),
        f"{q}CodeNatureActe": str(acte.code_nature),
    })
    for level, code in enumerate(acte.classification.split("."), 1):
        ET.SubElement(root, f"{q}CodeMatiere{level}", {f"{q}CodeMatiere": to_latin1(code)})
    ET.SubElement(root, f"{q}Objet").text = objet
    if acte.classification_version:
        ET.SubElement(root, f"{q}ClassificationDateVersion").text = \
            acte.classification_version.isoformat()
    ET.SubElement(ET.SubElement(root, f"{q}Document"), f"{q}NomFichier").text = \
        to_latin1(acte.document)
    block = ET.SubElement(root, f"{q}Annexes", {f"{q}Nombre": str(len(acte.annexes))})
    for annexe in acte.annexes:
        ET.SubElement(ET.SubElement(block, f"{q}Annexe"), f"{q}NomFichier").text = \
            to_latin1(annexe)
    ET.SubElement(root, f"{q}DocumentPapier").text = "N"
    ET.indent(root)
    xml: bytes = ET.tostring(root, encoding="ISO-8859-1", xml_declaration=True)
    return xml
