"""The ctgdocs command line: parse options, call one library function, print the result."""

from __future__ import annotations

from .. import collector
from . import french

# click translates some words when a command is declared: French first.
french.install()

# The command modules (lazy.MODULES) are imported when a command needs them, not for --help.
from .base import cli  # noqa: E402

__all__ = ["cli", "main"]


def main() -> None:
    collector.pause()  # until the work that grows with the documents (collector.py)
    cli(prog_name="ctgdocs")
