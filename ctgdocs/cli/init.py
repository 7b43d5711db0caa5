"""ctgdocs init: a new territory's workspace, asked for or given as options."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import fr, scaffold
from ..errors import CtgdocsError
from ..rules.codes import normalise_siren, siren_problem, siret_problem
from . import output
from .base import cli
from .command import UserError

T = TypeVar("T")


def _ask(value: T | None, question: str, convert: Callable[[str], T]) -> T:
    """The option's value, else the answer to the question, asked again until it converts."""
    if value is not None:
        return value
    while True:
        answer = click.prompt(question, prompt_suffix=" : ")
        try:
            return convert(answer)
        except CtgdocsError as exc:
            output.error(str(exc))


def _checked(problem: Callable[[str], str | None]) -> Callable[[str], str]:
    def convert(text: str) -> str:
        value = normalise_siren(text)
        message = problem(value)
        if message:
            raise CtgdocsError(message)
        return value
    return convert


def _date(text: str) -> Any:
    try:
        return fr.parse_date(text)
    except ValueError as exc:
        raise CtgdocsError(str(exc)) from None


def _civilite(text: str) -> str:
    value = {"m": "M.", "m.": "M.", "mme": "Mme"}.get(text.strip().lower())
    if value is None:
        raise CtgdocsError(f"civilité « {text} » : écrivez M. ou Mme")
    return value


def _departements(text: str) -> list[str]:
    values = [part.strip().upper() for part in text.replace(";", ",").split(",") if part.strip()]
    if not values:
        raise CtgdocsError("indiquez au moins un département, par exemple 11 ou 11, 34")
    return values


def _fields(text: str, count: int, example: str) -> list[str]:
    parts = [part.strip() for part in text.split(";")]
    if len(parts) != count or not all(parts):
        raise CtgdocsError(f"« {text} » : {count} éléments séparés par « ; » attendus, par "
                           f"exemple « {example} »")
    return parts


CAF_EXAMPLE = "11 ; Caisse d'allocations familiales de l'Aude ; 2 rue Jacquard, 11000 Carcassonne"
COMMUNE_EXAMPLE = "11069 ; Carcassonne ; 11000 ; 46000"


def _caf(text: str) -> scaffold.Caf:
    departement, nom, adresse = _fields(text, 3, CAF_EXAMPLE)
    return scaffold.Caf(departement.upper(), nom, scaffold.parse_address(adresse))


def _commune(text: str) -> scaffold.Commune:
    insee, nom, code_postal, population = _fields(text, 4, COMMUNE_EXAMPLE)
    if not population.replace(" ", "").isdigit():
        raise CtgdocsError(f"population « {population} » : un nombre d'habitants attendu")
    return scaffold.Commune(insee.upper(), nom, code_postal, int(population.replace(" ", "")))


def _option_values(values: tuple[str, ...], convert: Callable[[str], T]) -> list[T]:
    try:
        return [convert(value) for value in values]
    except CtgdocsError as exc:
        raise UserError(str(exc)) from None


def _given(value: str | None, convert: Callable[[str], T]) -> T | None:
    if value is None:
        return None
    try:
        return convert(value)
    except CtgdocsError as exc:
        raise UserError(str(exc)) from None


@cli.command("init")
@click.argument("dossier", type=click.Path(file_okay=False, path_type=Path))
@click.option("--nom", help="Nom de l'EPCI (Communauté de communes du …).")
@click.option("--sigle", help="Sigle de l'EPCI (CCVI) ; il donne aussi son identifiant.")
@click.option("--siren", help="SIREN de l'EPCI (9 chiffres ; espaces et points admis).")
@click.option("--siret", help="SIRET du siège de l'EPCI (14 chiffres).")
@click.option("--adresse", help="Adresse du siège : « 12 avenue des Tilleuls, 11000 Belcastel ».")
@click.option("--departements", help="Départements du territoire, celui du siège d'abord : "
              "« 11, 34 ».")
@click.option("--civilite", type=click.Choice(["M.", "Mme"]), help="Civilité du président "
              "ou de la présidente.")
@click.option("--prenom", help="Prénom du président ou de la présidente.")
@click.option("--nom-president", help="Nom du président ou de la présidente.")
@click.option("--tribunal", help="Tribunal administratif (Tribunal administratif de …).")
@click.option("--tribunal-adresse", help="Adresse du tribunal administratif.")
@click.option("--caf", "cafs", multiple=True, metavar="CAF",
              help=f"Une CAF partenaire : « {CAF_EXAMPLE} » (répétable).")
@click.option("--commune", "communes", multiple=True, metavar="COMMUNE",
              help=f"Une commune membre : « {COMMUNE_EXAMPLE} » (code INSEE ; nom ; code "
                   "postal ; population ; répétable).")
