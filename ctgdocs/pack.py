"""The pack sent to the préfecture for one délibération, checked before anything is written.

Into <out>/pack-NUMERO/: the act (the signed extract registered, unchanged) and its annexes,
each named as transmission platforms name them; the metadata as JSON and as the @ctes
business envelope (actes:Acte); one bookmarked dossier PDF with a bordereau, for reading and
printing; and a .zip of the whole. Everything is built in a temporary folder and moved in
place at the end: a refused or interrupted pack leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle

from . import actes, council, documents, pdf
from .errors import CtgdocsError
from .models.conseil import NATURE_CODES, Deliberation
from .outputs import prepare_dir
from .paths import output_path
from .pdfstamp import stamp
from .records import Records
from .register import Register
from .render import FIXED_ZIP_DATE, render_docx
from .signedpdf import inspect, read_pdf
from .workspace import Workspace

MAX_TOTAL_MIB = 150  # S²LOW's default limit for one transmission
ACTES_NS = "http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
DRAFT_MARK = ["PROJET – NON SIGNÉ"]
IMAGE_TYPES = {b"\x89PNG": "png", b"\xff\xd8\xff": "jpg"}


@dataclass
class Piece:
    """One file of the pack."""

    titre: str
    role: str  # "acte" or "annexe"
    typologie: str
    data: bytes
    extension: str  # pdf, png, jpg
    source: str  # where it comes from, for the bordereau
    signe: bool = False  # a signed original: kept out of the merged dossier
    nom: str = ""

    @property
    def pages(self) -> int:
        return len(PdfReader(io.BytesIO(self.data)).pages) if self.extension == "pdf" else 1

    @property
    def taille_ko(self) -> str:
        return f"{len(self.data) / 1024:.0f}"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def pack(workspace: Workspace, records: Records, numero: str, today: dt.date, out_dir: Path,
         draft: bool, max_mib: float = MAX_TOTAL_MIB) -> Path:
    deliberation = records.deliberation(numero)
    if deliberation is None:
        known = ", ".join(d.numero for d in records.deliberations) or "aucune"
        raise CtgdocsError(f"Délibération n° {numero} inconnue. Délibérations connues : {known}")
    seance = records.seance(deliberation.seance)
    assert seance is not None
    problem = actes.numero_problem(numero)
    if problem:
        raise CtgdocsError(problem)
    if seance.date > today:
        raise CtgdocsError(f"La délibération {numero} est datée du {seance.date:%d/%m/%Y}, "
                           f"après aujourd'hui ({today:%d/%m/%Y}) : @ctes la refuserait.")
    if not council.outcome(deliberation.vote).adoptee and not draft:
        raise CtgdocsError(f"La délibération {numero} n'a pas été adoptée.")
    register = Register(workspace)
    pieces = [_act(workspace, register, records, deliberation, today, draft)]
    pieces += _annexes(workspace, register, records, deliberation, seance.date, today, draft)
    total = sum(len(p.data) for p in pieces)
    if total > max_mib * 1024 * 1024:
        raise CtgdocsError(f"Le dossier pèse {total / 1024 / 1024:.1f} Mo, au-delà de la limite "
                           f"de {max_mib:g} Mo de la plateforme : allégez les annexes.")
    ident = _acte_id(records, deliberation, seance.date)
    for index, piece in enumerate(pieces, 1):
        piece.nom = (f"{piece.typologie}-{actes.departement_code(ident.departement)}-"
                     f"{ident.siren}-{ident.date:%Y%m%d}-{ident.numero}-{ident.nature}-1-1_"
                     f"{index}.{piece.extension}")
    return _write(workspace, records, deliberation, ident, pieces, out_dir, draft, today)


def _acte_id(records: Records, deliberation: Deliberation, decided: dt.date) -> actes.ActeId:
    """The identifier the préfecture returned when known, else built from the session."""
    if deliberation.transmission:
        return actes.parse(deliberation.transmission.id_actes)
    epci = records.territoire.epci
    return actes.ActeId(epci.departement_siege, epci.siren, decided, deliberation.numero,
                        deliberation.nature)


def _act(workspace: Workspace, register: Register, records: Records,
         deliberation: Deliberation, today: dt.date, draft: bool) -> Piece:
    ident = f"deliberation-{deliberation.numero}"
    registered = register.documents().get(ident)
    signature = registered.last.signature if registered else None
    title = f"Délibération n° {deliberation.numero} – {deliberation.objet}"
    if signature is not None:
        data = register.store.get(signature["pdf"])
        inspect(data, f"l'acte signé enregistré ({signature['nom_fichier']})")
        return Piece(title, "acte", deliberation.typologie, data, "pdf",
                     f"acte signé enregistré le {signature['date']}", signe=True)
    if not draft:
        raise CtgdocsError(
            f"L'acte {deliberation.numero} n'est pas signé dans le registre : enregistrez "
            f"l'extrait signé (ctgdocs issue {deliberation.numero}, puis ctgdocs sign "
            f"{deliberation.numero} --file …), ou préparez un projet avec --draft.")
    job = documents.deliberation_job(records, deliberation.numero, today)
    return Piece(title, "acte", deliberation.typologie, _to_pdf(workspace, job), "pdf",
                 "extrait produit à partir des fiches, non signé")


def _annexes(workspace: Workspace, register: Register, records: Records,
             deliberation: Deliberation, voted: dt.date, today: dt.date,
             draft: bool) -> list[Piece]:
    wanted = [(a.titre, a.typologie, a.document, a.fichier) for a in deliberation.annexes]
    listed = {a.document for a in deliberation.annexes}
    wanted += [(f"Convention {c.id}", "99_AU", f"convention-{c.id}", None)
               for c in records.conventions if c.deliberation.numero == deliberation.numero
               and c.id not in listed and f"convention-{c.id}" not in listed]
    pieces = []
    for title, typologie, document, fichier in wanted:
        if fichier:
            data, extension = _external(workspace, fichier)
            pieces.append(Piece(title, "annexe", typologie, data, extension, fichier))
        else:
            assert document is not None
            data, source = _issued(workspace, register, records, document, voted, today, draft)
            pieces.append(Piece(title, "annexe", typologie, data, "pdf", source))
    return pieces


def _issued(workspace: Workspace, register: Register, records: Records, document: str,
            voted: dt.date, today: dt.date, draft: bool) -> tuple[bytes, str]:
    """An annex as voted: the version issued on or before the session, converted to PDF."""
    job = documents.job_for(records, document, today)
    registered = register.documents().get(job.name)
    versions = [v for v in registered.versions
                if dt.date.fromisoformat(v.emission["date"]) <= voted] if registered else []
    if versions:
        version = versions[-1]
        with tempfile.TemporaryDirectory(prefix="ctgdocs-") as tmp:
            source = Path(tmp) / f"{job.name}.docx"
            source.write_bytes(register.store.get(version.emission["docx"]))
            return pdf.convert([source])[source], f"{job.name} v{version.numero} du registre"
    if not draft:
        raise CtgdocsError(f"L'annexe « {job.name} » n'a pas été émise avant la séance : "
                           f"enregistrez la version votée (ctgdocs issue {job.name}) ou "
                           "préparez un projet avec --draft.")
    return _to_pdf(workspace, job), f"{job.name} produit à partir des fiches"


def _external(workspace: Workspace, relative: str) -> tuple[bytes, str]:
    path = workspace.inside(relative)
    limites = workspace.settings.limites
    data = read_pdf(path, limites, label=relative, within=workspace.root)
    if data.startswith(b"%PDF-"):
        inspect(data, relative, limites)
        return data, "pdf"
    for magic, extension in IMAGE_TYPES.items():
        if data.startswith(magic):
            return data, extension
    hint = " (document Word : enregistrez-le en PDF)" if data[:2] == b"PK" else ""
    raise CtgdocsError(f"Annexe externe {relative} : seuls les PDF, PNG et JPEG sont acceptés "
                       f"par @ctes{hint}.")


def _to_pdf(workspace: Workspace, job: documents.Job) -> bytes:
    template = workspace.template(job.kind)
    with tempfile.TemporaryDirectory(prefix="ctgdocs-") as tmp:
        source = Path(tmp) / f"{job.name}.docx"
        source.write_bytes(render_docx(template, job.context, workspace.display(template)))
        converted: bytes = pdf.convert([source])[source]
        return converted


# --------------------------------------------------------------------------- writing


def _write(workspace: Workspace, records: Records, deliberation: Deliberation,
           ident: actes.ActeId, pieces: list[Piece], out_dir: Path, draft: bool,
           today: dt.date) -> Path:
    prepare_dir(out_dir)
    name = f"pack-{deliberation.numero}" + ("-projet" if draft else "")
    target = output_path(out_dir, name, "la délibération")
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=out_dir))
    try:
        files: dict[str, bytes] = {p.nom: p.data for p in pieces}
        journal = Register(workspace).head()  # anchors the journal outside it
        meta = metadata(records, deliberation, ident, pieces, draft)
        meta["journal_documents"] = journal.as_dict() if journal else None
        files[f"{name}.json"] = json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8")
        files[f"{name}-enveloppe.xml"] = envelope(records, deliberation, ident, pieces)
        files[f"{name}-dossier.pdf"] = dossier(workspace, records, deliberation, ident, pieces,
                                               draft, today,
                                               journal.sentence() if journal else "")
        for file_name, data in files.items():
            output_path(staging, file_name, "une pièce").write_bytes(data)
        (staging / f"{name}.zip").write_bytes(_zip(files))
        _replace_dir(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _replace_dir(staging: Path, target: Path) -> None:
    """Put the finished folder in place; an older pack is removed only once the new is whole."""
    old = target.with_name(f".{target.name}-ancien-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def metadata(records: Records, deliberation: Deliberation, ident: actes.ActeId,
             pieces: list[Piece], draft: bool) -> dict[str, Any]:
    return {
        "nature": deliberation.nature,
        "code_nature": NATURE_CODES[deliberation.nature],
        "numero": deliberation.numero,
        "objet": deliberation.objet,
        "date_decision": ident.date.isoformat(),
        "classification": deliberation.classification,
        "identifiant": str(ident),
        "collectivite": {"nom": records.territoire.epci.nom,
                         "siren": records.territoire.epci.siren},
        "draft": draft,
        "fichiers": [{"nom": p.nom, "role": p.role, "titre": p.titre,
                      "typologie": p.typologie, "pages": p.pages, "taille": len(p.data),
                      "sha256": p.sha256, "signe": p.signe} for p in pieces],
    }


def _latin1(text: str) -> str:
    """@ctes envelopes are ISO-8859-1: Œ becomes OE, other characters lose their accent."""
    text = text.replace("Œ", "OE").replace("œ", "oe").replace("’", "'")
    return "".join(c if ord(c) < 256 else unicodedata.normalize("NFKD", c)[0] for c in text)


def envelope(records: Records, deliberation: Deliberation, ident: actes.ActeId,
             pieces: list[Piece]) -> bytes:
    """The business envelope (actes:Acte) as S²LOW and Pastell build it."""
    ET.register_namespace("actes", ACTES_NS)
    ET.register_namespace("xsi", XSI_NS)
    q = f"{{{ACTES_NS}}}"
    root = ET.Element(f"{q}Acte", {
        f"{{{XSI_NS}}}schemaLocation": f"{ACTES_NS} actesv1_1.xsd",
        f"{q}Date": ident.date.isoformat(),
        f"{q}NumeroInterne": deliberation.numero,
        f"{q}CodeNatureActe": str(NATURE_CODES[deliberation.nature]),
    })
    for level, code in enumerate(deliberation.classification.split("."), 1):
        ET.SubElement(root, f"{q}CodeMatiere{level}", {f"{q}CodeMatiere": code})
    ET.SubElement(root, f"{q}Objet").text = _latin1(deliberation.objet)
    version = records.territoire.epci.classification_version
    if version:
        ET.SubElement(root, f"{q}ClassificationDateVersion").text = version.isoformat()
    act, annexes = pieces[0], pieces[1:]
    ET.SubElement(ET.SubElement(root, f"{q}Document"), f"{q}NomFichier").text = act.nom
    block = ET.SubElement(root, f"{q}Annexes", {f"{q}Nombre": str(len(annexes))})
    for annexe in annexes:
        ET.SubElement(ET.SubElement(block, f"{q}Annexe"), f"{q}NomFichier").text = annexe.nom
    ET.SubElement(root, f"{q}DocumentPapier").text = "N"
    ET.indent(root)
    xml: bytes = ET.tostring(root, encoding="ISO-8859-1", xml_declaration=True)
    return xml


def dossier(workspace: Workspace, records: Records, deliberation: Deliberation,
            ident: actes.ActeId, pieces: list[Piece], draft: bool, today: dt.date,
            journal: str = "") -> bytes:
    """Bordereau, then each PDF with a bookmark and page labels."""
    cover = _to_pdf(workspace, documents.Job("bordereau", "bordereau", "Bordereau", {
        "epci": records.territoire.epci, "d": deliberation, "identifiant": str(ident),
        "pieces": pieces, "brouillon": draft, "date": today, "journal": journal,
        "separes": [p for p in pieces if p.signe or p.extension != "pdf"],
    }))
    writer = PdfWriter()
    start = 0
    for title, data, label in [("Bordereau", cover, "B-"),
                               *[(p.titre, p.data, f"{i}-") for i, p in enumerate(pieces, 1)
                                 if p.extension == "pdf"]]:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            writer.add_page(page)
        count = len(reader.pages)
        writer.add_outline_item(title=title, page_number=start)
        writer.set_page_label(start, start + count - 1, style=PageLabelStyle.DECIMAL,
                              prefix=label, start=1)
        start += count
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    buffer = io.BytesIO()
    writer.write(buffer)
    merged = buffer.getvalue()
    return stamp(merged, DRAFT_MARK, every_page=True, size=14, color=(0.8, 0, 0)) if draft \
        else merged


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()
