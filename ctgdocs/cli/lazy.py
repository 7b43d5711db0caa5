"""The top-level group: its commands are imported when a command runs, not for the help.

``ctgdocs --help`` (and ``ctgdocs`` alone) lists every command with its summary, read from
the command modules' sources (the docstring of each function decorated with
``@cli.command``/``@cli.group``) without importing them, and so without importing what they
use (pydantic, docxtpl, pypdf, babel…). Anything else (running or completing a command,
reading ``cli.commands``) imports them all first, except running a command, which imports
the module that declares it (and all of them for the groups other modules add to).
tests/test_cli_lazy.py checks that the summaries read from the sources are those of the
imported commands.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import MutableMapping
from importlib import resources
from typing import Any

import click

from .command import Group, prepare, summary_of_text

MODULES = ("documents", "exchange", "init", "opendata", "prefecture", "register", "sheets",
           "tools")
SHARED = ("exchange",)  # modules whose groups other modules add commands to
# The module declaring each top-level command, so that running one imports it alone without
# reading the sources (tests/test_cli_lazy.py checks it against read_declarations).
DECLARED = {
    "documents": ("annexe2", "build", "check", "convention", "deliberation", "plan-action",
                  "seance", "templates"),
    "exchange": ("export", "import"),
    "init": ("init",),
    "prefecture": ("ar", "pack", "stamp"),
    "register": ("approve", "avenant", "consolidate", "diff", "history", "issue", "registre",
                 "show", "sign", "status", "terminate", "verify"),
    "tools": ("completion", "doctor"),
}
MODULE_OF = {name: module for module, names in DECLARED.items() for name in names}
_DECORATORS = {"command", "group"}
_SUFFIXES = ("_command", "_cmd", "_group", "_grp")


def read_summaries() -> dict[str, str]:
    """Name -> summary of each top-level command, from the sources of ``MODULES``."""
    return {name: text for name, (_, text) in read_declarations().items()}


def read_declarations() -> dict[str, tuple[str, str]]:
    """Name -> (module, summary) of each top-level command, from the sources."""
    found: dict[str, tuple[str, str]] = {}
    for module in MODULES:
        source = resources.files(__package__).joinpath(f"{module}.py").read_text("utf-8")
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef):
                found.update({name: (module, text) for name, text in _declared(node).items()})
    return found


def _declared(function: ast.FunctionDef) -> dict[str, str]:
    for decorator in function.decorator_list:
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                and isinstance(decorator.func.value, ast.Name)
                and decorator.func.value.id == "cli" and decorator.func.attr in _DECORATORS):
            continue
        options = {k.arg: k.value for k in decorator.keywords if k.arg}
        if _constant(options.get("hidden")) is True:
            return {}
        name = _constant(decorator.args[0]) if decorator.args else _constant(options.get("name"))
        if not isinstance(name, str):
            name = function.name
            for suffix in _SUFFIXES:
                name = name.removesuffix(suffix)
            name = name.lower().replace("_", "-")
        short = _constant(options.get("short_help"))
        text = short if isinstance(short, str) else summary_of_text(
            ast.get_docstring(function) or "")
        return {name: text}
    return {}


def _constant(node: ast.expr | None) -> Any:
    return node.value if isinstance(node, ast.Constant) else None


class TopGroup(Group):
    """The ``ctgdocs`` group: command modules imported on first need (see the module)."""

    _loaded = False

    @property
    def commands(self) -> MutableMapping[str, click.Command]:
        self.load()
        return self._commands

    @commands.setter
    def commands(self, value: MutableMapping[str, click.Command]) -> None:
        self._commands = value

    def load(self) -> None:
        if not TopGroup._loaded:
            TopGroup._loaded = True
            for module in MODULES:
                importlib.import_module(f"{__package__}.{module}")

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Registered as the command modules are imported, without importing the others."""
        prepare(cmd)
        name = name or cmd.name
        assert name is not None
        self._commands[name] = cmd

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, importing only its own module when that is enough: the groups of
        ``SHARED`` receive subcommands from other modules, so they import them all."""
        if not TopGroup._loaded:
            module = MODULE_OF.get(cmd_name, "")
            if module and module not in SHARED:
                importlib.import_module(f"{__package__}.{module}")
                command = self._commands.get(cmd_name)
                if command is not None:
                    return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if TopGroup._loaded:
            super().format_commands(ctx, formatter)
        else:
            self.write_themes(formatter, read_summaries())
