"""Benchmark: render the reference workspace and convert it to PDF, against the naive script.

Prints figures; asserts nothing. Run: .venv/bin/python bench/build.py [--copies N]
The naive baseline is one `soffice --convert-to pdf` per file, as a hand-written script does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ctgdocs import documents
from ctgdocs.check import checked_records
from ctgdocs.pdf import convert, find_soffice
from ctgdocs.render import render_docx
from ctgdocs.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=1, help="render the documents N times")
    args = parser.parse_args()
    workspace = Workspace(ROOT)

    start = time.perf_counter()
    records = checked_records(workspace)
    jobs = documents.all_jobs(records, dt.date(2026, 11, 28)) * args.copies
    loaded = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        paths = []
        for index, job in enumerate(jobs):
            data = render_docx(workspace.template(job.kind), job.context, job.kind)
            path = out / f"{index:04d}-{job.name}.docx"
            path.write_bytes(data)
            paths.append(path)
        rendered = time.perf_counter()
        print(f"load+check records   : {loaded - start:6.3f} s")
        print(f"render {len(jobs):4d} .docx    : {rendered - loaded:6.3f} s "
              f"({(rendered - loaded) / len(jobs) * 1000:.1f} ms/doc)")
        soffice = find_soffice()
        if soffice is None:
            print("LibreOffice absent: PDF figures skipped")
            return
        convert(paths)
        batch = time.perf_counter() - rendered
        print(f"PDF, one soffice run : {batch:6.3f} s ({batch / len(paths):.3f} s/doc)")
        naive_start = time.perf_counter()
        for path in paths:
            with tempfile.TemporaryDirectory() as profile:
                subprocess.run(
                    [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                     "--convert-to", "pdf", "--outdir", str(out / "naive"), str(path)],
                    check=True, capture_output=True)
        naive = time.perf_counter() - naive_start
        print(f"PDF, naive per file  : {naive:6.3f} s ({naive / len(paths):.3f} s/doc)")
        print(f"speed-up vs naive    : {naive / batch:6.1f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (python) : {peak:6.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
