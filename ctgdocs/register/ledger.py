"""The register of issued documents: numbered versions and their lifecycle.

Each version keeps what it was rendered from (a canonical snapshot of every record, the
template's bytes, the ctgdocs version, the date) and the hash of the .docx it produced, so
that `show` regenerates it byte for byte. Approval, signature and termination are entries
of their own, appended to the journal (store.py).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CtgdocsError, Finding
from . import lifecycle, schema
from .lifecycle import executoire as executoire
from .schema import MIGRATION
from .store import LOCK_WAIT_SECONDS, Entry, Head, RegisterError, Store, canonical, sha256

if TYPE_CHECKING:
    from ..records import Records
    from ..workspace import Workspace

# Reading the journal (verify, history) needs none of the records' models, rendering or PDF
# reading: the methods that record or render import them, so that those commands start fast.

ISSUE, APPROVE, SIGN, TERMINATE = schema.ISSUE, schema.APPROVE, schema.SIGN, schema.TERMINATE


@dataclass
class Version:
    numero: int
    emission: Entry
    approbation: Entry | None = None
    signature: Entry | None = None
    resiliation: Entry | None = None

    @property
    def etat(self) -> str:
        if self.resiliation:
            return "résilié"
        if self.signature:
            return "signé"
        if self.approbation:
            return "approuvé"
        return "projet"


@dataclass
class Document:
    ident: str
    kind: str
    versions: list[Version] = field(default_factory=list)

    @property
    def last(self) -> Version:
        return self.versions[-1]

    def version(self, numero: int | None) -> Version:
        if numero is None:
            return self.last
        for version in self.versions:
            if version.numero == numero:
                return version
        raise RegisterError(f"{self.ident} n'a pas de version {numero} "
                            f"(versions : 1 à {self.last.numero}).")

    def in_force(self, day: dt.date) -> Version | None:
        """The latest version signed on or before ``day`` and not terminated by then."""
        signed = [v for v in self.versions if v.signature and _date(v.signature) <= day]
        if not signed or (signed[-1].resiliation and _date(signed[-1].resiliation) <= day):
            return None
        return signed[-1]


def _date(entry: Entry) -> dt.date:
    return dt.date.fromisoformat(entry["date"])


Build = Callable[[dict[str, "Document"]], dict[str, Any]]


@dataclass(frozen=True)
class Verification:
    problems: list[str]  # in French; empty when the journal and its objects are sound
    entries: list[Entry]  # the valid entries read
    head: Head | None  # the head verified: None when empty or not sound


def documents_of(entries: list[Entry]) -> dict[str, Document]:
    """The documents and their versions that a journal's entries tell."""
    found: dict[str, Document] = {}
    for entry in entries:
        add(found, entry)
    return found


def add(found: dict[str, Document], entry: Entry) -> None:
    """Add one entry to the documents told so far."""
    if entry["action"] == MIGRATION:
        return
    ident = entry["document"]
    if entry["action"] == ISSUE:
        doc = found.setdefault(ident, Document(ident, entry["type"]))
        doc.versions.append(Version(entry["version"], entry))
        return
    if ident not in found:
        raise RegisterError(f"{entry.name} : {entry['action']} de « {ident} », document "
                            "jamais émis ; lancez ctgdocs verify.")
    version = found[ident].version(entry["version"])
    setattr(version, entry["action"], entry)


def find(docs: dict[str, Document], ident: str) -> Document:
    """A document by the name the register shows, or a convention id or act number."""
    for candidate in (ident, f"convention-{ident}", f"deliberation-{ident}"):
        if candidate in docs:
            return docs[candidate]
    known = ", ".join(sorted(docs)) or "aucun"
    raise RegisterError(f"« {ident} » n'est pas dans le registre. Documents enregistrés : "
                        f"{known}. Émettez-le d'abord avec ctgdocs issue.")


def _event(action: str, doc: Document, version: Version, date: dt.date, author: str,
           extra: dict[str, Any]) -> dict[str, Any]:
    return {"action": action, "document": doc.ident, "version": version.numero,
            "date": date.isoformat(), "auteur": author, **extra}


