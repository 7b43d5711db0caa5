"""Commands of the register: versions, lifecycle, avenants, history."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from ..errors import plural
from ..outputs import prepare_dir
from ..paths import output_path
from ..register import Register
from .base import (
    App,
    Group,
    UserError,
    author_option,
    cli,
    out_options,
    parse_date,
    pass_app,
    write_jobs,
)

# Each command imports what only it needs (records' models, rendering, PDF…), so that
# reading the register (verify, history) starts fast.


def opened(app: App) -> Register:
    """The workspace's register; foreign files in its journal are named on stderr."""
    register = Register(app.workspace)
    for warning in register.store.warnings():
        click.echo(f"Attention : {warning}", err=True)
    return register


@cli.command("issue")
@click.argument("doc_id")
@click.option("-m", "--message", required=True, help="Pourquoi cette version.")
@author_option
@pass_app
def issue_command(app: App, doc_id: str, message: str, auteur: str) -> None:
    """Enregistre une nouvelle version (projet) d'un document dans le registre.

    DOC_ID : identifiant de convention, numéro de délibération, annexe2, plan-action…

    \b
    Exemple :
      ctgdocs --date 2022-06-20 issue CFF-2022-CCCC-CSPG -m "Projet soumis au conseil"
    """
    entry = opened(app).issue(doc_id, message, app.date, auteur)
    click.echo(f"{entry['document']} : version {entry['version']} enregistrée (projet).")


@cli.command("approve")
@click.argument("doc_id")
@click.option("--deliberation", "numero", required=True, help="Numéro de la délibération.")
@author_option
@pass_app
def approve_command(app: App, doc_id: str, numero: str, auteur: str) -> None:
    """Enregistre l'approbation de la dernière version par une délibération adoptée.

    \b
    Exemple :
      ctgdocs --date 2022-06-29 approve CFF-2022-CCCC-CSPG --deliberation 22_113
    """
    from ..register import illustrative

    entry = opened(app).approve(doc_id, numero, app.date, auteur)
    click.echo(f"{entry['document']} v{entry['version']} approuvée par la délibération "
               f"{numero}.")
    if entry.get("exemples"):
        click.echo(illustrative.mark(entry["exemples"]), err=True)


@cli.command("sign")
@click.argument("doc_id")
@click.option("--file", "pdf_file", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="PDF signé (scan ou signature électronique), conservé tel quel.")
@author_option
@pass_app
def sign_command(app: App, doc_id: str, pdf_file: Path, auteur: str) -> None:
    """Enregistre le PDF signé de la dernière version (daté par --date).

    \b
    Exemple :
      ctgdocs --date 2022-07-20 sign CFF-2022-CCCC-CSPG --file signee.pdf
    """
    from ..register import illustrative
    from ..signedpdf import describe

    entry = opened(app).sign(doc_id, pdf_file, app.date, auteur)
    kind = describe(entry["signatures_electroniques"],
                    entry.get("champs_sans_signature_valide", []))
    click.echo(f"{entry['document']} v{entry['version']} signée le "
               f"{app.date:%d/%m/%Y} : {kind}.")
    if entry.get("exemples"):
        click.echo(illustrative.mark(entry["exemples"]), err=True)


@cli.command("terminate")
@click.argument("doc_id")
@click.option("--motif", required=True, help="Motif de la résiliation.")
@author_option
@pass_app
def terminate_command(app: App, doc_id: str, motif: str, auteur: str) -> None:
    """Enregistre la résiliation d'un document signé (datée par --date).

    \b
    Exemple :
      ctgdocs --date 2024-03-31 terminate CFF-2022-CCCC-PAJ --motif "Dissolution"
    """
    entry = opened(app).terminate(doc_id, app.date, motif, auteur)
    click.echo(f"{entry['document']} v{entry['version']} résiliée le {app.date:%d/%m/%Y}.")


@cli.command("avenant")
@click.argument("convention_id")
@click.option("-m", "--message", required=True, help="Pourquoi cet avenant.")
@click.option("--deliberation", "numero", help="Délibération qui l'autorise (obligatoire si "
              "un montant change).")
@click.option("--deliberation-du", "deliberation_text", metavar="DATE",
              help="Date de cette délibération quand les fiches ne la contiennent pas "
              "(délibération d'une commune) ; sans elle, « à venir ».")
@click.option("--effet", "effet_text", metavar="DATE",
              help="Date de prise d'effet (par défaut : sa signature).")
