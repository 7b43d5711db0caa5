"""An import: read the sheet, merge it into the records, check the result as `ctgdocs check`
does, show what would change, then write every file or none.

Nothing is written while a problem remains: a cell that cannot be read, an unknown commune
or gestionnaire, a record the models refuse, an error `check` would report that was not
there before, the amounts or schedule of an approved convention (an avenant changes them).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..check import check, loaded_records
from ..errors import CtgdocsError, Finding, plural
from ..oserrors import reason
from ..outputs import stop_point, temporary_name
from ..records import FOLDERS, SINGLE_FILES, DiskSource, Records, french_message
from ..workspace import Workspace
from ..yamledit import dump, edit
from ..yamlfile import YamlDocument, dotted, parse
from .approved import frozen_problems
from .exporting import record_table
from .items import items
from .kinds import EXEMPLE, IMPORTS, Kind
from .merging import Change, Merger
from .parsing import parse_rows
from .read import read
from .references import reference_problems
from .table import Problem, SheetError, Table

HEADERS = {
    "gestionnaires": "Gestionnaire créé par ctgdocs import gestionnaires.",
    "conventions": "Convention créée par ctgdocs import conventions.",
    "elus.yaml": "Les membres du conseil communautaire (ctgdocs import elus).",
    "communes.yaml": "Les communes membres (ctgdocs import communes).",
}


@dataclass
class FileChange:
    name: str  # relative to records/
    path: Path
    before: str | None  # None: a new file
    after: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Plan:
    kind: Kind
    files: list[FileChange]
    unchanged: int

    @property
    def empty(self) -> bool:
        return not self.files


def prepare(workspace: Workspace, kind_name: str, path: Path, label: str) -> Plan:
    kind = IMPORTS[kind_name]
    table = read(path, label, (kind.sheet, kind.name), workspace.settings.limites)
    rows = parse_rows(kind, table)
    records = loaded_records(workspace)
    problems = reference_problems(kind, records, table, rows)
    if problems:
        raise SheetError(problems)
    merger = Merger(kind, records.data, table, _flags(kind, records, label))
    merged = merger.merge(rows)
    merger.finish()
    problems = merged.problems + frozen_problems(workspace, kind, records, table, merged)
    changes = [c for c in merged.changes.values() if c.lines]
    problems += [p for c in changes for p in _model_problems(kind, table, c)]
    if problems:
        raise SheetError(problems)
    files = [_texts(workspace, c) for c in changes]
    _check_result(workspace, files)
    return Plan(kind, files, merged.unchanged)


def _flags(kind: Kind, records: Records, label: str) -> dict[int, set[str]]:
    """The illustrative columns of each existing row, by id of the row's data."""
    table, _ = record_table(kind, records, label)
    column = table.headers.index(EXEMPLE)
    found = {}
    for item, row in zip(items(kind, records.data), table.rows, strict=True):
        cell = row.cells[column]
        found[id(item.data)] = {p.strip() for p in str(cell or "").split(";") if p.strip()}
    return found


def _model_of(name: str) -> Any:
    if name in SINGLE_FILES:
        return SINGLE_FILES[name][0]
    return FOLDERS[name.split("/", 1)[0]]


def _model_problems(kind: Kind, table: Table, change: Change) -> list[Problem]:
    """What the record's model refuses, placed on the row it comes from."""
    try:
        _model_of(change.file).model_validate(change.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            owners = [p for p in change.rows if loc[:len(p)] == p]
            row = change.rows[max(owners, key=len)] if owners else 0
            rest = loc[len(max(owners, key=len)):] if owners else loc
            column = _column(kind, table, rest)
            message = french_message(error, _model_of(change.file))
            where = "" if column is not None or not rest else f"{dotted(rest)} : "
            problems.append(Problem(table.place(row, column), where + message))
        return problems
    return []


def _column(kind: Kind, table: Table, path: tuple[Any, ...]) -> int | None:
    headers = [" ".join(h.split()).casefold() for h in table.headers]
    for column in kind.layout.columns:
        if column.path == path[:len(column.path)] and column.header.casefold() in headers:
            return headers.index(column.header.casefold())
    for group in kind.layout.groups:
        for column in group.columns:
            if len(path) > 1 and path[0] == group.field and isinstance(path[1], int):
                header = group.header(path[1] + 1, column).casefold()
                if column.path == path[2:2 + len(column.path)] and header in headers:
                    return headers.index(header)
    return None


def _texts(workspace: Workspace, change: Change) -> FileChange:
    path = workspace.records_dir / change.file
    label = f"records/{change.file}"
    if change.new_file:
        header = HEADERS.get(change.file, HEADERS.get(change.file.split("/")[0], ""))
        return FileChange(change.file, path, None, dump(change.data, header), change.lines)
    try:
        before = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise CtgdocsError(f"{label} : le fichier n'est pas encodé en UTF-8 ; enregistrez-le "
                           "en UTF-8 avant l'import") from None
    except OSError as exc:
        raise CtgdocsError(f"{label} : lecture impossible ({reason(exc)})") from None
    return FileChange(change.file, path, before, edit(before, change.data, label),
                      change.lines)


class _Overlay(DiskSource):
    """The workspace's records with the import's files in place of theirs."""

    def __init__(self, workspace: Workspace, files: list[FileChange]):
        super().__init__(workspace)
        self.files = {f.name: f.after for f in files}

    def names(self) -> list[str]:
        return sorted(set(super().names()) | set(self.files))

    def document(self, name: str) -> YamlDocument:
        if name in self.files:
            return parse(self.files[name].encode("utf-8"), f"records/{name}",
                         self.workspace.settings.limites)
        return super().document(name)


def _key(finding: Finding) -> tuple[str, str, str]:
    return (finding.file, finding.field, finding.message)


def _check_result(workspace: Workspace, files: list[FileChange]) -> None:
    """Refuse what would bring an error `ctgdocs check` does not report today."""
    before = {_key(f) for f in check(workspace).errors}
    after = check(workspace, _Overlay(workspace, files)).errors
    new = [f for f in after if _key(f) not in before]
    if new:
        lines = "\n".join(str(f) for f in new)
        raise CtgdocsError(f"Après cet import, ctgdocs check trouverait "
                           f"{plural(len(new), 'erreur')} ; rien n'a été écrit :\n{lines}")


def apply(plan: Plan) -> list[Path]:
    """Write every file of the plan, or none: all are written beside their place first, then
    renamed; a failure puts back the files already renamed."""
    staged: list[tuple[FileChange, Path]] = []
    done: list[FileChange] = []
    try:
        for change in plan.files:
            change.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = temporary_name(change.path)
            with open(temporary, "wb") as handle:
                handle.write(change.after.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            staged.append((change, temporary))
        stop_point()
        for change, temporary in staged:
            os.replace(temporary, change.path)
            done.append(change)
    except OSError as exc:
        for change in done:
            with contextlib.suppress(OSError):
                if change.before is None:
                    change.path.unlink()
                else:
                    change.path.write_bytes(change.before.encode("utf-8"))
        for _, temporary in staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        raise CtgdocsError(f"Écriture des fiches impossible ({reason(exc)}) ; les fiches sont "
                           "restées telles qu'elles étaient.") from None
    return [c.path for c in plan.files]