class Register:
    def __init__(self, workspace: Workspace, lock_wait: float = LOCK_WAIT_SECONDS):
        self.workspace = workspace
        self.store = Store(workspace.register_dir, lock_wait)
        self._snapshots: dict[str, Records] = {}

    # reading

    def documents(self) -> dict[str, Document]:
        return documents_of(self.store.entries())

    def document(self, ident: str) -> Document:
        return find(self.documents(), ident)

    def snapshot(self, version: Version) -> Records:
        digest = version.emission["fiches"]
        if digest not in self._snapshots:
            self._snapshots[digest] = self._load_snapshot(version)
        return self._snapshots[digest]

    def facts(self, records: Records | None) -> lifecycle.Facts:
        return lifecycle.Facts(records, self.snapshot)

    def anomalies(self, records: Records | None,
                  entries: list[Entry] | None = None) -> list[tuple[str, str]]:
        """Entries already recorded (``entries``, the first ones of the journal; all if None)
        that break the rules of lifecycle.py: (entry, problem)."""
        facts = self.facts(records)
        docs: dict[str, Document] = {}
        found: list[tuple[str, str]] = []
        for entry in self.store.entries() if entries is None else entries:
            found += [(entry.name, p.warning())
                      for p in lifecycle.problems(docs, entry.data, facts)]
            add(docs, entry)
        return found

    def _load_snapshot(self, version: Version) -> Records:
        from ..records import load_snapshot

        digest = version.emission["fiches"]
        records, findings = load_snapshot(self.store.get(digest), digest)
        if records is None:
            name = f"{version.emission['document']} v{version.numero}"
            raise RegisterError(f"Instantané des fiches illisible pour {name} : "
                                + "; ".join(str(f) for f in findings))
        return records

    def render(self, version: Version) -> bytes:
        """The version's .docx, regenerated from its snapshot and its stored template."""
        from .. import documents
        from ..render import render_docx
        from .avenant_text import avenant_context

        entry = version.emission
        records = self.snapshot(version)
        if entry["type"] == "avenant":
            context = avenant_context(records, entry.data)
        else:
            day = dt.date.fromisoformat(entry["date"])
            context = documents.job_for(records, entry["document"], day).context
        with tempfile.TemporaryDirectory(prefix="ctgdocs-") as tmp:
            template = Path(tmp) / "modele.docx"
            template.write_bytes(self.store.get(entry["modele"]))
            return render_docx(template, context, f"modèle de {entry['document']} "
                                                  f"v{version.numero}",
                               self.workspace.settings.limites)

    # lifecycle: each entry is built from the journal as it stands when it is written, so
    # that a writer that lost a race (lock deleted) rebuilds it on the new state

    def issue(self, ident: str, message: str, date: dt.date, author: str) -> Entry:
        from .. import documents
        from ..check import checked_records
        from . import content

        records = checked_records(self.workspace)
        job = documents.job_for(records, ident, date)
        template = self.workspace.template(job.kind)
        data, exemples = content.render(template, job.context, self.workspace.display(template),
                                        self.workspace.settings.limites)
        contenu = content.canonical_hash(data, job.name)

        def build(docs: dict[str, Document]) -> dict[str, Any]:
            existing = docs.get(job.name)
            if existing and self.contenu(existing.last) == contenu:
                raise RegisterError(
                    f"{job.name} : rien n'a changé depuis la version {existing.last.numero} "
                    "(mêmes fiches, même modèle, même date).")
            return {
                "action": ISSUE,
                "document": job.name,
                "type": job.kind,
                "version": existing.last.numero + 1 if existing else 1,
                "date": date.isoformat(),
                "auteur": author,
                "message": message,
            }

        with self.store.locked():
            return self._record_issue(build, records, template.read_bytes(), data, exemples)


    def record_issue(self, entry: dict[str, Any], records: Records, template: bytes,
                     docx: bytes, exemples: list[str]) -> Entry:
        """Record an issued version (its snapshot, template and document stored first)."""
        with self.store.locked():
            return self._record_issue(lambda _: entry, records, template, docx, exemples)

    def _record_issue(self, build: Build, records: Records, template: bytes, docx: bytes,
                      exemples: list[str]) -> Entry:
        from . import content

        snapshot = canonical(records.data)
        stored = {"fiches": sha256(snapshot), "modele": sha256(template), "docx": sha256(docx)}
        contenu = content.canonical_hash(docx, "le document émis")

        def issued(docs: dict[str, Document]) -> dict[str, Any]:
            return {**build(docs), **stored, "contenu": contenu, "exemples": exemples}

        return self._record(issued, self.facts(records), blobs=[snapshot, template, docx])

    def contenu(self, version: Version) -> str:
        """The canonical content hash of an issued version: recorded since format 2, computed
        from the stored .docx for earlier entries."""
        from . import content

        entry = version.emission
        if entry.get("contenu"):
            return str(entry["contenu"])
        name = f"{entry['document']} v{version.numero}"
        return content.canonical_hash(self.store.get(entry["docx"]), name)

    def _record(self, build: Build, facts: lifecycle.Facts | None = None,
                migrating: bool = False, blobs: Sequence[bytes] = (),
                act: bool = False) -> Entry:
        """Append the entry ``build`` makes from the documents as they stand, once the rules
        of lifecycle.py accept it (the first broken rule is the error). ``blobs`` (which the
        entry names by hash) are stored only then, so a refused event stores nothing. For an
        ``act`` (approval, signature), the illustrative values of the version are refused
        outside a demonstration workspace, recorded with the entry inside one."""
        from . import content, illustrative

        def checked(entries: list[Entry]) -> dict[str, Any]:
            docs = documents_of(entries)
            data = build(docs)
            broken = lifecycle.problems(docs, data, facts) if facts else []
            if broken:
                raise RegisterError(broken[0].refusal())
            if act:
                emission = docs[data["document"]].version(data["version"]).emission
                found = illustrative.vetted(self.store, emission.data, data["action"],
                                            self.workspace.settings.demonstration)
                if found:
                    data = {**data, "exemples": found}
            for blob in blobs:
                self.store.put(blob)
            return {**data, "versions": content.versions()}

        return self.store.append(checked, migrating)

    def approve(self, ident: str, numero: str, date: dt.date, author: str) -> Entry:
        from ..check import checked_records

        records = checked_records(self.workspace)

        def build(docs: dict[str, Document]) -> dict[str, Any]:
            doc = find(docs, ident)
            return _event(APPROVE, doc, doc.last, date, author, {"deliberation": numero})

        with self.store.locked():
            return self._record(build, self.facts(records), act=True)

    def sign(self, ident: str, pdf: Path, date: dt.date, author: str) -> Entry:
        from ..check import checked_records
        from ..signedpdf import inspect, read_pdf

        records = checked_records(self.workspace)
        limites = self.workspace.settings.limites
        data = read_pdf(pdf, limites)
        info = inspect(data, pdf.name, limites)

        def build(docs: dict[str, Document]) -> dict[str, Any]:
            doc = find(docs, ident)
            return _event(SIGN, doc, doc.last, date, author, {
                "pdf": stored,
                "nom_fichier": pdf.name,
                "pages": info.pages,
                "taille": info.taille,
                "signatures_electroniques": [s.as_dict() for s in info.signatures],
                "champs_sans_signature_valide": [f.as_dict() for f in info.champs_invalides],
            })

        stored = sha256(data)
        with self.store.locked():
            return self._record(build, self.facts(records), blobs=[data], act=True)

    def terminate(self, ident: str, date: dt.date, motif: str, author: str) -> Entry:
        from ..check import loaded_records

        records = loaded_records(self.workspace)

        def build(docs: dict[str, Document]) -> dict[str, Any]:
            doc = find(docs, ident)
            return _event(TERMINATE, doc, doc.last, date, author, {"motif": motif})

        with self.store.locked():
            return self._record(build, self.facts(records))

    # integrity

    def verify(self) -> list[str]:
        """Every problem of the journal, its head and its objects, in French; empty when
        sound. Foreign files and entries beyond the head are problems here."""
        return self.verification().problems

    def verification(self) -> Verification:
        """What ``verify`` finds, with the entries and the head it checked (one reading)."""
        try:
            found = self.store.scan()
        except RegisterError as exc:
            return Verification([str(exc)], [], None)
        problems = list(found.problems)
        problems += found.beyond_problems()
        problems += [f"{name} : fichier étranger au journal (copie faite par l'Explorateur "
                     "ou un outil de synchronisation ?) : déplacez-le hors du dossier journal/"
                     for name in found.foreign]
        objects: dict[str, str | None] = {}  # each object read and hashed once
        for entry in found.entries:
            for key in ("fiches", "modele", "docx", "pdf"):
                digest = entry.get(key)
                if not digest:
                    continue
                if digest not in objects:
                    try:
                        self.store.get(digest)
                        objects[digest] = None
                    except RegisterError as exc:
                        objects[digest] = str(exc)
                if objects[digest]:
                    problems.append(f"{entry.name} : {key} : {objects[digest]}")
        last = found.entries[-1] if found.entries and not problems else None
        return Verification(problems, found.entries,
                            Head(last.numero, last.digest) if last else None)

    def extends(self, empreinte: str,
                entries: list[Entry] | None = None) -> tuple[Entry | None, str]:
        """Does the current journal extend an earlier head, given by its fingerprint (at
        least 16 hex digits, as bordereaux and status print it)? Each entry holds the hash of
        the one before, so finding that hash proves every entry up to it unchanged; a
        truncated journal, a rewritten entry or one inserted before it loses the hash.
        ``entries``: the journal as already read (by ``verification``), else read here.
        Returns the entry found (or None) and a French sentence saying what it proves."""
        wanted = empreinte.strip().rstrip("…").lower()
        if not re.fullmatch(r"[0-9a-f]{16,64}", wanted):
            raise RegisterError(f"--depuis {empreinte} : une empreinte de la tête du journal "
                                "s'écrit en 16 à 64 chiffres hexadécimaux (telle que l'imprime "
                                "un bordereau ou ctgdocs status).")
        if entries is None:
            entries = self.store.scan().entries
        found = [e for e in entries if e.digest.startswith(wanted)]
        if not found:
            return None, (f"L'empreinte {wanted[:16]}… ne correspond à aucune entrée du journal "
                          "actuel : depuis que cette tête a été relevée, le journal a été "
                          "tronqué, réécrit, ou une entrée a été insérée avant elle.")
        anchor = found[0]
        added = entries[-1].numero - anchor.numero
        return anchor, (f"Le journal actuel prolonge la tête relevée ({anchor.numero} "
                        f"entrée{'s' if anchor.numero > 1 else ''}, empreinte "
                        f"{anchor.digest[:16]}…) sans l'avoir modifiée : "
                        f"{added} entrée{'s' if added > 1 else ''} ajoutée"
                        f"{'s' if added > 1 else ''} depuis.")

    def head(self) -> Head | None:
        """The head of a sound journal (None while empty)."""
        entries = self.store.entries()
        return Head(entries[-1].numero, entries[-1].digest) if entries else None

    # migration and recovery

    def migrate(self, date: dt.date, author: str) -> Entry:
        """Format 1 → 2 by appending one entry that records the canonical content hash of
        every version issued so far; the earlier entries stay as they are."""
        with self.store.locked():
            found = self.store.scan()
            if not found.legacy:
                raise RegisterError("Le journal des documents est déjà au format 2 : rien à "
                                    "migrer.")
            if not found.entries:
                raise RegisterError("Le journal des documents est vide : rien à migrer.")
            problems = [p for p in found.problems if not p.startswith("tete.json absent")]
            problems += [f"{name} : fichier étranger au journal" for name in found.foreign]
            if problems:
                raise RegisterError(f"Migration impossible : {problems[0]} ; lancez ctgdocs "
                                    "verify.")

            def build(docs: dict[str, Document]) -> dict[str, Any]:
                contenus = [{"document": doc.ident, "version": version.numero,
                             "docx": version.emission["docx"], "contenu": self.contenu(version)}
                            for doc in docs.values() for version in doc.versions]
                return {
                    "action": MIGRATION, "date": date.isoformat(), "auteur": author,
                    "message": "Passage du journal au format 2 : empreinte du contenu de "
                               "chaque version émise, tête du journal (tete.json)",
                    "contenus": contenus,
                }

            return self._record(build, migrating=True)

    def resume(self) -> list[Entry]:
        """Accept entries left beyond the head by an interrupted command."""
        with self.store.locked():
            return self.store.accept_beyond()


