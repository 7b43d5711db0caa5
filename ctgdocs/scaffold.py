"""A new workspace: the records of a territory, the default templates, ctgdocs.toml.

Everything is checked in memory (the same checks as `ctgdocs check`) before the first file
is written; a failure while writing removes what was written. Existing files are never
replaced: with `force`, a folder that already holds some of them is completed around them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import packaged
from .errors import CtgdocsError, Finding, plural
from .records import load_from
from .rules import run_rules
from .settings import FILE_NAME
from .yamlfile import YamlDocument, parse

RECORD_FOLDERS = ("gestionnaires", "conventions", "seances", "deliberations")
ADDRESS = re.compile(r"^(?P<lignes>.*?),?\s*(?P<code>\d{5})\s+(?P<commune>\S.*)$")


@dataclass(frozen=True)
class Address:
    lignes: list[str]
    code_postal: str
    commune: str


@dataclass(frozen=True)
class Caf:
    departement: str
    nom: str
    adresse: Address


@dataclass(frozen=True)
class Commune:
    insee: str
    nom: str
    code_postal: str
    population: int


@dataclass
class Territory:
    nom: str
    sigle: str
    siren: str
    siret: str
    adresse: Address
    departements: list[str]
    civilite: str
    prenom: str
    nom_president: str
    tribunal: str
    tribunal_adresse: Address
    cafs: list[Caf]
    communes: list[Commune]
    debut: dt.date
    fin: dt.date


@dataclass
class Created:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def parse_address(text: str, what: str = "adresse") -> Address:
    """« 12 avenue des Tilleuls, BP 4, 11000 Belcastel » → lines, postal code, commune."""
    match = ADDRESS.match(" ".join(text.split()))
    if not match:
        raise CtgdocsError(f"{what} « {text} » : terminez par le code postal et la commune, par "
                           "exemple « 12 avenue des Tilleuls, 11000 Belcastel »")
    lines = [part.strip() for part in match["lignes"].split(",") if part.strip()]
    return Address(lines, match["code"], match["commune"].strip())


def departement_of(insee: str) -> str:
    return insee[:3] if insee.startswith("97") else insee[:2]


def _q(value: str) -> str:
    """A YAML scalar that stays the text it is (quotes, colons, leading zeros included)."""
    return json.dumps(value, ensure_ascii=False)


def _address(address: Address) -> str:
    lines = ", ".join(_q(line) for line in address.lignes)
    return (f"{{lignes: [{lines}], code_postal: {_q(address.code_postal)}, "
            f"commune: {_q(address.commune)}}}")


def identifier(text: str) -> str:
    """A record identifier (letters, digits, - _ .) from a sigle: « CC Vallée » → cc-vallee."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "epci"


def territoire_yaml(t: Territory) -> str:
    qualite = "Présidente" if t.civilite == "Mme" else "Président"
    cafs = "\n".join(
        f"  - id: {_q('caf' + caf.departement.lower())}\n"
        f"    nom: {_q(caf.nom)}\n"
        f"    departement: {_q(caf.departement)}\n"
        f"    adresse: {_address(caf.adresse)}" for caf in t.cafs)
    departements = ", ".join(_q(d) for d in t.departements)
    return f"""\
# Le territoire : l'EPCI, sa convention territoriale globale, ses partenaires CAF.
# Créé par ctgdocs init ; complétez-le (signataire délégué, version de la nomenclature
# @ctes…) : ctgdocs check signale ce qui manque ou ne va pas.

epci:
  id: {_q(identifier(t.sigle))}
  nom: {_q(t.nom)}
  sigle: {_q(t.sigle)}
  siren: {_q(t.siren)}
  siret: {_q(t.siret)}
  adresse: {_address(t.adresse)}
  departement_siege: {_q(t.departements[0])}
  departements: [{departements}]
  president:
    civilite: {_q(t.civilite)}
    prenom: {_q(t.prenom)}
    nom: {_q(t.nom_president)}
    qualite: {_q(qualite)}
  ville_signature: {_q(t.adresse.commune)}

tribunal_administratif:
  nom: {_q(t.tribunal)}
  adresse: {_address(t.tribunal_adresse)}

ctg:
  intitule: {_q("Convention Territoriale Globale – " + t.nom)}
  debut: {t.debut.isoformat()}
  fin: {t.fin.isoformat()}

cafs:
{cafs}
"""


