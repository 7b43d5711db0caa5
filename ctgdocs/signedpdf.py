"""Inspecting a PDF before it enters the register or a pack: a regular file of bounded size,
a readable and unencrypted PDF within page and object limits, and which electronic
signatures it carries — each one checked with pyHanko (the signed byte range matches its
digest and the signature matches its certificate). The file itself is never rewritten.

No trust roots are available offline: a certificate chain that cannot be verified is
reported, not refused. A signature field whose value is not a valid signature is recorded
as such, never counted as an electronic signature.
"""

from __future__ import annotations

import io
import logging
import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject

from .errors import CtgdocsError

UNTRUSTED_CHAIN = ("non vérifiée : aucune autorité de confiance n'est disponible hors ligne "
                   "(à contrôler avec l'outil de la plateforme de signature)")
INVALID_FIELD = "champ de signature sans signature valide"

for _name in ("pyhanko", "pyhanko_certvalidator"):
    # pyHanko logs each failed check with a traceback; ctgdocs reports them itself.
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


@dataclass(frozen=True)
class Limits:
    """Bounds on what inspecting a PDF may cost; each can be raised by its variable."""

    max_mib: float
    max_pages: int
    max_objects: int

    @staticmethod
    def from_environment() -> Limits:
        return Limits(_env_number("CTGDOCS_PDF_MAX_MO", 100.0),
                      int(_env_number("CTGDOCS_PDF_MAX_PAGES", 2000)),
                      int(_env_number("CTGDOCS_PDF_MAX_OBJETS", 200_000)))


def _env_number(variable: str, default: float) -> float:
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = -1
    if value <= 0:
        raise CtgdocsError(f"La variable {variable} vaut « {text} » : indiquez un nombre "
                           "positif.")
    return value


@dataclass(frozen=True)
class Signature:
    """A valid electronic signature: its digest matches the bytes it signs."""

    champ: str
    signataire: str
    date: str
    format: str  # /SubFilter, e.g. adbe.pkcs7.detached
    couvre_tout_le_fichier: bool
    emetteur: str = ""
    integrite: str = "vérifiée"
    chaine_de_certificats: str = UNTRUSTED_CHAIN

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class InvalidField:
    """A signature field whose value is not a valid signature."""

    champ: str
    signataire_declare: str
    motif: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    taille: int
    signatures: list[Signature]
    champs_invalides: list[InvalidField]


def read_pdf(path: Path, name: str | None = None, limits: Limits | None = None) -> bytes:
    """The bytes of ``path``: a regular file (not a device, FIFO or folder) within the size
    limit, read without ever holding more than the limit in memory."""
    name = name or str(path)
    limits = limits or Limits.from_environment()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise CtgdocsError(f"{name} n'est pas un fichier ordinaire (périphérique, tube ou "
                               "dossier) : rien n'est lu.")
        _check_size(info.st_size, name, limits)
        with path.open("rb") as handle:
            data = handle.read(int(limits.max_mib * 1024 * 1024) + 1)
    except OSError as exc:
        raise CtgdocsError(f"Impossible de lire {name} : {exc.strerror}") from None
    _check_size(len(data), name, limits)
    return data


def _check_size(size: int, name: str, limits: Limits) -> None:
    if size > limits.max_mib * 1024 * 1024:
        raise CtgdocsError(
            f"{name} pèse {size / 1024 / 1024:.1f} Mo, au-delà de la limite de "
            f"{limits.max_mib:g} Mo pour un PDF ; pour la relever, définissez la variable "
            "d'environnement CTGDOCS_PDF_MAX_MO (par exemple CTGDOCS_PDF_MAX_MO=300).")


def _not_pdf(data: bytes, name: str) -> CtgdocsError:
    if not data:
        what = " : le fichier est vide"
    elif data[:2] == b"PK":
        what = " (c'est un document Word : enregistrez-le en PDF)"
    elif data[:4] == b"\x89PNG" or data[:3] == b"\xff\xd8\xff":
        what = " (c'est une image : enregistrez-la en PDF)"
    else:
        what = " : il ne commence pas par l'en-tête %PDF-"
    return CtgdocsError(f"{name} n'est pas un fichier PDF{what}.")


