"""The reference workspace's register tells its story and stays verifiable."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from click.testing import CliRunner

from ctgdocs.cli import cli
from ctgdocs.register import Register
from ctgdocs.register.content import canonical_hash
from ctgdocs.workspace import Workspace

from .conftest import REPO, docx_text


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["--root", str(REPO), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_register_is_intact() -> None:
    lines = run("verify").splitlines()
    assert lines[0] == "Journal intact : chaque entrée, la tête et chaque fichier conservé vérifiés."
    assert re.fullmatch(r"Journal des documents ctgdocs : \d+ entrées, empreinte [0-9a-f]{16}…",
                        lines[1])


def test_migration_was_appended_and_records_every_issued_version() -> None:
    register = Register(Workspace(REPO))
    entries = register.store.entries()
    assert [e.format for e in entries[:47]] == [1] * 47
    [migration] = [e for e in entries if e["action"] == "migration"]
    assert migration.numero == 48
    issued = {(d.ident, v.numero): v for d in register.documents().values() for v in d.versions
              if v.emission.numero < 48}
    recorded = {(c["document"], c["version"]): c for c in migration["contenus"]}
    assert set(recorded) == set(issued)
    for key, version in issued.items():
        assert recorded[key]["docx"] == version.emission["docx"]
        assert recorded[key]["contenu"] == canonical_hash(
            register.store.get(version.emission["docx"]), key[0])


def test_show_returns_every_issued_version_as_stored(tmp_path: Path) -> None:
    register = Register(Workspace(REPO))
    documents = register.documents()
    assert len(documents) == 19
    for doc in documents.values():
        for version in doc.versions:
            run("show", doc.ident, "--version", str(version.numero), "--no-pdf",
                "--out", str(tmp_path))
            written = tmp_path / f"{doc.ident}-v{version.numero}.docx"
            assert written.read_bytes() == register.store.get(version.emission["docx"])


def test_story_of_the_conventions() -> None:
    history = run("history", "CFF-2022-SLP-CSPG").splitlines()
    assert history == [
        "v1  2022-06-10  émission      m.favier      Projet soumis au conseil municipal",
        "v1  2022-06-20  approbation   m.favier      2022_041",
        "v1  2022-07-01  signature     a.lenfant     convention-CFF-2022-SLP-CSPG-signe.pdf",
    ]
    avenant = run("history", "avenant-CFF-2022-CCCC-AADEC-1").splitlines()
    assert [line.split()[2] for line in avenant] == ["émission", "approbation", "signature"]
    status = run("--date", "2024-06-01", "status")
    assert "convention-CFF-2022-CCCC-AADEC             en vigueur" in status
    assert ("avenant-CFF-2022-SLP-CSPG-1                en vigueur  1 version   v1, du "
            "01/01/2023 au 31/12/2025") in status
    assert ("avenant-CFF-2022-CCCC-AADEC-1              en vigueur  1 version   v1, du "
            "10/04/2024 au 31/12/2025") in status
    assert "deliberation-22_112                        exécutoire  1 version   v1, depuis le 11/07/2022" in status


def test_consolidated_text_before_and_after_the_avenants(tmp_path: Path) -> None:
    for day in ("2022-12-31", "2023-03-01"):
        run("--date", "2026-11-28", "consolidate", "CFF-2022-SLP-CSPG", "--at", day,
            "--no-pdf", "--out", str(tmp_path))
    before = docx_text(tmp_path / "convention-CFF-2022-SLP-CSPG-consolidee-20221231.docx")
    after = docx_text(tmp_path / "convention-CFF-2022-SLP-CSPG-consolidee-20230301.docx")
    assert "2023 | 9\u00a0500,00\u00a0€" in before
    assert "2023 | 9\u00a0900,00\u00a0€" in after
    assert "(modifié par l'avenant n° 1 du 20 février 2023)" in after
    run("--date", "2026-11-28", "consolidate", "CFF-2022-CCCC-AADEC", "--at", "2024-05-01",
        "--no-pdf", "--out", str(tmp_path))
    aadec = docx_text(tmp_path / "convention-CFF-2022-CCCC-AADEC-consolidee-20240501.docx")
    assert "Salle polyvalente – Le Bourg, 73670 Entremont-le-Vieux" in aadec


def test_signed_extract_is_an_electronically_signed_example() -> None:
    register = Register(Workspace(REPO))
    signature = register.document("22_112").last.signature
    assert signature is not None
    [found] = signature["signatures_electroniques"]
    assert found["couvre_tout_le_fichier"] is True
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(register.store.get(signature["pdf"]))).pages[0].extract_text()
    assert "EXEMPLE – copie signée fictive" in text
    assert dt.date.fromisoformat(signature["date"]) == dt.date(2022, 7, 5)


def test_status_at_a_past_date_shows_no_later_signature() -> None:
    status = run("--date", "2022-07-01", "status")
    assert "avenant-" not in status  # the avenants were issued in 2023 and 2024
    assert "convention-CFF-2022-CCCC-CSPG              approuvé" in status  # signed 20/07/2022
    # signed on 1 July 2022 but recorded after entries of 5 July: not known on 1 July
    assert "convention-CFF-2022-SLP-CSPG               approuvé" in status
    assert "journal/000041.json : signature de convention-CFF-2022-SLP-CSPG du 01/07/2022" \
        in status
    assert "Journal des documents ctgdocs : 24 entrées" in status
