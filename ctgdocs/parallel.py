"""Rendering many documents on every core, with the bytes a serial run gives.

When there are enough documents for it to pay (``MIN_PER_WORKER`` each), the prepared
templates are forked into one worker per core, each renders consecutive slices of the list,
and the parent puts the results back in order: the same function renders each document in
either case, so the files are byte-identical to a serial run (tests/test_parallel.py). The
first error, in the order of the documents, is the one raised, as serially. Templates that
did not ship with ctgdocs are rendered in a limited child process each (isolation.py), which
a worker cannot start: with such a template the run stays serial. So does a platform
without ``fork``, and a build with PDFs (generate.py): there LibreOffice keeps every core
busy far longer than rendering, and forked workers would only add their memory to its.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import marking
from .errors import CtgdocsError
from .render import Templates

Item = tuple[Path, dict[str, Any], str]  # template, context, name for messages
MIN_PER_WORKER = 16  # below this a worker costs more (fork, pickling) than it saves
SLICES_PER_WORKER = 4  # smaller slices even out the workers' loads

_work: tuple[Templates, list[Item]] | None = None  # what forked workers inherit


def workers_for(count: int) -> int:
    """How many processes render ``count`` documents: 1 (serial) unless it pays."""
    cores = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
             else os.cpu_count() or 1)
    return max(1, min(cores, count // MIN_PER_WORKER))


def render_all(templates: Templates, items: list[Item], workers: int | None = None,
               done: Callable[[int], None] | None = None) -> list[bytes]:
    """The .docx of each item, in order. ``workers`` forces the number of processes (tests);
    ``done(index)`` is called as each document is rendered (in order)."""
    tell = done or (lambda _: None)
    out = []
    for index, data in enumerate(render_each(templates, items, workers)):
        out.append(data)
        tell(index)
    return out


def render_each(templates: Templates, items: list[Item],
                workers: int | None = None) -> Iterator[bytes]:
    """The .docx of each item, in order, each as soon as it is rendered (so that the
    caller can hand it on, e.g. to LibreOffice, while the next ones are rendered)."""
    count = workers if workers is not None else workers_for(len(items))
    if count < 2 or not _can_fork() or not all(
            templates.in_process(t, n) for t, _, n in items):
        for template, context, name in items:
            yield templates.render(template, context, name)
        return
    for template, _, name in items:  # prepared before forking: workers inherit them
        templates.prepared(template, name)
    yield from _forked(templates, items, count)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _slices(total: int, count: int) -> list[tuple[int, int]]:
    size = max(1, -(-total // (count * SLICES_PER_WORKER)))
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def _forked(templates: Templates, items: list[Item], count: int) -> Iterator[bytes]:
    global _work
    _work = (templates, items)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(count, initializer=_worker_start) as pool:
            for rendered, found, error in pool.imap(_render_slice,
                                                    _slices(len(items), count)):
                marking.note(found)
                yield from rendered
                if error is not None:
                    raise error
    finally:
        _work = None


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    # a handler inherited from the parent (e.g. the one stopping its LibreOffice, pdfpool)
    # must not run here when the pool ends its workers with SIGTERM
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _render_slice(bounds: tuple[int, int]) -> tuple[list[bytes], set[str],
                                                    CtgdocsError | None]:
    assert _work is not None
    templates, items = _work
    rendered: list[bytes] = []
    with marking.collecting() as found:
        try:
            for template, context, name in items[bounds[0]:bounds[1]]:
                rendered.append(templates.render(template, context, name))
        except CtgdocsError as exc:  # reported after the documents before it, as serially
            return rendered, set(found), exc
    return rendered, set(found), None
