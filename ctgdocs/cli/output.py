"""What the command line writes besides its results: errors, warnings, notes, details.

Results go to standard output, plain, for scripts. Everything else goes to standard error:
errors in red and warnings in yellow on a terminal, without colour in a file or a pipe and
whenever NO_COLOR is set (https://no-color.org). -q hides the notes, -v adds details.
"""

from __future__ import annotations

import os

import click

QUIET, NORMAL, VERBOSE = -1, 0, 1
_VERBOSITY = "ctgdocs.verbosity"


def colour() -> bool | None:
    """False when NO_COLOR asks for none; otherwise click decides (colour on a terminal)."""
    return False if os.environ.get("NO_COLOR") else None


def verbosity() -> int:
    ctx = click.get_current_context(silent=True)
    return int(ctx.meta.get(_VERBOSITY, NORMAL)) if ctx else NORMAL


def set_verbosity(ctx: click.Context, level: int) -> None:
    ctx.meta[_VERBOSITY] = level


def error(message: str) -> None:
    click.echo(click.style(f"Erreur : {message}", fg="red"), err=True, color=colour())


def warning(message: str) -> None:
    click.echo(click.style(f"Attention : {message}", fg="yellow"), err=True, color=colour())


def note(message: str) -> None:
    """A summary or a confirmation: hidden by -q."""
    if verbosity() > QUIET:
        click.echo(message, err=True, color=colour())


def detail(message: str) -> None:
    """What happens step by step: shown with -v."""
    if verbosity() >= VERBOSE:
        click.echo(click.style(message, dim=True), err=True, color=colour())


def finding(text: str, level: str) -> None:
    """One problem found in the records, on standard output (check's result)."""
    styled = click.style(text, fg="red" if level == "erreur" else "yellow")
    click.echo(styled, color=colour())
