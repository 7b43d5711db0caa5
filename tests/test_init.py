"""ctgdocs init: a new territory in one command, from every kind of install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ctgdocs.cli import cli

from .conftest import REPO, docx_text
from .second_territory import REFERENCE_WORDS

OPTIONS = [
    "--nom", "Communauté de communes du Val Imaginaire", "--sigle", "CCVI",
    "--siren", "241 100 106", "--siret", "241.100.106.00004",
    "--adresse", "12 avenue des Tilleuls, BP 7, 11000 Belcastel", "--departements", "11, 34",
    "--civilite", "Mme", "--prenom", "Inès", "--nom-president", "SALVAT",
    "--tribunal", "Tribunal administratif de Montpellier",
    "--tribunal-adresse", "6 rue Pitot, 34063 Montpellier Cedex 2",
    "--caf", "11 ; Caisse d'allocations familiales de l'Aude ; 2 rue Jacquard, 11000 Carcassonne",
    "--caf", "34 ; Caisse d'allocations familiales de l'Hérault ; 139 avenue de Lodève, "
             "34943 Montpellier Cedex 9",
    "--commune", "11999 ; Les Aubrais ; 11400 ; 2 100",
    "--commune", "34999 ; Saint-Imaginaire ; 34700 ; 850",
    "--debut", "2025-01-01", "--fin", "31/12/2028",
]


def ctgdocs(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="ctgdocs", input=input)


def test_init_with_options_then_check_and_build(tmp_path: Path) -> None:
    root = tmp_path / "val"
    result = ctgdocs("init", str(root), *OPTIONS)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:4] == [
        "records/territoire.yaml", "records/communes.yaml", "ctgdocs.toml", ".gitignore"]
    assert sorted(p.name for p in (root / "templates").iterdir()) == sorted(
        p.name for p in (REPO / "templates").iterdir())
    assert all((root / "records" / f).is_dir() for f in ("gestionnaires", "conventions"))
    territoire = (root / "records/territoire.yaml").read_text(encoding="utf-8")
    assert '  siren: "241100106"\n  siret: "24110010600004"\n' in territoire
    assert '    qualite: "Présidente"\n' in territoire
    assert '  departements: ["11", "34"]\n' in territoire
    assert ctgdocs("--root", str(root), "check").stderr == \
        "Aucun problème : les fiches sont cohérentes.\n"
    build = ctgdocs("--root", str(root), "--date", "2025-02-03", "build", "--no-pdf")
    assert build.exit_code == 0, build.output
    text = docx_text(root / "out/annexe2.docx")
    assert "Val Imaginaire" in text
    assert not [word for word in REFERENCE_WORDS if word in text]


def test_init_asks_what_is_missing_and_asks_again_when_wrong(tmp_path: Path) -> None:
    answers = "\n".join([
        "Communauté de communes du Val Imaginaire", "CCVI",
        "241100107", "241100106",  # a wrong key, asked again
        "24110010600004", "12 avenue des Tilleuls", "12 avenue des Tilleuls, 11000 Belcastel",
        "Madame", "Mme", "Inès", "SALVAT",
        "Tribunal administratif de Montpellier", "6 rue Pitot, 34063 Montpellier Cedex 2",
        "Caisse d'allocations familiales de l'Aude", "2 rue Jacquard, 11000 Carcassonne",
        "", "11999 ; Les Aubrais ; 11400", "11999 ; Les Aubrais ; 11400 ; 2100", "",
        "2025-01-01", "2028-12-31", ""])
    root = tmp_path / "val"
    result = ctgdocs("init", str(root), "--departements", "11", input=answers)
    assert result.exit_code == 0, result.output
    assert "Erreur : SIREN « 241100107 » invalide : la clé de contrôle (Luhn) est fausse" \
        in result.stderr
    assert "Erreur : adresse « 12 avenue des Tilleuls » : terminez par le code postal et la " \
           "commune" in result.stderr
    assert "Erreur : civilité « Madame » : écrivez M. ou Mme" in result.stderr
    assert "Erreur : indiquez au moins une commune" in result.stderr
    assert "Erreur : « 11999 ; Les Aubrais ; 11400 » : 4 éléments séparés par « ; » attendus" \
        in result.stderr
    assert ctgdocs("--root", str(root), "check").exit_code == 0


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    root = tmp_path / "val"
    assert ctgdocs("init", str(root), *OPTIONS).exit_code == 0
    mine = "# mes fiches\n" + (root / "records/territoire.yaml").read_text(encoding="utf-8")
    (root / "records/territoire.yaml").write_text(mine, encoding="utf-8")
    (root / "templates/convention.docx").unlink()
    refused = ctgdocs("init", str(root), *OPTIONS)
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Erreur : Le dossier {root} n'est pas vide : ctgdocs init crée un dossier de travail "
        "dans un dossier vide ou nouveau. Avec --force, il complète ce dossier sans jamais "
        "remplacer un fichier existant.\n")
    forced = ctgdocs("init", str(root), *OPTIONS, "--force")
    assert forced.exit_code == 0, forced.output
    assert forced.stdout == "templates/convention.docx\n"
    assert "12 fichier(s) déjà présent(s), conservé(s) : records/territoire.yaml" in forced.stderr
    assert (root / "records/territoire.yaml").read_text(encoding="utf-8") == mine


def test_init_checks_before_writing(tmp_path: Path) -> None:
    root = tmp_path / "val"
    options = [*OPTIONS]
    options[options.index("11999 ; Les Aubrais ; 11400 ; 2 100")] = "38999 ; Ailleurs ; 11400 ; 5"
    result = ctgdocs("init", str(root), *options)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Erreur : Ces informations ne passent pas la vérification (1 erreur), rien n'a été "
        "écrit :\nrecords/communes.yaml:")
    assert not root.exists()


def test_settings_of_the_workspace(tmp_path: Path) -> None:
    root = tmp_path / "val"
    assert ctgdocs("init", str(root), *OPTIONS).exit_code == 0
    settings = root / "ctgdocs.toml"
    settings.write_text('sortie = "produits"\nauteur = "Inès S."\n', encoding="utf-8")
    build = ctgdocs("--root", str(root), "annexe2", "--no-pdf")
    assert build.stdout == "produits/annexe2.docx\n"
    issue = ctgdocs("--root", str(root), "--date", "2025-02-03", "issue", "annexe2", "-m", "v1")
    assert issue.exit_code == 0, issue.output
    journal = sorted((root / "conventions/journal").glob("0*.json"))
    assert '"auteur": "Inès S."' in journal[-1].read_text(encoding="utf-8")
    settings.write_text('sortie = "produits"\nauteur = Inès\n', encoding="utf-8")
    assert ctgdocs("--root", str(root), "check").stderr == (
        "Erreur : ctgdocs.toml:2 : syntaxe TOML invalide ; écrivez nom = valeur, le texte "
        "entre guillemets droits\n")
    settings.write_text("paquet_max_mo = -3\nsortiee = 1\n", encoding="utf-8")
    assert ctgdocs("--root", str(root), "check").stderr.startswith(
        "Erreur : ctgdocs.toml : paquet_max_mo : doit être supérieur à 0.0; sortiee : champ "
        "inconnu « sortiee »")


def test_packaged_templates_serve_a_workspace_without_templates(tmp_path: Path) -> None:
    """The editable install of the tests: templates come from the checkout."""
    root = tmp_path / "val"
    assert ctgdocs("init", str(root), *OPTIONS).exit_code == 0
    shutil.rmtree(root / "templates")
    result = ctgdocs("--root", str(root), "annexe2", "--no-pdf")
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(folder), str(REPO)], check=True)
    (found,) = folder.glob("ctgdocs-*.whl")
    return found


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CTGDOCS_")}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False,
                          env={**environment, **env})


def _territory_from(command: list[str], tmp_path: Path, soffice: str) -> None:
    """init outside the TA de Grenoble, check, build: nothing of the reference workspace."""
    root = tmp_path / "val"
    init = _run([*command, "init", str(root), *OPTIONS], tmp_path)
    assert init.returncode == 0, init.stderr
    check = _run([*command, "check"], root)
    assert (check.returncode, check.stderr) == (0, "Aucun problème : les fiches sont "
                                                   "cohérentes.\n")
    shutil.rmtree(root / "templates")  # the installed templates serve
    build = _run([*command, "--date", "2025-02-03", "build"], root, CTGDOCS_SOFFICE=soffice)
    assert build.returncode == 0, build.stderr
    assert build.stdout.splitlines() == ["out/annexe2.docx", "out/annexe2.pdf"]
    text = docx_text(root / "out/annexe2.docx")
    assert "Val Imaginaire" in text
    assert not [word for word in REFERENCE_WORDS if word in text]


def _fresh_venv(tmp_path: Path) -> Path:
    """A new virtual environment, outside the repository, that sees the dependencies only."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (site,) = venv.glob("lib/python*/site-packages")
    dependencies = next(p for p in map(Path, sys.path) if p.name == "site-packages")
    (site / "dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")
    return venv


def test_from_a_wheel_in_a_fresh_environment(wheel: Path, tmp_path: Path, soffice: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "ctgdocs/default_templates/annexe2.docx" in names
    assert "ctgdocs/locale/fr/LC_MESSAGES/ctgdocs.mo" in names
    assert "ctgdocs/py.typed" in names
    venv = _fresh_venv(tmp_path)
    python = str(venv / "bin/python")
    subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True)
    (site,) = venv.glob("lib/python*/site-packages")
    where = _run([python, "-c", "import ctgdocs; print(ctgdocs.__file__)"], tmp_path)
    assert where.stdout.startswith(str(site)), where.stdout + where.stderr
    _territory_from([str(venv / "bin/ctgdocs")], tmp_path, soffice)


def test_from_a_zipapp(wheel: Path, tmp_path: Path, soffice: str) -> None:
    app = tmp_path / "ctgdocs.pyz"
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(app, "w") as target:
        for name in source.namelist():
            if name.startswith("ctgdocs/"):
                target.writestr(name, source.read(name))
        target.writestr("__main__.py", "from ctgdocs.cli import main\nmain()\n")
    venv = _fresh_venv(tmp_path)
    _territory_from([str(venv / "bin/python"), str(app)], tmp_path, soffice)