def inspect(data: bytes, name: str, limits: Limits | None = None) -> PdfInfo:
    """Check that ``data`` is a readable, unencrypted PDF within the limits; check its
    signatures."""
    limits = limits or Limits.from_environment()
    _check_size(len(data), name, limits)
    if not data.startswith(b"%PDF-"):
        raise _not_pdf(data, name)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise CtgdocsError(f"{name} est chiffré ou protégé par mot de passe : enregistrez "
                               "une copie sans protection.")
        objects = sum(len(table) for table in reader.xref.values()) + len(reader.xref_objStm)
        if objects > limits.max_objects:
            raise CtgdocsError(
                f"{name} contient {objects} objets PDF, au-delà de la limite de "
                f"{limits.max_objects} ; pour la relever, définissez la variable "
                "d'environnement CTGDOCS_PDF_MAX_OBJETS.")
        pages = len(reader.pages)
        if pages > limits.max_pages:
            raise CtgdocsError(
                f"{name} compte {pages} pages, au-delà de la limite de {limits.max_pages} ; "
                "pour la relever, définissez la variable d'environnement "
                "CTGDOCS_PDF_MAX_PAGES.")
        has_fields = _has_form_fields(reader)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CtgdocsError(f"{name} est un PDF illisible ou abîmé ({_reason(exc)}).") from None
    except RecursionError:
        raise CtgdocsError(f"{name} est un PDF abîmé : structure trop profonde ou "
                           "circulaire.") from None
    signatures, invalid = _signatures(data, name) if has_fields else ([], [])
    return PdfInfo(pages, len(data), signatures, invalid)


def _has_form_fields(reader: PdfReader) -> bool:
    root = reader.trailer["/Root"].get_object()
    form = root.get("/AcroForm") if isinstance(root, DictionaryObject) else None
    form = form.get_object() if form is not None else None
    fields = form.get("/Fields") if isinstance(form, DictionaryObject) else None
    fields = fields.get_object() if fields is not None else None
    return isinstance(fields, ArrayObject) and len(fields) > 0


def _signatures(data: bytes, name: str) -> tuple[list[Signature], list[InvalidField]]:
    """Every filled signature field, checked: the valid signatures and the other fields."""
    from pyhanko.pdf_utils.misc import PdfReadError as HankoReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        fields = list(enumerate_sig_fields(reader, filled_status=True))
    except HankoReadError as exc:
        if "ircular" in str(exc):
            raise CtgdocsError(f"{name} est un PDF abîmé : un champ de formulaire se contient "
                               "lui-même (structure circulaire).") from None
        raise CtgdocsError(f"{name} : champs de signature illisibles ({exc}).") from None
    except RecursionError:
        raise CtgdocsError(f"{name} est un PDF abîmé : champs de formulaire imbriqués trop "
                           "profondément.") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CtgdocsError(f"{name} : champs de signature illisibles "
                           f"({_reason(exc)}).") from None
    valid: list[Signature] = []
    invalid: list[InvalidField] = []
    for fq_name, value_ref, field_ref in fields:
        checked = _check(reader, str(fq_name), value_ref, field_ref, len(data))
        if isinstance(checked, Signature):
            valid.append(checked)
        else:
            invalid.append(checked)
    return valid, invalid


def _check(reader: Any, champ: str, value_ref: Any, field_ref: Any,
           size: int) -> Signature | InvalidField:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko_certvalidator import ValidationContext

    value = value_ref.get_object()
    declared = str(value.get("/Name", "")) if hasattr(value, "get") else ""
    try:
        embedded = EmbeddedPdfSignature(reader, field_ref, champ)
        status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[]),
                                        skip_diff=True)
    except Exception:  # any failure to validate means "not a valid signature"
        return InvalidField(champ, declared, "aucune signature cryptographique lisible "
                            "(contenu PKCS#7/CMS absent, malformé ou d'un type non pris en "
                            "charge)")
    if not status.intact:
        return InvalidField(champ, declared, "les octets signés ne correspondent pas à "
                            "l'empreinte de la signature (document modifié après signature)")
    if not status.valid:
        return InvalidField(champ, declared, "la signature ne correspond pas au certificat "
                            "qu'elle présente")
    byte_range = [int(x) for x in value.get("/ByteRange", [])]
    subject = status.signing_cert.subject.native
    issuer = status.signing_cert.issuer.native
    return Signature(
        champ=champ,
        signataire=str(subject.get("common_name") or declared),
        date=str(value.get("/M", "")),
        format=str(value.get("/SubFilter", "")).lstrip("/"),
        couvre_tout_le_fichier=len(byte_range) == 4 and byte_range[2] + byte_range[3] == size,
        emetteur=str(issuer.get("common_name") or status.signing_cert.issuer.human_friendly),
        chaine_de_certificats="vérifiée" if status.trusted else UNTRUSTED_CHAIN,
    )


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "…"


def describe(signatures: list[dict[str, Any]], invalid: list[dict[str, Any]]) -> str:
    """One French phrase for what a signed PDF carries, from a register entry's lists."""
    count = len(signatures)
    if count:
        parts = [f"{count} signature{'s' if count > 1 else ''} électronique"
                 f"{'s' if count > 1 else ''} intègre{'s' if count > 1 else ''} ("
                 + ", ".join(s["signataire"] for s in signatures) + ")"]
        if any(s.get("chaine_de_certificats", UNTRUSTED_CHAIN) != "vérifiée"
               for s in signatures):
            parts[0] += ", chaîne de certificats non vérifiée hors ligne"
    else:
        parts = ["copie signée sans signature électronique"]
    for field in invalid:
        parts.append(f"{INVALID_FIELD} : « {field['champ']} » — {field['motif']}")
    return " ; ".join(parts)
