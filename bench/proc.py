"""Running commands for the benchmark: wall time, peak memory of the whole process tree.

The peak is the largest sum of the resident memory of a command and all its descendants
(LibreOffice included), sampled from /proc every 20 ms while it runs (Linux).
"""

from __future__ import annotations

import os
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


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    total, pending, seen = 0, [pid], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _rss(current)
        pending += _children(current)
    return total


def run(command: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
        sample: bool = True, check: bool = True) -> Measure:
    """Run ``command`` (output discarded); its wall time and the peak of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    peak = 0
    if sample:
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.02)
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    if check and process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): "
                           f"{errors.decode(errors='replace')[-2000:]}")
    return Measure(seconds, peak / MIB, process.returncode)


def median_of(runs: int, measure: Callable[[], Measure]) -> Measure:
    """The median time of ``runs`` measures, with the largest peak seen."""
    measures = [measure() for _ in range(max(1, runs))]
    return Measure(statistics.median(m.seconds for m in measures),
                   max(m.peak_mib for m in measures), 0)


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
