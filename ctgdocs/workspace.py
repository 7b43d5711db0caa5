"""Where a workspace keeps its records, templates, register and generated files.

This is the only module that builds paths inside a workspace.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from . import settings
from .errors import CtgdocsError, display_path
from .infiles import check_regular
from .packaged import template_path

TEMPLATE_NAMES = {
    "annexe2": "annexe2.docx",
    "convention": "convention.docx",
    "deliberation": "deliberation.docx",
    "seance-liste": "seance-liste.docx",
    "seance-pv": "seance-pv.docx",
    "plan-action": "plan-action.docx",
    "avenant": "avenant.docx",
    "consolidation": "consolidation.docx",
    "bordereau": "bordereau.docx",
}


class Workspace:
    def __init__(self, root: Path):
        self.root = root.resolve()
        if not self.root.is_dir():
            raise CtgdocsError(f"Dossier de travail introuvable : {root}")
        if not self.records_dir.is_dir():
            raise CtgdocsError(
                f"{self.root} n'est pas un dossier de travail ctgdocs : il n'a pas de dossier "
                "records/. Placez-vous dans le dossier du territoire ou indiquez-le avec --root."
            )

    @cached_property
    def settings(self) -> settings.Settings:
        """The workspace's ctgdocs.toml (demonstration workspace…)."""
        return settings.load(self.root)

    @property
    def records_dir(self) -> Path:
        return self.root / "records"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def register_dir(self) -> Path:
        return self.root / "conventions"

    @property
    def pieces_dir(self) -> Path:
        return self.root / "pieces"

    @property
    def default_out_dir(self) -> Path:
        return self.root / (self.settings.sortie or "out")

    def out_dir(self, out: Path | None) -> Path:
        """The folder given with --out (default out/), refused inside a folder that ctgdocs
        reads: records/, templates/, conventions/ or pieces/."""
        if out is None:
            return self.default_out_dir
        folder = out.resolve()
        for protected in (self.records_dir, self.templates_dir, self.register_dir,
                          self.pieces_dir):
            if folder.is_relative_to(protected.resolve()):
                raise CtgdocsError(
                    f"--out {out} : refusé, ce dossier est dans {protected.name}/, que ctgdocs "
                    "lit (fiches, modèles, registre, pièces) ; les fichiers produits "
                    "remplaceraient ce qui s'y trouve. Choisissez un autre dossier, par "
                    "exemple out/.")
        return folder

    def record_files(self) -> list[Path]:
        return _yaml_files(self.records_dir, recursive=True)

    # templates

    def template(self, kind: str) -> Path:
        """The workspace's template of that kind, else the one installed with ctgdocs."""
        name = TEMPLATE_NAMES[kind]
        local = self.templates_dir / name
        if local.exists() or local.is_symlink():
            check_regular(local, local.relative_to(self.root).as_posix())
            return local
        packaged = template_path(name)
        if packaged is not None:
            return packaged
        raise CtgdocsError(f"Modèle introuvable : {self.display(local)}")

    def inside(self, relative: str) -> Path:
        """A path given in a record (pieces/x.pdf), refused if it leaves the workspace."""
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root):
            raise CtgdocsError(f"Chemin « {relative} » hors du dossier de travail : indiquez un "
                               "chemin relatif, par exemple pieces/convention.pdf")
        return path

    def display(self, path: Path) -> str:
        return display_path(path, self.root)


def _yaml_files(folder: Path, recursive: bool = False) -> list[Path]:
    if not folder.is_dir():
        return []
    pattern = "**/*" if recursive else "*"
    return sorted(
        p for p in folder.glob(pattern) if p.suffix in (".yaml", ".yml") and not p.is_dir()
    )
