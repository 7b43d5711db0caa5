"""Rendering a template that did not ship with ctgdocs in a worker process under limits.

A default template (byte-identical to one installed with ctgdocs) is rendered in process:
it costs nothing. Any other template is rendered in a child process whose memory (address
space, Linux) and processor time are capped, and which is killed when it overruns
``rendu_secondes``: whatever a hand-edited template asks for, the command ends with a
French message. Where processes cannot be forked (Windows) the child is spawned.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from . import marking, packaged
from .errors import CtgdocsError, TemplateError
from .limits import Limites, exceeded

T = TypeVar("T")
MIB = 1024 * 1024


@functools.cache
def shipped_digests() -> frozenset[str]:
    """SHA-256 of each default template installed with ctgdocs (see packaged.py)."""
    folder = packaged.templates_folder()
    if folder is None:
        return frozenset()
    return frozenset(hashlib.sha256((folder / name).read_bytes()).hexdigest()
                     for name in packaged.template_names())


def is_shipped(data: bytes) -> bool:
    return hashlib.sha256(data).hexdigest() in shipped_digests()


def run_limited(function: Callable[..., T], args: tuple[Any, ...], name: str,
                limits: Limites) -> T:
    """``function(*args)`` in a child process under the limits; its result, or its error.
    Illustrative values it printed are noted as if it had run here."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(  # type: ignore[attr-defined]
        target=_child, args=(sender, function, args, limits), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.rendu_secondes):
            raise TemplateError(f"{name} : " + exceeded(
                "la durée du remplissage du modèle", "rendu_secondes", limits.rendu_secondes))
        try:
            ok, value = receiver.recv()
        except (EOFError, OSError):
            ok, value = False, MemoryError()  # killed by a limit without a word
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if not ok:
        if isinstance(value, MemoryError):
            raise TemplateError(f"{name} : " + exceeded(
                "la mémoire du remplissage du modèle (Mo)", "rendu_memoire_mo",
                limits.rendu_memoire_mo))
        raise value
    result, found = value
    marking.note(found)
    return result  # type: ignore[no-any-return]


def _child(sender: Any, function: Callable[..., Any], args: tuple[Any, ...],
           limits: Limites) -> None:
    _limit_resources(limits)
    try:
        with marking.collecting() as found:
            result = function(*args)
        message: tuple[bool, Any] = (True, (result, found))
    except MemoryError:
        message = (False, MemoryError())
    except CtgdocsError as exc:
        message = (False, exc)
    except BaseException as exc:  # everything must cross back as a French error
        message = (False, TemplateError(str(exc)))
    try:
        sender.send(message)
    finally:
        sender.close()
        os._exit(0)


def _limit_resources(limits: Limites) -> None:
    try:
        import resource
    except ImportError:  # Windows: the parent's timeout is the only bound
        return
    seconds = limits.rendu_secondes + 1
    memory = _address_space() + limits.rendu_memoire_mo * MIB
    for kind, value in ((resource.RLIMIT_CPU, seconds), (resource.RLIMIT_AS, memory)):
        try:
            _, hard = resource.getrlimit(kind)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(kind, (value, hard))
        except (ValueError, OSError):
            pass


def _address_space() -> int:
    """The address space this process already uses (Linux), so the cap adds to it."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")
