"""Render jobs to .docx, write them, and have LibreOffice convert them while rendering goes on.

Nothing is made again that did not change: each file's inputs are digested (``keys.py``)
and compared with the output folder's manifest; a document whose key and bytes on disk
match is left as it is, and so are its PDF and ODT while its .docx bytes and LibreOffice are
the same. Every job that needs it is rendered, and every conversion done, before anything
is written, so a template error leaves the folder as it was.
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
from .outputs import GenerateResult, atomic_write, prepare_dir
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
    sha256: str | None = None  # of the .docx on disk, or of ``data``
    data: bytes | None = None  # rendered now
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
    with Conversions(manifest, keys, formats(with_pdf, pdfa, odt),
                     workspace.settings.limites.conversion_secondes, require_pdf,
                     len(docs), tell) as wanted:
        for doc in docs:  # the ones up to date: their PDF or ODT may be missing
            if doc.sha256 is not None:
                tell(doc.title)
                wanted.offer(doc.docx, doc.sha256, doc.key is not None, None)
        # LibreOffice takes every core for longer than rendering: rendering forks no workers
        # (they would double the memory and share the cores with LibreOffice)
        serial = 1 if wanted.formats else None
        for doc, data in zip(stale, render_each(templates, items, serial), strict=True):
            doc.data, doc.sha256 = data, manifests.sha256_of(data)
            wanted.offer(doc.docx, doc.sha256, doc.key is not None, data)  # converted now
            tell(doc.title)
        converted = wanted.finish()
    return _write(docs, converted, out_dir, manifest)


def write_files(rendered: list[tuple[Path, bytes]], out_dir: Path, *, with_pdf: bool,
                require_pdf: bool, progress: Progress | None = None,
                timeout: float = pdf.FILE_SECONDS, pdfa: bool = False,
                odt: bool = False) -> GenerateResult:
    """Write already rendered .docx files and their PDF (files that are not keyed: always
    made, and forgotten by the manifest)."""
    manifest = manifests.load(out_dir)
    docs = [_Doc(path, None, sha256=manifests.sha256_of(data), data=data)
            for path, data in rendered]
    with Conversions(manifest, None, formats(with_pdf, pdfa, odt), timeout,
                     require_pdf, len(docs)) as wanted:
        for doc in docs:
            wanted.offer(doc.docx, doc.sha256 or "", False, doc.data)
        converted = wanted.finish()
    if wanted.formats and progress:
        progress("PDF")
    return _write(docs, converted, out_dir, manifest)


def _write(docs: list[_Doc], converted: Converted, out_dir: Path,
           manifest: manifests.Manifest) -> GenerateResult:
    """Write what was made, record it in the manifest, then report a failed conversion."""
    prepare_dir(out_dir)
    result = GenerateResult(up_to_date=list(converted.up_to_date),
                            pdf_skipped=converted.skipped)
    try:
        for doc in docs:
            if doc.data is None:
                result.up_to_date.append(doc.docx)
                continue
            _put(doc.docx, doc.data, doc.key, doc.sources, manifest, result)
        for path, (data, key) in sorted(converted.outputs.items()):
            _put(path, data, key, {"docx": path.with_suffix(".docx").name}, manifest, result)
    finally:
        with contextlib.suppress(CtgdocsError):  # a manifest not saved only costs a rebuild
            manifest.save()
    if converted.error is not None:
        raise converted.error
    return result


def _put(path: Path, data: bytes, key: str | None, sources: dict[str, object],
         manifest: manifests.Manifest, result: GenerateResult) -> None:
    atomic_write(path, data, durable=False)  # checked by its hash at the next run
    result.files.append(path)
    if key is None:
        manifest.forget(path.name)
    else:
        manifest.record(path.name, key, manifests.sha256_of(data), sources)


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
