"""The top-level command, its shared options, and the helpers that write documents."""

from __future__ import annotations

import json
import os
import sys
import threading
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
    from .. import documents, quick
    from ..outputs import GenerateResult
    from ..records import Records

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


def _set_format(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value == "odt":
        app_of(ctx).odt = True


def _set_pdfa(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        app_of(ctx).pdfa = True


def out_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option(
        "--pdfa", is_flag=True, expose_value=False, callback=_set_pdfa,
        help="PDF au format PDF/A-2b (archivage), déclaré comme tel dans le fichier.")(command)
    command = click.option(
        "--format", "fmt", type=click.Choice(["docx", "odt"]), default="docx",
        show_default=True, expose_value=False, callback=_set_format,
        help="odt : produire aussi un fichier OpenDocument (.odt) à côté de chaque .docx "
             "(converti par LibreOffice).")(command)
    command = click.option("--no-pdf", is_flag=True,
                           help="Ne produire que les .docx, sans PDF.")(command)
    return click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                        help="Dossier des fichiers produits (par défaut <racine>/out).")(command)


def json_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True,
                        help="Écrire le résultat en JSON (pour un script).")(command)


def generate_documents(app: App, make_jobs: Callable[[Records], list[documents.Job]],
                       out: Path | None, no_pdf: bool, allow_errors: bool = False,
                       as_json: bool = False, notes: list[str] | None = None,
                       skip_past: bool = False) -> None:
    """Make the documents of ``make_jobs`` that are not up to date, as of --date (see
    register/asof.py). ``notes`` is filled by ``make_jobs`` with warnings (documents not
    made), repeated when nothing changed. A document that cannot be made for that date is an
    error; with ``skip_past`` (build) it is left out and noted. A run on an unchanged
    workspace is answered before the records or a rendering library are loaded (quick.py)."""
    from .. import quick
    from ..outputs import GenerateResult

    notes = [] if notes is None else notes
    request = _request(app, out, no_pdf)
    inputs = request.inputs() if request else None
    replayed = quick.replay(request, inputs) if request and inputs else None
    if request and replayed is not None:
        output.detail("Rien n'a changé depuis la dernière exécution de cette commande.")
        _report(app, replayed.outputs, GenerateResult(up_to_date=replayed.outputs), as_json,
                replayed.outputs[0].parent if replayed.outputs else request.out_dir,
                replayed.notes, all_current=True)
        return
    from ..check import checked_records, loaded_records
    from ..register.asof import as_of

    workspace = app.workspace
    output.detail(f"Dossier de travail : {workspace.root}")
    output.detail(f"Date des documents : {app.date:%d/%m/%Y}")
    records = loaded_records(workspace) if allow_errors else checked_records(workspace)
    past = as_of(workspace, records, make_jobs(records), app.when)
    if past.refused and not skip_past:
        raise past.refused[0]
    for note in past.notes:
        output.note(note)
    notes.extend(f"Non produit à cette date : {refused}" for refused in past.refused)
    result = write_jobs(app, past.jobs, out, no_pdf, as_json, records, notes)
    if request and inputs and result.pdf_skipped is None:
        quick.remember(request, inputs, result.outputs, notes)


def _request(app: App, out: Path | None, no_pdf: bool) -> quick.Request | None:
    """This command line as the no-op path knows it; None when it cannot tell."""
    from .. import quick
    from ..pdf import find_soffice
    from ..pdfpool import formats

    out_dir = quick.out_dir(app.root, out)
    if out_dir is None:
        return None
    ctx = click.get_current_context()
    arguments = {name: str(value) for name, value in sorted(ctx.params.items())
                 if name != "as_json"}
    wanted = formats(not no_pdf, app.pdfa, app.odt)
    command = json.dumps([ctx.command_path.split()[1:], arguments, wanted], ensure_ascii=False)
    return quick.Request(app.root.resolve(), out_dir, command, app.date, bool(wanted),
                         find_soffice() if wanted else None)


def write_jobs(app: App, jobs: list[documents.Job], out: Path | None, no_pdf: bool,
               as_json: bool = False, records: Records | None = None,
               notes: list[str] | None = None) -> GenerateResult:
    from ..generate import generate, step_count
    from ..pdfpool import formats

    workspace = app.workspace
    out_dir = workspace.out_dir(out)
    output.detail(f"{len(jobs)} document(s) à produire dans {out_dir}")
    started = time.monotonic()
    steps = step_count(jobs, len(formats(not no_pdf, app.pdfa, app.odt)))
    with _progress(0 if as_json else steps) as advance:
        result = generate(workspace, jobs, out_dir, with_pdf=not no_pdf,
                          require_pdf=os.environ.get("CI") == "true", progress=advance,
                          records=records, pdfa=app.pdfa, odt=app.odt)
    output.detail(f"Terminé en {time.monotonic() - started:.1f} s.")
    _report(app, result.files, result, as_json, out_dir, notes or [])
    return result


def _report(app: App, written: list[Path], result: GenerateResult, as_json: bool,
            out_dir: Path, notes: list[str], all_current: bool = False) -> None:
    display = _display(app.root)
    if as_json:
        click.echo(json.dumps(build_report(display, app, out_dir, result, notes),
                              ensure_ascii=False, indent=2))
    else:
        for path in written if not all_current else []:
            click.echo(display(path))
    if result.pdf_skipped:
        output.warning(f"{result.pdf_skipped} Les fichiers .docx ont été produits.")
    for note in notes:
        output.warning(note)
    summary = up_to_date_summary(result, all_current)
    if summary:
        output.note(summary)


def _display(root: Path) -> Callable[[Path], str]:
    from ..errors import display_path

    resolved = root.resolve()
    return lambda path: display_path(path, resolved)


def up_to_date_summary(result: GenerateResult, all_current: bool) -> str | None:
    """"Rien à refaire : 3 fichiers à jour…" — None when everything was made."""
    from ..errors import plural

    kept = len(result.up_to_date)
    if not kept:
        return None
    if all_current or not result.files:
        return (f"Rien à refaire : {plural(kept, 'fichier')} à jour (fiches, modèles et "
                "réglages inchangés).")
    made = len(result.files)
    return (f"{plural(made, 'fichier')} produit{'s' if made > 1 else ''}, "
            f"{plural(kept, 'fichier')} déjà à jour.")


def build_report(display: Callable[[Path], str], app: App, out_dir: Path,
                 result: GenerateResult, notes: list[str] | None = None) -> dict[str, Any]:
    """What build --json prints: the files of the build (written now, or already up to
    date), why PDFs are missing if they are, and the documents not produced at that date
    (``notes``, also written to stderr)."""
    current = set(result.up_to_date)
    return {
        "date": app.date.isoformat(),
        "output_dir": display(out_dir),
        "files": [{"path": display(path), "format": path.suffix.lstrip("."),
                   "document": path.stem, "up_to_date": path in current}
                  for path in result.outputs],
        "pdf_missing": result.pdf_skipped is not None,
        "message": result.pdf_skipped,
        "not_produced": [{"message": note} for note in notes or []],
    }


@contextmanager
def _progress(steps: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on a terminal; silence in a file, a pipe, with -q or --json."""
    if not steps or not sys.stderr.isatty() or output.verbosity() < output.NORMAL:
        yield lambda _: None
        return
    lock = threading.Lock()  # conversions advance it from LibreOffice's worker threads
    with click.progressbar(length=steps, label="Génération", file=sys.stderr,
                           item_show_func=lambda item: item) as bar:
        def advance(title: str) -> None:
            with lock:
                bar.update(1, title)

        yield advance
