"""A past --date tells the truth: documents from the records as they stood (register
snapshots) or refused, status from the entries recorded by then."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ctgdocs.cli import cli
from ctgdocs.register.asof import recorded_by
from ctgdocs.register.merge import revert
from ctgdocs.register.store import Entry

from .conftest import REPO, docx_text

IMPLANTATION = "Salle polyvalente"  # added to the AADEC's périscolaire by the 2024 avenant


@pytest.fixture
def registered(workspace: Path) -> Path:
    shutil.copytree(REPO / "conventions", workspace / "conventions",
                    ignore=shutil.ignore_patterns("verrou"))
    return workspace


def cli_at(root: Path, date: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(root), "--date", date, *args])


def annexe2_text(root: Path, date: str, out: Path) -> tuple[Result, str]:
    result = cli_at(root, date, "annexe2", "--no-pdf", "--out", str(out))
    path = out / "annexe2.docx"
    return result, docx_text(path) if path.exists() else ""


def test_annexe2_in_2022_has_the_2022_services(registered: Path, tmp_path: Path) -> None:
    result, text = annexe2_text(registered, "2022-06-29", tmp_path / "2022")
    assert result.exit_code == 0, result.output
    assert IMPLANTATION not in text
    assert "22_112 du 29/06/2022" in text
    assert "fiches telles qu'enregistrées le 20 juin 2022 (journal/000013.json)" in result.output
    # Today still: the Annexe 2 is dated by the séance that approved it, and reads the
    # records as they stood then (no later délibération approved another list).
    today, text_today = annexe2_text(registered, "2026-11-28", tmp_path / "today")
    assert today.exit_code == 0, today.output
    assert text_today == text
    assert "Annexe 2 au 29 juin 2022 : fiches telles qu'enregistrées" in today.output


def test_unregistered_corrections_are_kept(registered: Path, tmp_path: Path) -> None:
    """An edit made since the last snapshot, where no registered change happened, stays."""
    path = registered / "records/gestionnaires/paj.yaml"
    text = path.read_text(encoding="utf-8")
    nom = next(line for line in text.splitlines() if line.startswith("nom:"))
    path.write_text(text.replace(nom, nom + " (corrigé)", 1), encoding="utf-8")
    result, docx = annexe2_text(registered, "2022-06-29", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "(corrigé)" in docx and IMPLANTATION not in docx


def test_an_edit_over_a_registered_change_is_refused(registered: Path, tmp_path: Path) -> None:
    path = registered / "records/gestionnaires/aadec.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Salle polyvalente", "Salle des "
                                                             "fêtes"), encoding="utf-8")
    result, _ = annexe2_text(registered, "2022-06-29", tmp_path / "out")
    assert result.exit_code == 1
    assert "Annexe 2 au 29 juin 2022" in result.output
    assert "records/gestionnaires/aadec.yaml: services[2].implantations)" in result.output
    assert "24_031" not in result.output  # a conflict the Annexe 2 does not depend on
    assert "ctgdocs show annexe2" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()
    again, _ = annexe2_text(registered, "2022-06-29", tmp_path / "out")  # decisions kept
    assert (again.exit_code, again.output) == (1, result.output)
    built = cli_at(registered, "2022-06-29", "build", "--no-pdf", "--out", str(tmp_path / "b"))
    assert built.exit_code == 0, built.output
    assert "Non produit à cette date : Annexe 2 au 29 juin 2022" in built.output
    assert not (tmp_path / "b/annexe2.docx").exists()
    assert (tmp_path / "b/plan-action.docx").exists()


def test_a_date_before_the_register_is_refused(registered: Path, tmp_path: Path) -> None:
    result, _ = annexe2_text(registered, "2022-06-01", tmp_path / "out")
    assert result.exit_code == 1
    assert "le registre ne connaît pas les fiches avant le 10 juin 2022" in result.output
    assert "ctgdocs show annexe2" in result.output
    # the arbre à objectifs never changed in the register: it is made as it is
    plan = cli_at(registered, "2022-06-01", "plan-action", "--no-pdf",
                  "--out", str(tmp_path / "plan"))
    assert plan.exit_code == 0, plan.output


def test_a_convention_in_2022_has_its_2022_amounts(registered: Path, tmp_path: Path) -> None:
    result = cli_at(registered, "2022-07-20", "convention", "CFF-2022-SLP-CSPG", "--no-pdf",
                    "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "convention-CFF-2022-SLP-CSPG.docx")
    assert "9\u00a0500,00" in text and "9\u00a0900,00" not in text


def test_a_signed_convention_reads_the_records_of_its_signature(registered: Path,
                                                                tmp_path: Path) -> None:
    """Built today, a convention signed on 1 July 2022 is dated by its signature and shows
    what was then recorded, not the amount of the 2023 avenant."""
    result = cli_at(registered, "2026-11-28", "convention", "CFF-2022-SLP-CSPG", "--no-pdf",
                    "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "convention-CFF-2022-SLP-CSPG.docx")
    assert "9\u00a0500,00" in text and "9\u00a0900,00" not in text
    assert "Convention CFF-2022-SLP-CSPG au 1er juillet 2022 : fiches telles" in result.output


def test_without_register_nothing_changes(workspace: Path, tmp_path: Path) -> None:
    result, text = annexe2_text(workspace, "2022-06-29", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert IMPLANTATION in text


def test_status_in_2022_shows_no_later_signature(registered: Path) -> None:
    result = cli_at(registered, "2022-07-01", "status")
    assert result.exit_code == 0, result.output
    rows = result.output.split("\n\n")[0]
    assert "avenant" not in rows and "signé" not in rows and "en vigueur" not in rows
    assert "journal/000037.json : signature de convention-CFF-2022-EDG-AFR du 01/07/2022" \
        in result.output
    entry = (registered / "conventions/journal/000024.json").read_bytes()
    digest = hashlib.sha256(entry).hexdigest()
    assert f"Journal des documents ctgdocs : 24 entrées, empreinte {digest[:16]}…" \
        in result.output
    proof = cli_at(registered, "2026-11-28", "verify", "--depuis", digest[:16])
    assert proof.exit_code == 0 and "24 entrées" in proof.output
    data = json.loads(cli_at(registered, "2022-07-01", "status", "--json").output)
    assert data["journal"] == {"entries": 24, "sha256": digest}
    assert any("000037.json" in later["message"] for later in data["recorded_later"])
    empty = cli_at(registered, "2022-06-01", "status")
    assert empty.output.endswith("Journal des documents ctgdocs : aucune entrée au 01/06/2022.\n")
    later = cli_at(registered, "2024-04-30", "status")
    assert "avenant-CFF-2022-CCCC-AADEC-1" in later.output
    assert "Journal des documents ctgdocs : 47 entrées" in later.output


def _entry(numero: int, date: str, recorded: str | None = None) -> Entry:
    data = {"numero": numero, "date": date, "action": "emission"}
    if recorded:
        data["enregistre_le"] = recorded
    return Entry(numero, data, json.dumps(data).encode())


def test_recorded_by_is_the_prefix_dated_on_or_before_the_day() -> None:
    entries = [_entry(1, "2022-06-20"), _entry(2, "2022-07-05"), _entry(3, "2022-07-01"),
               _entry(4, "2022-07-01", "2026-08-01T10:00:00+00:00")]
    numbers = [[e.numero for e in recorded_by(entries, dt.date.fromisoformat(day))]
               for day in ("2022-06-01", "2022-07-01", "2022-07-31")]
    assert numbers == [[], [1], [1, 2, 3, 4]]


def test_revert_undoes_registered_changes_and_keeps_the_others() -> None:
    then: dict[str, Any] = {"a.yaml": {"x": 1, "tags": ["p", "q"], "items": [{"id": "i", "v": 1}],
                       "sites": [{"n": "A"}]}}
    last: dict[str, Any] = {"a.yaml": {"x": 2, "tags": ["p", "r"],
                       "items": [{"id": "i", "v": 2}, {"id": "j", "v": 1}],
                       "sites": [{"n": "A"}, {"n": "B"}]},
            "b.yaml": {"y": 1}}
    today: dict[str, Any] = {"a.yaml": {"x": 2, "tags": ["z", "p", "r"], "z": 9,
                        "items": [{"id": "j", "v": 1}, {"id": "k"}, {"id": "i", "v": 2}],
                        "sites": [{"n": "A"}, {"n": "B"}]},
             "b.yaml": {"y": 1}, "c.yaml": {"w": 0}}
    merged, conflicts = revert(today, last, then)
    assert conflicts == []
    assert merged == {"a.yaml": {"x": 1, "tags": ["z", "p", "q"], "z": 9,
                                 "items": [{"id": "k"}, {"id": "i", "v": 1}],
                                 "sites": [{"n": "A"}]},
                      "c.yaml": {"w": 0}}
    today["a.yaml"]["x"] = 3
    today["a.yaml"]["sites"] = [{"n": "A"}, {"n": "C"}]
    kept, conflicts = revert(today, last, then)
    assert [str(c) for c in conflicts] == ["records/a.yaml: x", "records/a.yaml: sites"]
    assert kept["a.yaml"]["x"] == 3
    taken, _ = revert(today, last, then, prefer_then=True)
    assert taken["a.yaml"]["x"] == 1 and taken["a.yaml"]["sites"] == [{"n": "A"}]
    one, _ = revert(today, last, then, prefer_then={("a.yaml", "x")})
    assert one["a.yaml"]["x"] == 1 and one["a.yaml"]["sites"] == [{"n": "A"}, {"n": "C"}]


def test_any_registered_change_is_taken_back(registered: Path, tmp_path: Path) -> None:
    """Not the demo's avenant: a change of the arbre à objectifs registered on 30 November
    is absent from the arbre asked for the 29th, present from the 30th. (The arbre here is
    approved by no délibération: an approved one reads the records of its approval.)"""
    d112 = registered / "records/deliberations/22_112.yaml"
    d112.write_text(d112.read_text(encoding="utf-8").replace("approuve: [plan-action]\n", ""),
                    encoding="utf-8")
    path = registered / "records/plan-action.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - Une identité\n", "  - Une identité partagée\n", 1), encoding="utf-8")
    issued = cli_at(registered, "2026-11-30", "issue", "plan-action", "-m", "Socle reformulé")
    assert issued.exit_code == 0, issued.output

    def plan(date: str) -> tuple[Result, str]:
        out = tmp_path / date
        result = cli_at(registered, date, "plan-action", "--no-pdf", "--out", str(out))
        assert result.exit_code == 0, result.output
        return result, docx_text(out / "plan-action.docx")

    before, text = plan("2026-11-29")
    assert "Une identité partagée" not in text and "Une identité" in text
    assert "Arbre à objectifs au 29 novembre 2026 : fiches telles qu'enregistrées le 20 mars " \
           "2024 (journal/000045.json)" in before.output
    after, text = plan("2026-11-30")
    assert "Une identité partagée" in text and "fiches telles" not in after.output


def test_decisions_are_taken_again_when_the_register_changes(registered: Path,
                                                             tmp_path: Path) -> None:
    """What as_of decided is kept while the records and the register stay as they were."""
    result, _ = annexe2_text(registered, "2022-06-29", tmp_path / "before")
    assert "fiches telles qu'enregistrées le 20 juin 2022" in result.output
    shutil.rmtree(registered / "conventions")
    result, text = annexe2_text(registered, "2022-06-29", tmp_path / "after")
    assert result.exit_code == 0, result.output
    assert "fiches telles qu'enregistrées" not in result.output
    assert IMPLANTATION in text  # today's records: the register no longer says otherwise
