"""What a journal entry may hold: one pydantic model per action and format.

Format 1 is what ctgdocs 0.1 wrote (the reference register's first 47 entries); format 2
adds the recording time, the versions of the renderer and, for an issued document, the hash
of its canonical content and the illustrative values it prints. Every entry read from the
journal is validated against its model before anything uses it, so a malformed or hostile
entry is reported by file and field instead of reaching the file system or a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

ISSUE, APPROVE, SIGN, TERMINATE = "emission", "approbation", "signature", "resiliation"
MIGRATION = "migration"
FORMAT = 2


def _no_dotdot(value: str) -> str:
    if ".." in value:
        raise ValueError("« .. » interdit dans un identifiant")
    return value


Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Ident = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,149}$"),
                  AfterValidator(_no_dotdot)]
FileName = Annotated[str, StringConstraints(pattern=r"^[^/\\\x00-\x1f]{1,255}$"),
                     AfterValidator(_no_dotdot)]
Text = Annotated[str, StringConstraints(max_length=10_000)]
Count = Annotated[int, Field(ge=0)]
Number = Annotated[int, Field(ge=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Versions(Strict):
    ctgdocs: Text
    python: Text
    docxtpl: Text
    python_docx: Text = Field(alias="python-docx")
    jinja2: Text
    lxml: Text


class Base1(Strict):
    numero: Number
    precedent: Hash | None
    document: Ident
    version: Number
    date: dt.date
    auteur: Text


class Base2(Base1):
    format: Literal[2]
    enregistre_le: AwareDatetime
    versions: Versions


class Precedent(Strict):
    numero: Number
    signature: dt.date


class Modification(Strict):
    titre: Text
    nature: Text
    paragraphes: list[Text]
    lignes: list[Text]
    lignes_ajoutees: list[Text]
    lignes_retirees: list[Text]
    # since 0.2: how the avenant words it (register/wording.py) and the new Word XML
    forme: Literal["mots", "article", "annexe", "ajout", "suppression"] | None = None
    alinea: Number | None = None
    avant: Text | None = None
    apres: Text | None = None
    blocs: Annotated[str, StringConstraints(max_length=5_000_000)] | None = None


class IssueFields(Strict):
    action: Literal["emission"]
    type: Ident
    message: Text
    fiches: Hash
    modele: Hash
    docx: Hash
    # avenants only
    base: Ident | None = None
    base_version: Number | None = None
    base_signature: dt.date | None = None
    precedents: list[Precedent] | None = None
    numero_avenant: Number | None = None
    effet: dt.date | None = None
    deliberation: Ident | None = None
    deliberation_date: dt.date | None = None  # of a délibération the records do not hold
    modifications: list[Modification] | None = None


class Issue1(Base1, IssueFields):
    ctgdocs: Text


class Issue2(Base2, IssueFields):
    contenu: Hash
    exemples: list[Text]


class ApproveFields(Strict):
    action: Literal["approbation"]
    deliberation: Ident


class Approve1(Base1, ApproveFields):
    pass


class Approve2(Base2, ApproveFields):
    exemples: list[Text] | None = None  # in a demonstration workspace: an act marked EXEMPLE


class SignatureInfo(Strict):
    """What signedpdf.inspect found; its own module decides the fields, so any scalar."""

    model_config = ConfigDict(extra="allow", frozen=True)
    champ: Text
    signataire: Text


class InvalidSignatureField(Strict):
    """A signature field without a valid signature (signedpdf.InvalidField)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    champ: Text
    motif: Text


class SignFields(Strict):
    action: Literal["signature"]
    pdf: Hash
    nom_fichier: FileName
    pages: Count
    taille: Count
    signatures_electroniques: list[SignatureInfo]
    champs_sans_signature_valide: list[InvalidSignatureField] | None = None


class Sign1(Base1, SignFields):
    pass


class Sign2(Base2, SignFields):
    exemples: list[Text] | None = None  # in a demonstration workspace: an act marked EXEMPLE


class TerminateFields(Strict):
    action: Literal["resiliation"]
    motif: Text


class Terminate1(Base1, TerminateFields):
    pass


class Terminate2(Base2, TerminateFields):
    pass


class Contenu(Strict):
    document: Ident
    version: Number
    docx: Hash
    contenu: Hash


class Migration(Strict):
    """Format 1 → 2: the canonical content hash of every version issued before it."""

    numero: Number
    precedent: Hash | None
    format: Literal[2]
    action: Literal["migration"]
    date: dt.date
    enregistre_le: AwareDatetime
    auteur: Text
    versions: Versions
    message: Text
    contenus: list[Contenu]


MODELS: dict[tuple[int, str], type[Strict]] = {
    (1, ISSUE): Issue1, (1, APPROVE): Approve1, (1, SIGN): Sign1, (1, TERMINATE): Terminate1,
    (2, ISSUE): Issue2, (2, APPROVE): Approve2, (2, SIGN): Sign2, (2, TERMINATE): Terminate2,
    (2, MIGRATION): Migration,
}


def problem(raw: bytes, data: Any = None) -> str | None:
    """Why these bytes are not a valid entry (French, naming the field), or None. ``data``:
    what ``json.loads(raw)`` gave, when the caller has it already."""
    if data is None:
        try:
            data = json.loads(raw)
        except ValueError as exc:
            return f"JSON illisible ({exc})"
    if not isinstance(data, dict):
        return "une entrée doit être un objet JSON"
    fmt, action = data.get("format", 1), data.get("action")
    model = MODELS.get((fmt, action)) if isinstance(fmt, int) and isinstance(action, str) \
        else None
    if model is None:
        return (f"action « {data.get('action')} » inconnue pour le format {fmt!r} "
                f"(actions : {', '.join(sorted({a for _, a in MODELS}))})")
    try:
        model.model_validate_json(raw, strict=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "entrée"
        return f"{where} : {_french(first)}"
    if fmt == FORMAT and not data["enregistre_le"].endswith(("+00:00", "Z")):
        return "enregistre_le : heure non exprimée en UTC"
    return None


def _french(error: Any) -> str:
    kind = error["type"]
    messages = {
        "missing": "champ manquant",
        "extra_forbidden": "champ inconnu",
        "string_pattern_mismatch": "valeur non conforme (identifiant ou empreinte invalide)",
        "string_too_long": "texte trop long",
        "date_from_datetime_parsing": "date invalide (attendu AAAA-MM-JJ)",
        "date_parsing": "date invalide (attendu AAAA-MM-JJ)",
        "date_type": "date attendue (AAAA-MM-JJ)",
        "datetime_parsing": "horodatage invalide (attendu ISO 8601)",
        "datetime_type": "horodatage attendu (ISO 8601)",
        "timezone_aware": "horodatage sans fuseau horaire",
        "int_type": "nombre entier attendu",
        "string_type": "texte attendu",
        "bool_type": "booléen attendu",
        "list_type": "liste attendue",
        "literal_error": "valeur non permise",
        "greater_than_equal": "nombre trop petit",
        "model_type": "objet attendu",
        "dict_type": "objet attendu",
    }
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return messages.get(kind, str(error["msg"]))
