"""Render jobs to .docx, write them, then convert them to PDF in one LibreOffice run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import pdf
from .documents import Job
from .errors import CtgdocsError
from .outputs import atomic_write, prepare_dir
from .parallel import render_all
from .paths import output_path
from .render import Templates
from .workspace import Workspace

Progress = Callable[[str], None]


@dataclass
class GenerateResult:
    files: list[Path] = field(default_factory=list)
    pdf_skipped: str | None = None  # why PDFs were not produced, when they were wanted


def step_count(jobs: list[Job], with_pdf: bool) -> int:
    return len(jobs) + (1 if with_pdf and jobs else 0)


def generate(workspace: Workspace, jobs: list[Job], out_dir: Path, *, with_pdf: bool,
             require_pdf: bool, progress: Progress | None = None) -> GenerateResult:
    """Render every job before writing anything, so a template error leaves no file behind."""
    tell = progress or (lambda _: None)
    targets = [output_path(out_dir, f"{job.name}.docx", job.title) for job in jobs]
    templates = Templates(workspace.settings.limites)  # each prepared once for the build
    items = [(template, job.context, workspace.display(template))
             for job, template in ((job, workspace.template(job.kind)) for job in jobs)]
    datas = render_all(templates, items, done=lambda index: tell(jobs[index].title))
    rendered = list(zip(targets, datas, strict=True))
    return write_files(rendered, out_dir, with_pdf=with_pdf, require_pdf=require_pdf,
                       progress=tell, timeout=workspace.settings.limites.conversion_secondes)


def write_files(rendered: list[tuple[Path, bytes]], out_dir: Path, *, with_pdf: bool,
                require_pdf: bool, progress: Progress | None = None,
                timeout: float = pdf.FILE_SECONDS) -> GenerateResult:
    """Write already rendered .docx files, then convert them to PDF in one LibreOffice run."""
    tell = progress or (lambda _: None)
    prepare_dir(out_dir)
    result = GenerateResult()
    for path, data in rendered:
        atomic_write(path, data)
        result.files.append(path)
    if not with_pdf or not rendered:
        return result
    try:
        pdfs = pdf.convert([path for path, _ in rendered], timeout)
    except pdf.LibreOfficeMissing as missing:
        if require_pdf:
            raise
        result.pdf_skipped = str(missing)
        return result
    except pdf.PartialConversion as partial:
        _write_pdfs(partial.converted, result)  # the others are written, the error stays
        raise
    _write_pdfs(pdfs, result)
    tell("PDF")
    return result


def _write_pdfs(pdfs: dict[Path, bytes], result: GenerateResult) -> None:
    for source, data in pdfs.items():
        target = source.with_suffix(".pdf")
        atomic_write(target, data)
        result.files.append(target)


def check_templates(workspace: Workspace, jobs: list[Job]) -> list[str]:
    """Render every job in memory; return one French message per failure."""
    problems = []
    templates = Templates(workspace.settings.limites)
    for job in jobs:
        try:
            template = workspace.template(job.kind)
            templates.render(template, job.context, workspace.display(template))
        except CtgdocsError as exc:
            problems.append(f"{job.title} : {exc}")
    return problems