def check_deliberation(records: Records, financeur: str, numero: str,
                       date: dt.date | None) -> None:
    """An EPCI délibération must exist, be adopted and (when ``date`` is given) precede it;
    a commune's is not kept in this workspace."""
    from .. import council

    deliberation = records.deliberation(numero)
    if deliberation is None:
        if financeur == records.epci_id:
            raise RegisterError(f"Délibération {numero} absente de records/deliberations/.")
        return
    if not council.outcome(deliberation.vote).adoptee:
        raise RegisterError(f"La délibération {numero} n'a pas été adoptée.")
    seance = records.seance(deliberation.seance)
    if seance and date and seance.date > date:
        raise RegisterError(f"La délibération {numero} est du {seance.date:%d/%m/%Y}, après la "
                            f"date indiquée ({date:%d/%m/%Y}).")


def anomaly_findings(workspace: Workspace, records: Records) -> list[Finding]:
    """`check`'s warnings about recorded entries that break the rules of the lifecycle; none
    without a readable register (`verify` reports a damaged one)."""
    if not workspace.register_dir.is_dir():
        return []
    try:
        found = Register(workspace).anomalies(records)
    except CtgdocsError:
        return []
    return [Finding(f"conventions/{name}", 0, "", problem, "avertissement")
            for name, problem in found]
