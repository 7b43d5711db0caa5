"""The ctgdocs command line: parse options, call one library function, print the result."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

from . import documents, fr, transmission
from . import pack as pack_module
from .check import check, checked_records, loaded_records
from .errors import CtgdocsError, plural
from .generate import GenerateResult, check_templates, generate, step_count
from .records import Records
from .register import Register, avenants, reports
from .workspace import Workspace


class UserError(click.ClickException):
    """Printed in French, exit code 1 (click keeps 2 for bad usage)."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Erreur : {self.message}", err=True)


@dataclass
class App:
    root: Path
    date: dt.date

    @property
    def workspace(self) -> Workspace:
        return Workspace(self.root)


class Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CtgdocsError as exc:
            raise UserError(str(exc)) from None


def parse_date(value: str | None, option: str = "--date") -> dt.date:
    if value is None:
        return dt.date.today()  # the only clock read: the CLI decides what "today" is
    try:
        return fr.parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              envvar="CTGDOCS_ROOT", show_default="dossier courant",
              help="Dossier de travail du territoire (records/, templates/, conventions/).")
@click.option("--date", "date_text", envvar="CTGDOCS_DATE", metavar="DATE",
              help="Date du jour des documents (AAAA-MM-JJ) ; par défaut, aujourd'hui.")
@click.version_option(package_name="ctgdocs", message="ctgdocs %(version)s")
@click.pass_context
def cli(ctx: click.Context, root: Path, date_text: str | None) -> None:
    """ctgdocs : conventions, avenants, délibérations et Annexe 2 d'une CTG.

    \b
    Exemples :
      ctgdocs check
      ctgdocs build
      ctgdocs --root ../autre-territoire --date 2022-06-29 annexe2
    """
    ctx.obj = App(root, parse_date(date_text))


pass_app = click.make_pass_decorator(App)


def out_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option("--no-pdf", is_flag=True,
                           help="Ne produire que les .docx, sans PDF.")(command)
    return click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                        help="Dossier des fichiers produits (par défaut <racine>/out).")(command)


@cli.command("check")
@click.option("--strict", is_flag=True, help="Échouer aussi sur les avertissements.")
@click.option("--json", "as_json", is_flag=True, help="Afficher les problèmes en JSON.")
@pass_app
def check_command(app: App, strict: bool, as_json: bool) -> None:
    """Vérifie toutes les fiches et leurs liens.

    Affiche chaque problème sous la forme fichier:ligne: champ: message.
    Code de sortie 1 s'il y a une erreur (ou un avertissement avec --strict).

    \b
    Exemple :
      ctgdocs check --strict
    """
    result = check(app.workspace)
    if as_json:
        click.echo(json.dumps({
            "erreurs": len(result.errors),
            "avertissements": len(result.warnings),
            "problemes": [f.as_dict() for f in result.findings],
        }, ensure_ascii=False, indent=2))
    else:
        for finding in result.findings:
            click.echo(str(finding))
        click.echo(_summary(len(result.errors), len(result.warnings)), err=True)
    if result.errors or (strict and result.warnings):
        sys.exit(1)


