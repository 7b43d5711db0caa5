"""Names a sheet uses that must exist: communes (INSEE codes, or the EPCI), gestionnaires,
services. Each unknown one is placed on its cell, with what is known."""

from __future__ import annotations

from .columns import Path_
from .kinds import Kind
from .parsing import Parsed, shown
from .table import Problem, Table

# kind -> (path of the column, what it names)
REFERENCES: dict[str, list[tuple[Path_, str]]] = {
    "elus": [(("commune",), "commune"), (("conseils_administration",), "gestionnaire")],
    "gestionnaires": [(("collectivite",), "collectivité")],
    "services": [(("soutiens",), "collectivité")],
    "conventions": [(("financeur",), "collectivité"), (("gestionnaire",), "gestionnaire"),
                    (("services",), "service")],
    "subventions": [(("financeur",), "collectivité")],
}


WORDS = {  # what -> (unknown, the known ones, none)
    "commune": ("inconnue", "communes connues", "aucune"),
    "collectivité": ("inconnue", "collectivités connues (l'EPCI et les communes)", "aucune"),
    "gestionnaire": ("inconnu", "gestionnaires connus", "aucun"),
    "service": ("inconnu", "services connus", "aucun"),
}


def known(records: object, what: str) -> dict[str, str]:
    """Identifiers of ``what`` in the records, with a name to show."""
    from ..records import Records

    assert isinstance(records, Records)
    communes = {str(c.insee): str(c.nom) for c in records.communes}
    if what == "commune":
        return communes
    if what == "collectivité":
        return {str(records.epci_id): str(records.territoire.epci.nom), **communes}
    if what == "gestionnaire":
        return {str(g.id): str(g.nom) for g in records.gestionnaires}
    return {str(s.id): str(s.nom or s.libelle or s.id) for _, s in records.services()}


def reference_problems(kind: Kind, records: object, table: Table,
                       rows: list[Parsed]) -> list[Problem]:
    problems: list[Problem] = []
    checks = list(REFERENCES.get(kind.name, []))
    if kind.parent:
        checks.append(((), "gestionnaire"))
    for path, what in checks:
        names = known(records, what)
        for row in rows:
            value = row.parent if path == () else row.values.get(path)
            values = value if isinstance(value, tuple) else (value,) if value else ()
            for name in values:
                if str(name) in names:
                    continue
                listed = ", ".join(f"{k} ({v})" if v != k else k for k, v in names.items())
                column = _parent_index(table) if path == () else row.columns.get(path)
                unknown, known_ones, none = WORDS[what]
                problems.append(Problem(table.place(row.number, column),
                                        f"{what} {unknown} « {shown(name)} » ; "
                                        f"{known_ones} : {listed or none}"))
    return problems


def _parent_index(table: Table) -> int | None:
    headers = [" ".join(h.split()).casefold() for h in table.headers]
    return headers.index("gestionnaire") if "gestionnaire" in headers else None
