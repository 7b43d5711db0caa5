"""The register's storage: plain files that lose nothing and prove themselves.

conventions/
  journal/000001.json   one entry per file, numbered, pretty JSON, never rewritten; each
                        names the SHA-256 of the previous entry's bytes (a hash chain)
  tete.json             the head of the chain: how many entries, and the SHA-256 of the
                        last one's bytes, rewritten after each entry
  objets/ab/abcdef…     content-addressed blobs: record snapshots, templates, documents,
                        signed PDFs, stored once by the SHA-256 of their bytes
  verrou                the operating system's lock (filelock), released when its process ends

Plain files rather than a database so that the register works in a folder shared over the
network and on Windows, and can be read, copied and backed up with ordinary tools.

Nothing is overwritten: an entry is written to a temporary file, flushed, then hard-linked to
its numbered name, which fails if the name exists (a writer that lost a race, for instance
because the lock file was deleted under it, retries on the next number); an object already
present with the same bytes counts as written. Blobs are written before the entry that names
them, and the head after the entry: a crash leaves the register as it was, or with the whole
new entry, in which case the entry beyond the head is reported until someone accepts it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import faults
from ..errors import CtgdocsError
from ..oserrors import reason
from ..outputs import atomic_write, clean_leftovers, temporary_name
from . import schema

LOCK_WAIT_SECONDS = 30.0
HEAD_WAIT_SECONDS = 5.0  # how long a reader waits for a concurrent writer's head
ENTRY_NAME = re.compile(r"^\d{6}\.json$")
OWN_TEMPORARY = re.compile(r"^\.\d{6}\.json\.[0-9a-f]+\.tmp$")
JOURNAL_TITLE = "Journal des documents ctgdocs"


class RegisterError(CtgdocsError):
    """The register cannot be read or written as asked."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(data: Any) -> bytes:
    """Stable JSON bytes: sorted keys, UTF-8, so equal data gives equal hashes."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Entry:
    numero: int
    data: dict[str, Any]
    raw: bytes  # the file's bytes, what the next entry's hash covers

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def name(self) -> str:
        return entry_name(self.numero)

    @functools.cached_property
    def digest(self) -> str:
        return sha256(self.raw)

    @property
    def format(self) -> int:
        return int(self.data.get("format", 1))


def entry_name(numero: int) -> str:
    return f"journal/{numero:06d}.json"


@dataclass(frozen=True)
class Head:
    entrees: int
    empreinte: str

    def sentence(self) -> str:
        """What bordereaux, packs and status print, so that anyone can later check that
        the journal extends it (ctgdocs verify --depuis)."""
        return (f"{JOURNAL_TITLE} : {self.entrees} entrée{'s' if self.entrees > 1 else ''}, "
                f"empreinte {self.empreinte[:16]}…")

    def as_dict(self) -> dict[str, Any]:
        return {"entrees": self.entrees, "empreinte": self.empreinte}


@dataclass
class Scan:
    """The journal as found on disk, with every problem, never raising."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    beyond: list[Entry] = field(default_factory=list)  # valid entries after the head
    foreign: list[str] = field(default_factory=list)
    head: Head | None = None
    headless: bool = False  # format-2 entries and no head

    def beyond_problems(self) -> list[str]:
        if self.headless:
            return ["tete.json absent : la tête du journal a été supprimée (ou une commande a "
                    "été interrompue avant de l'écrire) ; vérifiez le journal, puis "
                    "ctgdocs registre reprendre"]
        return [f"{e.name} : entrée au-delà de la tête du journal (commande interrompue entre "
                "l'entrée et la tête ?) : vérifiez-la, puis acceptez-la avec ctgdocs registre "
                "reprendre" for e in self.beyond]

    @property
    def legacy(self) -> bool:
        """A format-1 journal that has never had a head: readable, to be migrated."""
        return self.head is None and all(e.format == 1 for e in self.entries)


