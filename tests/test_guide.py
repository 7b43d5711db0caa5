"""The French user guide names every command with an example."""

from __future__ import annotations

import re

from ctgdocs.cli import cli

from .conftest import REPO
from .test_cli import _commands


def test_every_command_is_in_the_guide() -> None:
    guide = (REPO / "docs/guide.md").read_text(encoding="utf-8")
    for name, _command in _commands(cli):
        assert re.search(rf"`{name}\b[^`]*`", guide), f"{name} absent de docs/guide.md"
    for shell in ("bash", "zsh", "fish", "powershell"):
        assert f"ctgdocs completion {shell}" in guide
    for system in ("### Linux", "### macOS", "### Windows"):
        assert system in guide
