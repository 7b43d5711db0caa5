"""The default Word templates installed with ctgdocs, whatever the kind of install.

- from a wheel (pip install ctgdocs-….whl, pipx): the package's default_templates/ folder,
  which the wheel carries (pyproject.toml, force-include of the repository's templates/);
- from a zip (zipapp, shiv): the same folder inside the archive, copied out on first use;
- from the repository (pip install -e ., or running the sources): the package imports from
  the checkout, which has no default_templates/: its templates/ folder is the source.
"""

from __future__ import annotations

import atexit
import contextlib
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .errors import CtgdocsError

PACKAGED = "default_templates"
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def templates_folder() -> Traversable | None:
    """Where the default templates are, or None if this install has none."""
    packaged = resources.files("ctgdocs") / PACKAGED
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "templates").is_dir():
        return checkout / "templates"
    return None


def template_names() -> list[str]:
    folder = templates_folder()
    if folder is None:
        return []
    return sorted(item.name for item in folder.iterdir() if item.name.endswith(".docx"))


def template_path(name: str) -> Path | None:
    """A real file holding the default template ``name`` (extracted from a zip if need be)."""
    folder = templates_folder()
    if folder is None:
        return None
    resource = folder / name
    if not resource.is_file():
        return None
    if isinstance(resource, Path):
        return resource
    return _extracted.enter_context(resources.as_file(resource))


def template_files() -> dict[str, bytes]:
    """Every default template: its file name and its content."""
    folder = templates_folder()
    if folder is None:
        raise CtgdocsError("Les modèles par défaut sont introuvables dans cette installation "
                           "de ctgdocs : réinstallez-la (pip install --force-reinstall ctgdocs).")
    return {name: (folder / name).read_bytes() for name in template_names()}
