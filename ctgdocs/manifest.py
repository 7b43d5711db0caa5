"""The build manifest of an output folder: what each generated file was made from.

``OUT/.ctgdocs-manifeste.json`` maps each file ctgdocs wrote there to the digest of its
inputs (``key``) and the SHA-256 of the bytes it wrote (``sha256``). A file is up to date
when its inputs give the same key *and* the file on disk still has those bytes: a file
edited by hand, replaced or deleted is rebuilt, never trusted. A manifest that cannot be
read is ignored (everything is rebuilt), never an error.

The manifest also keeps, per command line (``runs``), the digest of every input file of the
workspace and the files that command produced, so that a command run again on an unchanged
workspace is answered without loading the records or a rendering library (``quick.py``).

Standard library only: this module is on the no-op path.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .outputs import atomic_write

FILE_NAME = ".ctgdocs-manifeste.json"
FORMAT = 1


def digest(*parts: Any) -> str:
    """SHA-256 of a JSON-able value (stable: sorted keys, no spaces)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file's bytes; None when it is missing, unreadable or not an ordinary
    file (a FIFO or a device would block or never end)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


@dataclass
class Run:
    """One command line's last complete run in this folder."""

    inputs: str  # digest of every input file of the workspace and of the tools
    outputs: dict[str, str]  # file name -> sha256 of what it wrote or found up to date
    notes: list[str] = field(default_factory=list)  # warnings to repeat (documents not made)


@dataclass
class Manifest:
    folder: Path
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> key, sha256…
    runs: dict[str, Run] = field(default_factory=dict)
    _changed: set[str] = field(default_factory=set)
    _changed_runs: set[str] = field(default_factory=set)

    @property
    def path(self) -> Path:
        return self.folder / FILE_NAME

    def fresh(self, name: str, key: str) -> str | None:
        """The recorded sha256 of ``name`` if it was made from ``key`` and the file on disk
        still has exactly those bytes; None when it must be made again."""
        entry = self.files.get(name)
        if entry is None or entry.get("key") != key:
            return None
        recorded = entry.get("sha256")
        return recorded if recorded and file_sha256(self.folder / name) == recorded else None

    def record(self, name: str, key: str, sha256: str,
               sources: dict[str, object] | None = None) -> None:
        """``name`` was written with bytes ``sha256`` from inputs ``key`` (``sources``
        names them for a reader: record files, template, the .docx of a PDF)."""
        self.files[name] = {"key": key, "sha256": sha256, **(sources or {})}
        self._changed.add(name)

    def forget(self, name: str) -> None:
        if self.files.pop(name, None) is not None:
            self._changed.add(name)

    def record_run(self, command: str, run: Run) -> None:
        self.runs[command] = run
        self._changed_runs.add(command)

    def save(self) -> None:
        """Write this run's entries over the manifest as it is on disk now (another command
        may have written its own since this one read it)."""
        current = load(self.folder)
        for name in self._changed:
            if name in self.files:
                current.files[name] = self.files[name]
            else:
                current.files.pop(name, None)
        for command in self._changed_runs:
            current.runs[command] = self.runs[command]
        data = {"format": FORMAT, "fichiers": dict(sorted(current.files.items())),
                "commandes": {command: {"entrees": run.inputs, "fichiers": run.outputs,
                                        "notes": run.notes}
                              for command, run in sorted(current.runs.items())}}
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"),
                     durable=False)  # lost, it only costs a rebuild
        self._changed.clear()
        self._changed_runs.clear()


def load(folder: Path) -> Manifest:
    """The manifest of ``folder``; an empty one if it is missing or unreadable."""
    manifest = Manifest(folder)
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError, KeyError):
        data = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return manifest
        files = {str(name): {**entry, "key": str(entry["key"]),
                             "sha256": str(entry["sha256"])}
                 for name, entry in data.get("fichiers", {}).items()}
        runs = {str(command): Run(str(run["entrees"]),
                                  {str(k): str(v) for k, v in run["fichiers"].items()},
                                  [str(note) for note in run.get("notes", [])])
                for command, run in data.get("commandes", {}).items()}
        manifest.files, manifest.runs = files, runs
    return manifest
