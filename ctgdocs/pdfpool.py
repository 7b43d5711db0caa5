"""Conversions by LibreOffice, one process per core, fed while documents are rendered.

A ``Pool`` has one worker per core (never more than there are files), each with its own
LibreOffice profile (two soffice sharing a profile fail silently), begun as a copy of a seed
(officeprofile.py). soffice takes its files when it starts and each start costs about a
second of processor time, so each worker converts its share of the files in one start
(``MAX_FILES_PER_START`` at most): when the caller says how many files may still come
(``submit(..., more=)``), an idle worker waits until its share is rendered (the files
waiting and still to come, divided between the workers not converting yet), then starts on
it while the next files are rendered for the next worker; once every file is in, the files
waiting are shared out between the idle workers. A file on which LibreOffice hangs is
abandoned after ``timeout_per_file``, named, and its worker's other files go back in the
queue, as do the files a start left undone; a file LibreOffice cannot read is named. The
others are returned.

All the work (profiles, outputs) lives in one throw-away folder that records its owner
and its soffice processes, so that a run killed by SIGKILL is cleaned by the next
(``pdf.clean_stale``). Any other way out — end, error, Ctrl-C, SIGTERM, SIGHUP — stops
every soffice process group and removes the folder: the caller takes the outputs (files,
not bytes held in memory) before it leaves the pool.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from . import officeprofile, pdf
from .interrupt import stopping

FORMATS = {  # name -> (LibreOffice filter, output extension)
    "pdf": ("pdf:writer_pdf_Export", "pdf"),
    # PDF/A-2b: the JSON form of the filter options (the older "SelectPdfVersion=2" is
    # silently ignored by LibreOffice 7.4)
    "pdfa": ('pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}', "pdf"),
    "odt": ("odt:writer8", "odt"),
}


POLL_SECONDS = 0.2
# LibreOffice 7.4 converts at most 243 files in one start, then quits with status 0 as if it
# had done them all (measured here; the per-file cost does not depend on the batch's size).
MAX_FILES_PER_START = 100


def formats(with_pdf: bool, pdfa: bool = False, odt: bool = False) -> list[str]:
    """The conversions asked for: PDF (or PDF/A-2b) and ODT."""
    return (["pdfa" if pdfa else "pdf"] if with_pdf else []) + (["odt"] if odt else [])


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Task:
    key: Path  # what the caller calls the file (named in messages)
    source: Path  # the .docx LibreOffice reads
    fmt: str  # a key of FORMATS


class Pool:
    def __init__(self, timeout_per_file: float = pdf.FILE_SECONDS,
                 workers: int | None = None,
                 progress: Callable[[Path, str], None] | None = None):
        """``progress(key, format)`` is called (from a worker thread) as each file is
        converted."""
        soffice = pdf.find_soffice()
        if soffice is None:
            raise pdf.LibreOfficeMissing()
        self.soffice = soffice
        self.timeout = timeout_per_file
        self.workers = workers or default_workers()
        self._progress = progress
        self._cond = threading.Condition()
        self._queue: list[Task] = []
        self._closed = False
        self._stopped = False
        self._idle = 0  # workers waiting for files
        self._busy = 0  # workers converting
        self._more: int | None = None  # files that may still be submitted (None: unknown)
        self._threads: list[threading.Thread] = []
        self._ended: list[threading.Event] = []  # one a worker, set as it ends
        self._offices: dict[int, int] = {}  # worker -> soffice pid running now
        self._starts = itertools.count(1)
        self.results: dict[tuple[Path, str], Path] = {}  # outputs, in the pool's folder
        self.failed: list[Path] = []
        self.hung: list[Path] = []
        self._errors: list[BaseException] = []
        self._seeding = threading.Lock()
        self._seeded: tuple[bytes | None] | None = None
        self._stop_signals = stopping(self.stop)
        pdf.clean_stale()
        self.work = Path(tempfile.mkdtemp(prefix=pdf.PROFILE_PREFIX))
        self._write_owner()

    # ------------------------------------------------------------ the caller's side

    def __enter__(self) -> Pool:
        self._stop_signals.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.stop()
            self._wait_workers()
        finally:
            shutil.rmtree(self.work, ignore_errors=True)
            self._stop_signals.__exit__(kind, exc, tb)

    def submit(self, key: Path, fmt: str = "pdf", source: Path | None = None,
               more: int | None = None) -> None:
        """Queue ``key`` (read from ``source`` when given: a file of the same name) for
        ``fmt``; ``more``: how many files at most may be submitted after this one, if
        known."""
        with self._cond:
            self._queue.append(Task(key, source or key, fmt))
            self._more = more
            if len(self._threads) < self.workers and self._idle == 0:
                self._add_worker().start()
            self._cond.notify()

    def run(self, tasks: list[tuple[Path, str]]) -> dict[tuple[Path, str], Path]:
        """Convert files that all exist already, shared out evenly between the workers."""
        with self._cond:
            self._queue += [Task(key, key, fmt) for key, fmt in tasks]
            self._closed = True
        # every worker counted before the first takes its share
        for thread in [self._add_worker() for _ in range(min(self.workers, len(tasks)))]:
            thread.start()
        return self.finish()

    def finish(self) -> dict[tuple[Path, str], Path]:
        """Wait for every file; the outputs by (key, format): files in the pool's folder,
        removed with it. Raises PartialConversion, naming the files that failed, with the
        outputs of the others."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._wait_workers()
        if self._errors:
            raise self._errors[0]
        if self._stopped:  # by a signal whose exception was lost: never a partial result
            raise KeyboardInterrupt
        if self.failed or self.hung:
            raise pdf.PartialConversion(
                pdf.failure_message(self.failed, self.hung, self.timeout),
                self.failed + self.hung, self.results)
        return self.results

    def stop(self) -> None:
        """Stop every LibreOffice now (also from a signal handler)."""
        with self._cond:
            self._stopped = True
            offices = list(self._offices.values())
            self._cond.notify_all()
        for pid in offices:
            pdf.kill_group(pid)

    # ------------------------------------------------------------ the workers

    def _add_worker(self) -> threading.Thread:
        index = len(self._threads)
        ended = threading.Event()
        thread = threading.Thread(target=self._work, args=(index, ended), daemon=True,
                                  name=f"ctgdocs-libreoffice-{index}")
        self._threads.append(thread)
        self._ended.append(ended)
        return thread

    def _wait_workers(self) -> None:
        """Until every worker started has ended. Not ``Thread.join``: a signal interrupting
        it may mark a live thread as ended (CPython 3.11, bpo-45274's handling; seen here:
        the pool's folder was removed while a worker still wrote in it)."""
        for thread, ended in zip(self._threads, self._ended, strict=True):
            while thread.ident is not None and not ended.wait(POLL_SECONDS):
                pass  # wakes up now and then: a signal is handled at once

    def _work(self, index: int, ended: threading.Event) -> None:
        try:
            for batch in iter(lambda: self._take(), None):
                try:
                    self._convert(index, batch)
                finally:
                    with self._cond:
                        self._busy -= 1
        except BaseException as exc:  # handed to the caller by finish()
            with self._cond:
                self._errors.append(exc)
                self._stopped = True
                self._cond.notify_all()
        finally:
            ended.set()

    def _take(self) -> list[Task] | None:
        """The next files for one soffice start: same format, distinct names (soffice
        names its outputs after its inputs); None when there is nothing left to do."""
        with self._cond:
            self._idle += 1
            while not self._stopped and not self._closed and len(self._queue) < max(
                    1, self._share()):
                self._cond.wait()
            self._idle -= 1
            if self._stopped or not self._queue:
                return None
            share = len(self._queue) if self._closed else self._share()
            if self._closed:  # every file is in: leave their share to the other workers
                share = min(-(-share // max(1, len(self._threads) - self._busy)),
                            MAX_FILES_PER_START)
            self._busy += 1
            fmt, names, batch = self._queue[0].fmt, set[str](), list[Task]()
            for task in list(self._queue):
                if len(batch) == share:
                    break
                if task.fmt == fmt and task.source.name not in names:
                    names.add(task.source.name)
                    batch.append(task)
                    self._queue.remove(task)
            return batch

    def _share(self) -> int:
        """While files are still to come: how many one start converts (the files waiting
        and to come, divided between the workers not converting); else all waiting; never
        more than ``MAX_FILES_PER_START``."""
        share = len(self._queue)
        if self._more is not None:
            share = -(-(share + self._more) // max(1, self.workers - self._busy))
        return min(share, MAX_FILES_PER_START)

    def _convert(self, index: int, batch: list[Task]) -> None:
        filter_name, extension = FORMATS[batch[0].fmt]
        outdir = self.work / f"out-{index}-{next(self._starts)}"
        told, progress = 0, self._progress or (lambda _key, _fmt: None)

        def advanced(count: int) -> None:
            nonlocal told
            for task in batch[told:count]:
                progress(task.key, task.fmt)
            told = max(told, count)

        profile = self.work / f"profile-{index}"
        officeprofile.lay(self._seed(), profile)
        stopped, hung = pdf.run_batch(self.soffice, profile, outdir,
                                      [task.source for task in batch], self.timeout,
                                      filter_name, extension,
                                      lambda pid: self._running(index, pid), advanced)
        retry: list[Task] = []
        outputs = [outdir / f"{task.source.stem}.{extension}" for task in batch]
        done = [pdf.complete(output, extension) for output in outputs]
        # A start that quit early, as if done, after converting some files: those after its
        # last output were not tried (a file it cannot read, alone in a start, is named).
        last = max((i for i, complete in enumerate(done) if complete), default=None)
        if stopped is None and last is not None and last < len(batch) - 1:
            stopped = last
        with self._cond:
            for position, (task, output) in enumerate(zip(batch, outputs, strict=True)):
                if stopped is not None and position > stopped:
                    retry.append(task)  # not tried: to another start
                    continue
                if position == stopped and hung:
                    self.hung.append(task.key)
                elif not done[position]:
                    self.failed.append(task.key)
                else:
                    self.results[(task.key, task.fmt)] = output
            self._queue[0:0] = retry
            self._cond.notify_all()

    def _seed(self) -> bytes | None:
        """The seed of the workers' profiles (officeprofile.py), made by the first that needs
        it while the others wait."""
        with self._seeding:
            if self._seeded is None:
                self._seeded = (officeprofile.seed(self.soffice, self.work),)
            return self._seeded[0]

    def _running(self, index: int, pid: int | None) -> bool:
        """Note the soffice a worker runs (None: it ended); False once the pool stops."""
        with self._cond:
            if pid is None:
                self._offices.pop(index, None)
            else:
                self._offices[index] = pid
            self._write_owner()
            return not self._stopped

    def _write_owner(self) -> None:
        with contextlib.suppress(OSError):
            (self.work / pdf.OWNER_FILE).write_text(json.dumps(
                {"pid": os.getpid(), "soffice": sorted(self._offices.values())}),
                encoding="utf-8")
