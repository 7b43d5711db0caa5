"""An open-data table and how it is published: refused while it uses illustrative values
(outside a demonstration workspace), written whole or not at all."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import marking
from ..errors import CtgdocsError, plural
from ..outputs import atomic_write
from ..workspace import Workspace

NOT_FOR_PUBLICATION = ("Fichier de démonstration : il contient des valeurs d'exemple, qui ne "
                       "sont pas des faits vérifiés ; il ne doit pas être publié.")


@dataclass
class Table:
    """Rows of an SCDL file, with what they were built from."""

    name: str  # "subventions", "délibérations"
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    origins: set[str] = field(default_factory=set)  # illustrative values used
    skipped: list[str] = field(default_factory=list)  # French: what was left out, why

    def add(self, row: dict[str, object], used: Iterable[object]) -> None:
        """A row of values (None for an empty cell); ``used`` are the record values it was
        computed from, whose illustrative marks it inherits."""
        assert list(row) == self.header, (list(row), self.header)
        self.rows.append({name: _cell(value) for name, value in row.items()})
        self.origins |= marking.origins_of(*row.values(), *used)

    def csv_bytes(self) -> bytes:
        """UTF-8, comma-separated, header first, as the SCDL formats ask."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=self.header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(self.rows)
        return buffer.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    return "" if value is None else str(marking.plain(value))


@dataclass(frozen=True)
class Published:
    path: Path
    rows: int
    notes: list[str]  # what was left out or taken from the register, and why
    warning: str | None  # in a demonstration workspace: not to be published


def publish(workspace: Workspace, table: Table, path: Path) -> Published:
    """Write ``table`` to ``path``. Illustrative values are refused, each named
    (file:line: field), except in a demonstration workspace, where the file is written with
    a warning that it must not be published."""
    if path.suffix.lower() != ".csv":
        raise CtgdocsError(f"{path} : le fichier des données ouvertes est un .csv "
                           f"(ex. {table.name}.csv).")
    examples = sorted(table.origins, key=_origin_key)
    if examples and not workspace.settings.demonstration:
        raise CtgdocsError(
            f"Les données « {table.name} » ne peuvent pas être publiées : elles utilisent "
            "des valeurs d'exemple, qui ne sont pas des faits vérifiés :\n"
            + "".join(f"  {origin}\n" for origin in examples)
            + "Remplacez-les par les valeurs vérifiées et retirez-les de « exemple: ». "
            f"Rien n'a été écrit dans {path}.")
    warning = (f"{NOT_FOR_PUBLICATION} {plural(len(examples), 'valeur')} d'exemple, "
               f"dans : {', '.join(dict.fromkeys(_origin_key(o)[0] for o in examples))}."
               ) if examples else None
    if not path.parent.is_dir():
        raise CtgdocsError(f"Dossier introuvable : {path.parent}. Créez-le ou choisissez un "
                           "autre chemin.")
    atomic_write(path, table.csv_bytes())
    return Published(path, len(table.rows), list(table.skipped), warning)


def _origin_key(origin: str) -> tuple[str, int, str]:
    """records/a.yaml:9: siret sorts by file, then line number, then field."""
    match = re.fullmatch(r"(.*?):(\d+): (.*)", origin)
    return (match[1], int(match[2]), match[3]) if match else (origin, 0, "")
