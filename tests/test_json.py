"""`--json` on every command that reports: stable English keys, ISO dates, numbers and
identifiers; French only in the human `message` fields (and the texts quoted from records
and documents)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO, Run

CONV = "CFF-2022-CCCC-CSPG"
# Keys whose value is text for people, or text quoted from the records or a document.
TEXT_KEYS = {"message", "title", "before", "after", "removed_lines", "added_lines"}
FRENCH_KEYS = {"erreurs", "avertissements", "problemes", "fichiers", "chemin", "tete",
               "entrees", "empreinte", "dossier", "alertes", "etat", "nom", "taille", "signe",
               "auteur", "numero", "depuis", "identifiant", "projet", "pdf_absents"}


def shape_problems(data: Any, key: str = "") -> list[str]:
    """Keys that are not stable English snake_case, and sentences outside TEXT_KEYS."""
    found = []
    if isinstance(data, dict):
        for name, value in data.items():
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or name in FRENCH_KEYS:
                found.append(f"clé {name!r}")
            found += shape_problems(value, name)
    elif isinstance(data, list):
        for item in data:
            found += shape_problems(item, key)
    elif isinstance(data, str) and len(data.split()) >= 4 and key not in TEXT_KEYS:
        found.append(f"{key} : phrase {data!r}")
    return found


@pytest.fixture
def registered(workspace: Path) -> Path:
    shutil.copytree(REPO / "conventions", workspace / "conventions")
    return workspace


def as_json(run: Run, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert shape_problems(data) == []
    return data


def test_status_history_verify(run: Run, registered: Path) -> None:
    status = as_json(run, "--date", "2024-06-01", "status")
    assert status["date"] == "2024-06-01"
    row = next(d for d in status["documents"] if d["document"] == f"convention-{CONV}")
    assert (row["state"], row["versions"]) == ("in_force", 1)
    assert row["message"] == "en vigueur (v1, du 01/01/2022 au 31/12/2025)"
    # the head as of that day: entry 48 (the migration) was recorded in 2026
    assert status["journal"]["entries"] == 47 and len(status["journal"]["sha256"]) == 64
    assert all(set(alert) == {"message"} for alert in status["alerts"])

    history = as_json(run, "history", CONV)
    assert [(h["entry"], h["version"], h["action"], h["date"]) for h in history] == [
        (2, 1, "issue", "2022-06-10"), (15, 1, "approve", "2022-06-29"),
        (32, 1, "sign", "2022-07-20")]
    assert history[1]["deliberation"] == "22_113"
    signed = history[2]["signed_pdf"]
    assert signed["file_name"] == f"convention-{CONV}-signe.pdf"
    assert isinstance(signed["pages"], int) and len(signed["sha256"]) == 64
    assert len(history[0]["docx_sha256"]) == 64 and history[0]["signed_pdf"] is None

    verify = as_json(run, "verify")
    assert verify == {"intact": True, "problems": [],
                      "journal": as_json(run, "--date", "2026-12-31", "status")["journal"],
                      "since": None}
    assert verify["journal"]["entries"] == 48


def test_diff(run: Run, workspace: Path) -> None:
    assert run("--date", "2022-06-20", "issue", CONV, "-m", "v1").exit_code == 0
    path = workspace / f"records/conventions/{CONV.lower()}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "montant: 53000}", "montant: 53500}"), encoding="utf-8")
    assert run("--date", "2023-02-01", "issue", CONV, "-m", "Montant 2023").exit_code == 0
    diff = as_json(run, "diff", CONV)
    assert (diff["document"], diff["from_version"], diff["to_version"]) == (
        f"convention-{CONV}", 1, 2)
    assert {"file": f"records/conventions/{CONV.lower()}.yaml",
            "field": "montants[1].montant", "change": "changed",
            "before": "53000", "after": "53500"} in diff["records"]  # as written
    article = next(s for s in diff["sections"] if s["title"].startswith("Article 5"))
    assert article["change"] == "changed"
    assert "2023 | 53\u00a0500,00\u00a0€ | cinquante-trois mille cinq cents euros" \
        in article["added_lines"]
    # the text output is the same information
    assert "  records/conventions/cff-2022-cccc-cspg.yaml: montants[1].montant : « 53000 » → " \
           "« 53500 »" in run("diff", CONV).stdout.splitlines()


def test_check_and_build(run: Run, workspace: Path) -> None:
    check = as_json(run, "check")
    assert check["errors"] == 0 and check["warnings"] == len(check["findings"])
    assert {f["level"] for f in check["findings"]} <= {"warning"}
    assert all(isinstance(f["line"], int | None) for f in check["findings"])
    build = as_json(run, "--date", "2022-06-29", "build", "--no-pdf")
    assert build["date"] == "2022-06-29"
    assert dt.date.fromisoformat(build["date"])
    assert all(set(f) == {"path", "format", "document", "up_to_date"} for f in build["files"])


def test_json_is_documented() -> None:
    guide = (REPO / "docs/guide.md").read_text(encoding="utf-8")
    section = guide.split("## Le JSON des commandes", 1)[1].split("\n## ", 1)[0]
    for command in ("check", "build", "status", "history", "diff", "verify", "pack"):
        assert f"`ctgdocs {command}" in section, command
    for key in ("findings", "output_dir", "state", "journal", "from_version", "intact",
                "act_id", "signed_pdf"):
        assert f'"{key}"' in section, key
