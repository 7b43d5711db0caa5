"""Inspecting a signed PDF before it enters the register: readable, unencrypted, and which
electronic signatures it carries. The file itself is never rewritten."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject

from .errors import CtgdocsError


@dataclass(frozen=True)
class Signature:
    champ: str
    signataire: str
    date: str
    format: str  # /SubFilter, e.g. adbe.pkcs7.detached
    couvre_tout_le_fichier: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    taille: int
    signatures: list[Signature]


def inspect(data: bytes, name: str) -> PdfInfo:
    """Check that ``data`` is a readable, unencrypted PDF; list its signature fields."""
    if not data.startswith(b"%PDF-"):
        hint = " (c'est un document Word : enregistrez-le en PDF)" if data[:2] == b"PK" else ""
        raise CtgdocsError(f"{name} n'est pas un fichier PDF{hint}.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise CtgdocsError(f"{name} est chiffré ou protégé par mot de passe : enregistrez "
                               "une copie sans protection.")
        pages = len(reader.pages)
        signatures = [_signature(f, v, len(data)) for f, v in _signature_fields(reader)]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise CtgdocsError(f"{name} est un PDF illisible ou abîmé ({exc}).") from None
    return PdfInfo(pages, len(data), signatures)


def _signature_fields(reader: PdfReader) -> list[tuple[DictionaryObject, DictionaryObject]]:
    """(field, signature value) of every signed signature field, however deeply nested."""
    root = reader.trailer["/Root"].get_object()
    form = root.get("/AcroForm") if isinstance(root, DictionaryObject) else None
    form = form.get_object() if form is not None else None
    if not isinstance(form, DictionaryObject):
        return []
    found = []
    pending = list(form.get("/Fields", ArrayObject()))
    while pending:
        field = pending.pop(0).get_object()
        if not isinstance(field, DictionaryObject):
            continue
        value = field.get("/V")
        value = value.get_object() if value is not None else None
        if field.get("/FT") == "/Sig" and isinstance(value, DictionaryObject):
            found.append((field, value))
        pending += list(field.get("/Kids", ArrayObject()))
    return found


def _signature(field: DictionaryObject, value: DictionaryObject, size: int) -> Signature:
    byte_range = [int(x) for x in value.get("/ByteRange", [])]
    covers = len(byte_range) == 4 and byte_range[2] + byte_range[3] == size
    return Signature(
        champ=str(field.get("/T", "")),
        signataire=str(value.get("/Name", "")),
        date=str(value.get("/M", "")),
        format=str(value.get("/SubFilter", "")).lstrip("/"),
        couvre_tout_le_fichier=covers,
    )
