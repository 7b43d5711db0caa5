"""Commands of the transmission to the préfecture."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import pack as pack_module
from .. import transmission
from ..check import checked_records, loaded_records
from ..infiles import read_regular_file
from .base import (
    App,
    cli,
    parse_date,
    pass_app,
)


@cli.command("pack")
@click.argument("numero")
@click.option("--draft", is_flag=True, help="Projet : acte non signé accepté, chaque page du "
              "dossier porte « PROJET – NON SIGNÉ ».")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Dossier où créer pack-NUMERO/ (par défaut <racine>/out).")
@click.option("--max-mo", type=float, show_default=f"paquet_max_mo de ctgdocs.toml, sinon "
              f"{pack_module.MAX_TOTAL_MIB:g}",
              help="Taille totale maximale acceptée par la plateforme, en Mo.")
@click.option("--json", "as_json", is_flag=True,
              help="Afficher le résultat en JSON : identifiant, fichiers, tailles, empreintes.")
@pass_app
def pack_command(app: App, numero: str, draft: bool, out: Path | None,
                 max_mo: float | None, as_json: bool) -> None:
    """Prépare l'envoi d'une délibération en préfecture : acte et annexes nommés pour @ctes,
    métadonnées JSON et XML, dossier PDF avec bordereau et signets, archive .zip.

    \b
    Exemples :
      ctgdocs pack 22_112
      ctgdocs --date 2022-06-30 pack 22_113 --draft
      ctgdocs pack 22_112 --json
    """
    records = loaded_records(app.workspace) if draft else checked_records(app.workspace)
    out_dir = app.workspace.out_dir(out)
    limit = max_mo or app.workspace.settings.paquet_max_mo or pack_module.MAX_TOTAL_MIB
    packed = pack_module.pack(app.workspace, records, numero, app.date, out_dir, draft, limit)
    if as_json:
        click.echo(json.dumps(pack_module.summary(packed, app.workspace.display),
                              ensure_ascii=False, indent=2))
        return
    for path in sorted(packed.folder.iterdir()):
        click.echo(app.workspace.display(path))


@cli.command("ar")
@click.argument("numero")
@click.option("--file", "ar_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Accusé de réception XML (actes:ARActe) reçu de la plateforme.")
@click.option("--id", "id_actes", help="Identifiant @ctes, si vous n'avez pas le fichier.")
@click.option("--recu", "recu_text", metavar="DATE", help="Date de réception en préfecture.")
@click.option("--envoye", "envoye_text", metavar="DATE",
              help="Date d'envoi (par défaut : celle de réception).")
@click.option("--publie", "publie_text", metavar="DATE", help="Date de publication de l'acte.")
@pass_app
def ar_command(app: App, numero: str, ar_file: Path | None, id_actes: str | None,
               recu_text: str | None, envoye_text: str | None, publie_text: str | None) -> None:
    """Enregistre l'accusé de réception de la préfecture (et la publication) dans la fiche
    de la délibération.

    \b
    Exemples :
      ctgdocs ar 22_112 --file ar-22_112.xml --publie 2022-07-11
      ctgdocs ar 22_112 --id 038-200040111-20220705-22_112-DE --recu 2022-07-08
    """
    if ar_file:
        limit = app.workspace.settings.limites.fichier_octets
        data = read_regular_file(ar_file, limit, label=str(ar_file), setting="fichier_octets")
        ack = transmission.read_ar(data, ar_file.name)
    elif id_actes and recu_text:
        ack = transmission.Acknowledgement(id_actes, parse_date(recu_text, "--recu"), None)
    else:
        raise click.UsageError("Indiquez --file, ou --id et --recu.")
    path = transmission.record(
        app.workspace, checked_records(app.workspace), numero, ack,
        parse_date(envoye_text, "--envoye") if envoye_text else None,
        parse_date(publie_text, "--publie") if publie_text else None, app.date)
    click.echo(f"{app.workspace.display(path)} : transmission enregistrée ({ack.id_actes}, "
               f"reçue le {ack.reception:%d/%m/%Y}).")


@cli.command("stamp")
@click.argument("numero")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Dossier de la copie tamponnée (par défaut <racine>/out).")
@pass_app
def stamp_command(app: App, numero: str, out: Path | None) -> None:
    """Produit une copie de l'acte signé portant les mentions de transmission (envoi,
    réception, publication, identifiant) ; l'original signé reste intact.

    \b
    Exemple :
      ctgdocs stamp 22_112 --out /tmp
    """
    out_dir = app.workspace.out_dir(out)
    path = transmission.stamped(app.workspace, checked_records(app.workspace), numero, out_dir)
    click.echo(app.workspace.display(path))
