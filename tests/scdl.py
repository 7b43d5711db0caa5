"""Validation of an SCDL CSV file against its published Table Schema (tests/data/), with
frictionless, and the schema's ``custom_checks`` (those Validata runs) implemented here so
that a file the national validator would refuse fails the tests too."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from frictionless import Resource, Schema
from stdnum.fr import siret

DATA = Path(__file__).parent / "data"

# Nomenclature ACTES, level 1, as Validata's "nomenclature-actes-value" accepts it.
ACTES_LEVEL_1 = ["commande publique", "urbanisme", "domaine et patrimoine",
                 "fonction publique", "institutions et vie politique",
                 "libertes publiques et pouvoirs de police", "finances locales",
                 "domaines de competences par themes", "autres domaines de competences"]


def problems(csv_path: Path, schema_name: str) -> list[str]:
    """Every problem of the file: frictionless's, then the custom checks'."""
    descriptor = json.loads((DATA / schema_name).read_text(encoding="utf-8"))
    resource = Resource(path=csv_path.name, basepath=str(csv_path.parent),
                        schema=Schema.from_descriptor(descriptor))
    report = resource.validate()
    found = [f"ligne {row} {field}: {kind}: {note}" for row, field, kind, note
             in report.flatten(["rowNumber", "fieldName", "type", "note"])]
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for check in descriptor.get("custom_checks", []):
        for number, row in enumerate(rows, 2):
            problem = _custom(check["name"], check["params"], row)
            if problem:
                found.append(f"ligne {number} {check['name']}: {problem}")
    return found


def _custom(name: str, params: dict[str, Any], row: dict[str, str]) -> str | None:
    value = row.get(params["column"], "")
    if name == "french-siret-value":
        return None if not value or siret.is_valid(value) else f"SIRET invalide {value}"
    if name == "year-interval-value":
        match = re.fullmatch(r"(\d{4})(?:/(\d{4}))?", value)
        if not value or (match and (match[2] or params.get("allow-year-only") == "yes")
                         and (not match[2] or match[1] < match[2])):
            return None
        return f"intervalle d'années invalide {value}"
    if name == "cohesive-columns-value":
        columns = [params["column"], *params["othercolumns"]]
        filled = {bool(row.get(c)) for c in columns}
        return None if len(filled) == 1 else f"colonnes {columns} remplies en partie"
    if name == "compare-columns-value":
        other = row.get(params["column2"], "")
        if not value or not other:
            return None
        a, b = _comparable(value), _comparable(other)
        ok = {">=": a >= b, ">": a > b, "<=": a <= b, "<": a < b, "==": a == b}[params["op"]]
        return None if ok else f"{value} {params['op']} {other} faux"
    if name == "sum-columns-value":
        parts = [row.get(c, "") for c in params["columns"]]
        if not value or not all(parts):
            return None
        total = sum(int(p) for p in parts)
        return None if int(value) == total else f"{value} != somme {total}"
    if name == "nomenclature-actes-value":
        level_1 = _folded(value.split("/")[0])
        return None if "/" in value and level_1 in ACTES_LEVEL_1 else f"matière {value}"
    raise AssertionError(f"custom check inconnu du test : {name}")


def _comparable(value: str) -> Any:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return float(value)


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
