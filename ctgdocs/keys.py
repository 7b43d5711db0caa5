"""The key of a generated file: the digest of everything it is made from.

A .docx is made from its template context (the values of the records it reads and of the
register entries it prints, illustrative marks included: ``fingerprint.py``), its template
file, the workspace settings (ctgdocs.toml) and the tools (ctgdocs, its code, Python and the
libraries: ``buildinputs.py``). Its date is in its context: a document reads no clock. A PDF
(or an .odt) is made from the .docx bytes, its format and LibreOffice.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from .buildinputs import libreoffice_identity, tools_identity
from .documents import Job
from .fingerprint import Unkeyable, Walked, fingerprint
from .manifest import digest, file_sha256
from .records import Records
from .workspace import Workspace


class Keys:
    def __init__(self, workspace: Workspace, records: Records | None):
        self.workspace = workspace
        self.records = records
        self._templates: dict[Path, str | None] = {}
        self._walked: Walked = {}  # the models the contexts share, digested once

    @cached_property
    def settings(self) -> str:
        return digest(self.workspace.settings.model_dump(mode="json"))

    def template(self, path: Path) -> str | None:
        if path not in self._templates:
            self._templates[path] = file_sha256(path)
        return self._templates[path]

    def docx(self, job: Job, template: Path) -> tuple[str | None, dict[str, object]]:
        """The key of ``job``'s .docx, and its inputs as a reader of the manifest sees them
        (record files, template); None when its context holds a value that cannot be
        digested (the file is then always made again)."""
        sources: dict[str, object] = {"modele": self.workspace.display(template)}
        try:
            data = fingerprint(job.context, self.records, self._walked)
        except Unkeyable:
            return None, sources
        sources["fiches"] = list(data.files)
        return digest("docx", job.kind, job.name, data.digest, self.template(template),
                      self.settings, tools_identity()), sources

    def converted(self, docx_sha256: str, soffice: str, fmt: str) -> str:
        """The key of the .docx with those bytes converted to ``fmt`` by that LibreOffice."""
        return digest(fmt, docx_sha256, libreoffice_identity(soffice))
