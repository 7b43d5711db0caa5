"""Loaded records kept from one command to the next, in the user's cache folder.

Loading records (reading the YAML, validating every model, marking illustrative values) costs
40 to 80 ms for the reference workspace; every command pays it, again for each register
snapshot it reads and for each past day whose records it rebuilds. The result depends on
nothing but the bytes read, the limits and the tools (ctgdocs's code, Python, the libraries),
so it is kept (usercache.py: where, and which folder is trusted), named by the digest of all
of them, and taken back only under that name: a file changed, added or removed, another
limit or another version of ctgdocs loads anew. What the rules find in them, and what
register/asof.py decides from them, are kept the same way while the register and the
settings are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable
from typing import Any, TypeVar

from . import usercache
from .buildinputs import file_states, tools_identity
from .errors import Finding
from .manifest import digest
from .records import DiskSource, Records, SnapshotSource, load_from
from .workspace import Workspace
from .yamlfile import YamlProblem

FORMAT = "1"  # of the kept files (any change to ctgdocs's code changes tools_identity)
KEEP = 256  # files kept: the workspace's recent states and the register's snapshots
KIND = "fiches"
Loaded = tuple[Records | None, list[Finding]]
T = TypeVar("T")


def name(source: DiskSource, partial: bool = False) -> str | None:
    """The name the records of ``source`` are kept under; None when a file cannot be read
    (the loader says why)."""
    workspace = source.workspace
    try:
        files = [f"{file}\0{hashlib.sha256(source.raw(file)).hexdigest()}"
                 for file in source.names()]
    except (YamlProblem, OSError):
        return None
    return _name(["fiches", partial, workspace.settings.limites.model_dump_json(),
                  workspace.display(workspace.records_dir), *files])


def load(source: DiskSource, partial: bool = False, kept_as: str | None = None) -> Loaded:
    """``load_from(source, partial)``, taken back when the same bytes were loaded before
    (``kept_as``: their ``name``, if known)."""
    kept_as = kept_as or name(source, partial)
    if kept_as is None:
        return load_from(source, partial)
    return _kept(kept_as, lambda: load_from(source, partial))


def findings(records_name: str, workspace: Workspace,
             make: Callable[[], list[Finding]]) -> list[Finding]:
    """What the rules find in the records kept as ``records_name`` (``make()``), taken back
    while the register and the settings are those they were found with."""
    return kept(["constats", records_name, workspace.settings.model_dump_json(),
                 register_state(workspace)], make)


def kept(parts: list[object], make: Callable[[], T]) -> T:
    """``make()``, taken back when it was made from the same ``parts`` (which must name all
    it depends on besides the tools)."""
    return _kept(_name(parts), make)


def load_snapshot(raw: bytes, snapshot: str) -> Loaded:
    """The records of the register snapshot whose digest is ``snapshot`` (its bytes
    ``raw``, checked by the caller)."""
    return kept(["instantane", snapshot], lambda: load_from(SnapshotSource(json.loads(raw))))


def load_data(data: dict[str, Any]) -> Loaded:
    """The records of files given as data ({name: data}: a past day's records, rebuilt)."""
    return kept(["donnees", data_digest(data)], lambda: load_from(SnapshotSource(data)))


def data_digest(data: dict[str, Any]) -> str:
    """The digest of records as data; ``repr`` tells their values apart with their types
    (a date and its ISO text)."""
    return hashlib.sha256(repr(data).encode()).hexdigest()


def register_state(workspace: Workspace) -> str:
    """The register as it is on disk: every file of it by name, size and modification time
    (its journal is only added to, its objects are named by their content)."""
    return digest(file_states(workspace.register_dir))


def _name(parts: list[object]) -> str:
    return usercache.name(FORMAT, tools_identity(), *parts)


def _kept(kept_as: str, make: Callable[[], T]) -> T:
    kept = usercache.read(KIND, f"{kept_as}.fiches")
    if kept is not None:
        try:
            loaded: T = pickle.loads(kept)
            return loaded
        except Exception:  # damaged, or written by other code: made again
            pass
    loaded = make()
    try:
        data = pickle.dumps(loaded, pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):  # not kept: made each time
        return loaded
    usercache.write(KIND, f"{kept_as}.fiches", data, KEEP)
    return loaded
