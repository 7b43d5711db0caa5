"""`ctgdocs --help` imports no command and no heavy library, and lists what the commands
themselves say."""

from __future__ import annotations

import json
import subprocess
import sys

import click

from ctgdocs.cli import cli
from ctgdocs.cli.command import summary
from ctgdocs.cli.lazy import MODULE_OF, MODULES, read_declarations, read_summaries

HEAVY = ("docxtpl", "docx", "pydantic", "pypdf", "babel", "num2words", "yaml", "lxml",
         "jinja2", "ctgdocs.documents", "ctgdocs.records", "ctgdocs.cli.documents")

PROBE = """
import json, sys
sys.argv = ["ctgdocs", *sys.argv[1:]]
from ctgdocs.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def test_summaries_read_from_the_sources_are_the_commands_own() -> None:
    ctx = click.Context(cli)
    shown = {name: summary(command) for name in cli.list_commands(ctx)
             if (command := cli.get_command(ctx, name)) is not None and not command.hidden}
    assert read_summaries() == shown, (
        "ctgdocs/cli/lazy.py lit les commandes dans les sources de MODULES : déclarez chaque "
        "commande avec @cli.command(\"nom\") ou @cli.group(\"nom\") dans l'un d'eux")


def test_each_command_is_declared_where_lazy_py_says() -> None:
    assert {name: module for name, (module, _) in read_declarations().items()} == MODULE_OF, (
        "ctgdocs/cli/lazy.py : mettez à jour DECLARED (le module de chaque commande)")


def test_help_imports_no_command_and_no_heavy_library() -> None:
    output, loaded = probe("--help")
    assert "Registre :" in output and "status" in output
    assert sorted(loaded.intersection(HEAVY)) == []


def test_a_command_imports_only_its_own_command_module() -> None:
    output, loaded = probe("status", "--help")
    assert "Utilisation : ctgdocs status" in output
    assert sorted(m for m in loaded if m.startswith("ctgdocs.cli.") and m.rpartition(".")[2]
                  in MODULES) == ["ctgdocs.cli.register"]
    # the register's commands read no .docx template and no PDF unless they need to
    assert sorted(loaded.intersection({"docxtpl", "docx", "pypdf"})) == []


def probe(*args: str) -> tuple[str, set[str]]:
    """What ``ctgdocs ARGS`` prints, and the modules it imported."""
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, check=True)
    output, _, modules = result.stdout.rpartition("\n[")
    return output, set(json.loads("[" + modules))