@click.option("--debut", metavar="DATE", help="Début de la CTG (2025-01-01).")
@click.option("--fin", metavar="DATE", help="Fin de la CTG (2028-12-31).")
@click.option("--force", is_flag=True, help="Compléter un dossier non vide, sans jamais "
              "remplacer un fichier existant.")
def init_command(dossier: Path, nom: str | None, sigle: str | None, siren: str | None,
                 siret: str | None, adresse: str | None, departements: str | None,
                 civilite: str | None, prenom: str | None, nom_president: str | None,
                 tribunal: str | None, tribunal_adresse: str | None, cafs: tuple[str, ...],
                 communes: tuple[str, ...], debut: str | None, fin: str | None,
                 force: bool) -> None:
    """Crée le dossier de travail d'un nouveau territoire.

    Fiches du territoire et des communes, modèles Word, ctgdocs.toml (réglages) : le
    dossier passe ctgdocs check et produit ses documents aussitôt. Ce qui n'est pas donné en
    option est demandé. Un dossier non vide est refusé sans --force, qui ne remplace jamais
    un fichier existant.

    \b
    Exemples :
      ctgdocs init ../val-imaginaire
      ctgdocs init ../val-imaginaire --nom "Communauté de communes du Val Imaginaire" \\
        --sigle CCVI --siren 241100106 --siret 24110010600004 \\
        --adresse "12 avenue des Tilleuls, 11000 Belcastel" --departements 11 \\
        --civilite M. --prenom Marc --nom-president DUPRAT \\
        --tribunal "Tribunal administratif de Montpellier" \\
        --tribunal-adresse "6 rue Pitot, 34063 Montpellier Cedex 2" \\
        --caf "11 ; CAF de l'Aude ; 2 rue Jacquard, 11000 Carcassonne" \\
        --commune "11069 ; Carcassonne ; 11000 ; 46000" --debut 2025-01-01 --fin 2028-12-31
    """
    if dossier.is_dir() and any(dossier.iterdir()) and not force:
        raise UserError(f"Le dossier {dossier} n'est pas vide : ctgdocs init crée un dossier "
                        "de travail dans un dossier vide ou nouveau. Avec --force, il complète "
                        "ce dossier sans jamais remplacer un fichier existant.")
    text = str
    epci_departements = _ask(_given(departements, _departements),
                             "Départements (celui du siège d'abord)", _departements)
    territory = scaffold.Territory(
        nom=_ask(nom, "Nom de l'EPCI", text),
        sigle=_ask(sigle, "Sigle", text),
        siren=_ask(_given(siren, _checked(siren_problem)), "SIREN", _checked(siren_problem)),
        siret=_ask(_given(siret, _checked(siret_problem)), "SIRET du siège",
                   _checked(siret_problem)),
        adresse=_ask(_given(adresse, scaffold.parse_address), "Adresse du siège",
                     scaffold.parse_address),
        departements=epci_departements,
        civilite=_ask(civilite, "Civilité du président ou de la présidente (M. ou Mme)",
                      _civilite),
        prenom=_ask(prenom, "Prénom", text),
        nom_president=_ask(nom_president, "Nom", text),
        tribunal=_ask(tribunal, "Tribunal administratif", text),
        tribunal_adresse=_ask(_given(tribunal_adresse, scaffold.parse_address),
                              "Adresse du tribunal administratif", scaffold.parse_address),
        cafs=_option_values(cafs, _caf) or [
            scaffold.Caf(dep, _ask(None, f"CAF du département {dep} : nom", text),
                         _ask(None, f"CAF du département {dep} : adresse",
                              scaffold.parse_address))
            for dep in epci_departements],
        communes=_option_values(communes, _commune) or _ask_communes(),
        debut=_ask(_given(debut, _date), "Début de la CTG (AAAA-MM-JJ)", _date),
        fin=_ask(_given(fin, _date), "Fin de la CTG (AAAA-MM-JJ)", _date),
    )
    created = scaffold.create(dossier, territory, force)
    for path in created.written:
        click.echo(path.relative_to(dossier).as_posix())
    if created.kept:
        output.note(f"{len(created.kept)} fichier(s) déjà présent(s), conservé(s) : "
                    + ", ".join(p.relative_to(dossier).as_posix() for p in created.kept))
    output.note(f"Dossier de travail créé : {dossier}. Ensuite : ctgdocs --root {dossier} check, "
                "puis ajoutez gestionnaires et conventions dans records/.")


def _ask_communes() -> list[scaffold.Commune]:
    found: list[scaffold.Commune] = []
    click.echo(f"Communes membres, une par ligne : « {COMMUNE_EXAMPLE} » ; ligne vide pour "
               "finir.", err=True)
    while True:
        answer = click.prompt(f"Commune {len(found) + 1}", default="", show_default=False,
                              prompt_suffix=" : ")
        if not answer.strip():
            if found:
                return found
            output.error("indiquez au moins une commune")
            continue
        try:
            found.append(_commune(answer))
        except CtgdocsError as exc:
            output.error(str(exc))
