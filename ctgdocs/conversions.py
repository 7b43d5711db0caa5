"""The conversions a generating command asks LibreOffice for (PDF, PDF/A-2b, ODT), started
as soon as each .docx is rendered, skipped for an output whose .docx bytes, format and
LibreOffice are those it was made from (and whose bytes on disk are those written)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from . import pdf
from .keys import Keys
from .manifest import Manifest
from .outputs import Staging
from .pdfpool import FORMATS, Pool


@dataclass
class Converted:
    """What the conversions gave: outputs to place (target -> the file kept in the
    staging folder, key or None when the output cannot be keyed), outputs already up to
    date, and what went wrong."""

    outputs: dict[Path, tuple[Path, str | None]] = field(default_factory=dict)
    up_to_date: list[Path] = field(default_factory=list)
    skipped: str | None = None  # LibreOffice missing, when it is not required
    error: pdf.PartialConversion | None = None


def target(docx: Path, fmt: str) -> Path:
    return docx.with_suffix("." + FORMATS[fmt][1])


class Conversions:
    def __init__(self, manifest: Manifest, keys: Keys | None, formats: list[str],
                 timeout: float, require: bool, expected: int | None = None,
                 progress: Callable[[str], None] | None = None):
        """``expected``: how many .docx will be offered, when known (LibreOffice then
        starts on its share of them while the others are rendered); ``progress(name)`` is
        called for each output done (converted now, or up to date)."""
        self.progress = progress or (lambda _: None)
        self.manifest = manifest
        self.expected = expected
        self.keys = keys
        self.formats = formats
        self.timeout = timeout
        self.require = require
        self.soffice = pdf.find_soffice() if formats else None
        self.pool: Pool | None = None
        self.keyed: dict[tuple[Path, str], str | None] = {}
        self.result = Converted()

    def __enter__(self) -> Conversions:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.pool is not None:
            self.pool.__exit__(kind, exc, tb)

    def offer(self, docx: Path, sha256: str, keyed: bool, source: Path | None) -> None:
        """The .docx ``docx`` (read from ``source``, a file of the same name, when it is not
        in place yet): convert it to every format whose output is not up to date."""
        if self.expected is not None:
            self.expected = max(0, self.expected - 1)
        for position, fmt in enumerate(self.formats, 1):
            output = target(docx, fmt)
            key = (self.keys.converted(sha256, self.soffice, fmt)
                   if self.keys and keyed and self.soffice else None)
            if key is not None and self.manifest.fresh(output.name, key):
                self.result.up_to_date.append(output)
                self.progress(output.name)
                continue
            pool = self._pool()
            if pool is None:
                return
            self.keyed[(docx, fmt)] = key
            more = (None if self.expected is None else
                    self.expected * len(self.formats) + len(self.formats) - position)
            pool.submit(docx, fmt, source, more)

    def _pool(self) -> Pool | None:
        if self.pool is None and self.result.skipped is None:
            try:
                self.pool = Pool(self.timeout, progress=self._converted).__enter__()
            except pdf.LibreOfficeMissing as missing:
                if self.require:
                    raise
                self.result.skipped = str(missing)
        return self.pool

    def _converted(self, docx: Path, fmt: str) -> None:
        self.progress(target(docx, fmt).name)

    def finish(self, staging: Staging) -> Converted:
        """Wait for the conversions still running; their outputs moved into ``staging``
        (the pool's folder goes when the block ends)."""
        if self.pool is None:
            return self.result
        try:
            outputs = self.pool.finish()
        except pdf.PartialConversion as partial:  # the others are written, the error stays
            self.result.error = partial
            outputs = partial.outputs
        for (docx, fmt), made in outputs.items():
            output = target(docx, fmt)
            self.result.outputs[output] = (staging.take(made, output.name),
                                           self.keyed.get((docx, fmt)))
        return self.result
