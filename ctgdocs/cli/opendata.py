"""`export subventions` and `export deliberations`: the SCDL open-data files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..check import checked_records
from . import output
from .base import App, pass_app
from .exchange import export_group

if TYPE_CHECKING:
    from ..opendata import Published

CSV_FILE = click.Path(dir_okay=False, path_type=Path)


def _report(app: App, published: Published, what: str) -> None:
    for note in published.notes:
        output.note(note)
    if published.warning:
        output.warning(published.warning)
    click.echo(f"{app.workspace.display(published.path)} : {published.rows} {what}")


@export_group.command("subventions")
@click.argument("fichier", type=CSV_FILE)
@pass_app
def export_subventions(app: App, fichier: Path) -> None:
    """Écrit les données essentielles des conventions de subvention signées (format SCDL
    « subventions » 2.0.1, décret 2017-779), à publier dans les trois mois de la signature.

    Une ligne par convention signée au registre à la date du jour (--date), avec ses
    montants, son échéancier et les délibérations qui les ont attribués. Refusé tant
    qu'une valeur d'exemple y figure, sauf dans un dossier de démonstration.

    \b
    Exemples :
      ctgdocs export subventions subventions.csv
      ctgdocs --date 2022-12-31 export subventions subventions-2022.csv
    """
    from .. import opendata  # the register and its models: loaded when asked

    records = checked_records(app.workspace)
    table = opendata.subventions.table(app.workspace, records, app.date)
    published = opendata.publish(app.workspace, table, fichier)
    _report(app, published, "convention(s)")


@export_group.command("deliberations")
@click.argument("fichier", type=CSV_FILE)
@pass_app
def export_deliberations(app: App, fichier: Path) -> None:
    """Écrit les délibérations adoptées (format SCDL « délibérations » 2.1.5) : matière
    @ctes, objet, votes, transmission au contrôle de légalité ; le lien vers l'acte publié
    (DELIB_URL) reste à compléter.

    Refusé tant qu'une valeur d'exemple y figure, sauf dans un dossier de démonstration.

    \b
    Exemples :
      ctgdocs export deliberations deliberations.csv
      ctgdocs --date 2022-12-31 export deliberations deliberations-2022.csv
    """
    from .. import opendata

    records = checked_records(app.workspace)
    table = opendata.deliberations.table(records, app.date)
    published = opendata.publish(app.workspace, table, fichier)
    _report(app, published, "délibération(s)")
