"""Inspecting a PDF before it enters the register or a pack: a regular file of bounded size,
a readable and unencrypted PDF within page and object limits, and which electronic
signatures it carries — each one checked with pyHanko (the signed byte range matches its
digest and the signature matches its certificate). The file itself is never rewritten.

No trust roots are available offline: a certificate chain that cannot be verified is
reported, not refused. A signature field whose value is not a valid signature is recorded
as such, never counted as an electronic signature.
"""

from __future__ import annotations

import functools
import io
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CtgdocsError
from .infiles import read_regular_file, too_big
from .limits import DEFAULT, Limites, exceeded

if TYPE_CHECKING:  # pypdf is imported by the commands that read a PDF, not by every one
    from pypdf import PdfReader

UNTRUSTED_CHAIN = ("non vérifiée : aucune autorité de confiance n'est disponible hors ligne "
                   "(à contrôler avec l'outil de la plateforme de signature)")
INVALID_FIELD = "champ de signature sans signature valide"


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


def read_pdf(path: Path, limites: Limites = DEFAULT, label: str | None = None,
             within: Path | None = None) -> bytes:
    """The bytes of a PDF handed to ctgdocs: an ordinary file within the size limit."""
    return read_regular_file(path, limites.fichier_octets, label=label, within=within,
                             setting="fichier_octets")


def _check_size(size: int, name: str, limites: Limites) -> None:
    if size > limites.fichier_octets:
        raise too_big(name, size, limites.fichier_octets, "fichier_octets")


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


def inspect(data: bytes, name: str, limites: Limites = DEFAULT) -> PdfInfo:
    """Check that ``data`` is a readable, unencrypted PDF within the limits; check its
    signatures."""
    _check_size(len(data), name, limites)
    if not data.startswith(b"%PDF-"):
        raise _not_pdf(data, name)
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise CtgdocsError(f"{name} est chiffré ou protégé par mot de passe : enregistrez "
                               "une copie sans protection.")
        objects = sum(len(table) for table in reader.xref.values()) + len(reader.xref_objStm)
        if objects > limites.pdf_objets:
            raise CtgdocsError(exceeded(f"{name} ({objects} objets PDF)", "pdf_objets",
                                        limites.pdf_objets))
        pages = len(reader.pages)
        if pages > limites.pdf_pages:
            raise CtgdocsError(exceeded(f"{name} ({pages} pages)", "pdf_pages",
                                        limites.pdf_pages))
        has_fields = _has_form_fields(reader)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CtgdocsError(f"{name} est un PDF illisible ou abîmé ({_reason(exc)}).") from None
    except RecursionError:
        raise CtgdocsError(f"{name} est un PDF abîmé : structure trop profonde ou "
                           "circulaire.") from None
    signatures, invalid = _signatures(data, name) if has_fields else ([], [])
    return PdfInfo(pages, len(data), signatures, invalid)


def _has_form_fields(reader: PdfReader) -> bool:
    from pypdf.generic import ArrayObject, DictionaryObject

    root = reader.trailer["/Root"].get_object()
    form = root.get("/AcroForm") if isinstance(root, DictionaryObject) else None
    form = form.get_object() if form is not None else None
    fields = form.get("/Fields") if isinstance(form, DictionaryObject) else None
    fields = fields.get_object() if fields is not None else None
    return isinstance(fields, ArrayObject) and len(fields) > 0


def _signatures(data: bytes, name: str) -> tuple[list[Signature], list[InvalidField]]:
    """Every filled signature field, checked: the valid signatures and the other fields."""
    _quiet_pyhanko()
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


@functools.cache
def _quiet_pyhanko() -> None:
    """pyHanko logs each failed check with a traceback; ctgdocs reports them itself."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False


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
