"""The command group, its shared options, and the error contract."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

from .. import documents, fr
from ..check import checked_records, loaded_records
from ..errors import CtgdocsError
from ..generate import GenerateResult, generate, step_count
from ..records import Records
from ..workspace import Workspace


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


class FrenchHelp(click.Command):
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Afficher cette aide et quitter."
        return option


class Group(FrenchHelp, click.Group):
    """Commands and sub-groups with French help, and CtgdocsError turned into exit 1."""

    command_class = FrenchHelp
    group_class = type

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
@click.version_option(package_name="ctgdocs", message="ctgdocs %(version)s",
                      help="Afficher la version et quitter.")
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


def author_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--auteur", envvar="CTGDOCS_AUTEUR", default=getpass.getuser,
                        show_default="utilisateur de la session",
                        help="Qui enregistre cette étape dans le registre.")(command)


def generate_documents(app: App, make_jobs: Callable[[Records], list[documents.Job]],
              out: Path | None, no_pdf: bool, allow_errors: bool = False) -> None:
    workspace = app.workspace
    records = loaded_records(workspace) if allow_errors else checked_records(workspace)
    write_jobs(app, make_jobs(records), out, no_pdf)


def write_jobs(app: App, jobs: list[documents.Job], out: Path | None, no_pdf: bool) -> None:
    workspace = app.workspace
    out_dir = workspace.out_dir(out)
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
