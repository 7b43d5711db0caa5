"""The no-op path: a command run again on an unchanged workspace, answered at once.

After a complete run, a generating command records in the output folder's manifest the
digest of all its inputs — its own arguments and ``--date``, every file of records/,
templates/ and pieces/, ctgdocs.toml, the register's journal, the installed templates,
ctgdocs and its libraries, LibreOffice — and the bytes of each file it stands for. Run
again with the same digest while every one of those files still has those bytes, there
is nothing to do: the records are not even loaded. Anything else goes the normal way,
where each document is compared on its own inputs (``generate.py``).

Standard library only (no YAML, pydantic, docxtpl or LibreOffice is imported here).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import manifest as manifests
from .buildinputs import libreoffice_identity, tools_identity, workspace_inputs

DEFAULT_OUT = "out"  # as Workspace.default_out_dir, when ctgdocs.toml names no "sortie"


@dataclass(frozen=True)
class Request:
    """One generating command as typed: what must match for its outputs to stand."""

    root: Path
    out_dir: Path
    command: str  # the command and its arguments, as one stable text
    state: dt.date  # --date
    converts: bool  # PDF, PDF/A or ODT wanted
    soffice: str | None  # LibreOffice, when conversions are wanted and it is found

    def inputs(self) -> str:
        office = libreoffice_identity(self.soffice) if self.converts and self.soffice else None
        return manifests.digest(self.command, self.state.isoformat(), self.converts,
                                str(self.out_dir), workspace_inputs(self.root),
                                tools_identity(), office)


@dataclass
class Replay:
    outputs: list[Path]
    notes: list[str] = field(default_factory=list)


def out_dir(root: Path, out: Path | None) -> Path | None:
    """The output folder as Workspace.out_dir finds it; None when ctgdocs.toml cannot be
    read here (the normal path then says why)."""
    if out is not None:
        return out.resolve()
    try:
        data = tomllib.loads((root / "ctgdocs.toml").read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    sortie = data.get("sortie") or DEFAULT_OUT
    return root.resolve() / sortie if isinstance(sortie, str) else None


def replay(request: Request, inputs: str) -> Replay | None:
    """The outputs of the last run of this very command if nothing it depends on changed
    and every one of them is still on disk with the bytes it wrote; else None."""
    run = manifests.load(request.out_dir).runs.get(request.command)
    if run is None or run.inputs != inputs:
        return None
    for name, sha256 in run.outputs.items():
        if manifests.file_sha256(request.out_dir / name) != sha256:
            return None
    return Replay([request.out_dir / name for name in sorted(run.outputs)], run.notes)


def remember(request: Request, inputs: str, outputs: list[Path], notes: list[str]) -> None:
    """Record a complete run of this command (``inputs`` read before it started)."""
    manifest = manifests.load(request.out_dir)
    hashes = {}
    for path in outputs:
        entry = manifest.files.get(path.name)
        sha256 = entry["sha256"] if entry else manifests.file_sha256(path)
        if sha256 is None or path.parent != request.out_dir:
            return  # not a run that can be replayed
        hashes[path.name] = sha256
    manifest.record_run(request.command, manifests.Run(inputs, hashes, notes))
    manifest.save()
