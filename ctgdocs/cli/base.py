"""The top-level command, its shared options, and the helpers that write documents."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import output
from .app import App, app_of, author_option, common_options, parse_date, pass_app
from .command import Group, UserError, prepare
from .lazy import TopGroup

if TYPE_CHECKING:  # imported when a command runs (lazy.py): the help imports none of them
    from .. import documents
    from ..generate import GenerateResult
    from ..records import Records
    from ..workspace import Workspace

__all__ = ["App", "Group", "UserError", "author_option", "cli", "generate_documents",
           "out_options", "parse_date", "pass_app", "write_jobs"]

ENVIRONMENT = """\b
Variables d'environnement :
  CTGDOCS_ROOT     dossier de travail (comme --root)
  CTGDOCS_DATE     date du jour des documents (comme --date)
  CTGDOCS_AUTEUR   auteur des entrées du registre (comme --auteur)
  CTGDOCS_SOFFICE  programme soffice de LibreOffice à utiliser pour les PDF
  NO_COLOR         (quelle que soit sa valeur) afficher sans couleurs

Les options --root, --date, --auteur, -q et -v s'écrivent avant ou après la commande.
Aide d'une commande : ctgdocs COMMANDE --help."""


@click.group(cls=TopGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=ENVIRONMENT)
@click.version_option(package_name="ctgdocs", message="ctgdocs %(version)s",
                      help="Afficher la version et quitter.")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """ctgdocs : conventions, avenants, délibérations et Annexe 2 d'une CTG.

    \b
    Exemples :
      ctgdocs check
      ctgdocs build
      ctgdocs --root ../autre-territoire --date 2022-06-29 annexe2
      ctgdocs status --date 2024-06-01
    """
    ctx.obj = app_of(ctx)


cli.params[0:0] = common_options(top=True)
prepare(cli)


def out_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option("--no-pdf", is_flag=True,
                           help="Ne produire que les .docx, sans PDF.")(command)
    return click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                        help="Dossier des fichiers produits (par défaut <racine>/out).")(command)


def json_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True,
                        help="Écrire le résultat en JSON (pour un script).")(command)


def generate_documents(app: App, make_jobs: Callable[[Records], list[documents.Job]],
                       out: Path | None, no_pdf: bool, allow_errors: bool = False,
                       as_json: bool = False) -> None:
    from ..check import checked_records, loaded_records

    workspace = app.workspace
    output.detail(f"Dossier de travail : {workspace.root}")
    output.detail(f"Date des documents : {app.date:%d/%m/%Y}")
    records = loaded_records(workspace) if allow_errors else checked_records(workspace)
    write_jobs(app, make_jobs(records), out, no_pdf, as_json)


def write_jobs(app: App, jobs: list[documents.Job], out: Path | None, no_pdf: bool,
               as_json: bool = False) -> None:
    from ..generate import generate, step_count

    workspace = app.workspace
    out_dir = workspace.out_dir(out)
    output.detail(f"{len(jobs)} document(s) à produire dans {out_dir}")
    started = time.monotonic()
    with _progress(0 if as_json else step_count(jobs, not no_pdf)) as advance:
        result = generate(workspace, jobs, out_dir, with_pdf=not no_pdf,
                          require_pdf=os.environ.get("CI") == "true", progress=advance)
    output.detail(f"Terminé en {time.monotonic() - started:.1f} s.")
    if as_json:
        click.echo(json.dumps(build_report(workspace, app, out_dir, result),
                              ensure_ascii=False, indent=2))
        return
    for path in result.files:
        click.echo(workspace.display(path))
    if result.pdf_skipped:
        output.warning(f"{result.pdf_skipped} Les fichiers .docx ont été produits.")


def build_report(workspace: Workspace, app: App, out_dir: Path,
                 result: GenerateResult) -> dict[str, Any]:
    """What build --json prints: the files written, and why PDFs are missing if they are."""
    return {
        "date": app.date.isoformat(),
        "output_dir": workspace.display(out_dir),
        "files": [{"path": workspace.display(path), "format": path.suffix.lstrip("."),
                   "document": path.stem} for path in result.files],
        "pdf_missing": result.pdf_skipped is not None,
        "message": result.pdf_skipped,
    }


@contextmanager
def _progress(steps: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on a terminal; silence in a file, a pipe, with -q or --json."""
    if not steps or not sys.stderr.isatty() or output.verbosity() < output.NORMAL:
        yield lambda _: None
        return
    with click.progressbar(length=steps, label="Génération", file=sys.stderr,
                           item_show_func=lambda item: item) as bar:
        def advance(title: str) -> None:
            bar.update(1, title)

        yield advance
