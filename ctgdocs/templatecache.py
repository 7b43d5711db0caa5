"""Prepared templates kept from one build to the next, in the user's cache folder.

Preparing a template (opening it, pre-processing it and compiling its Jinja sources:
prepared.py) costs 30 to 70 ms, paid by every build for each of its templates. The result is
kept in the user's cache folder (usercache.py: where, and which folder is trusted), one file
per template, named by the digest of all it is made from: the template's bytes, the limits,
and the tools (ctgdocs's code, Python, the libraries: ``buildinputs.tools_identity``). A
file that does not load is ignored and written again.
"""

from __future__ import annotations

import hashlib
import marshal

from . import usercache
from .buildinputs import tools_identity
from .limits import Limites
from .prepared import Preparation

FORMAT = "3"  # of the cached files; bump when Preparation changes
KEEP = 64  # files kept: a few versions of every template
KIND = "modeles"
OFF = usercache.OFF


def key(data: bytes, limits: Limites) -> str:
    """The name of the preparation of the template ``data`` under ``limits``."""
    return usercache.name(FORMAT, tools_identity(), limits.model_dump_json(),
                          hashlib.sha256(data).hexdigest())


def load(name: str) -> Preparation | None:
    """The preparation kept under ``name``; None if there is none, or none to trust."""
    kept = usercache.read(KIND, f"{name}.modele")
    if kept is None:
        return None
    try:
        return Preparation.load(marshal.loads(kept))
    except (ValueError, EOFError, TypeError):  # damaged or outdated
        return None


def save(name: str, prepared: Preparation) -> None:
    """Keep ``prepared`` under ``name``, if the cache folder can be trusted (else nothing)."""
    usercache.write(KIND, f"{name}.modele", marshal.dumps(prepared.dump()), KEEP)
