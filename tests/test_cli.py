"""The command line: outputs, refusals that write nothing, French messages, documentation."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from ctgdocs.cli import cli

from .conftest import REPO, Run
from .test_check import edit


def test_build_without_pdf_lists_what_it_wrote(run: Run, workspace: Path) -> None:
    result = run("build", "--no-pdf")
    assert result.exit_code == 0, result.output
    written = result.stdout.splitlines()
    assert written[0] == "out/annexe2.docx"
    assert len(written) == 20
    assert all((workspace / line).is_file() for line in written)


def test_one_convention_by_id(run: Run, workspace: Path) -> None:
    result = run("convention", "CFF-2022-CCCC-PAJ", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert result.stdout == "out/convention-CFF-2022-CCCC-PAJ.docx\n"


def test_unknown_convention(run: Run, workspace: Path) -> None:
    result = run("convention", "CFF-9999", "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Erreur : Convention « CFF-9999 » inconnue. Conventions connues : CFF-2022-CCCC-AADEC, ")
    assert not (workspace / "out").exists()


def test_convention_needs_an_id_or_all(run: Run) -> None:
    result = run("convention")
    assert result.exit_code == 2
    assert "Indiquez un identifiant de convention, ou --all." in result.stderr


def test_records_with_errors_write_nothing(run: Run, workspace: Path) -> None:
    edit(workspace, "records/gestionnaires/cspg.yaml", "sigle: CSPG", "sigle: CSPG\nsigle: X")
    result = run("build", "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr == (
        "Erreur : Les fiches contiennent 1 erreur ; corrigez-les puis relancez (ctgdocs check "
        "les liste toutes) :\nrecords/gestionnaires/cspg.yaml:4: sigle: clé « sigle » donnée "
        "deux fois (lignes 3 et 4) ; gardez-en une seule\n")
    assert not (workspace / "out").exists()


def test_template_error_writes_nothing(run: Run, workspace: Path, tmp_path: Path) -> None:
    from docx import Document

    document = Document(str(workspace / "templates/convention.docx"))
    document.add_paragraph("Signé {{ financeur.signataire.nomm }}")
    document.save(str(workspace / "templates/convention.docx"))
    result = run("build", "--no-pdf", "--out", str(tmp_path / "sortie"))
    assert result.exit_code == 1
    assert result.stderr == (
        "Erreur : templates/convention.docx (corps du document) : champ inconnu « nomm » ; "
        "texte concerné : « Signé {{ financeur.signataire.nomm }} »\n")
    assert not (tmp_path / "sortie").exists()
    check = run("templates", "check")
    assert check.exit_code == 1
    assert check.stdout.startswith(
        "Convention CFF-2022-CCCC-AADEC : templates/convention.docx (corps du document) : "
        "champ inconnu « nomm »")
    assert check.stderr == "Erreur : Échec du remplissage pour 11 documents.\n"


def test_template_error_leaves_an_output_folder_as_it_was(run: Run, workspace: Path,
                                                         tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "sortie"
    assert run("build", "--no-pdf", "--out", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for name, text in (("annexe2", "Annexe revue"), ("seance-pv", "{{ inconnu }}")):
        document = Document(str(workspace / f"templates/{name}.docx"))
        document.add_paragraph(text)  # the Annexe 2, rendered first, then a bad PV
        document.save(str(workspace / f"templates/{name}.docx"))
    result = run("build", "--no-pdf", "--out", str(out))
    assert result.exit_code == 1 and "variable inconnue « inconnu »" in result.stderr
    # the Annexe 2 rendered before the error waited in a staging folder, now gone
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_templates_check_passes_on_reference(run: Run) -> None:
    result = run("templates", "check")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Tous les modèles se remplissent sans erreur.\n"


def test_template_that_is_not_a_docx(run: Run, workspace: Path) -> None:
    (workspace / "templates/annexe2.docx").write_text("pas un docx", encoding="utf-8")
    result = run("annexe2", "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr == (
        "Erreur : templates/annexe2.docx : ce fichier n'est pas un document Word (.docx) "
        "lisible ; enregistrez-le au format .docx depuis Word ou LibreOffice\n")
    assert not (workspace / "out").exists()


def test_output_folder_that_cannot_be_written(run: Run, workspace: Path) -> None:
    blocker = workspace / "fichier"
    blocker.write_text("", encoding="utf-8")
    result = run("annexe2", "--no-pdf", "--out", str(blocker / "sortie"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Erreur : Impossible d'écrire dans le dossier de sortie {blocker / 'sortie'} (un "
        "fichier porte déjà ce nom). Choisissez un autre dossier avec --out ou vérifiez ses "
        "droits.\n")
    assert blocker.read_text(encoding="utf-8") == ""


def test_missing_libreoffice_still_writes_docx(run: Run, workspace: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTGDOCS_SOFFICE", str(workspace / "pas-de-soffice"))
    monkeypatch.delenv("CI", raising=False)
    result = run("annexe2")
    assert result.exit_code == 0
    assert result.stdout == "out/annexe2.docx\n"
    assert "Attention : LibreOffice est introuvable : les PDF ne peuvent pas être produits. " \
           "Installez LibreOffice" in result.stderr
    assert "Les fichiers .docx ont été produits." in result.stderr
    monkeypatch.setenv("CI", "true")
    strict = run("annexe2")
    assert strict.exit_code == 1
    assert strict.stderr.startswith("Erreur : LibreOffice est introuvable")


def test_bad_date_is_a_usage_error(run: Run) -> None:
    result = run("--date", "31/02/2022", "check")
    assert result.exit_code == 2
    assert "date invalide « 31/02/2022 » : écrivez AAAA-MM-JJ ou JJ/MM/AAAA" in result.stderr


def test_root_and_date_from_environment(monkeypatch: pytest.MonkeyPatch, workspace: Path,
                                        tmp_path: Path) -> None:
    from click.testing import CliRunner

    monkeypatch.setenv("CTGDOCS_ROOT", str(workspace))
    monkeypatch.setenv("CTGDOCS_DATE", "2022-06-29")
    result = CliRunner().invoke(cli, ["annexe2", "--no-pdf", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    from .conftest import docx_text

    assert "approuvée par la délibération n° 22_112 du 29/06/2022" in docx_text(
        tmp_path / "annexe2.docx")


def _commands(group: click.Group, prefix: str = "ctgdocs") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
        else:
            found.append((f"{prefix} {name}", command))
    return found


def test_every_command_is_documented_with_an_example() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in _commands(cli):
        assert re.search(rf"`{name}\b", readme), f"{name} absent du README"
        assert "Exemple" in (command.help or ""), f"{name} : aide sans exemple"
