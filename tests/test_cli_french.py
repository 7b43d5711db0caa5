"""The command line speaks French: click's own words come from the shipped catalogue."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ctgdocs.cli import cli
from ctgdocs.cli.command import OTHER_THEME, theme_of

from .conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
import make_catalogue

# Words click writes when a message escapes the catalogue, and its English metavars.
ENGLISH = re.compile(
    r"Usage:|Options:|Commands:|Arguments:|Error:|\[default|\[required\]|env var|No such|"
    r"Did you mean|Try '|for help|Show this|Missing|Invalid value|does not exist|"
    r"\b(DIRECTORY|TEXT|FILE|PATH|INTEGER|FLOAT|BOOLEAN|COMMAND|ARGS|FILENAME)\b|"
    r"\b(is not|one of|required|default|Aborted)\b")


def all_commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += all_commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def is_group(path: tuple[str, ...]) -> bool:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return isinstance(command, click.Group)


GROUPS = {path for path in all_commands() if is_group(path)}


def test_the_catalogue_translates_every_message_of_click() -> None:
    catalog = make_catalogue.catalogue()
    translated = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"« {key} » sans traduction"
        translated[key] = strings
    missing = make_catalogue.click_messages() - set(translated)
    assert not missing, f"messages de click {click.__version__} sans traduction : {missing}"


def test_the_compiled_catalogue_matches_its_source() -> None:
    assert make_catalogue.MO.read_bytes() == make_catalogue.compiled(make_catalogue.catalogue()), \
        "relancez python tools/make_catalogue.py"


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "ctgdocs")
def test_every_help_is_french(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="ctgdocs")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Utilisation : {' '.join(('ctgdocs', *path))} [OPTIONS]")
    assert "\nOptions :\n" in result.output
    assert "  -h, --help " in result.output and "Afficher cette aide et quitter." in result.output
    assert not ENGLISH.search(result.output), ENGLISH.findall(result.output)
    if path not in GROUPS:  # a group lists its commands
        assert "Exemple" in result.output


def test_top_level_help_groups_commands_by_theme() -> None:
    result = CliRunner().invoke(cli, ["--help"], prog_name="ctgdocs")
    headings = re.findall(r"^(\S[^\n]*) :$", result.output, re.MULTILINE)
    assert headings == ["Options", "Documents", "Registre", "Préfecture", "Données", "Outils"]
    assert "  build         Produit tous les documents du dossier de travail.\n" in result.output
    assert "  CTGDOCS_SOFFICE  programme soffice de LibreOffice" in result.output
    for name in cli.commands:
        assert theme_of(name) != OTHER_THEME, f"{name} : ajoutez-la à THEMES"
    # summaries are whole: click would cut them at 45 characters with "..."
    assert "..." not in result.output.split("Documents :")[1]


USAGE_ERRORS = [
    (["check", "--bogus"],
     "Utilisation : ctgdocs check [OPTIONS]\nPour l'aide : « ctgdocs check --help ».\n\n"
     "Erreur : Option « --bogus » inconnue. Vouliez-vous dire '--verbose' ?\n"),
    (["chek"],
     "Utilisation : ctgdocs [OPTIONS] COMMANDE [ARGUMENTS]...\n"
     "Pour l'aide : « ctgdocs --help ».\n\n"
     "Erreur : Commande « chek » inconnue. Vouliez-vous dire 'check' ?\n"),
    (["show", "X", "--version", "deux"],
     "Utilisation : ctgdocs show [OPTIONS] DOC\nPour l'aide : « ctgdocs show --help ».\n\n"
     "Erreur : Valeur invalide pour « --version » : « deux » n'est pas un nombre valide.\n"),
    (["sign", "X"],
     "Utilisation : ctgdocs sign [OPTIONS] DOC\nPour l'aide : « ctgdocs sign --help ».\n\n"
     "Erreur : Option manquante « --file ».\n"),
    (["history"],
     "Utilisation : ctgdocs history [OPTIONS] DOC\nPour l'aide : « ctgdocs history --help ».\n\n"
     "Erreur : Argument manquant « DOC ».\n"),
    (["convention", "A", "B"],
     "Utilisation : ctgdocs convention [OPTIONS] [CONVENTION]\n"
     "Pour l'aide : « ctgdocs convention --help ».\n\n"
     "Erreur : Argument en trop : B\n"),
    (["pack", "22_112", "--max-mo"],  # click's parser gives no context: no usage line
     "Erreur : L'option « --max-mo » attend une valeur.\n"),
    (["completion", "ksh"],
     "Utilisation : ctgdocs completion [OPTIONS] SHELL\n"
     "Pour l'aide : « ctgdocs completion --help ».\n\n"
     "Erreur : Valeur invalide pour « SHELL » : « ksh » n'est pas l'une des valeurs 'bash', "
     "'zsh', 'fish', 'powershell'.\n"),
    (["check", "--json=oui"],
     "Erreur : L'option « --json » ne prend pas de valeur.\n"),
]


@pytest.mark.parametrize(("args", "expected"), USAGE_ERRORS, ids=lambda v: str(v)[:30])
def test_usage_errors_are_french(workspace: Path, args: list[str], expected: str) -> None:
    result = CliRunner().invoke(cli, ["--root", str(workspace), *args], prog_name="ctgdocs")
    assert result.exit_code == 2
    assert result.stderr == expected
    assert not ENGLISH.search(result.stderr)


def test_a_path_option_names_its_environment_variable_in_french(tmp_path: Path) -> None:
    (tmp_path / "fichier").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check"], prog_name="ctgdocs",
                                env={"CTGDOCS_ROOT": str(tmp_path / "fichier")})
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Erreur : Valeur invalide pour « --root » (variable d'environnement CTGDOCS_ROOT) : "
        f"Dossier « {tmp_path / 'fichier'} » : c'est un fichier.\n")


@pytest.mark.parametrize("environment", [
    {"LANG": "en_US.UTF-8", "LANGUAGE": "en_US:en", "LC_ALL": "en_US.UTF-8"},
    {"LANG": "C"},
    {},  # as on Windows: no LANG at all
], ids=["anglais", "C", "sans-LANG"])
def test_french_whatever_the_system_language(environment: dict[str, str]) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    result = subprocess.run([sys.executable, "-m", "ctgdocs", "chek"], capture_output=True,
                            text=True, env={**env, **environment}, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("Utilisation : ctgdocs [OPTIONS] COMMANDE [ARGUMENTS]...\n")
    assert "Erreur : Commande « chek » inconnue." in result.stderr
