"""Running commands for the benchmark: wall time, peak memory of the whole process tree.

The peak is the largest sum of the resident memory of a command and all its descendants
(LibreOffice included), sampled from /proc every 20 ms while it runs (Linux): resident sizes
(RSS, which count the libraries two LibreOffice processes share twice) and proportional
sizes (PSS, each shared page divided between the processes that map it: what the tree
takes from the machine). A process forked by its parent and still running its parent's
program shares its parent's pages until it writes to them: its RSS counts only its own
(private) pages. LibreOffice forks itself, for a few milliseconds, to start each gpg helper
(five times a start, each fork holding its whole resident size), and ctgdocs forks its
render workers.
"""

from __future__ import annotations

import contextlib
import os
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MIB = 1024 * 1024


@dataclass
class Measure:
    seconds: float
    peak_mib: float
    returncode: int
    cpu_s: float = 0.0  # processor time (user + system) of the command and its children
    peak_pss_mib: float = 0.0


def children_cpu() -> float:
    """Processor time of every child process waited for so far (and their children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
        except OSError:
            continue
        found += [int(child) for child in text.split()]
    return found


def _sizes(pid: int) -> tuple[int, int, int]:
    """Resident, proportional and private bytes of ``pid``."""
    sizes = dict.fromkeys(("Rss", "Pss", "Private_Clean", "Private_Dirty"), 0)
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in sizes:
                sizes[key] = int(value.split()[0]) * 1024
    except (OSError, IndexError, ValueError):
        return 0, 0, 0
    return sizes["Rss"], sizes["Pss"], sizes["Private_Clean"] + sizes["Private_Dirty"]


def _program(pid: int) -> str | None:
    with contextlib.suppress(OSError):
        return os.readlink(f"/proc/{pid}/exe")
    return None


def tree_sizes(pid: int) -> tuple[int, int]:
    """Resident and proportional bytes of ``pid`` and all its descendants; a fork still
    running its parent's program adds only its private pages to the resident sum."""
    rss = pss = 0
    pending: list[tuple[int, str | None]] = [(pid, None)]
    seen = set()
    while pending:
        current, parent_program = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        program = _program(current)
        resident, proportional, private = _sizes(current)
        rss += private if program is not None and program == parent_program else resident
        pss += proportional
        # a parent gone meanwhile (LibreOffice forks twice: the middle one ends at once)
        # passes its own parent's program on
        pending += [(child, program or parent_program) for child in _children(current)]
    return rss, pss


def run(command: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
        sample: bool = True, check: bool = True) -> Measure:
    """Run ``command`` (output discarded); its wall time and the peak of its process tree."""
    started = time.perf_counter()
    cpu = children_cpu()
    process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    peak = peak_pss = 0
    if sample:
        while process.poll() is None:
            rss, pss = tree_sizes(process.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(0.02)  # the end seen at once: wall times are not rounded up
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    if check and process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): "
                           f"{errors.decode(errors='replace')[-2000:]}")
    return Measure(seconds, peak / MIB, process.returncode, children_cpu() - cpu,
                   peak_pss / MIB)


def median_of(runs: int, measure: Callable[[], Measure]) -> Measure:
    """The median time of ``runs`` measures, with the largest peaks seen."""
    return medians([measure() for _ in range(max(1, runs))])


def medians(measures: list[Measure]) -> Measure:
    """The median times of ``measures``, with the largest peaks seen."""
    return Measure(statistics.median(m.seconds for m in measures),
                   max(m.peak_mib for m in measures), 0,
                   statistics.median(m.cpu_s for m in measures),
                   max(m.peak_pss_mib for m in measures))


def soffice_processes() -> set[int]:
    """PIDs of the soffice.bin processes running now (any user)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            name = Path(f"/proc/{entry}/comm").read_text().strip()
        except OSError:
            continue
        if name.startswith("soffice"):
            found.add(int(entry))
    return found
