"""Workspace settings, read from ``ctgdocs.toml`` at the workspace's root.

```toml
# ctgdocs.toml
demonstration = true   # a demonstration workspace: illustrative values may be used

[limites]              # bounds on the work a file may ask for (see limits.py)
fiche_octets = 5_000_000
```
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import CtgdocsError
from .limits import Limites

FILE_NAME = "ctgdocs.toml"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    demonstration: bool = Field(
        False, description="dossier de démonstration : les valeurs d'exemple y sont admises, "
        "et chaque page déposée ou transmise porte la mention EXEMPLE")
    limites: Limites = Field(default_factory=Limites,
                             description="bornes du travail demandé par un fichier")
    sortie: str | None = Field(None, description="dossier des fichiers produits, relatif au "
                               "dossier de travail (par défaut out)")
    paquet_max_mo: float | None = Field(None, gt=0, description="taille maximale d'un paquet "
                                        "pour la préfecture, en Mo")
    auteur: str | None = Field(None, description="auteur inscrit au registre quand --auteur "
                               "n'est pas donné")
    libreoffice: str | None = Field(None, description="programme soffice de LibreOffice")


def load(root: Path) -> Settings:
    """The settings of the workspace at ``root``; defaults when it has no ctgdocs.toml."""
    path = root / FILE_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise CtgdocsError(f"{FILE_NAME} illisible : {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CtgdocsError(f"{FILE_NAME}{_where(exc)} : syntaxe TOML invalide ; écrivez "
                           "nom = valeur, le texte entre guillemets droits") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        from .records import french_message  # records imports the workspace, which imports us

        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])} : "
                             f"{french_message(e, Settings)}" for e in exc.errors())
        raise CtgdocsError(f"{FILE_NAME} : {problems}") from None


def _where(exc: tomllib.TOMLDecodeError) -> str:
    """:line of a TOML error (its message is English: only the position is kept)."""
    match = re.search(r"line (\d+)", str(exc))
    return f":{match.group(1)}" if match else ""
