"""Loaded records kept from one command to the next, in the user's cache folder.

Loading records (reading the YAML, validating every model, marking illustrative values) costs
40 to 80 ms for the reference workspace; every command pays it, again for each register
snapshot it reads and for each past day whose records it rebuilds. The result depends on
nothing but the bytes read, the limits and the tools (ctgdocs's code, Python, the libraries),
so it is kept (usercache.py: where, and which folder is trusted), named by the digest of all
of them, and taken back only under that name: a file changed, added or removed, another
limit or another version of ctgdocs loads anew.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable
from typing import Any

from . import usercache
from .buildinputs import tools_identity
from .errors import Finding
from .records import DiskSource, Records, SnapshotSource, load_from
from .yamlfile import YamlProblem

FORMAT = "1"  # of the kept files; bump when Records or the models change their fields
KEEP = 256  # files kept: the workspace's recent states and the register's snapshots
KIND = "fiches"
Loaded = tuple[Records | None, list[Finding]]


def load(source: DiskSource, partial: bool = False) -> Loaded:
    """``load_from(source, partial)``, taken back when the same bytes were loaded before."""
    workspace = source.workspace
    sha = _digest(FORMAT, tools_identity(), "fiches", partial,
                  workspace.settings.limites.model_dump_json(),
                  workspace.display(workspace.records_dir))
    try:
        for name in source.names():
            sha.update(f"{name}\0{hashlib.sha256(source.raw(name)).hexdigest()}\0".encode())
    except (YamlProblem, OSError):  # the loader says what cannot be read
        return load_from(source, partial)
    return _kept(sha.hexdigest(), lambda: load_from(source, partial))


def load_snapshot(raw: bytes, digest: str) -> Loaded:
    """The records of the register snapshot ``digest`` (its bytes ``raw``, checked by the
    caller)."""
    name = _digest(FORMAT, tools_identity(), "instantane", digest).hexdigest()
    return _kept(name, lambda: load_from(SnapshotSource(json.loads(raw))))


def load_data(data: dict[str, Any]) -> Loaded:
    """The records of files given as data ({name: data}: a past day's records, rebuilt);
    ``repr`` tells their values apart with their types (a date and its ISO text)."""
    name = _digest(FORMAT, tools_identity(), "donnees",
                   hashlib.sha256(repr(data).encode()).hexdigest()).hexdigest()
    return _kept(name, lambda: load_from(SnapshotSource(data)))


def _digest(*parts: object) -> hashlib._Hash:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(f"{part}\0".encode())
    return sha


def _kept(name: str, make: Callable[[], Loaded]) -> Loaded:
    kept = usercache.read(KIND, f"{name}.fiches")
    if kept is not None:
        try:
            loaded: Loaded = pickle.loads(kept)
            return loaded
        except Exception:  # damaged, or written by other code: made again
            pass
    loaded = make()
    usercache.write(KIND, f"{name}.fiches", pickle.dumps(loaded, pickle.HIGHEST_PROTOCOL),
                    KEEP)
    return loaded
