"""The naive baseline, run by the benchmark itself: one process per document.

For each document a fresh Python process renders it with plain docxtpl
(``naive_render.py``) and, with PDFs, one ``soffice --convert-to pdf`` converts it: what a
hand-written loop does. The contexts are ctgdocs's own (computed before the clock starts),
so both sides render the same data with the same templates.
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

from proc import run

from ctgdocs.documents import Job

HERE = Path(__file__).resolve().parent


class Naive:
    def __init__(self, jobs: list[tuple[Job, Path]], work: Path, soffice: str | None,
                 env: dict[str, str]):
        """``jobs``: each job with its template; ``work``: a scratch folder."""
        self.env = env
        self.soffice = soffice
        self.work = work
        self.items = []
        work.mkdir(parents=True, exist_ok=True)
        for index, (job, template) in enumerate(jobs):
            context = work / f"{index:05d}.pickle"
            context.write_bytes(pickle.dumps(job.context))
            self.items.append((template, context, work / f"{index:05d}-{job.name}.docx"))
        self.profile = (work / "profile").as_uri()
        if soffice:  # the user's LibreOffice profile exists already: create it off the clock
            self._convert(self.items[0][2], warm=True)

    def _render(self, template: Path, context: Path, out: Path) -> None:
        run([sys.executable, str(HERE / "naive_render.py"), str(template), str(context),
             str(out)], env=self.env, sample=False)

    def _convert(self, docx: Path, warm: bool = False) -> None:
        if warm:
            self._render(*self.items[0])
        assert self.soffice is not None
        run([self.soffice, f"-env:UserInstallation={self.profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(self.work / "pdf"), str(docx)],
            env=self.env, sample=False)
        if not (self.work / "pdf" / docx.with_suffix(".pdf").name).is_file():
            raise RuntimeError(f"soffice did not convert {docx}")

    def build(self, with_pdf: bool) -> float:
        """Seconds for the whole naive loop."""
        started = time.perf_counter()
        for template, context, out in self.items:
            self._render(template, context, out)
            if with_pdf:
                self._convert(out)
        return time.perf_counter() - started
