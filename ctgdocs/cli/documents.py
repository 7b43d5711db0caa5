"""Commands that produce documents from the records."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import plural
from . import output

if TYPE_CHECKING:  # the commands import them when they run: a no-op build loads none
    from .. import documents
    from ..records import Records

from .base import (
    App,
    Group,
    UserError,
    cli,
    generate_documents,
    json_option,
    out_options,
    parse_date,
    pass_app,
)


@cli.command("check")
@click.option("--strict", is_flag=True, help="Échouer aussi sur les avertissements.")
@json_option
@pass_app
def check_command(app: App, strict: bool, as_json: bool) -> None:
    """Vérifie toutes les fiches et leurs liens.

    Affiche chaque problème (en rouge les erreurs, en jaune les avertissements) sous la
    forme fichier:ligne: champ: message.
    Code de sortie 1 s'il y a une erreur (ou un avertissement avec --strict).

    \b
    Exemple :
      ctgdocs check --strict
    """
    from ..check import check

    result = check(app.workspace)
    if as_json:
        from .. import jsonreport

        click.echo(json.dumps(jsonreport.check(result.findings), ensure_ascii=False, indent=2))
    else:
        for finding in result.findings:
            output.finding(str(finding), finding.level)
        output.note(_summary(len(result.errors), len(result.warnings)))
    if result.errors or (strict and result.warnings):
        sys.exit(1)


def _summary(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "Aucun problème : les fiches sont cohérentes."
    return f"{plural(errors, 'erreur')}, {plural(warnings, 'avertissement')}."


@cli.group("templates", cls=Group)
def templates_group() -> None:
    """Modèles Word (.docx) du dossier templates/.

    \b
    Exemple :
      ctgdocs templates check
    """


@templates_group.command("check")
@pass_app
def templates_check(app: App) -> None:
    """Rend chaque modèle avec les fiches et signale ce qui échoue.

    \b
    Exemple :
      ctgdocs templates check
    """
    from .. import documents
    from ..check import checked_records
    from ..generate import check_templates
    from ..register import avenants

    records = checked_records(app.workspace)
    jobs = documents.all_jobs(records, app.date)
    jobs += avenants.sample_jobs(app.workspace, records, app.date)
    problems = check_templates(app.workspace, jobs)
    for problem in problems:
        click.echo(problem)
    if problems:
        raise UserError(f"Échec du remplissage pour {plural(len(problems), 'document')}.")
    click.echo("Tous les modèles se remplissent sans erreur.")


@cli.command("annexe2")
@out_options
@pass_app
def annexe2_command(app: App, out: Path | None, no_pdf: bool) -> None:
    """Produit l'Annexe 2 de la CTG (.docx et PDF).

    \b
    Exemple :
      ctgdocs annexe2 --out ~/Bureau/ctg
    """
    from .. import documents

    generate_documents(app, lambda records: [documents.annexe2_job(records, app.when)], out, no_pdf)


@cli.command("convention")
@click.argument("convention_id", required=False)
@click.option("--all", "everything", is_flag=True, help="Toutes les conventions.")
@out_options
@pass_app
def convention_command(app: App, convention_id: str | None, everything: bool,
                       out: Path | None, no_pdf: bool) -> None:
    """Produit une convention de fonctionnement et financement (ou toutes avec --all).

    \b
    Exemples :
      ctgdocs convention CFF-2022-CCCC-CSPG
      ctgdocs convention --all --no-pdf
    """
    from .. import documents

    if bool(convention_id) == everything:
        raise click.UsageError("Indiquez un identifiant de convention, ou --all.")

    def jobs(records: Records) -> list[documents.Job]:
        if everything:
            return documents.convention_jobs(records, app.when)
        assert convention_id is not None
        return [documents.convention_job(records, convention_id, app.when)]

    generate_documents(app, jobs, out, no_pdf)


@cli.command("deliberation")
@click.argument("numero")
@click.option("--draft", is_flag=True,
              help="Projet de délibération envoyé avec la convocation : chaque page porte "
                   "« PROJET », sans les chiffres de la séance ; produit même si la séance "
                   "n'est pas encore complète.")
@click.option("--certifie-le", "certified", metavar="DATE",
              help="Copie certifiée conforme établie ce jour-là, après la signature : elle "
                   "porte les mentions de transmission et de publication déjà enregistrées.")
@out_options
@pass_app
def deliberation_command(app: App, numero: str, draft: bool, certified: str | None,
                         out: Path | None, no_pdf: bool) -> None:
    """Produit l'extrait du registre d'une délibération (ou son projet avec --draft).

    L'extrait est daté de sa signature enregistrée, sinon de la séance.

    \b
    Exemples :
      ctgdocs deliberation 22_112
      ctgdocs deliberation 22_113 --draft --no-pdf
      ctgdocs --date 2022-09-01 deliberation 22_112 --certifie-le 2022-09-01
    """
    from .. import documents

    day = parse_date(certified, "--certifie-le") if certified else None
    generate_documents(app, lambda records: [documents.deliberation_job(
        records, numero, app.when, draft, certified=day)], out, no_pdf, allow_errors=draft)


@cli.group("seance", cls=Group)
def seance_group() -> None:
    """Documents d'une séance du conseil communautaire.

    \b
    Exemples :
      ctgdocs seance liste 2022-06-29
      ctgdocs seance pv 2022-06-29 --no-pdf
    """


def _seance_command(kind: str, summary: str) -> None:
    @seance_group.command(kind, help=f"{summary}\n\n\b\nExemple :\n  ctgdocs seance {kind} "
                                     "2022-06-29")
    @click.argument("seance_id")
    @out_options
    @pass_app
    def command(app: App, seance_id: str, out: Path | None, no_pdf: bool) -> None:
        from .. import documents

        generate_documents(
            app, lambda records: [documents.seance_job(records, seance_id, kind, app.when)],
            out, no_pdf)


_seance_command("liste", "Produit la liste des délibérations de la séance, à publier sous "
                         "huit jours.")
_seance_command("pv", "Produit le procès-verbal de la séance (présences, quorum, votes, "
                      "signatures).")


@cli.command("plan-action")
@out_options
@pass_app
def plan_action_command(app: App, out: Path | None, no_pdf: bool) -> None:
    """Produit l'arbre à objectifs de la CTG (tableau en paysage).

    \b
    Exemple :
      ctgdocs plan-action
    """
    from .. import documents

    generate_documents(app, lambda records: [documents.plan_job(records, app.when)], out, no_pdf)


@cli.command("build")
@out_options
@json_option
@pass_app
def build_command(app: App, out: Path | None, no_pdf: bool, as_json: bool) -> None:
    """Produit tous les documents du dossier de travail.

    Annexe 2, arbre à objectifs, conventions, extraits des délibérations, listes et
    procès-verbaux des séances, en .docx et en PDF. Avec --json, écrit la liste des fichiers
    produits en JSON (chemin, format, document) au lieu d'un chemin par ligne.

    \b
    Exemples :
      ctgdocs build
      ctgdocs build --no-pdf --out /tmp/ctg --json
    """
    from .. import documents

    notes: list[str] = []

    def jobs(records: Records) -> list[documents.Job]:
        made, later = documents.jobs_and_skipped(records, app.when)
        notes.extend(f"Non produit à cette date : {document}" for document in later)
        return made

    generate_documents(app, jobs, out, no_pdf, as_json=as_json, notes=notes, skip_past=True)
