"""Tools around the documents: shell completion, the check of this machine."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

from .. import doctor
from ..errors import CtgdocsError, plural
from ..workspace import Workspace
from . import output
from .base import App, UserError, cli, pass_app

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


@cli.command("doctor")
@pass_app
def doctor_command(app: App) -> None:
    """Vérifie ce dont ctgdocs a besoin sur cet ordinateur.

    Python, ctgdocs et ses dépendances, LibreOffice (parmi les programmes installés, dans
    /Applications/LibreOffice.app sous macOS, dans Program Files sous Windows, ou désigné par
    CTGDOCS_SOFFICE) et sa version, les polices des modèles (ou leurs équivalents libres
    Carlito, Caladea, Liberation), le dossier de travail. Pour chaque élément manquant, dit
    comment l'installer ; code de sortie 1 s'il en manque un.

    \b
    Exemple :
      ctgdocs doctor
    """
    try:
        workspace: Workspace | None = app.workspace
    except CtgdocsError:
        workspace = None
    items = [doctor.python_item(), *doctor.package_items(), doctor.libreoffice_item(),
             *doctor.font_items(workspace), doctor.workspace_item(app.root)]
    for item in items:
        click.echo(f"{'ok    ' if item.ok else 'MANQUE'}  {item.subject} : {item.detail}")
    missing = [item for item in items if not item.ok]
    for item in missing:
        output.warning(f"{item.subject} : {item.remedy}")
    if missing:
        raise UserError(f"{plural(len(missing), 'élément')} à installer ou corriger.")
