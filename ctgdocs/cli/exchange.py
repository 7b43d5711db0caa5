"""The `import` and `export` groups; each kind of file adds its own command to them."""

from __future__ import annotations

from .base import cli
from .command import Group


@cli.group("import", cls=Group)
def import_group() -> None:
    """Ajoute ou met à jour des fiches depuis un tableur (.xlsx, .ods, .csv)."""


@cli.group("export", cls=Group)
def export_group() -> None:
    """Écrit des fiches dans un tableur, ou les données ouvertes (SCDL)."""
