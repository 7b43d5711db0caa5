"""Benchmark of ctgdocs against the naive way, measured in the same run. Prints figures;
asserts nothing.

    .venv/bin/python bench/run.py [--quick] [--json] [--runs N] [--only PARTS]

Measures (medians of --runs runs, 5 by default; --quick: fewer runs, smaller scale, no
PDFs at scale, done in about three minutes on 2 cores):
- render time per convention in process, and the floor (Jinja on pre-processed XML + zip
  with cached unchanged parts) in the same run (floor.py);
- `ctgdocs build` of the reference workspace, with and without PDFs, against the naive
  loop (naive.py: one process per document, one soffice per document), and a no-op rebuild;
- `ctgdocs --help`; `status`, `verify`, `history` on a 10,000-entry register (register10k.py);
- `check`, `build --no-pdf` and `build` of synthetic workspaces (synth.py) of 100, 300 and
  1,000 gestionnaires, with the peak memory of the whole process tree (LibreOffice
  included);
- at the end, the soffice.bin processes this run started and left behind (there must be
  none).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

import floor
import register10k
import synth
from naive import Naive
from proc import Measure, median_of, medians, run, soffice_processes

from ctgdocs import documents
from ctgdocs.check import checked_records
from ctgdocs.pdf import find_soffice
from ctgdocs.register.signatures import document_signatures
from ctgdocs.workspace import Workspace

ROOT = synth.ROOT
DATE = "2026-11-28"
MARKER = "CTGDOCS_BENCH_RUN"


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path):
        self.quick = args.quick
        self.runs = args.runs or (3 if self.quick else 5)
        self.pdf_runs = args.pdf_runs or (1 if self.quick else self.runs)
        self.sizes = _sizes(args.scale) or ([100] if self.quick else [100, 300, 1000])
        self.pdf_sizes = _sizes(args.scale_pdf) if args.scale_pdf is not None else (
            [] if self.quick else self.sizes)
        self.work = work
        # Bytecode caching on, as in any installation (pip compiles what it installs): with
        # PYTHONDONTWRITEBYTECODE set, every command would recompile ctgdocs from source.
        self.env = {key: value for key, value in os.environ.items()
                    if key != "PYTHONDONTWRITEBYTECODE"}
        self.env[MARKER] = uuid.uuid4().hex
        # What ctgdocs keeps between commands (prepared templates, loaded records:
        # usercache.py): this run's own, primed before the timed commands; cold commands
        # are measured apart.
        self.env["CTGDOCS_CACHE"] = str(work / "cache")
        self.soffice = find_soffice()
        script = Path(sys.executable).with_name("ctgdocs")
        self.ctgdocs = [str(script)] if script.is_file() else [sys.executable, "-m", "ctgdocs"]
        self.peaks: list[tuple[float, float]] = []  # RSS and PSS, MiB
        self.log = (lambda text: None) if args.json else (
            lambda text: print(f"  … {text}", file=sys.stderr, flush=True))

    def command(self, root: Path, *args: str, sample: bool = True) -> Measure:
        measure = run([*self.ctgdocs, "--root", str(root), "--date", DATE, "-q", *args],
                      env=self.env, sample=sample)
        self.peaks.append((measure.peak_mib, measure.peak_pss_mib))
        return measure

    def build(self, root: Path, out: Path, pdf: bool, runs: int, fresh: bool = True) -> Measure:
        def once() -> Measure:
            if fresh:
                shutil.rmtree(out, ignore_errors=True)
            return self.command(root, "build", "--out", str(out), *(() if pdf else ("--no-pdf",)))
        return median_of(runs, once)

    # -- the parts of the run

    def startup(self) -> dict[str, float]:
        run([*self.ctgdocs, "--version"], env=self.env, sample=False)  # bytecode written
        help_ = median_of(self.runs, lambda: run([*self.ctgdocs, "--help"], env=self.env,
                                                   sample=False))
        python = median_of(self.runs, lambda: run([sys.executable, "-c", "pass"],
                                                    env=self.env, sample=False))
        return {"help_s": help_.seconds, "help_cpu_s": help_.cpu_s,
                "python_start_s": python.seconds}

    def reference(self) -> dict[str, Any]:
        root = self.work / "reference"
        for name in ("records", "templates", "conventions", "pieces"):
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, root / name)
        shutil.copy(ROOT / "ctgdocs.toml", root / "ctgdocs.toml")
        naive = Naive(self._jobs(root), self.work / "naive", self.soffice, self.env)
        naive_runs = 1 if self.quick else self.runs
        figures: dict[str, Any] = {"reference_documents": len(naive.items)}
        self.log("reference build --no-pdf, and the naive loop")
        self.build(root, root / "out", False, 1)  # what ctgdocs keeps, made and kept
        measure, (wall, cpu) = _paired(lambda: self.build(root, root / "out", False, 1),
                                       self.runs, lambda: naive.build(False), naive_runs)
        figures["reference_build_nopdf_s"] = measure.seconds
        figures["reference_build_nopdf_cpu_s"] = measure.cpu_s
        figures["naive_reference_build_nopdf_s"] = wall
        figures["naive_reference_build_nopdf_cpu_s"] = cpu
        cold = self.cold(lambda: self.build(root, root / "out", False, 1))
        figures["reference_build_nopdf_cold_s"] = cold.seconds
        figures["reference_build_nopdf_cold_cpu_s"] = cold.cpu_s
        if self.soffice:
            self.log("reference build with PDFs, and the naive loop")
            measure, (wall, cpu) = _paired(lambda: self.build(root, root / "out", True, 1),
                                           self.pdf_runs, lambda: naive.build(True),
                                           self.pdf_runs)
            figures["reference_build_s"] = measure.seconds
            figures["reference_build_cpu_s"] = measure.cpu_s
            figures["naive_reference_build_s"] = wall
            figures["naive_reference_build_cpu_s"] = cpu
            figures["pdf_runs"] = self.pdf_runs
        self.log("no-op rebuild")
        pdf = self.soffice is not None
        self.build(root, root / "out", pdf, 1)
        measure = self.build(root, root / "out", pdf, 1 if self.quick else self.runs,
                             fresh=False)
        figures["noop_rebuild_s"] = measure.seconds
        figures["noop_rebuild_cpu_s"] = measure.cpu_s
        figures["noop_rebuild_with_pdf"] = pdf
        return figures

    def cold(self, measure: Callable[[], Measure]) -> Measure:
        """``measure`` run with nothing kept from earlier commands (median of the runs)."""
        def once() -> Measure:
            kept = self.env["CTGDOCS_CACHE"]
            self.env["CTGDOCS_CACHE"] = tempfile.mkdtemp(dir=self.work, prefix="cold-")
            try:
                return measure()
            finally:
                shutil.rmtree(self.env["CTGDOCS_CACHE"], ignore_errors=True)
                self.env["CTGDOCS_CACHE"] = kept
        return median_of(self.runs, once)

    def _jobs(self, root: Path) -> list[tuple[documents.Job, Path]]:
        workspace = Workspace(root)
        day = dt.date.fromisoformat(DATE)
        when = documents.Chronology(day, document_signatures(workspace))
        jobs, _ = documents.jobs_and_skipped(checked_records(workspace), when)
        return [(job, workspace.template(job.kind)) for job in jobs]

    def rendering(self) -> dict[str, float]:
        root = synth.make_workspace(self.work / "render", 100, seed=7)
        jobs = [(job, template) for job, template in self._jobs(root)
                if job.kind == "convention"]
        self.log(f"render {len(jobs)} conventions in process, and the floor")
        return floor.render_and_floor(jobs[0][1], [job.context for job, _ in jobs], self.runs)

    def scale(self) -> list[dict[str, Any]]:
        rows = []
        for size in self.sizes:
            root = synth.make_workspace(self.work / f"scale-{size}", size, seed=size)
            self.log(f"scale {size}: check")
            peaks_before = len(self.peaks)
            check_cold = self.cold(lambda r=root: self.command(r, "check"))
            check = median_of(self.runs, lambda r=root: self.command(r, "check"))
            self.log(f"scale {size}: build --no-pdf")
            nopdf = self.build(root, root / "out", False, 1 if size > 300 else self.runs)
            row: dict[str, Any] = {"gestionnaires": size, "check_s": check.seconds,
                                   "check_cpu_s": check.cpu_s,
                                   "check_cold_s": check_cold.seconds,
                                   "build_nopdf_s": nopdf.seconds,
                                   "build_nopdf_cpu_s": nopdf.cpu_s, "build_s": None,
                                   "documents": len(list((root / "out").glob("*.docx")))}
            if self.soffice and size in self.pdf_sizes:
                self.log(f"scale {size}: build with PDFs")
                row["build_s"] = self.build(root, root / "out", True, 1).seconds
            row["peak_rss_mib"] = max(rss for rss, _ in self.peaks[peaks_before:])
            row["peak_pss_mib"] = max(pss for _, pss in self.peaks[peaks_before:])
            rows.append(row)
            shutil.rmtree(root, ignore_errors=True)
        return rows

    def register(self) -> dict[str, float]:
        root = synth.make_workspace(self.work / "register", 100, seed=11)
        self.log("10,000-entry register")
        document = register10k.make_register(root, 10_000)
        figures = {}
        for key, args in (("status_10k_s", ("status",)), ("verify_10k_s", ("verify",)),
                          ("history_10k_s", ("history", document))):
            measure = median_of(self.runs, lambda a=args: self.command(root, *a, sample=False))
            figures[key] = measure.seconds
            figures[key.replace("_s", "_cpu_s")] = measure.cpu_s
        return figures

    def leftovers(self) -> list[int]:
        """soffice processes started by this run still alive (marked by our environment)."""
        marker = f"{MARKER}={self.env[MARKER]}".encode()
        found = []
        for pid in soffice_processes():
            try:
                if marker in Path(f"/proc/{pid}/environ").read_bytes():
                    found.append(pid)
            except OSError:
                continue
        return found


# The parts of a run, in order: name -> Bench method.
PARTS = {"startup": "startup", "render": "rendering", "reference": "reference",
         "register": "register", "scale": "scale"}


def _names(text: str | None) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()] if text else []


def _sizes(text: str | None) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()] if text else []


def _paired(ours: Callable[[], Measure], runs: int, naive: Callable[[], tuple[float, float]],
            naive_runs: int) -> tuple[Measure, tuple[float, float]]:
    """ctgdocs and the naive loop run in turn (a machine that drifts during the measure
    drifts for both), and the medians of each."""
    mine: list[Measure] = []
    theirs: list[tuple[float, float]] = []
    for index in range(max(runs, naive_runs)):
        if index < runs:
            mine.append(ours())
        if index < naive_runs:
            theirs.append(naive())
    return medians(mine), _medians(theirs)


def _medians(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return _median([a for a, _ in pairs]), _median([b for _, b in pairs])


def _median(values: list[float]) -> float:
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def machine(soffice: str | None) -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError, StopIteration):
        model = next(line.split(":", 1)[1].strip() for line in
                     Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    version = ""
    if soffice:
        version = subprocess.run([soffice, "--version"], capture_output=True, text=True,
                                 check=False).stdout.strip()
    return {"cpus": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "system": platform.platform(), "libreoffice": version,
            "load_average": os.getloadavg()}


def ratios(figures: dict[str, Any]) -> dict[str, float]:
    out = {}
    pairs = (("render_vs_floor", "render_ms_per_convention", "floor_ms_per_convention"),
             ("render_vs_floor_cpu", "render_cpu_ms_per_convention",
              "floor_cpu_ms_per_convention"),
             ("naive_over_build_nopdf_cpu", "naive_reference_build_nopdf_cpu_s",
              "reference_build_nopdf_cpu_s"),
             ("naive_over_build_cpu", "naive_reference_build_cpu_s", "reference_build_cpu_s"),
             ("naive_over_build_nopdf", "naive_reference_build_nopdf_s",
              "reference_build_nopdf_s"),
             ("naive_over_build", "naive_reference_build_s", "reference_build_s"))
    for name, top, bottom in pairs:
        if figures.get(top) and figures.get(bottom):
            out[name] = figures[top] / figures[bottom]
    return out


def table(figures: dict[str, Any]) -> str:
    lines = [f"machine : {figures['machine']['cpus']} cœurs, {figures['machine']['cpu']}, "
             f"charge {figures['machine']['load_average']}"]
    for key, value in figures.items():
        if key in ("machine", "scale", "ratios"):
            continue
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        lines.append(f"{key:32} {shown}")
    for key, value in figures.get("ratios", {}).items():
        lines.append(f"{key:32} {value:.1f}×")
    lines.append(f"{'gestionnaires':>14} {'documents':>9} {'check_s':>8} {'froid_s':>8} "
                 f"{'nopdf_s':>8} {'build_s':>8} {'rss_Mio':>8} {'pss_Mio':>8}")
    for row in figures.get("scale", []):
        build = "-" if row["build_s"] is None else f"{row['build_s']:.1f}"
        lines.append(f"{row['gestionnaires']:>14} {row['documents']:>9} {row['check_s']:>8.2f} "
                     f"{row['check_cold_s']:>8.2f} {row['build_nopdf_s']:>8.2f} {build:>8} "
                     f"{row['peak_rss_mib']:>8.0f} {row['peak_pss_mib']:>8.0f}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="about three minutes")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--runs", type=int, default=0, help="runs per median (default 5)")
    parser.add_argument("--pdf-runs", type=int, default=0,
                        help="runs of the builds with PDFs, naive loop included (default --runs)")
    parser.add_argument("--scale", help="gestionnaires of the synthetic workspaces, "
                        "comma-separated (default 100,300,1000)")
    parser.add_argument("--scale-pdf", help="those also built with PDFs (default: all; "
                        "--quick: none)")
    parser.add_argument("--only", help="comma-separated parts to measure (default all): "
                        + ",".join(PARTS))
    args = parser.parse_args()
    parts = _names(args.only) or list(PARTS)
    if unknown := set(parts) - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="ctgdocs-bench-") as tmp:
        bench = Bench(args, Path(tmp))
        figures: dict[str, Any] = {"machine": machine(bench.soffice), "quick": args.quick,
                                   "runs": bench.runs}
        for part in parts:
            measured = getattr(bench, PARTS[part])()
            if part == "scale":
                figures["scale"] = measured
            else:
                figures.update(measured)
        figures["peak_rss_mib"] = max((rss for rss, _ in bench.peaks), default=0.0)
        figures["peak_pss_mib"] = max((pss for _, pss in bench.peaks), default=0.0)
        figures["leftover_soffice"] = bench.leftovers()
        figures["ratios"] = ratios(figures)
    print(json.dumps(figures, indent=2, ensure_ascii=False) if args.json else table(figures))
    return 1 if figures["leftover_soffice"] else 0


if __name__ == "__main__":
    sys.exit(main())