def communes_yaml(t: Territory) -> str:
    rows = "\n".join(
        f"  - insee: {_q(c.insee)}\n"
        f"    nom: {_q(c.nom)}\n"
        f"    code_postal: {_q(c.code_postal)}\n"
        f"    departement: {_q(departement_of(c.insee))}\n"
        f"    population: {c.population}" for c in t.communes)
    return f"""\
# Les communes membres : code INSEE, nom, code postal, département, population.
# Une commune qui finance une convention a aussi son maire, l'adresse de sa mairie et son
# SIRET (voir le guide).

communes:
{rows}
"""


SETTINGS = """\
# Réglages du dossier de travail ctgdocs. Une ligne commençant par # est sans effet :
# retirez le # pour utiliser un réglage.

# Dossier des fichiers produits, relatif à ce dossier (par défaut out).
# sortie = "out"

# Taille maximale d'un paquet pour la préfecture, en Mo (par défaut celle de la plateforme).
# paquet_max_mo = 150

# Auteur inscrit au registre quand --auteur n'est pas donné (par défaut l'utilisateur).
# auteur = "Prénom NOM"

# Programme soffice de LibreOffice, s'il n'est pas trouvé tout seul.
# libreoffice = "C:/Program Files/LibreOffice/program/soffice.exe"
"""

GITIGNORE = "# Fichiers produits par ctgdocs : ils se régénèrent.\nout/\n"


class _TextSource:
    """Records not yet written: checked exactly as on disk, with their line numbers."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts

    def names(self) -> list[str]:
        return sorted(self.texts)

    def document(self, name: str) -> YamlDocument:
        return parse(self.texts[name].encode("utf-8"), f"records/{name}")


def check_territory(t: Territory) -> list[Finding]:
    """The errors `ctgdocs check` would report on the new records."""
    texts = {"territoire.yaml": territoire_yaml(t), "communes.yaml": communes_yaml(t)}
    records, findings = load_from(_TextSource(texts))
    if records is not None:
        findings += run_rules(records)
    return [f for f in findings if f.level == "erreur"]


def files(t: Territory) -> dict[str, bytes]:
    """Every file of the new workspace, by path relative to its root."""
    content = {
        "records/territoire.yaml": territoire_yaml(t).encode("utf-8"),
        "records/communes.yaml": communes_yaml(t).encode("utf-8"),
        FILE_NAME: SETTINGS.encode("utf-8"),
        ".gitignore": GITIGNORE.encode("utf-8"),
    }
    for name, data in packaged.template_files().items():
        content[f"templates/{name}"] = data
    return content


def create(root: Path, t: Territory, force: bool = False) -> Created:
    errors = check_territory(t)
    if errors:
        lines = "\n".join(str(f) for f in errors)
        raise CtgdocsError(f"Ces informations ne passent pas la vérification "
                           f"({plural(len(errors), 'erreur')}), rien n'a été écrit :\n{lines}")
    if root.exists() and not root.is_dir():
        raise CtgdocsError(f"{root} est un fichier : indiquez un dossier.")
    if root.is_dir() and any(root.iterdir()) and not force:
        raise CtgdocsError(
            f"Le dossier {root} n'est pas vide : ctgdocs init crée un dossier de travail dans "
            "un dossier vide ou nouveau. Avec --force, il complète ce dossier sans jamais "
            "remplacer un fichier existant.")
    folders = [root, root / "records", *(root / "records" / f for f in RECORD_FOLDERS),
               root / "templates", root / "pieces"]
    created_dirs: list[Path] = []
    result = Created()
    try:
        for folder in folders:
            if not folder.is_dir():
                folder.mkdir(parents=True)
                created_dirs.append(folder)
        for relative, data in files(t).items():
            path = root / relative
            if path.exists():
                result.kept.append(path)
                continue
            with open(path, "xb") as handle:  # x: never replace a file made meanwhile
                result.written.append(path)
                handle.write(data)
    except OSError:
        for path in reversed(result.written):
            path.unlink(missing_ok=True)
        for folder in reversed(created_dirs):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise
    return result