@out_options
@author_option
@pass_app
def avenant_command(app: App, convention_id: str, message: str, numero: str | None,
                    deliberation_text: str | None, effet_text: str | None, out: Path | None,
                    no_pdf: bool, auteur: str) -> None:
    """Rédige le projet d'avenant qui fait passer la convention en vigueur à ce que
    disent les fiches (mots remplacés, article ainsi rédigé, annexe remplacée), l'enregistre
    et l'écrit en .docx et PDF dans --out.

    \b
    Exemple :
      ctgdocs --date 2023-02-01 avenant CFF-2022-SLP-CSPG -m "Montant 2023" --deliberation 2023_015
    """
    from ..generate import write_files
    from ..register import avenants

    effet = parse_date(effet_text, "--effet") if effet_text else None
    voted = parse_date(deliberation_text, "--deliberation-du") if deliberation_text else None
    out_dir = app.workspace.out_dir(out)
    prepare_dir(out_dir)
    drafted = avenants.draft(opened(app), convention_id, message, numero, effet, app.date,
                             auteur, voted)
    entry = drafted.entry
    for warning in drafted.warnings:
        click.echo(f"Attention : {warning}", err=True)
    changed = ", ".join(m["titre"] for m in entry["modifications"])
    click.echo(f"{entry['document']} : version {entry['version']} enregistrée (projet) ; "
               f"modifie : {changed}.")
    name = output_path(out_dir, f"{entry['document']}-v{entry['version']}.docx", "l'avenant")
    result = write_files([(name, opened(app).store.get(entry["docx"]))], out_dir,
                         with_pdf=not no_pdf, require_pdf=os.environ.get("CI") == "true",
                         pdfa=app.pdfa, odt=app.odt)
    for path in result.files:
        click.echo(app.workspace.display(path))
    if result.pdf_skipped:
        click.echo(f"Attention : {result.pdf_skipped} Le fichier .docx a été produit.",
                   err=True)


@cli.command("consolidate")
@click.argument("convention_id")
@click.option("--at", "at_text", metavar="DATE",
              help="Date de la version consolidée (par défaut : --date).")
@out_options
@pass_app
def consolidate_command(app: App, convention_id: str, at_text: str | None, out: Path | None,
                        no_pdf: bool) -> None:
    """Produit le texte consolidé en vigueur à une date (avenants signés et en vigueur).

    \b
    Exemple :
      ctgdocs consolidate CFF-2022-SLP-CSPG --at 2024-01-01
    """
    from ..register import avenants

    day = parse_date(at_text, "--at") if at_text else app.date
    job = avenants.consolidation_job(opened(app), convention_id, day)
    write_jobs(app, [job], out, no_pdf)


@cli.command("history")
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="Afficher l'historique en JSON.")
@pass_app
def history_command(app: App, doc_id: str, as_json: bool) -> None:
    """Affiche l'historique d'un document : versions, approbations, signatures.

    \b
    Exemple :
      ctgdocs history CFF-2022-CCCC-CSPG
    """
    from ..register.history import history

    rows = history(opened(app), doc_id)
    if as_json:
        from .. import jsonreport

        click.echo(json.dumps([jsonreport.history_row(row) for row in rows],
                              ensure_ascii=False, indent=2))
        return
    for row in rows:
        detail = row.get("message") or row.get("deliberation") or row.get("nom_fichier") \
            or row.get("motif") or ""
        mark = "  EXEMPLE" if row.get("exemples") and row["action"] != "émission" else ""
        click.echo(f"v{row['version']}  {row['date']}  {row['action']:<12}  "
                   f"{row['auteur']:<12}  {detail}{mark}")


@cli.command("show")
@click.argument("doc_id")
@click.option("--version", "numero", type=int, help="Numéro de version (par défaut la dernière).")
@click.option("--regenerer", is_flag=True,
              help="Régénérer aussi la version et comparer son contenu à celui enregistré.")
@out_options
@pass_app
def show_command(app: App, doc_id: str, numero: int | None, regenerer: bool,
                 out: Path | None, no_pdf: bool) -> None:
    """Restitue une version émise : le .docx tel qu'il a été enregistré, octet pour octet.

    Avec --regenerer, la version est aussi produite à nouveau depuis son instantané des
    fiches et son modèle, et son contenu comparé à celui enregistré.

    \b
    Exemples :
      ctgdocs show CFF-2022-CCCC-CSPG --version 1 --out /tmp/archives
      ctgdocs show CFF-2022-CCCC-CSPG --regenerer --no-pdf
    """
    from ..register import reports
    from ..register.regenerate import regenerate

    register = opened(app)
    out_dir = app.workspace.out_dir(out)
    for path in reports.show(register, doc_id, numero, out_dir, not no_pdf):
        click.echo(app.workspace.display(path))
    if regenerer:
        result = regenerate(register, doc_id, numero)
        click.echo(result.sentence())
        if result.altere or (result.erreur and not result.differences):
            raise UserError("Régénération impossible à l'identique avec les mêmes versions.")


@cli.command("diff")
@click.argument("doc_id")
@click.argument("v1", type=int, required=False)
@click.argument("v2", type=int, required=False)
@click.option("--json", "as_json", is_flag=True,
              help="Afficher les différences en JSON (pour un script).")
