"""What every command shares: the workspace, the date, the author, how much to say.

`--root`, `--date`, `--auteur`, `-q` and `-v` are accepted before the command
(`ctgdocs --date 2022-06-29 status`) and after it (`ctgdocs status --date 2022-06-29`).
The top-level options take their values from the command line, then the environment, then
their defaults; a command's own copy only counts when typed, and then wins.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, update_wrapper
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from ..errors import CtgdocsError
from . import output

if TYPE_CHECKING:  # imported by the commands that use them, not for the help
    from .. import documents
    from ..settings import Settings
    from ..workspace import Workspace

_APP = "ctgdocs.app"
F = TypeVar("F", bound=Callable[..., Any])


def parse_date(value: str | None, option: str = "--date") -> dt.date:
    if value is None:
        return dt.date.today()  # the only clock read: the CLI decides what "today" is
    from .. import fr

    try:
        return fr.parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=f"« {option} »") from None


@dataclass
class App:
    root: Path = Path(".")
    date: dt.date = field(default_factory=lambda: parse_date(None))
    auteur: str | None = None
    odt: bool = False  # --format odt: an .odt beside each .docx
    pdfa: bool = False  # --pdfa: PDF/A-2b instead of plain PDF

    @property
    def workspace(self) -> Workspace:
        from ..workspace import Workspace

        return Workspace(self.root)

    @cached_property
    def when(self) -> documents.Chronology:
        """The state --date asks for, with the signatures the register recorded (read once
        per command: jobs are made, then checked against past dates, with the same)."""
        from .. import documents
        from ..register.signatures import document_signatures

        return documents.Chronology(self.date, document_signatures(self.workspace))

    @property
    def author(self) -> str:
        """--auteur, CTGDOCS_AUTEUR, auteur in ctgdocs.toml, else the session's user."""
        if self.auteur:
            return self.auteur
        settings = self._settings()
        if settings is not None and settings.auteur:
            return settings.auteur
        try:
            return getpass.getuser()
        except (OSError, KeyError):  # no user name in the environment (some services)
            return "inconnu"


    def _settings(self) -> Settings | None:
        try:
            return self.workspace.settings
        except CtgdocsError:
            return None

    @contextmanager
    def environment(self) -> Iterator[None]:
        """libreoffice from ctgdocs.toml, for this command only, unless CTGDOCS_SOFFICE is set."""
        settings = self._settings()
        if settings is None or not settings.libreoffice or os.environ.get("CTGDOCS_SOFFICE"):
            yield
            return
        soffice = Path(settings.libreoffice).expanduser()
        os.environ["CTGDOCS_SOFFICE"] = str(self.workspace.root / soffice)
        try:
            yield
        finally:
            del os.environ["CTGDOCS_SOFFICE"]


def app_of(ctx: click.Context) -> App:
    """The one App of this run, shared by the top-level command and the subcommand."""
    app = ctx.meta.get(_APP)
    if app is None:
        app = ctx.meta[_APP] = App()
    assert isinstance(app, App)
    return app


def pass_app(function: F) -> F:
    """Give the command the App, once every option (before and after it) is read."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        app = app_of(click.get_current_context())
        if "auteur" in kwargs:  # resolved now that --root is known (ctgdocs.toml may name it)
            kwargs["auteur"] = app.author
        with app.environment():
            return function(app, *args, **kwargs)

    return update_wrapper(wrapper, function)  # type: ignore[return-value]


def _typed(ctx: click.Context, param: click.Parameter, top: bool) -> bool:
    """Whether a value counts: always at the top level, only when typed after the command."""
    return top or ctx.get_parameter_source(param.name or "") is ParameterSource.COMMANDLINE


def _set_root(top: bool) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
        if value is not None and _typed(ctx, param, top):
            app_of(ctx).root = value
    return callback


def _set_date(top: bool) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        if value is not None and _typed(ctx, param, top) and not ctx.resilient_parsing:
            app_of(ctx).date = parse_date(value)
    return callback


def _set_author(top: bool) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
        app = app_of(ctx)
        if value and _typed(ctx, param, top):
            app.auteur = value
        return app.author
    return callback


def _set_verbosity(level: int) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            output.set_verbosity(ctx, level)
    return callback


def root_option(top: bool) -> click.Option:
    return click.Option(
        ["--root"], type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER",
        envvar="CTGDOCS_ROOT", show_envvar=True, default=".", show_default="dossier courant",
        expose_value=False, callback=_set_root(top),
        help="Dossier de travail du territoire (records/, templates/, conventions/).")


def date_option(top: bool) -> click.Option:
    return click.Option(
        ["--date"], metavar="DATE", envvar="CTGDOCS_DATE", show_envvar=True,
        expose_value=False, callback=_set_date(top),
        help="Date du jour des documents (AAAA-MM-JJ ou JJ/MM/AAAA) ; par défaut, aujourd'hui.")


def _author_settings(top: bool) -> dict[str, Any]:
    return {"metavar": "NOM", "envvar": "CTGDOCS_AUTEUR", "show_envvar": True,
            "show_default": "utilisateur de la session", "callback": _set_author(top),
            "help": "Qui enregistre cette étape dans le registre."}


def verbosity_options() -> list[click.Option]:
    return [
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False,
                     callback=_set_verbosity(output.QUIET),
                     help="N'afficher que les résultats, les avertissements et les erreurs."),
        click.Option(["-v", "--verbose"], is_flag=True, expose_value=False,
                     callback=_set_verbosity(output.VERBOSE),
                     help="Détailler chaque étape."),
    ]


def common_options(top: bool) -> list[click.Option]:
    """Options of the top-level command (top) or repeated on every command."""
    options = [root_option(top), date_option(top)]
    if top:
        options.append(click.Option(["--auteur"], expose_value=False, **_author_settings(top)))
    return options + verbosity_options()


def author_option(command: F) -> F:
    """--auteur on a command that writes to the register: its value is the author's name."""
    return click.option("--auteur", **_author_settings(top=False))(command)
