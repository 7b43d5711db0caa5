"""Bounds on the work a file can ask of ctgdocs, set in ``ctgdocs.toml``.

```toml
[limites]
fiche_octets = 5_000_000     # size of one YAML record file
rendu_secondes = 120         # time to render a template that did not ship with ctgdocs
```

The defaults leave the reference workspace a wide margin (its largest record is 43 KB, its
templates 0.85 MB uncompressed with a compression ratio of 32, its largest document part a
few hundred thousand characters). A message that reports a limit names its key here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

SECTION = "limites"


class Limites(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fiche_octets: int = Field(5_000_000, gt=0, description="taille d'une fiche YAML")
    fiche_profondeur: int = Field(50, gt=0, description="imbrication d'une fiche YAML")
    fiche_elements: int = Field(
        500_000, gt=0, description="éléments d'une fiche YAML, alias développés")
    modele_octets: int = Field(
        50_000_000, gt=0, description="taille décompressée d'un modèle Word (.docx)")
    modele_taux: int = Field(
        200, gt=0, description="taux de compression d'une partie d'un modèle Word")
    fichier_octets: int = Field(
        200_000_000, gt=0, description="taille d'un fichier donné avec --file")
    rendu_caracteres: int = Field(
        20_000_000, gt=0, description="texte produit par une partie d'un modèle")
    rendu_iterations: int = Field(
        1_000_000, gt=0, description="tours de boucle dans un modèle")
    pdf_pages: int = Field(2_000, gt=0, description="pages d'un PDF lu (acte signé, annexe)")
    pdf_objets: int = Field(
        200_000, gt=0, description="objets d'un PDF lu (acte signé, annexe)")
    conversion_secondes: int = Field(
        60, gt=0, description="conversion d'un document en PDF par LibreOffice ; un "
        "document plus long est abandonné")
    rendu_appels: int = Field(100, gt=0, description="appels imbriqués de macros")
    rendu_nombre: int = Field(
        10_000, gt=0, description="chiffres d'un nombre, répétitions et largeurs demandées "
        "par un modèle")
    rendu_secondes: int = Field(
        120, gt=0, description="durée du remplissage d'un modèle qui n'est pas livré avec "
        "ctgdocs")
    rendu_memoire_mo: int = Field(
        2048, gt=0, description="mémoire du remplissage d'un modèle qui n'est pas livré avec "
        "ctgdocs (Linux, macOS)")


DEFAULT = Limites()


def exceeded(what: str, key: str, value: int) -> str:
    """The French sentence for a limit that was reached."""
    shown = f"{value:,}".replace(",", " ")
    return (f"{what} dépasse la limite ({key} = {shown}) ; si ce fichier est normal, "
            f"relevez-la dans ctgdocs.toml, section [{SECTION}], par exemple "
            f"« {key} = {value * 10} »")
