"""The pack sent to the préfecture for one délibération, checked before anything is written.

Into <out>/pack-NUMERO/: the act (the signed extract registered, unchanged) and its annexes,
each named as transmission platforms name them; the metadata as JSON and as the @ctes
business envelope (actes:Acte); one bookmarked dossier PDF with a bordereau, for reading and
printing; and a .zip of the whole. Everything is built in a temporary folder and moved in
place at the end: a refused or interrupted pack leaves nothing behind (a folder left by a
killed run is removed by the next one, see outputs.clean_leftovers).

The decision date sent is the séance's. An act whose acknowledgement is recorded was
transmitted: it is never packed again. Outside a demonstration workspace an act or annex
that uses illustrative values is refused (``--draft`` excepted); in a demonstration
workspace every page ctgdocs produces for the pack is stamped EXEMPLE — a signed PDF's bytes
are never altered, only its copy inside the dossier.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle

from . import actes, collector, council, documents, faults, marking, pdf
from .enveloppe import Acte, envelope
from .errors import CtgdocsError
from .interrupt import stopping
from .models.conseil import NATURE_CODES, Deliberation
from .outputs import prepare_dir, staging_dir, temporary_name
from .paths import output_path
from .pdfstamp import DRAFT_MARK, EXAMPLE_MARK, stamp_all, stamp_each
from .records import Records
from .register import Register
from .register.illustrative import issued_examples
from .register.ledger import Version, executoire
from .render import FIXED_ZIP_DATE, render_docx
from .signedpdf import inspect, read_pdf
from .workspace import Workspace

MAX_TOTAL_MIB = 150  # S²LOW's default limit for one transmission
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
    genere: bool = False  # produced by ctgdocs (stamped EXEMPLE in a demonstration)
    docx: bytes | None = None  # to convert, when ``data`` is not there yet
    exemples: list[str] = field(default_factory=list)
    marque: bool = False  # its own pages already carry the EXEMPLE stamp

    @property
    def pages(self) -> int:
        return len(PdfReader(io.BytesIO(self.data)).pages) if self.extension == "pdf" else 1

    @property
    def taille_ko(self) -> str:
        return f"{len(self.data) / 1024:.0f}"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Packed:
    folder: Path
    metadata: dict[str, Any]
    files: dict[str, bytes]


def pack(workspace: Workspace, records: Records, numero: str, today: dt.date, out_dir: Path,
         draft: bool, max_mib: float = MAX_TOTAL_MIB) -> Packed:
    deliberation = records.deliberation(numero)
    if deliberation is None:
        known = ", ".join(d.numero for d in records.deliberations) or "aucune"
        raise CtgdocsError(f"Délibération n° {numero} inconnue. Délibérations connues : {known}")
    seance = records.seance(deliberation.seance)
    assert seance is not None
    _refuse_transmitted(records, deliberation)
    problem = actes.numero_problem(numero)
    if problem:
        raise CtgdocsError(problem)
    if seance.date > today:
        raise CtgdocsError(f"La délibération {numero} est datée du {seance.date:%d/%m/%Y}, "
                           f"après aujourd'hui ({today:%d/%m/%Y}) : @ctes la refuserait.")
    if not council.outcome(deliberation.vote).adoptee and not draft:
        raise CtgdocsError(f"La délibération {numero} n'a pas été adoptée.")
    collector.resume()  # rendering, converting and stamping every piece
    demonstration = workspace.settings.demonstration
    register = Register(workspace)
    pieces = [_act(register, records, deliberation, today, draft)]
    pieces += _annexes(workspace, register, records, deliberation, seance.date, today, draft)
    if not draft and not demonstration:
        _refuse_examples(records, deliberation, seance.date, pieces)
    _convert(workspace, pieces)
    if demonstration:
        for piece in pieces:
            if piece.genere and piece.extension == "pdf":
                piece.data, piece.marque = stamp_all(piece.data, [EXAMPLE_MARK]), True
    total = sum(len(p.data) for p in pieces)
    if total > max_mib * 1024 * 1024:
        raise CtgdocsError(f"Le dossier pèse {total / 1024 / 1024:.1f} Mo, au-delà de la limite "
                           f"de {max_mib:g} Mo de la plateforme : allégez les annexes.")
    epci = records.territoire.epci
    ident = actes.ActeId(epci.departement_siege, epci.siren, seance.date, deliberation.numero,
                         deliberation.nature)
    for index, piece in enumerate(pieces, 1):
        piece.nom = (f"{piece.typologie}-{actes.departement_code(ident.departement)}-"
                     f"{ident.siren}-{ident.date:%Y%m%d}-{ident.numero}-{ident.nature}-1-1_"
                     f"{index}.{piece.extension}")
    return _write(workspace, records, deliberation, ident, pieces, out_dir, draft,
                  demonstration, today)


def _refuse_transmitted(records: Records, deliberation: Deliberation) -> None:
    sent = deliberation.transmission
    if sent is None:
        return
    numero = deliberation.numero
    facts = f"accusé de réception {sent.id_actes}, reçue le {sent.reception:%d/%m/%Y}"
    since = executoire(records, numero)
    if sent.publication and since:
        facts += (f", publiée le {sent.publication:%d/%m/%Y} ; elle est exécutoire depuis le "
                  f"{since:%d/%m/%Y}")
    else:
        facts += (" ; elle sera exécutoire à sa publication (à enregistrer : ctgdocs ar "
                  f"{numero} --id {sent.id_actes} --recu {sent.reception.isoformat()} "
                  "--publie DATE)")
    raise CtgdocsError(
        f"La délibération {numero} a déjà été transmise en préfecture ({facts}). Son numéro "
        f"interne {numero} ne peut pas être envoyé une seconde fois : @ctes refuse un numéro "
        "déjà transmis. Pour modifier l'acte, adoptez une nouvelle délibération, sous un "
        "autre numéro.")


def _issued_examples(register: Register, version: Version) -> list[str]:
    return issued_examples(register.store, version.emission.data)


def _act(register: Register, records: Records, deliberation: Deliberation, today: dt.date,
         draft: bool) -> Piece:
    ident = f"deliberation-{deliberation.numero}"
    registered = register.documents().get(ident)
    version = registered.last if registered else None
    signature = version.signature if version else None
    title = f"Délibération n° {deliberation.numero} – {deliberation.objet}"
    if version is not None and signature is not None:
        data = register.store.get(signature["pdf"])
        inspect(data, f"l'acte signé enregistré ({signature['nom_fichier']})")
        return Piece(title, "acte", deliberation.typologie, data, "pdf",
                     f"acte signé enregistré le {signature['date']}", signe=True,
                     exemples=_issued_examples(register, version))
    if not draft:
        raise CtgdocsError(
            f"L'acte {deliberation.numero} n'est pas signé dans le registre : enregistrez "
            f"l'extrait signé (ctgdocs issue {deliberation.numero}, puis ctgdocs sign "
            f"{deliberation.numero} --file …), ou préparez un projet avec --draft.")
    job = documents.deliberation_job(records, deliberation.numero, today)
    return Piece(title, "acte", deliberation.typologie, b"", "pdf",
                 "extrait produit à partir des fiches, non signé", genere=True,
                 docx=_render(register.workspace, job))


def _annexes(workspace: Workspace, register: Register, records: Records,
             deliberation: Deliberation, voted: dt.date, today: dt.date,
             draft: bool) -> list[Piece]:
    wanted = list(deliberation.annexes)
    listed = {a.document for a in deliberation.annexes}
    pieces = []
    for annexe in wanted:
        placeholder = sorted(marking.origins_of(annexe.titre, annexe.fichier, annexe.document))
        if annexe.fichier:
            data, extension = _external(workspace, annexe.fichier)
            piece = Piece(annexe.titre, "annexe", annexe.typologie, data, extension,
                          annexe.fichier)
        else:
            assert annexe.document is not None
            piece = _issued(workspace, register, records, annexe.titre, annexe.typologie,
                            annexe.document, voted, today, draft)
        if placeholder:
            piece.exemples.append("annexe marquée exemple, pièce d'attente et non l'annexe "
                                  f"votée ({', '.join(placeholder)})")
        pieces.append(piece)
    for convention in records.conventions:
        if convention.deliberation.numero == deliberation.numero \
                and convention.id not in listed and f"convention-{convention.id}" not in listed:
            pieces.append(_issued(workspace, register, records, f"Convention {convention.id}",
                                  "99_AU", f"convention-{convention.id}", voted, today, draft))
    return pieces


def _issued(workspace: Workspace, register: Register, records: Records, title: str,
            typologie: str, document: str, voted: dt.date, today: dt.date,
            draft: bool) -> Piece:
    """An annex as voted: the version issued on or before the session, to convert to PDF."""
    job = documents.job_for(records, document, today)
    registered = register.documents().get(job.name)
    versions = [v for v in registered.versions
                if dt.date.fromisoformat(v.emission["date"]) <= voted] if registered else []
    if versions:
        version = versions[-1]
        docx = register.store.get(version.emission["docx"])
        return Piece(title, "annexe", typologie, b"", "pdf",
                     f"{job.name} v{version.numero} du registre", genere=True, docx=docx,
                     exemples=_issued_examples(register, version))
    if not draft:
        raise CtgdocsError(f"L'annexe « {job.name} » n'a pas été émise avant la séance : "
                           f"enregistrez la version votée (ctgdocs issue {job.name}) ou "
                           "préparez un projet avec --draft.")
    return Piece(title, "annexe", typologie, b"", "pdf", f"{job.name} produit à partir des "
                 "fiches", genere=True, docx=_render(workspace, job))


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


def _refuse_examples(records: Records, deliberation: Deliberation, seance_date: dt.date,
                     pieces: list[Piece]) -> None:
    """Outside a demonstration workspace, nothing illustrative is sent as fact."""
    epci = records.territoire.epci
    sent = sorted(marking.origins_of(
        deliberation.numero, deliberation.objet, deliberation.classification,
        deliberation.nature, deliberation.typologie, seance_date, epci.nom, epci.siren,
        epci.departement_siege, epci.classification_version))
    lines = [f"{origin} (envoyé dans les métadonnées @ctes)" for origin in sent]
    for piece in pieces:
        lines += [f"{piece.titre} : {origin}" for origin in piece.exemples]
    if lines:
        raise CtgdocsError(
            f"La délibération {deliberation.numero} ne peut pas être transmise : elle utilise "
            "des valeurs d'exemple, qui ne sont pas des faits vérifiés :\n"
            + "\n".join(f"  {line}" for line in lines)
            + "\nRemplacez-les par les valeurs vérifiées (et retirez-les de « exemple: »), "
            "ou préparez un projet avec --draft.")


def _render(workspace: Workspace, job: documents.Job) -> bytes:
    template = workspace.template(job.kind)
    return render_docx(template, job.context, workspace.display(template),
                       workspace.settings.limites)


def _convert(workspace: Workspace, pieces: list[Piece]) -> None:
    """Every piece still in Word converted to PDF, in one LibreOffice start."""
    waiting = [p for p in pieces if p.docx is not None]
    if not waiting:
        return
    with tempfile.TemporaryDirectory(prefix="ctgdocs-") as tmp:
        sources = []
        for index, piece in enumerate(waiting, 1):
            source = Path(tmp) / f"piece-{index:02d}.docx"
            source.write_bytes(piece.docx or b"")
            sources.append(source)
        # one LibreOffice start for all of them (the bordereau, which prints their page
        # counts and SHA-256, can only be converted after them: a second start)
        converted = pdf.convert(sources, workspace.settings.limites.conversion_secondes,
                                workers=1)
        for piece, source in zip(waiting, sources, strict=True):
            piece.data, piece.docx = converted[source], None


# --------------------------------------------------------------------------- writing


def _write(workspace: Workspace, records: Records, deliberation: Deliberation,
           ident: actes.ActeId, pieces: list[Piece], out_dir: Path, draft: bool,
           demonstration: bool, today: dt.date) -> Packed:
    """Everything is made in memory first; the folder is then written beside its place
    (hidden) and moved in, so an interruption leaves at most a hidden folder that the next
    run removes."""
    name = f"pack-{deliberation.numero}" + ("-projet" if draft else "")
    target = output_path(out_dir, name, "la délibération")
    files: dict[str, bytes] = {p.nom: p.data for p in pieces}
    journal = Register(workspace).head()  # anchors the journal outside it
    meta = metadata(records, deliberation, ident, pieces, draft, demonstration)
    meta["journal_documents"] = journal.as_dict() if journal else None
    files[f"{name}.json"] = json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8")
    files[f"{name}-enveloppe.xml"] = envelope(_acte(records, deliberation, ident, pieces),
                                              f"{name}-enveloppe.xml")
    files[f"{name}-dossier.pdf"] = dossier(workspace, records, deliberation, ident, pieces,
                                           draft, today, journal.sentence() if journal else "",
                                           demonstration)
    files[f"{name}.zip"] = _zip(files)
    prepare_dir(out_dir)  # also removes what a killed pack left there
    with stopping():
        staging = staging_dir(out_dir, name)
        try:
            for file_name, data in files.items():
                output_path(staging, file_name, "une pièce").write_bytes(data)
                faults.point("piece")
            _replace_dir(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return Packed(target, meta, files)


def summary(packed: Packed, display: Callable[[Path], str]) -> dict[str, Any]:
    """What ``pack --json`` prints: the act's identity and every file written, with its
    size and SHA-256 (the pieces with their role, typology and pages)."""
    from .jsonreport import head_of, pack_file

    meta = packed.metadata
    pieces = {f["nom"]: f for f in meta["fichiers"]}
    return {"folder": display(packed.folder), "act_id": meta["identifiant"],
            "number": meta["numero"], "decision_date": meta["date_decision"],
            "draft": meta["draft"], "demonstration": meta["demonstration"],
            "journal": head_of(meta.get("journal_documents")),
            "files": [pack_file(name, data, display, packed.folder, pieces.get(name))
                      for name, data in packed.files.items()]}


def _replace_dir(staging: Path, target: Path) -> None:
    """Put the finished folder in place; an older pack is removed only once the new is whole."""
    old = temporary_name(target.with_name(f"{target.name}-ancien"))
    if target.exists():
        os.replace(target, old)
        faults.point("paquet")
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def metadata(records: Records, deliberation: Deliberation, ident: actes.ActeId,
             pieces: list[Piece], draft: bool, demonstration: bool = False) -> dict[str, Any]:
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
        "demonstration": demonstration,
        "fichiers": [{"nom": p.nom, "role": p.role, "titre": p.titre,
                      "typologie": p.typologie, "pages": p.pages, "taille": len(p.data),
                      "sha256": p.sha256, "signe": p.signe} for p in pieces],
    }


def _acte(records: Records, deliberation: Deliberation, ident: actes.ActeId,
          pieces: list[Piece]) -> Acte:
    return Acte(ident.date, deliberation.numero, NATURE_CODES[deliberation.nature],
                deliberation.classification, deliberation.objet,
                records.territoire.epci.classification_version, pieces[0].nom,
                [p.nom for p in pieces[1:]])


def dossier(workspace: Workspace, records: Records, deliberation: Deliberation,
            ident: actes.ActeId, pieces: list[Piece], draft: bool, today: dt.date,
            journal: str = "", demonstration: bool = False) -> bytes:
    """Bordereau, then each PDF with a bookmark and page labels; every page stamped PROJET
    for a draft and EXEMPLE in a demonstration workspace, where it covers no text."""
    job = documents.Job("bordereau", "bordereau", "Bordereau", {
        "epci": records.territoire.epci, "d": deliberation, "identifiant": str(ident),
        "pieces": pieces, "brouillon": draft, "date": today, "journal": journal,
        "separes": [p for p in pieces if p.signe or p.extension != "pdf"],
    })
    with tempfile.TemporaryDirectory(prefix="ctgdocs-") as tmp:
        source = Path(tmp) / "bordereau.docx"
        source.write_bytes(_render(workspace, job))
        cover = pdf.convert([source], workspace.settings.limites.conversion_secondes)[source]
    writer = PdfWriter()
    unmarked: set[int] = set()  # pages that do not carry the EXEMPLE stamp yet
    for title, data, label, marked in [
            ("Bordereau", cover, "B-", False),
            *[(p.titre, p.data, f"{i}-", p.marque) for i, p in enumerate(pieces, 1)
              if p.extension == "pdf"]]:
        reader = PdfReader(io.BytesIO(data))
        start = len(writer.pages)
        for page in reader.pages:
            writer.add_page(page)
        count = len(reader.pages)
        writer.add_outline_item(title=title, page_number=start)
        writer.set_page_label(start, start + count - 1, style=PageLabelStyle.DECIMAL,
                              prefix=label, start=1)
        if not marked:
            unmarked.update(range(start, start + count))
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    buffer = io.BytesIO()
    writer.write(buffer)
    if not draft and not demonstration:
        return buffer.getvalue()
    return stamp_each(buffer.getvalue(), lambda index: [
        *([DRAFT_MARK] if draft else []),
        *([EXAMPLE_MARK] if demonstration and index in unmarked else [])])


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
