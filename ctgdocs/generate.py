"""Render jobs to .docx, write them, then convert them to PDF in one LibreOffice run.

Nothing is made again that did not change: each file's inputs are digested (``keys.py``)
and compared with the output folder's manifest; a document whose key and bytes on disk
match is left as it is, and so is its PDF while its .docx bytes and LibreOffice are the
same. Every job that needs it is rendered before anything is written, so a template error
leaves the folder as it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import manifest as manifests
from . import pdf
from .documents import Job
from .errors import CtgdocsError
from .keys import Keys
from .outputs import atomic_write, prepare_dir
from .paths import output_path
from .records import Records
from .workspace import Workspace

Progress = Callable[[str], None]


@dataclass
class GenerateResult:
    files: list[Path] = field(default_factory=list)  # written by this run
    up_to_date: list[Path] = field(default_factory=list)  # left as they were
    documents_up_to_date: int = 0  # documents whose .docx (and PDF if wanted) were kept
    pdf_skipped: str | None = None  # why PDFs were not produced, when they were wanted

    @property
    def outputs(self) -> list[Path]:
        """Every file this run stands for, written or already up to date, sorted."""
        return sorted(self.files + self.up_to_date)


@dataclass
class _Doc:
    docx: Path
    key: str | None  # None: cannot be keyed, always made again
    sources: dict[str, object] = field(default_factory=dict)
    sha256: str | None = None  # of the .docx on disk once known to be current
    data: bytes | None = None  # rendered now


def step_count(jobs: list[Job], with_pdf: bool) -> int:
    return len(jobs) + (1 if with_pdf and jobs else 0)


def generate(workspace: Workspace, jobs: list[Job], out_dir: Path, *, with_pdf: bool,
             require_pdf: bool, progress: Progress | None = None,
             records: Records | None = None) -> GenerateResult:
    """Make the documents of ``jobs`` that are not up to date in ``out_dir``."""
    from .render import render_docx  # only when something is rendered (no-op path)

    tell = progress or (lambda _: None)
    manifest = manifests.load(out_dir)
    keys = Keys(workspace, records)
    docs: list[_Doc] = []
    for job in jobs:
        target = output_path(out_dir, f"{job.name}.docx", job.title)
        template = workspace.template(job.kind)
        key, sources = keys.docx(job, template)
        doc = _Doc(target, key, sources, manifest.fresh(target.name, key) if key else None)
        if doc.sha256 is None:
            doc.data = render_docx(template, job.context, workspace.display(template),
                                   workspace.settings.limites)
        docs.append(doc)
        tell(job.title)
    return _write(docs, out_dir, manifest, keys, with_pdf=with_pdf, require_pdf=require_pdf,
                  progress=tell, timeout=workspace.settings.limites.conversion_secondes)


def write_files(rendered: list[tuple[Path, bytes]], out_dir: Path, *, with_pdf: bool,
                require_pdf: bool, progress: Progress | None = None,
                timeout: float = pdf.FILE_SECONDS) -> GenerateResult:
    """Write already rendered .docx files, then convert them to PDF in one LibreOffice run
    (files that are not keyed: always written, and forgotten by the manifest)."""
    docs = [_Doc(path, None, data=data) for path, data in rendered]
    return _write(docs, out_dir, manifests.load(out_dir), None, with_pdf=with_pdf,
                  require_pdf=require_pdf, progress=progress or (lambda _: None),
                  timeout=timeout)


def _write(docs: list[_Doc], out_dir: Path, manifest: manifests.Manifest, keys: Keys | None,
           *, with_pdf: bool, require_pdf: bool, progress: Progress,
           timeout: float) -> GenerateResult:
    prepare_dir(out_dir)
    result = GenerateResult()
    try:
        for doc in docs:
            if doc.data is None:
                result.up_to_date.append(doc.docx)
                continue
            atomic_write(doc.docx, doc.data)
            result.files.append(doc.docx)
            doc.sha256 = manifests.sha256_of(doc.data)
            if doc.key is None:
                manifest.forget(doc.docx.name)
            else:
                manifest.record(doc.docx.name, doc.key, doc.sha256, doc.sources)
        if with_pdf:
            _convert(docs, manifest, keys, result, require_pdf, timeout)
            progress("PDF")
    finally:
        with contextlib.suppress(CtgdocsError):  # a manifest not saved only costs a rebuild
            manifest.save()
    result.documents_up_to_date = sum(
        1 for doc in docs if doc.data is None
        and (not with_pdf or doc.docx.with_suffix(".pdf") in result.up_to_date))
    return result


def _convert(docs: list[_Doc], manifest: manifests.Manifest, keys: Keys | None,
             result: GenerateResult, require_pdf: bool, timeout: float) -> None:
    """Convert the .docx whose PDF is missing or stale, in one LibreOffice run."""
    soffice = pdf.find_soffice()
    pdf_keys: dict[Path, str | None] = {}
    for doc in docs:
        target = doc.docx.with_suffix(".pdf")
        key = (keys.pdf(doc.sha256, soffice) if keys and doc.key and doc.sha256 and soffice
               else None)
        if key is not None and manifest.fresh(target.name, key):
            result.up_to_date.append(target)
        else:
            pdf_keys[doc.docx] = key
    if not pdf_keys:
        return
    try:
        pdfs = pdf.convert(list(pdf_keys), timeout)
    except pdf.LibreOfficeMissing as missing:
        if require_pdf:
            raise
        result.pdf_skipped = str(missing)
        return
    except pdf.PartialConversion as partial:
        _write_pdfs(partial.converted, pdf_keys, manifest, result)  # the others are written
        raise
    _write_pdfs(pdfs, pdf_keys, manifest, result)


def _write_pdfs(pdfs: dict[Path, bytes], pdf_keys: dict[Path, str | None],
                manifest: manifests.Manifest, result: GenerateResult) -> None:
    for source, data in pdfs.items():
        target = source.with_suffix(".pdf")
        atomic_write(target, data)
        result.files.append(target)
        key = pdf_keys.get(source)
        if key is None:
            manifest.forget(target.name)
        else:
            manifest.record(target.name, key, manifests.sha256_of(data),
                            {"docx": source.name})


def check_templates(workspace: Workspace, jobs: list[Job]) -> list[str]:
    """Render every job in memory; return one French message per failure."""
    from .render import render_docx

    problems = []
    for job in jobs:
        try:
            template = workspace.template(job.kind)
            render_docx(template, job.context, workspace.display(template),
                        workspace.settings.limites)
        except CtgdocsError as exc:
            problems.append(f"{job.title} : {exc}")
    return problems
