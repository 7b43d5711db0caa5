"""`ctgdocs --help` imports no command and no heavy library, and lists what the commands
themselves say."""

from __future__ import annotations

import json
import subprocess
import sys

import click

from ctgdocs.cli import cli
from ctgdocs.cli.command import summary
from ctgdocs.cli.lazy import read_summaries

HEAVY = ("docxtpl", "docx", "pydantic", "pypdf", "babel", "num2words", "yaml", "lxml",
         "jinja2", "ctgdocs.documents", "ctgdocs.records", "ctgdocs.cli.documents")

PROBE = """
import json, sys
sys.argv = ["ctgdocs", "--help"]
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


def test_help_imports_no_command_and_no_heavy_library() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            check=True)
    output, _, modules = result.stdout.rpartition("\n[")
    loaded = set(json.loads("[" + modules))
    assert "Registre :" in output and "status" in output
    assert sorted(loaded.intersection(HEAVY)) == []
