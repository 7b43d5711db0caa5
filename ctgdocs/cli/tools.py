"""Tools around the documents: shell completion."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

from .base import cli

SHELLS = ("bash", "zsh", "fish", "powershell")
COMPLETE_VAR = "_CTGDOCS_COMPLETE"


@cli.command("completion")
@click.argument("shell", type=click.Choice(SHELLS), metavar="SHELL")
def completion_command(shell: str) -> None:
    """Écrit le script de complétion des commandes pour un shell.

    Le script complète les commandes, les options, et les identifiants du dossier de
    travail : conventions, numéros de délibération, séances, documents du registre.
    Shells : bash (4.4 ou plus récent), zsh, fish, PowerShell (5.1 ou 7).

    \b
    Exemples :
      ctgdocs completion bash > ~/.local/share/bash-completion/completions/ctgdocs
      ctgdocs completion zsh > ~/.zfunc/_ctgdocs
      ctgdocs completion fish > ~/.config/fish/completions/ctgdocs.fish
      ctgdocs completion powershell >> $PROFILE
    """
    complete_class = get_completion_class(shell)
    assert complete_class is not None  # every name of SHELLS is one click knows
    click.echo(complete_class(cli, {}, "ctgdocs", COMPLETE_VAR).source())
