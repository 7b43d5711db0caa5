"""Workspace settings, read from ``ctgdocs.toml`` at the workspace's root.

```toml
# ctgdocs.toml
demonstration = true   # a demonstration workspace: illustrative values may be used

[limites]              # bounds on the work a file may ask for (see limits.py)
fiche_octets = 5_000_000
```
"""

from __future__ import annotations

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
        raise CtgdocsError(f"{FILE_NAME} mal formé : {exc}") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])} : "
            f"{'champ inconnu' if e['type'] == 'extra_forbidden' else e['msg']}"
            for e in exc.errors())
        raise CtgdocsError(f"{FILE_NAME} : {problems}") from None
