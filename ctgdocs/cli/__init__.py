"""The ctgdocs command line: parse options, call one library function, print the result."""

from __future__ import annotations

from . import documents, prefecture, register  # noqa: F401  (they register their commands)
from .base import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="ctgdocs")