class Store:
    def __init__(self, root: Path, lock_wait: float = LOCK_WAIT_SECONDS,
                 clock: Callable[[], dt.datetime] = utc_now):
        self.root = root
        self.journal = root / "journal"
        self.objects = root / "objets"
        self.lock_file = root / "verrou"
        self.head_file = root / "tete.json"
        self.lock_wait = lock_wait
        self.clock = clock
        # What this process already read and validated, so that a command that reads the
        # journal several times reads, parses and validates each entry once: by file name,
        # (modification time, size, inode) -> entry; by entry hash -> schema problem.
        self._read: dict[str, tuple[tuple[int, int, int], Entry]] = {}
        self._problems: dict[str, str | None] = {}
        self._scanned: tuple[Any, Scan] | None = None  # the last scan and what it saw

    # blobs

    def blob_path(self, digest: str) -> Path:
        return self.objects / digest[:2] / digest

    def put(self, data: bytes) -> str:
        """Store bytes once; return their SHA-256. A blob present with other bytes (damaged)
        is replaced: its name says what it must hold."""
        digest = sha256(data)
        path = self.blob_path(digest)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._unwritable(exc) from None
        if not self._create(path, data, "objet"):
            with contextlib.suppress(OSError):
                if sha256(path.read_bytes()) == digest:
                    return digest
            atomic_write(path, data)
        return digest

    def get(self, digest: str) -> bytes:
        path = self.blob_path(digest)
        try:
            data = path.read_bytes()
        except OSError:
            raise RegisterError(f"Objet {digest[:12]}… absent du registre "
                                f"({path}) : lancez ctgdocs verify") from None
        if sha256(data) != digest:
            raise RegisterError(f"Objet {digest[:12]}… altéré ({path}) : lancez ctgdocs verify")
        return data

    def put_json(self, data: Any) -> str:
        return self.put(canonical(data))

    def get_json(self, digest: str) -> Any:
        return json.loads(self.get(digest))

    # the head

    def head(self) -> Head | None:
        try:
            data = json.loads(self.head_file.read_bytes())
            return Head(int(data["entrees"]), str(data["empreinte"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return Head(-1, "illisible")

    def _write_head(self) -> None:
        """Advance the head to the journal's last entry. Writers that do not share the lock
        may race here: each re-reads after writing, so the last writer leaves it right."""
        while True:
            found = self._files()
            if not found.entries:
                return
            last = found.entries[-1]
            current = self.head()
            if current is not None and current.entrees >= last.numero:
                return
            atomic_write(self.head_file, canonical(Head(last.numero, last.digest).as_dict()))

    # entries

    def scan(self) -> Scan:
        """Every entry, validated and chained, against the head; every problem, named.
        The head is read before the entries: a writer adds its entry, then moves the head, so
        entries listed afterwards reach at least that head (read the other way round, a writer
        finishing in between would look like a truncated journal). The same files (each
        unchanged since read) and head give the same answer: it is kept."""
        head = self.head()
        found = self._files()
        found.head = head
        state = (tuple(id(entry) for entry in found.entries), tuple(found.foreign), found.head)
        if self._scanned is not None and self._scanned[0] == state:
            return _copy(self._scanned[1])
        result = self._checked(found)
        self._scanned = (state, _copy(result))
        return result

    def _checked(self, found: Scan) -> Scan:
        previous: Entry | None = None
        checked: Entry | None = None  # the last entry that passed its schema
        valid: list[Entry] = []
        for entry in found.entries:
            name = entry.name
            expected = previous.numero + 1 if previous else 1
            if entry.numero != expected:
                missing = (f"entrée {expected} manquante" if entry.numero == expected + 1
                           else f"entrées {expected} à {entry.numero - 1} manquantes")
                found.problems.append(f"{name} : {missing} avant celle-ci")
            invalid = self._problem(entry)
            if invalid:
                found.problems.append(f"{name} : entrée non valide : {invalid}")
                previous = entry
                continue
            if entry.get("numero") != entry.numero:
                found.problems.append(f"{name} : numéro intérieur {entry.get('numero')} altéré")
            chained = previous.digest if previous else None
            if entry.get("precedent") != chained:
                found.problems.append(f"{name} : ne suit pas l'entrée précédente (entrée "
                                      "précédente modifiée, ou celle-ci réécrite)")
            if checked is not None and checked.format == 2:
                if entry.format == 1:
                    found.problems.append(f"{name} : entrée au format 1 après une entrée au "
                                          "format 2")
                elif _recorded(entry) < _recorded(checked):
                    found.problems.append(
                        f"{name} : enregistrée le {entry['enregistre_le']}, avant l'entrée "
                        f"précédente ({checked['enregistre_le']}) : l'heure ne recule pas")
            valid.append(entry)
            previous = checked = entry
        every = found.entries
        found.entries = valid
        self._check_head(found, every)
        return found

    def _check_head(self, found: Scan, every: list[Entry]) -> None:
        """``every``: all numbered files, valid or not (invalid ones are reported already)."""
        head, entries = found.head, found.entries
        last = every[-1] if every else None
        if head is None:
            if last is not None and not found.legacy:
                found.beyond = entries  # a first writer between its entry and the head…
                found.headless = True  # …or a deleted head, if that lasts
            elif last is not None:
                found.problems.append("tete.json absent : journal au format 1, lancez "
                                      "ctgdocs registre migrer")
            return
        if head.entrees < 0 or not re.fullmatch(r"[0-9a-f]{64}", head.empreinte):
            found.problems.append("tete.json illisible ou altéré")
            return
        if last is None or last.numero < head.entrees:
            have = last.numero if last else 0
            lost = (f"entrée {head.entrees}" if have + 1 == head.entrees
                    else f"entrées {have + 1} à {head.entrees}")
            found.problems.append(f"journal tronqué : la tête en annonce {head.entrees}, "
                                  f"{lost} manquante{'s' if have + 1 < head.entrees else ''}")
            return
        at_head = next((e for e in every if e.numero == head.entrees), None)
        if at_head is None or at_head.digest != head.empreinte:
            found.problems.append(f"{entry_name(head.entrees)} : ne correspond pas à la tête du "
                                  "journal (tete.json) : entrée modifiée ou remplacée")
        found.beyond = [e for e in entries if e.numero > head.entrees]

    def _problem(self, entry: Entry) -> str | None:
        if entry.digest not in self._problems:
            # the entry's JSON as already decoded, unless it did not decode to an object
            self._problems[entry.digest] = schema.problem(entry.raw, entry.data or None)
        return self._problems[entry.digest]

    def _listing(self) -> tuple[list[os.DirEntry[str]], list[str]]:
        """The numbered files in order (unread), and the foreign names."""
        try:
            listing = sorted((item.name, item) for item in os.scandir(self.journal))
        except (FileNotFoundError, NotADirectoryError):
            return [], []  # nothing recorded yet (writing will say why it cannot)
        except OSError as exc:
            raise RegisterError(f"Journal illisible : {self.journal} ({exc.strerror})") from None
        numbered: list[os.DirEntry[str]] = []
        foreign: list[str] = []
        for file_name, item in listing:
            if OWN_TEMPORARY.match(file_name):
                continue
            if not ENTRY_NAME.match(file_name) or not item.is_file():
                foreign.append(f"journal/{file_name}")
                continue
            numbered.append(item)
        return numbered, foreign

    def _files(self) -> Scan:
        """The numbered files in order (unvalidated) and the foreign names."""
        numbered, foreign = self._listing()
        return Scan(entries=[self._entry(item) for item in numbered], foreign=foreign)

    def _entry(self, item: os.DirEntry[str]) -> Entry:
        """The entry in ``item``, read again only if the file changed since last read."""
        known = self._read.get(item.name)
        try:
            if known is not None and _identity(item.stat()) == known[0]:
                return known[1]
            key, raw = _read(item.path)
        except OSError as exc:
            raise RegisterError(f"Entrée illisible : {item.path} ({exc.strerror})") from None
        try:
            data = json.loads(raw)
        except ValueError:
            data = {}
        entry = Entry(int(item.name[:6]), data if isinstance(data, dict) else {}, raw)
        self._read[item.name] = (key, entry)
        return entry

    def entries(self) -> list[Entry]:
        """The journal, provided it is sound; a French error naming the first problem else."""
        return self._sound(writing=False).entries

    def warnings(self) -> list[str]:
        """Files in journal/ that are not entries (copies made by Explorer or a sync client),
        ignored everywhere but reported here and by verify."""
        return [f"{name} : fichier étranger au journal, ignoré (déplacez-le hors du dossier "
                "journal/)" for name in self._listing()[1]]

    def _sound(self, writing: bool) -> Scan:
        """The journal once no writer is between its entry and the head: entries beyond the
        head that stay there ``HEAD_WAIT_SECONDS`` without any progress are a crash's."""
        deadline = time.monotonic() + HEAD_WAIT_SECONDS
        progress: tuple[object, ...] = ()
        while True:
            found = self.scan()
            state = (found.head, tuple(e.numero for e in found.beyond))
            if state != progress:  # a writer is moving: wait for it afresh
                progress, deadline = state, time.monotonic() + HEAD_WAIT_SECONDS
            legacy = found.legacy and len(found.problems) == 1 \
                and found.problems[0].startswith("tete.json absent")
            if legacy and writing:
                raise RegisterError("Le journal des documents est au format 1 : lancez d'abord "
                                    "ctgdocs registre migrer.")
            if found.problems and not legacy:
                more = len(found.problems) - 1
                raise RegisterError(f"Journal des documents altéré : {found.problems[0]}"
                                    + (f" (et {more} autre{'s' if more > 1 else ''})"
                                       if more else "") + " ; lancez ctgdocs verify.")
            if not found.beyond:
                return found
            if time.monotonic() >= deadline and found.headless:
                raise RegisterError(f"Journal des documents altéré : "
                                    f"{found.beyond_problems()[0]}.")
            if time.monotonic() >= deadline:  # not a writer finishing: a crash
                names = ", ".join(e.name for e in found.beyond)
                raise RegisterError(f"{names} : entrée au-delà de la tête du journal "
                                    "(commande interrompue ?) ; vérifiez-la avec ctgdocs verify, "
                                    "puis acceptez-la avec ctgdocs registre reprendre.")
            time.sleep(0.05)

    def append(self, build: Callable[[list[Entry]], dict[str, Any]],
               migrating: bool = False) -> Entry:
        """Append one entry in format 2, built by ``build`` from the entries as they stand.
        The caller holds the lock, but a writer that does not (lock deleted) cannot make this
        overwrite or lose an entry: when another took the number, the entry is built again
        on the new state, and written under the next number."""
        for _ in range(1000):
            found = self._sound(writing=not migrating)
            last = found.entries[-1] if found.entries else None
            now = self.clock().astimezone(dt.UTC)
            if last is not None and last.format == 2 and now < _recorded(last):
                raise RegisterError(
                    f"L'horloge de cet ordinateur indique {now:%d/%m/%Y %H:%M:%S} UTC, avant "
                    f"l'enregistrement de la dernière entrée ({last.name}, "
                    f"{_recorded(last):%d/%m/%Y %H:%M:%S} UTC) : corrigez l'heure puis "
                    "recommencez.")
            data = build(found.entries)  # may store the blobs the entry names
            numero = last.numero + 1 if last else 1
            full = {"numero": numero, "precedent": last.digest if last else None,
                    "format": schema.FORMAT, **data,
                    "enregistre_le": now.isoformat(timespec="microseconds")}
            raw = json.dumps(full, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
            invalid = schema.problem(raw)
            if invalid:
                raise RegisterError(f"Entrée refusée ({invalid}).")
            try:
                self.journal.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self._unwritable(exc) from None
            if self._create(self.journal / f"{numero:06d}.json", raw, "entree"):
                faults.point("tete")
                self._write_head()
                return Entry(numero, full, raw)
        raise RegisterError("Impossible d'ajouter une entrée au journal : trop d'écritures "
                            "concurrentes. Réessayez.")

    def accept_beyond(self) -> list[Entry]:
        """Accept entries beyond the head (a command killed between the entry and the head),
        once they are whole and chained; the caller holds the lock."""
        found = self.scan()
        if found.problems:
            raise RegisterError(f"Journal des documents altéré : {found.problems[0]} ; "
                                "lancez ctgdocs verify.")
        if found.beyond:
            self._write_head()
        return found.beyond

    def _create(self, path: Path, data: bytes, point: str) -> bool:
        """Create ``path`` holding ``data`` only if it does not exist; False if it does. The
        temporary file is named after this process (outputs.temporary_name), so that what a
        killed process left is removed by the next command that takes the lock."""
        temporary = temporary_name(path)
        try:
            with open(temporary, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            faults.point(point)
            try:
                os.link(temporary, path)
            except FileExistsError:
                return False
            except OSError:  # a file system without hard links
                return self._create_exclusive(path, data)
            return True
        except OSError as exc:
            raise self._unwritable(exc) from None
        finally:
            with contextlib.suppress(OSError):
                temporary.unlink()

    @staticmethod
    def _create_exclusive(path: Path, data: bytes) -> bool:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0),
                         0o666)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return True

    # lock

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the register's lock (an operating-system lock, released if the process dies);
        wait a bounded time for another command to finish."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._unwritable(exc) from None
        import filelock  # 9 ms to import: only the commands that write load it

        lock = filelock.FileLock(self.lock_file, timeout=self.lock_wait)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise RegisterError(
                f"Le registre est occupé par une autre commande ctgdocs depuis plus de "
                f"{self.lock_wait:g} secondes. Réessayez dans un instant.") from None
        except OSError as exc:
            raise self._unwritable(exc) from None
        try:
            self._clean_leftovers()
            yield
        finally:
            lock.release()

    def _clean_leftovers(self) -> None:
        """Remove the temporary files of killed ctgdocs processes (head, entries, objects);
        those of a live process, even one writing without the lock, are kept."""
        clean_leftovers(self.root)
        clean_leftovers(self.journal)
        with contextlib.suppress(OSError):
            for folder in self.objects.iterdir():
                if folder.is_dir() and not folder.is_symlink():
                    clean_leftovers(folder)

    def _unwritable(self, exc: OSError) -> RegisterError:
        return RegisterError(f"Impossible d'écrire dans le registre {self.root} "
                             f"({reason(exc)}) : vérifiez vos droits sur ce dossier partagé.")


def _copy(scan: Scan) -> Scan:
    """A scan whose lists the caller may change without changing the one kept."""
    return dataclasses.replace(scan, entries=list(scan.entries), problems=list(scan.problems),
                               beyond=list(scan.beyond), foreign=list(scan.foreign))


def _identity(stat: os.stat_result) -> tuple[int, int, int]:
    """What changes when a file is rewritten: modification time, size, inode."""
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def _read(path: str) -> tuple[tuple[int, int, int], bytes]:
    """A file's identity and bytes, read through one descriptor (so both are of the same
    file) with plain system calls: at 10,000 entries, file objects cost more than reading."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        identity = _identity(os.fstat(fd))
        parts = [os.read(fd, identity[1] + 1)]
        while parts[-1]:  # until the end, should the file have grown since
            parts.append(os.read(fd, 1 << 16))
        return identity, b"".join(parts)
    finally:
        os.close(fd)


def _recorded(entry: Entry) -> dt.datetime:
    return dt.datetime.fromisoformat(entry["enregistre_le"])
