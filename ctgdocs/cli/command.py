"""French commands: help layout, metavars, themes, shared options, and the error contract."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Sequence
from gettext import gettext
from typing import IO, Any

import click

from ..errors import CtgdocsError
from ..oserrors import describe
from . import output
from .app import common_options
from .completion import BY_PARAMETER

# The top-level help lists the commands by theme, in this order.
THEMES: dict[str, tuple[str, ...]] = {
    "Documents": ("build", "annexe2", "convention", "deliberation", "seance", "plan-action",
                  "templates"),
    "Registre": ("issue", "approve", "sign", "terminate", "avenant", "consolidate", "history",
                 "show", "diff", "status", "verify", "registre"),
    "Préfecture": ("pack", "ar", "stamp"),
    "Données": ("check", "import", "export"),
    "Outils": ("init", "doctor", "completion"),
}
OTHER_THEME = "Autres commandes"

# click names its value types in English (TEXT, INTEGER…); paths are already translated.
METAVARS = {"text": "TEXTE", "integer": "NOMBRE", "float": "NOMBRE", "integer range": "NOMBRE",
            "float range": "NOMBRE", "boolean": "OUI|NON", "datetime": "DATE",
            "filename": "FICHIER", "uuid": "UUID"}


class UserError(click.ClickException):
    """Printed in French, exit code 1 (click keeps 2 for bad usage)."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        output.error(self.message)


def _quoted(names: list[str]) -> str:
    return " / ".join(f"« {name} »" for name in names)


class Option(click.Option):
    def get_error_hint(self, ctx: click.Context | None) -> str:
        hint = _quoted(self.opts)
        if self.show_envvar and self.envvar:
            names = [self.envvar] if isinstance(self.envvar, str) else list(self.envvar)
            hint += f" (variable d'environnement {', '.join(names)})"
        return hint


class Argument(click.Argument):
    def get_error_hint(self, ctx: click.Context | None) -> str:
        return _quoted([self.human_readable_name])


class FrenchFormatter(click.HelpFormatter):
    def write_heading(self, heading: str) -> None:
        # French puts a space before the colon.
        self.write(f"{'':>{self.current_indent}}{heading} :\n")


class FrenchContext(click.Context):
    formatter_class = FrenchFormatter


def summary(command: click.Command) -> str:
    """The first paragraph of the help, whole (click would cut it at 45 characters)."""
    if command.short_help:
        return command.short_help
    return summary_of_text(command.help or "")


def summary_of_text(help_text: str) -> str:
    """The first paragraph of a help text (a docstring), on one line."""
    text = inspect.cleandoc(help_text).partition("\f")[0]
    paragraph = text.split("\n\n")[0].replace("\b", "")
    return " ".join(paragraph.split())


class Command(click.Command):
    context_class = FrenchContext

    def get_short_help_str(self, limit: int = 45) -> str:
        return summary(self)


class Group(click.Group):
    """Commands and sub-groups with French help, and CtgdocsError turned into exit 1."""

    context_class = FrenchContext
    command_class = Command
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "COMMANDE [ARGUMENTS]...")
        super().__init__(*args, **kwargs)

    def get_short_help_str(self, limit: int = 45) -> str:
        return summary(self)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        prepare(cmd)
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CtgdocsError as exc:
            raise UserError(str(exc)) from None
        except BrokenPipeError:
            raise  # the reader (head, less) went away: click ends quietly
        except OSError as exc:
            raise UserError(describe(exc)) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if ctx.parent is not None:
            super().format_commands(ctx, formatter)
            return
        shown = {name: summary(command) for name in self.list_commands(ctx)
                 if (command := self.get_command(ctx, name)) is not None and not command.hidden}
        self.write_themes(formatter, shown)

    @staticmethod
    def write_themes(formatter: click.HelpFormatter, shown: dict[str, str]) -> None:
        """The commands ``shown`` (name: summary), by theme, in the order of THEMES."""
        names = list(shown)
        width = max((len(name) for name in names), default=0)
        order = [name for names_ in THEMES.values() for name in names_]
        names.sort(key=lambda name: (order.index(name) if name in order else len(order), name))
        sections: dict[str, list[tuple[str, str]]] = {theme: [] for theme in THEMES}
        for name in names:
            sections.setdefault(theme_of(name), []).append((name.ljust(width), shown[name]))
        for theme, rows in sections.items():
            if rows:
                with formatter.section(theme):
                    formatter.write_dl(rows)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """click's main, with French errors in colour (red) on a terminal."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            show_usage_error(exc)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            output.error(exc.format_message())
            sys.exit(exc.exit_code)
        except click.Abort:
            output.error(gettext("Aborted!"))
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def show_usage_error(exc: click.UsageError) -> None:
    ctx = exc.ctx
    if ctx is not None:
        lines = [ctx.get_usage()]
        help_names = ctx.command.get_help_option_names(ctx)
        if ctx.command.get_help_option(ctx) is not None and help_names:
            lines.append(gettext("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=max(help_names, key=len)))
        click.echo("\n".join(lines) + "\n", err=True, color=output.colour())
    output.error(exc.format_message())


def theme_of(name: str) -> str:
    for theme, names in THEMES.items():
        if name in names:
            return theme
    return OTHER_THEME


def prepare(command: click.Command) -> None:
    """Give a command the shared options, French metavars, env vars in help, completion."""
    if not isinstance(command, click.Group):
        taken = {name for param in command.params for name in param.opts}
        command.params += [option for option in common_options(top=False)
                           if not taken.intersection(option.opts)]
    for param in command.params:
        # Declared with click's classes; ours only change how errors name them.
        if type(param) is click.Option:
            param.__class__ = Option
        elif type(param) is click.Argument:
            param.__class__ = Argument
        if isinstance(param, click.Option):
            if param.envvar:
                param.show_envvar = True
            if param.metavar is None and not param.is_flag and param.type.name in METAVARS:
                param.metavar = METAVARS[param.type.name]
        elif isinstance(param, click.Argument) and param.metavar is None and param.name:
            param.metavar = _argument_metavar(param)
        completer = BY_PARAMETER.get(param.name or "")
        if completer is not None and param._custom_shell_complete is None:
            param._custom_shell_complete = completer


def _argument_metavar(argument: click.Argument) -> str:
    """DOC rather than DOC_ID, keeping click's marks of an optional or repeated argument."""
    metavar = (argument.name or "").removesuffix("_id").upper()
    if not argument.required:
        metavar = f"[{metavar}]"
    return metavar if argument.nargs == 1 else f"{metavar}..."
