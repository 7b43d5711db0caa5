"""Render jobs to .docx, write them, and have LibreOffice convert them while rendering goes on.

Nothing is made again that did not change: each file's inputs are digested (``keys.py``)
and compared with the output folder's manifest; a document whose key and bytes on disk
match is left as it is, and so are its PDF and ODT while its .docx bytes and LibreOffice are
the same. Every job that needs it is rendered, and every conversion done, into a staging
folder before anything is put in place, so a template error leaves the folder as it was;
each file waits there on disk, so memory does not grow with the number of documents.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import collector, pdf
from . import manifest as manifests
from .conversions import Conversions, Converted
from .documents import Job
from .errors import CtgdocsError
from .keys import Keys
from .outputs import GenerateResult, Staging, prepare_dir
from .paths import output_path
from .pdfpool import formats
from .records import Records
from .workspace import Workspace

Progress = Callable[[str], None]


@dataclass
class _Doc:
    docx: Path
    key: str | None  # None: cannot be keyed, always made again
    sources: dict[str, object] = field(default_factory=dict)
    sha256: str | None = None  # of the .docx on disk, or of ``staged``
    staged: Path | None = None  # rendered now, waiting in the staging folder
    job: Job | None = None
    template: Path | None = None

    @property
    def title(self) -> str:
        return self.job.title if self.job else self.docx.name


def step_count(jobs: list[Job], conversions: int) -> int:
    """The steps of a generation: each document, and each of its ``conversions``."""
    return len(jobs) * (1 + conversions)


def generate(workspace: Workspace, jobs: list[Job], out_dir: Path, *, with_pdf: bool,
             require_pdf: bool, progress: Progress | None = None,
             records: Records | None = None, pdfa: bool = False,
             odt: bool = False) -> GenerateResult:
    """Make the documents of ``jobs`` that are not up to date in ``out_dir``."""
    from .parallel import render_each  # only when something is rendered (no-op path)
    from .render import Templates

    collector.resume()
    tell = progress or (lambda _: None)
    manifest = manifests.load(out_dir)
    keys = Keys(workspace, records)
    templates = Templates(workspace.settings.limites)  # each prepared once for the build
    docs: list[_Doc] = []
    for job in jobs:
        target = output_path(out_dir, f"{job.name}.docx", job.title)
        template = workspace.template(job.kind)
        key, sources = keys.docx(job, template)
        docs.append(_Doc(target, key, sources, manifest.fresh(target.name, key) if key else None,
                         job=job, template=template))
    stale = [doc for doc in docs if doc.sha256 is None]
    items = [(doc.template, doc.job.context, workspace.display(doc.template))
             for doc in stale if doc.template is not None and doc.job is not None]
    with Staging(out_dir) as staging:
        with Conversions(manifest, keys, formats(with_pdf, pdfa, odt),
                         workspace.settings.limites.conversion_secondes, require_pdf,
                         len(docs), tell) as wanted:
            for doc in docs:  # the ones up to date: their PDF or ODT may be missing
                if doc.sha256 is not None:
                    tell(doc.title)
                    wanted.offer(doc.docx, doc.sha256, doc.key is not None, None)
            # LibreOffice takes every core for longer than rendering: rendering forks no
            # workers (they would double the memory and share the cores with LibreOffice)
            serial = 1 if wanted.formats else None
            for doc, data in zip(stale, render_each(templates, items, serial), strict=True):
                doc.staged, doc.sha256 = _stage(staging, doc.docx, data)
                wanted.offer(doc.docx, doc.sha256, doc.key is not None, doc.staged)
                tell(doc.title)
            converted = wanted.finish(staging)
        return _write(docs, converted, staging, manifest)


def write_files(rendered: list[tuple[Path, bytes]], out_dir: Path, *, with_pdf: bool,
                require_pdf: bool, progress: Progress | None = None,
                timeout: float = pdf.FILE_SECONDS, pdfa: bool = False,
                odt: bool = False) -> GenerateResult:
    """Write already rendered .docx files and their PDF (files that are not keyed: always
    made, and forgotten by the manifest)."""
    manifest = manifests.load(out_dir)
    with Staging(out_dir) as staging:
        docs = []
        for path, data in rendered:
            staged, sha256 = _stage(staging, path, data)
            docs.append(_Doc(path, None, sha256=sha256, staged=staged))
        with Conversions(manifest, None, formats(with_pdf, pdfa, odt), timeout,
                         require_pdf, len(docs)) as wanted:
            for doc in docs:
                wanted.offer(doc.docx, doc.sha256 or "", False, doc.staged)
            converted = wanted.finish(staging)
        if wanted.formats and progress:
            progress("PDF")
        return _write(docs, converted, staging, manifest)


def _stage(staging: Staging, docx: Path, data: bytes) -> tuple[Path, str]:
    """A rendered .docx kept in the staging folder: its file and its digest."""
    return staging.put(docx.name, data), manifests.sha256_of(data)


def _write(docs: list[_Doc], converted: Converted, staging: Staging,
           manifest: manifests.Manifest) -> GenerateResult:
    """Put in place what was made, record it in the manifest, then report a failed
    conversion."""
    prepare_dir(staging.folder)
    result = GenerateResult(up_to_date=list(converted.up_to_date),
                            pdf_skipped=converted.skipped)
    made = [(doc.staged, doc.docx, doc.sha256 or "", doc.key, doc.sources) for doc in docs
            if doc.staged is not None]
    made += [(staged, path, manifests.file_sha256(staged) or "", key,
              {"docx": path.with_suffix(".docx").name})
             for path, (staged, key) in sorted(converted.outputs.items())]
    result.up_to_date += [doc.docx for doc in docs if doc.staged is None]
    try:
        for staged, path, sha256, key, sources in made:
            staging.place(staged, path)  # not forced to disk: its hash is checked next time
            result.files.append(path)
            if key is None:
                manifest.forget(path.name)
            else:
                manifest.record(path.name, key, sha256, sources)
    finally:
        with contextlib.suppress(CtgdocsError):  # a manifest not saved only costs a rebuild
            manifest.save()
    if converted.error is not None:
        raise converted.error
    return result


def check_templates(workspace: Workspace, jobs: list[Job]) -> list[str]:
    """Render every job in memory; return one French message per failure."""
    from .render import Templates

    problems = []
    templates = Templates(workspace.settings.limites)
    for job in jobs:
        try:
            template = workspace.template(job.kind)
            templates.render(template, job.context, workspace.display(template))
        except CtgdocsError as exc:
            problems.append(f"{job.title} : {exc}")
    return problems
