"""The kinds of records a spreadsheet carries, their columns and where their rows live."""

from __future__ import annotations

from dataclasses import dataclass

from .columns import (
    AMOUNT,
    CODE,
    DATE,
    DAY_MONTH,
    OUVERTURES,
    TEXTS,
    WHOLE,
    Column,
    Group,
    Layout,
    YearGroup,
)

EXEMPLE = "exemple"
ORDRE = "ordre"
GESTIONNAIRE = "gestionnaire"


def _person(prefix: str, field: str) -> tuple[Column, ...]:
    return (Column(f"{prefix} civilité", (field, "civilite")),
            Column(f"{prefix} prénom", (field, "prenom")),
            Column(f"{prefix} nom", (field, "nom")),
            Column(f"{prefix} qualité", (field, "qualite")))


def _address(prefix: str, field: str) -> tuple[Column, ...]:
    return (Column(f"{prefix}adresse", (field, "lignes"), TEXTS),
            Column(f"{prefix}code postal", (field, "code_postal"), CODE),
            Column(f"{prefix}commune", (field, "commune")))


@dataclass(frozen=True)
class Kind:
    """``list_field``: the list holding the rows (None: one file per row). ``folder``: where
    files live (None: a single file ``file``). ``parent``: the column naming the file (a
    gestionnaire's services)."""

    name: str
    sheet: str
    label: str
    layout: Layout
    keys: tuple[str, ...]  # the record fields identifying a row
    file: str | None = None
    folder: str | None = None
    list_field: str | None = None
    parent: bool = False
    ordered: bool = True

    @property
    def key_columns(self) -> list[Column]:
        return [c for c in self.layout.columns if c.path in [(k,) for k in self.keys]]


COMMUNES = Kind(
    "communes", "Communes", "commune",
    Layout((
        Column("code INSEE", ("insee",), CODE, required=True),
        Column("nom", ("nom",), required=True),
        Column("code postal", ("code_postal",), CODE),
        Column("département", ("departement",), CODE),
        Column("population", ("population",), WHOLE),
        *_person("maire", "maire"),
        *_address("mairie ", "adresse_mairie"),
        Column("SIRET", ("siret",), CODE),
    )),
    keys=("insee",), file="communes.yaml", list_field="communes")

ELUS = Kind(
    "elus", "Élus", "élu",
    Layout((
        Column("identifiant", ("id",), required=True),
        Column("civilité", ("civilite",)),
        Column("prénom", ("prenom",)),
        Column("nom", ("nom",), required=True),
        Column("qualité", ("qualite",)),
        Column("commune", ("commune",), CODE),
        Column("mandat", ("mandat",)),
        Column("suppléant de", ("suppleant_de",)),
        Column("début de mandat", ("debut",), DATE),
        Column("fin de mandat", ("fin",), DATE),
        Column("conseils d'administration", ("conseils_administration",), TEXTS),
    )),
    keys=("id",), file="elus.yaml", list_field="elus")

GESTIONNAIRES = Kind(
    "gestionnaires", "Gestionnaires", "gestionnaire",
    Layout((
        Column("identifiant", ("id",), required=True),
        Column("nom", ("nom",), required=True),
        Column("sigle", ("sigle",)),
        Column("forme", ("forme",)),
        Column("collectivité", ("collectivite",), CODE),
        Column("SIRET", ("siret",), CODE),
        *_address("", "adresse"),
        *_person("représentant", "representant"),
    )),
    keys=("id",), folder="gestionnaires", ordered=False)

_IMPLANTATION = Group("implantations", "implantation", (
    Column("nom", ("nom",)),
    Column("adresse", ("adresse", "lignes"), TEXTS),
    Column("code postal", ("adresse", "code_postal"), CODE),
    Column("commune", ("adresse", "commune")),
    Column("jours", ("jours",)),
))

SERVICES = Kind(
    "services", "Services", "service",
    Layout((
        Column("identifiant", ("id",), required=True),
        Column("rubrique", ("rubrique",)),
        Column("libellé", ("libelle",)),
        Column("nom", ("nom",)),
        Column("âge minimum", ("age_min",), WHOLE),
        Column("âge maximum", ("age_max",), WHOLE),
        Column("ouverture", ("ouverture",), OUVERTURES),
        Column("soutiens", ("soutiens",), TEXTS),
        Column("fiche monenfant.fr", ("fiche_monenfant",)),
    ), groups=(_IMPLANTATION,)),
    keys=("id",), folder="gestionnaires", list_field="services", parent=True)

_VERSEMENT = Group("versements", "versement", (
    Column("part", ("part",), AMOUNT),
    Column("échéance", ("echeance",), DAY_MONTH),
    Column("condition", ("condition",)),
))

CONVENTIONS = Kind(
    "conventions", "Conventions", "convention",
    Layout((
        Column("identifiant", ("id",), required=True),
        Column("financeur", ("financeur",), CODE, required=True),
        Column("gestionnaire", ("gestionnaire",), required=True),
        Column("services", ("services",), TEXTS),
        Column("début", ("debut",), DATE),
        Column("fin", ("fin",), DATE),
        Column("délibération numéro", ("deliberation", "numero")),
        Column("délibération date", ("deliberation", "date"), DATE),
        Column("délibération objet", ("deliberation", "objet")),
        Column("premier versement", ("premier_versement",), DATE),
        Column("reversement", ("reversement",)),
        Column("préavis en mois", ("preavis_mois",), WHOLE),
    ), groups=(_VERSEMENT,), years=YearGroup("montants", "montant")),
    keys=("id",), folder="conventions", ordered=False)

SUBVENTIONS = Kind(
    "subventions", "Subventions", "subvention hors convention",
    Layout((
        Column("financeur", ("financeur",), CODE, required=True),
        Column("année", ("annee",), WHOLE, required=True),
        Column("montant", ("montant",), AMOUNT, required=True),
        Column("objet", ("objet",), required=True),
    )),
    keys=("financeur", "annee", "objet"), folder="gestionnaires", list_field="subventions",
    parent=True)

IMPORTS = {k.name: k for k in (GESTIONNAIRES, SERVICES, CONVENTIONS, ELUS, COMMUNES,
                               SUBVENTIONS)}
RECORD_EXPORTS = {k.name: k for k in (GESTIONNAIRES, SERVICES, CONVENTIONS, ELUS, COMMUNES)}
