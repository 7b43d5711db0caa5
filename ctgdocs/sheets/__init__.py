"""Spreadsheets in and out: records exported to .xlsx, .ods or .csv, and imported back.

``export_file`` writes one kind of record (or the amounts, or the payment schedule) as a
sheet; ``prepare`` reads a sheet and tells what an import would change, checked as
`ctgdocs check` would; ``apply`` writes it, every file or none.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..check import loaded_records
from ..errors import CtgdocsError
from ..workspace import Workspace
from .exporting import echeancier_table, montants_table, record_table
from .kinds import IMPORTS, RECORD_EXPORTS
from .plan import FileChange, Plan, apply, prepare
from .write import CsvOptions, write

EXPORTS = (*RECORD_EXPORTS, "montants", "echeancier")

__all__ = ["EXPORTS", "IMPORTS", "CsvOptions", "FileChange", "Plan", "apply", "export_file",
           "prepare"]


def export_file(workspace: Workspace, kind: str, path: Path, created: dt.datetime,
                options: CsvOptions | None = None) -> int:
    """Write the sheet of ``kind`` to ``path``; the number of rows written."""
    _outside_inputs(workspace, path)
    records = loaded_records(workspace)
    label = str(path)
    if kind == "montants":
        table, text = montants_table(records, label)
    elif kind == "echeancier":
        table, text = echeancier_table(records, label)
    else:
        table, text = record_table(RECORD_EXPORTS[kind], records, label)
    write(path, table, text, created, options or CsvOptions())
    return len(table.rows)


def _outside_inputs(workspace: Workspace, path: Path) -> None:
    folder = path.resolve().parent
    for protected in (workspace.records_dir, workspace.templates_dir, workspace.register_dir):
        if folder.is_relative_to(protected.resolve()):
            raise CtgdocsError(f"{path} : refusé, ce fichier serait dans {protected.name}/, que "
                               "ctgdocs lit ; enregistrez le tableur ailleurs (par exemple "
                               "dans out/).")