@pass_app
def diff_command(app: App, doc_id: str, v1: int | None, v2: int | None,
                 as_json: bool) -> None:
    """Montre ce qui a changé entre deux versions : fiches, puis articles.

    Sans numéros : la dernière version contre la précédente.

    \b
    Exemples :
      ctgdocs diff CFF-2022-CCCC-CSPG 1 2
      ctgdocs diff CFF-2022-SLP-CSPG --json
    """
    from ..register import reports

    result = reports.diff(opened(app), doc_id, v1, v2)
    if as_json:
        from .. import jsonreport

        click.echo(json.dumps(jsonreport.diff(result), ensure_ascii=False, indent=2))
        return
    click.echo(f"{result.document} : version {result.avant} → version {result.apres}")
    click.echo("Fiches :" if result.fiches else "Fiches : aucun changement")
    for line in result.fiches:
        click.echo(f"  {line}")
    click.echo("Texte :" if result.sections else "Texte : aucun changement")
    for change in result.sections:
        click.echo(f"  {change.titre} : {change.nature}")
        for row in change.lignes_retirees:
            click.echo(f"    - {row}")
        for row in change.lignes_ajoutees:
            click.echo(f"    + {row}")


@cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Afficher l'état en JSON.")
@pass_app
def status_command(app: App, as_json: bool) -> None:
    """Affiche l'état de chaque document du registre et ce qui demande une action.

    \b
    Exemple :
      ctgdocs status
    """
    from ..check import loaded_records
    from ..register import reports

    register = opened(app)
    found = reports.status(register, loaded_records(app.workspace), app.date)
    rows, alerts, head = found.rows, found.alerts, found.head
    if as_json:
        from .. import jsonreport

        click.echo(json.dumps(jsonreport.status(app.date, rows, alerts, head, found.later),
                              ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row.document:<42} {row.etat:<11} {plural(row.versions, 'version'):<11} "
                   f"{row.detail}")
    if alerts:
        click.echo("\nÀ faire :")
        for alert in alerts:
            click.echo(f"  - {alert}")
    if found.later:
        click.echo(f"\nEnregistré après le {app.date:%d/%m/%Y} (non compté ci-dessus) :")
        for line in found.later:
            click.echo(f"  - {line}")
    if head:
        click.echo(f"\n{head.sentence()}")
    elif found.total:
        click.echo(f"\nJournal des documents ctgdocs : aucune entrée au {app.date:%d/%m/%Y}.")


@cli.command("verify")
@click.option("--depuis", "depuis", metavar="EMPREINTE",
              help="Prouver aussi que le journal prolonge, sans l'avoir modifiée, une tête "
                   "relevée plus tôt (empreinte imprimée par un bordereau ou par status).")
@click.option("--json", "as_json", is_flag=True, help="Afficher le résultat en JSON.")
@pass_app
def verify_command(app: App, depuis: str | None, as_json: bool) -> None:
    """Vérifie l'intégrité du journal des documents : chaque entrée (schéma, chaîne), la tête
    du journal (tete.json) et l'empreinte de chaque fichier conservé.

    \b
    Exemples :
      ctgdocs verify
      ctgdocs verify --depuis 3f2a9c0b1d2e4f5a
    """
    register = Register(app.workspace)
    checked = register.verification()
    problems = checked.problems
    anchor, proof = register.extends(depuis, checked.entries) if depuis else (None, "")
    if depuis and anchor is None:
        problems.append(proof)
    head = None if problems else checked.head
    if as_json:
        from .. import jsonreport

        click.echo(json.dumps({
            "intact": not problems,
            "problems": jsonreport.messages(problems),
            "journal": jsonreport.head(head),
            "since": None if not depuis else {
                "sha256": depuis, "extends": anchor is not None,
                "entry": anchor.numero if anchor else None,
                "added_entries": head.entrees - anchor.numero if head and anchor else None,
                "message": proof or None},
        }, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            click.echo(problem)
    if problems:
        raise UserError(f"Journal des documents altéré : {plural(len(problems), 'problème')}.")
    if as_json:
        return
    click.echo("Journal intact : chaque entrée, la tête et chaque fichier conservé vérifiés.")
    if proof:
        click.echo(proof)
    click.echo(head.sentence() if head else "Journal des documents ctgdocs : vide.")


@cli.group("registre", cls=Group)
def registre_group() -> None:
    """Entretien du journal des documents (conventions/journal)."""


@registre_group.command("migrer")
@author_option
@pass_app
def migrate_command(app: App, auteur: str) -> None:
    """Passe un journal écrit par ctgdocs 0.1 au format 2, en AJOUTANT une entrée de
    migration (les entrées existantes ne sont pas modifiées) et la tête du journal.

    \b
    Exemple :
      ctgdocs registre migrer
    """
    register = opened(app)
    entry = register.migrate(app.date, auteur)
    count = plural(len(entry["contenus"]), "version")
    click.echo(f"Journal migré (entrée {entry.numero} : {count} dont le contenu est désormais "
               "enregistré).")
    head = register.head()
    assert head is not None
    click.echo(head.sentence())


@registre_group.command("reprendre")
@pass_app
def resume_command(app: App) -> None:
    """Accepte les entrées écrites au-delà de la tête du journal par une commande
    interrompue, après avoir vérifié qu'elles sont complètes et chaînées.

    \b
    Exemple :
      ctgdocs registre reprendre
    """
    register = opened(app)
    accepted = register.resume()
    if not accepted:
        click.echo("Aucune entrée au-delà de la tête du journal.")
    for entry in accepted:
        click.echo(f"{entry.name} acceptée ({entry.get('action')} de "
                   f"{entry.get('document', 'journal')}).")
