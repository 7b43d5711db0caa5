"""Shell completion of identifiers: conventions, délibérations, séances, register documents.

Completion must answer at once and never fail: it reads the identifier line of each record
file (no full validation) and the document names of the register's entries, and returns
nothing when the folder is not a workspace.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem

from ..errors import CtgdocsError
from .app import app_of

if TYPE_CHECKING:
    from ..workspace import Workspace

Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]


def _workspace(ctx: click.Context) -> Workspace | None:
    try:
        return app_of(ctx).workspace
    except CtgdocsError:
        return None


def _field_values(folder: Path, key: str) -> list[str]:
    pattern = re.compile(rf"^{key}:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)
    values = []
    for path in sorted(folder.glob("*.y*ml")):
        try:
            match = pattern.search(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        values.append(match.group(1) if match else path.stem)
    return values


def convention_ids(workspace: Workspace) -> list[str]:
    return _field_values(workspace.records_dir / "conventions", "id")


def deliberation_numbers(workspace: Workspace) -> list[str]:
    return _field_values(workspace.records_dir / "deliberations", "numero")


def seance_ids(workspace: Workspace) -> list[str]:
    return _field_values(workspace.records_dir / "seances", "id")


def register_documents(workspace: Workspace) -> list[str]:
    names = {"annexe2", "plan-action", *convention_ids(workspace),
             *deliberation_numbers(workspace)}
    for path in sorted((workspace.register_dir / "journal").glob("*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8")).get("document")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(document, str):
            names.add(document)
    return sorted(names)


def _completer(source: Callable[[Workspace], Iterable[str]]) -> Completer:
    def complete(ctx: click.Context, param: click.Parameter,
                 incomplete: str) -> list[CompletionItem]:
        workspace = _workspace(ctx)
        if workspace is None:
            return []
        folded = incomplete.casefold()
        return [CompletionItem(value) for value in source(workspace)
                if value.casefold().startswith(folded)]
    return complete


# Parameters completed by name, wherever a command declares them.
BY_PARAMETER: dict[str, Completer] = {
    "convention_id": _completer(convention_ids),
    "numero": _completer(deliberation_numbers),
    "seance_id": _completer(seance_ids),
    "doc_id": _completer(register_documents),
}
