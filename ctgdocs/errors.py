"""The one error contract: the library raises these, the CLI prints them in French."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Level = Literal["erreur", "avertissement"]


class CtgdocsError(Exception):
    """A problem the user can fix; the message says what and where, in French."""


@dataclass(frozen=True)
class Finding:
    """One problem found in the records, located as precisely as possible."""

    file: str
    line: int
    field: str
    message: str
    level: Level = "erreur"

    def __str__(self) -> str:
        prefix = "" if self.level == "erreur" else "avertissement : "
        location = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{location}:{field} {prefix}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class RecordsError(CtgdocsError):
    """The records hold errors; nothing can be generated until they are fixed."""

    def __init__(self, findings: Sequence[Finding]):
        self.findings = list(findings)
        errors = [f for f in self.findings if f.level == "erreur"]
        lines = "\n".join(str(f) for f in errors)
        super().__init__(
            f"Les fiches contiennent {plural(len(errors), 'erreur')} ; "
            f"corrigez-les puis relancez (ctgdocs check les liste toutes) :\n{lines}"
        )


class TemplateError(CtgdocsError):
    """A Word template cannot be read or rendered."""


class OutputError(CtgdocsError):
    """A generated file cannot be written."""


class ConversionError(CtgdocsError):
    """LibreOffice could not produce a PDF."""


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def display_path(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the workspace when inside it, with / separators."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
