"""The register's storage: plain files that lose nothing.

conventions/
  journal/000001.json   one entry per file, numbered, pretty JSON, never rewritten; each
                        names the SHA-256 of the previous entry's bytes (a hash chain)
  objets/ab/abcdef…     content-addressed blobs: record snapshots, templates, documents,
                        signed PDFs, stored once by the SHA-256 of their bytes
  verrou                present while a command writes (portable lock)

Plain files rather than a database so that the register works in a folder shared over the
network and on Windows, and can be read, copied and backed up with ordinary tools. Every
file is written to a temporary name, flushed to disk and renamed: a crash leaves the
register as it was, or with the whole new entry. Blobs are written before the entry that
names them, so an entry never points at a missing blob.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CtgdocsError
from ..outputs import atomic_write

LOCK_WAIT_SECONDS = 30.0


class RegisterError(CtgdocsError):
    """The register cannot be read or written as asked."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(data: Any) -> bytes:
    """Stable JSON bytes: sorted keys, UTF-8, so equal data gives equal hashes."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


@dataclass(frozen=True)
class Entry:
    numero: int
    data: dict[str, Any]
    raw: bytes  # the file's bytes, what the next entry's hash covers

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


class Store:
    def __init__(self, root: Path, lock_wait: float = LOCK_WAIT_SECONDS):
        self.root = root
        self.journal = root / "journal"
        self.objects = root / "objets"
        self.lock_file = root / "verrou"
        self.lock_wait = lock_wait

    # blobs

    def blob_path(self, digest: str) -> Path:
        return self.objects / digest[:2] / digest

    def put(self, data: bytes) -> str:
        """Store bytes once; return their SHA-256."""
        digest = sha256(data)
        path = self.blob_path(digest)
        if not path.is_file():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self._unwritable(exc) from None
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

    # entries

    def entries(self) -> list[Entry]:
        if not self.journal.is_dir():
            return []
        result = []
        for path in sorted(self.journal.glob("[0-9]*.json")):
            raw = path.read_bytes()
            try:
                data = json.loads(raw)
            except ValueError:
                raise RegisterError(f"Entrée illisible : {path} ; lancez ctgdocs verify") from None
            result.append(Entry(int(path.stem), data, raw))
        return result

    def append(self, data: dict[str, Any]) -> Entry:
        """Append one entry; the caller holds the lock."""
        existing = self.entries()
        numero = existing[-1].numero + 1 if existing else 1
        full = {"numero": numero, "precedent": sha256(existing[-1].raw) if existing else None,
                **data}
        raw = json.dumps(full, ensure_ascii=False, sort_keys=False, indent=2).encode("utf-8")
        try:
            self.journal.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._unwritable(exc) from None
        atomic_write(self.journal / f"{numero:06d}.json", raw + b"\n")
        return Entry(numero, full, raw + b"\n")

    # lock

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the register's lock; wait a bounded time for another command to finish."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._unwritable(exc) from None
        deadline = time.monotonic() + self.lock_wait
        owner = f"{socket.gethostname()} {os.getpid()}"
        while True:
            try:
                fd = os.open(self.lock_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                if self._stale():
                    with contextlib.suppress(FileNotFoundError):
                        self.lock_file.unlink()
                    continue
                if time.monotonic() >= deadline:
                    raise RegisterError(self._busy_message()) from None
                time.sleep(0.1)
                continue
            except OSError as exc:
                raise self._unwritable(exc) from None
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(owner)
            break
        try:
            yield
        finally:
            with contextlib.suppress(FileNotFoundError):
                self.lock_file.unlink()

    def _unwritable(self, exc: OSError) -> RegisterError:
        return RegisterError(f"Impossible d'écrire dans le registre {self.root} "
                             f"({exc.strerror}) : vérifiez vos droits sur ce dossier partagé.")

    def _holder(self) -> str:
        try:
            return self.lock_file.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def _stale(self) -> bool:
        """A lock left by a process of this machine that no longer runs."""
        host, _, pid = self._holder().rpartition(" ")
        if host != socket.gethostname() or not pid.isdigit() or os.name != "posix":
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False

    def _busy_message(self) -> str:
        holder = self._holder() or "une autre commande"
        return (f"Le registre est occupé par {holder} depuis plus de {int(self.lock_wait)} "
                f"secondes. Réessayez dans un instant ; si aucune commande ctgdocs ne tourne, "
                f"supprimez le fichier {self.lock_file}.")