def _summary(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "Aucun problème : les fiches sont cohérentes."
    return f"{plural(errors, 'erreur')}, {plural(warnings, 'avertissement')}."


@cli.group("templates", cls=Group)
def templates_group() -> None:
    """Modèles Word (.docx) du dossier templates/."""


@templates_group.command("check")
@pass_app
def templates_check(app: App) -> None:
    """Rend chaque modèle avec les fiches et signale ce qui échoue.

    \b
    Exemple :
      ctgdocs templates check
    """
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
    _generate(app, lambda records: [documents.annexe2_job(records, app.date)], out, no_pdf)


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
    if bool(convention_id) == everything:
        raise click.UsageError("Indiquez un identifiant de convention, ou --all.")

    def jobs(records: Records) -> list[documents.Job]:
        if everything:
            return documents.convention_jobs(records, app.date)
        assert convention_id is not None
        return [documents.convention_job(records, convention_id, app.date)]

    _generate(app, jobs, out, no_pdf)


@cli.command("deliberation")
@click.argument("numero")
@click.option("--draft", is_flag=True,
              help="Projet de délibération envoyé avec la convocation : chaque page porte "
                   "« PROJET », sans les chiffres de la séance ; produit même si la séance "
                   "n'est pas encore complète.")
@out_options
@pass_app
def deliberation_command(app: App, numero: str, draft: bool, out: Path | None,
                         no_pdf: bool) -> None:
    """Produit l'extrait du registre d'une délibération (ou son projet avec --draft).

    \b
    Exemples :
      ctgdocs deliberation 22_112
      ctgdocs deliberation 22_113 --draft --no-pdf
    """
    _generate(app, lambda records: [documents.deliberation_job(records, numero, app.date,
                                                               draft)],
              out, no_pdf, allow_errors=draft)


@cli.group("seance", cls=Group)
def seance_group() -> None:
    """Documents d'une séance du conseil communautaire."""


@seance_group.command("liste")
@click.argument("seance_id")
@out_options
@pass_app
def seance_liste(app: App, seance_id: str, out: Path | None, no_pdf: bool) -> None:
    """Produit la liste des délibérations de la séance, à publier sous huit jours.

    \b
    Exemple :
      ctgdocs seance liste 2022-06-29
    """
    _generate(app, lambda records: [documents.seance_job(records, seance_id, "liste", app.date)],
              out, no_pdf)


@seance_group.command("pv")
@click.argument("seance_id")
@out_options
@pass_app
def seance_pv(app: App, seance_id: str, out: Path | None, no_pdf: bool) -> None:
    """Produit le procès-verbal de la séance (présences, quorum, votes, signatures).

    \b
    Exemple :
      ctgdocs seance pv 2022-06-29
    """
    _generate(app, lambda records: [documents.seance_job(records, seance_id, "pv", app.date)],
              out, no_pdf)


@cli.command("plan-action")
@out_options
@pass_app
def plan_action_command(app: App, out: Path | None, no_pdf: bool) -> None:
    """Produit l'arbre à objectifs de la CTG (tableau en paysage).

    \b
    Exemple :
      ctgdocs plan-action
    """
    _generate(app, lambda records: [documents.plan_job(records, app.date)], out, no_pdf)


@cli.command("build")
@out_options
@pass_app
def build_command(app: App, out: Path | None, no_pdf: bool) -> None:
    """Produit tous les documents du dossier de travail : Annexe 2, arbre à objectifs,
    conventions, extraits des délibérations, listes et procès-verbaux des séances.

    \b
    Exemple :
      ctgdocs build
    """
    _generate(app, lambda records: documents.all_jobs(records, app.date), out, no_pdf)


def author_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--auteur", envvar="CTGDOCS_AUTEUR", default=getpass.getuser,
                        show_default="utilisateur de la session",
                        help="Qui enregistre cette étape dans le registre.")(command)


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
    entry = Register(app.workspace).issue(doc_id, message, app.date, auteur)
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
    entry = Register(app.workspace).approve(doc_id, numero, app.date, auteur)
    click.echo(f"{entry['document']} v{entry['version']} approuvée par la délibération "
               f"{numero}.")


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
    entry = Register(app.workspace).sign(doc_id, pdf_file, app.date, auteur)
    signatures = entry["signatures_electroniques"]
    kind = (f"{plural(len(signatures), 'signature électronique')}" if signatures
            else "copie signée sans signature électronique")
    click.echo(f"{entry['document']} v{entry['version']} signée le "
               f"{app.date:%d/%m/%Y} ({kind}).")


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
    entry = Register(app.workspace).terminate(doc_id, app.date, motif, auteur)
    click.echo(f"{entry['document']} v{entry['version']} résiliée le {app.date:%d/%m/%Y}.")


@cli.command("avenant")
@click.argument("convention_id")
@click.option("-m", "--message", required=True, help="Pourquoi cet avenant.")
@click.option("--deliberation", "numero", help="Délibération qui l'autorise (obligatoire si "
              "un montant change).")
@click.option("--effet", "effet_text", metavar="DATE",
              help="Date de prise d'effet (par défaut : sa signature).")
@author_option
@pass_app
def avenant_command(app: App, convention_id: str, message: str, numero: str | None,
                    effet_text: str | None, auteur: str) -> None:
    """Rédige le projet d'avenant qui fait passer la convention en vigueur à ce que
    disent les fiches : articles modifiés, lignes d'annexe ajoutées ou retirées.

    \b
    Exemple :
      ctgdocs --date 2023-02-01 avenant CFF-2022-SLP-CSPG -m "Montant 2023" --deliberation 2023_015
    """
    effet = parse_date(effet_text, "--effet") if effet_text else None
    entry = avenants.draft(Register(app.workspace), convention_id, message, numero, effet,
                           app.date, auteur)
    changed = ", ".join(m["titre"] for m in entry["modifications"])
    click.echo(f"{entry['document']} : version {entry['version']} enregistrée (projet) ; "
               f"modifie : {changed}.")


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
    day = parse_date(at_text, "--at") if at_text else app.date
    job = avenants.consolidation_job(Register(app.workspace), convention_id, day, app.date)
    _write(app, [job], out, no_pdf)


@cli.command("pack")
@click.argument("numero")
@click.option("--draft", is_flag=True, help="Projet : acte non signé accepté, chaque page du "
              "dossier porte « PROJET – NON SIGNÉ ».")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Dossier où créer pack-NUMERO/ (par défaut <racine>/out).")
@click.option("--max-mo", type=float, default=pack_module.MAX_TOTAL_MIB, show_default=True,
              help="Taille totale maximale acceptée par la plateforme, en Mo.")
