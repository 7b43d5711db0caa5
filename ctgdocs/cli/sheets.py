"""`ctgdocs import KIND FICHIER` and `ctgdocs export KIND FICHIER`: records and spreadsheets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .. import sheets
from ..errors import plural
from . import output
from .base import App, UserError, pass_app
from .exchange import export_group, import_group

IMPORT_HELP = {
    "gestionnaires": "les gestionnaires (une ligne par gestionnaire : nom, forme, SIRET, "
                     "adresse, représentant)",
    "services": "les services de l'Annexe 2 (une ligne par service, colonne gestionnaire ; "
                "implantations en colonnes numérotées)",
    "conventions": "les conventions (une ligne par convention ; montants par année, versements "
                   "en colonnes numérotées)",
    "elus": "les élus du conseil communautaire (une ligne par élu)",
    "communes": "les communes membres (une ligne par commune)",
    "subventions": "les subventions hors convention (une ligne par subvention, colonne "
                   "gestionnaire)",
}
EXPORT_HELP = {
    **{k: v for k, v in IMPORT_HELP.items() if k != "subventions"},
    "montants": "les montants de chaque convention, par année et par financeur",
    "echeancier": "l'échéancier des versements de chaque convention (date, part, montant)",
}


def _import_command(kind: str) -> None:
    @import_group.command(kind, help=f"""Importe {IMPORT_HELP[kind]} depuis un tableur.

    Affiche ce qui sera ajouté ou modifié, puis demande confirmation (--yes pour un
    script). Les fiches modifiées gardent leurs commentaires et leur mise en forme ; tout est
    vérifié comme par ctgdocs check avant d'écrire, et rien n'est écrit au moindre problème.
    Colonnes : voir le guide (docs/guide.md, « Tableurs ») ou ctgdocs export {kind}.

    \b
    Exemple :
      ctgdocs import {kind} {kind}.xlsx --yes""")
    @click.argument("fichier", type=click.Path(path_type=Path, dir_okay=False),
                    metavar="FICHIER")
    @click.option("--yes", "-y", "yes", is_flag=True,
                  help="Écrire sans demander confirmation (pour un script).")
    @pass_app
    def command(app: App, fichier: Path, yes: bool) -> None:
        plan = sheets.prepare(app.workspace, kind, fichier, str(fichier))
        if plan.empty:
            output.note(f"Aucune modification : les fiches correspondent déjà au tableur "
                        f"({plural(plan.unchanged, 'ligne')} identique(s)).")
            return
        for change in plan.files:
            state = "nouveau fichier" if change.before is None else "modifié"
            click.echo(f"records/{change.name} ({state}) :")
            for line in change.lines:
                click.echo(f"  {line}")
        if not yes and not _confirmed(f"Écrire {plural(len(plan.files), 'fichier')} ?"):
            raise UserError("Import annulé : rien n'a été écrit (--yes écrit sans demander).")
        written = sheets.apply(plan)
        output.note(f"{plural(len(written), 'fichier')} écrit(s).")


def _confirmed(question: str) -> bool:
    """The user's answer; no answer (no terminal, end of input) is no."""
    try:
        return click.confirm(question, default=False, err=True)
    except click.Abort:
        return False


def _export_command(kind: str) -> None:
    @export_group.command(kind, help=f"""Écrit {EXPORT_HELP[kind]} dans un tableur.

    Le format suit l'extension : .xlsx (Excel), .ods (LibreOffice Calc) ou .csv. Les
    nombres et les dates sont de vrais nombres et de vraies dates ; la colonne « exemple »
    nomme les valeurs d'illustration de chaque ligne, la colonne « ordre » sa place dans la
    fiche.

    \b
    Exemples :
      ctgdocs export {kind} {kind}.xlsx
      ctgdocs export {kind} {kind}.csv --separateur , --encodage windows-1252""")
    @click.argument("fichier", type=click.Path(path_type=Path, dir_okay=False),
                    metavar="FICHIER")
    @click.option("--separateur", type=click.Choice([";", ","]), default=";",
                  show_default=True, help="Séparateur des colonnes d'un .csv.")
    @click.option("--encodage", type=click.Choice(["utf-8", "windows-1252"]),
                  default="utf-8", show_default=True, help="Encodage d'un .csv.")
    @pass_app
    def command(app: App, fichier: Path, separateur: str, encodage: str) -> None:
        created = dt.datetime.combine(app.date, dt.time())
        count = sheets.export_file(app.workspace, kind, fichier, created,
                                   sheets.CsvOptions(separateur, encodage))
        click.echo(str(fichier))
        output.note(f"{plural(count, 'ligne')} écrite(s).")


for _kind in sheets.IMPORTS:
    _import_command(_kind)
for _kind in sheets.EXPORTS:
    _export_command(_kind)