@pass_app
def pack_command(app: App, numero: str, draft: bool, out: Path | None, max_mo: float) -> None:
    """Prépare l'envoi d'une délibération en préfecture : acte et annexes nommés pour @ctes,
    métadonnées JSON et XML, dossier PDF avec bordereau et signets, archive .zip.

    \b
    Exemples :
      ctgdocs pack 22_112
      ctgdocs --date 2022-06-30 pack 22_113 --draft
    """
    records = loaded_records(app.workspace) if draft else checked_records(app.workspace)
    out_dir = out.resolve() if out else app.workspace.default_out_dir
    target = pack_module.pack(app.workspace, records, numero, app.date, out_dir, draft, max_mo)
    for path in sorted(target.iterdir()):
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
        try:
            ack = transmission.read_ar(ar_file.read_bytes(), ar_file.name)
        except OSError as exc:
            raise UserError(f"Impossible de lire {ar_file} : {exc.strerror}") from None
    elif id_actes and recu_text:
        ack = transmission.Acknowledgement(id_actes, parse_date(recu_text, "--recu"), None)
    else:
        raise click.UsageError("Indiquez --file, ou --id et --recu.")
    path = transmission.record(
        app.workspace, checked_records(app.workspace), numero, ack,
        parse_date(envoye_text, "--envoye") if envoye_text else None,
        parse_date(publie_text, "--publie") if publie_text else None)
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
    out_dir = out.resolve() if out else app.workspace.default_out_dir
    path = transmission.stamped(app.workspace, checked_records(app.workspace), numero, out_dir)
    click.echo(app.workspace.display(path))


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
    rows = reports.history(Register(app.workspace), doc_id)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        detail = row.get("message") or row.get("deliberation") or row.get("nom_fichier") \
            or row.get("motif") or ""
        click.echo(f"v{row['version']}  {row['date']}  {row['action']:<12}  "
                   f"{row['auteur']:<12}  {detail}")


@cli.command("show")
@click.argument("doc_id")
@click.option("--version", "numero", type=int, help="Numéro de version (par défaut la dernière).")
@out_options
@pass_app
def show_command(app: App, doc_id: str, numero: int | None, out: Path | None,
                 no_pdf: bool) -> None:
    """Régénère une version émise, à l'identique (même .docx, octet pour octet).

    \b
    Exemple :
      ctgdocs show CFF-2022-CCCC-CSPG --version 1 --out /tmp/archives
    """
    out_dir = out.resolve() if out else app.workspace.default_out_dir
    for path in reports.show(Register(app.workspace), doc_id, numero, out_dir, not no_pdf):
        click.echo(app.workspace.display(path))


@cli.command("diff")
@click.argument("doc_id")
@click.argument("v1", type=int, required=False)
@click.argument("v2", type=int, required=False)
@pass_app
def diff_command(app: App, doc_id: str, v1: int | None, v2: int | None) -> None:
    """Montre ce qui a changé entre deux versions : fiches, puis articles.

    Sans numéros : la dernière version contre la précédente.

    \b
    Exemple :
      ctgdocs diff CFF-2022-CCCC-CSPG 1 2
    """
    result = reports.diff(Register(app.workspace), doc_id, v1, v2)
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
    rows, alerts = reports.status(Register(app.workspace), loaded_records(app.workspace),
                                  app.date)
    if as_json:
        click.echo(json.dumps({"documents": [r.as_dict() for r in rows], "alertes": alerts},
                              ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row.document:<42} {row.etat:<11} {plural(row.versions, 'version'):<11} "
                   f"{row.detail}")
    if alerts:
        click.echo("\nÀ faire :")
        for alert in alerts:
            click.echo(f"  - {alert}")


@cli.command("verify")
@pass_app
def verify_command(app: App) -> None:
    """Vérifie l'intégrité du registre : chaîne des entrées et empreinte de chaque fichier.

    \b
    Exemple :
      ctgdocs verify
    """
    problems = Register(app.workspace).verify()
    for problem in problems:
        click.echo(problem)
    if problems:
        raise UserError(f"Registre altéré : {plural(len(problems), 'problème')}.")
    click.echo("Registre intact.")


def _generate(app: App, make_jobs: Callable[[Records], list[documents.Job]],
              out: Path | None, no_pdf: bool, allow_errors: bool = False) -> None:
    workspace = app.workspace
    records = loaded_records(workspace) if allow_errors else checked_records(workspace)
    _write(app, make_jobs(records), out, no_pdf)


def _write(app: App, jobs: list[documents.Job], out: Path | None, no_pdf: bool) -> None:
    workspace = app.workspace
    out_dir = out.resolve() if out else workspace.default_out_dir
    with _progress(step_count(jobs, not no_pdf)) as advance:
        result = generate(workspace, jobs, out_dir, with_pdf=not no_pdf,
                          require_pdf=os.environ.get("CI") == "true", progress=advance)
    _report(workspace, result)


@contextmanager
def _progress(steps: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on a terminal; silence when the output is a file or a pipe."""
    if not sys.stderr.isatty():
        yield lambda _: None
        return
    with click.progressbar(length=steps, label="Génération", file=sys.stderr,
                           item_show_func=lambda item: item) as bar:
        def advance(title: str) -> None:
            bar.update(1, title)

        yield advance


def _report(workspace: Workspace, result: GenerateResult) -> None:
    for path in result.files:
        click.echo(workspace.display(path))
    if result.pdf_skipped:
        click.echo(f"Attention : {result.pdf_skipped} Les fichiers .docx ont été produits.",
                   err=True)


def main() -> None:
    cli(prog_name="ctgdocs")
