"""Illustrative values (``exemple:`` fields) in an issued version, for the events that make it
an act: an approval or a signature.

Outside a demonstration workspace, approving or signing a version that prints illustrative
values is refused, each value named (file:line: field). In a demonstration workspace the
event is recorded, marked EXEMPLE: its entry lists the values (``exemples``), and what is
later produced from it (stamped copy, pack) carries the EXEMPLE stamp. A signed PDF is kept
as given, byte for byte: stamping it would break its signatures.
"""

from __future__ import annotations

from ..exemples import highlighted_texts
from .store import RegisterError, Store

ACTS = {"approbation": "approuvée", "signature": "signée"}


def issued_examples(store: Store, emission: dict[str, object]) -> list[str]:
    """The illustrative values an issued version prints: recorded with it (format 2), or,
    for versions issued before the register recorded them, its highlighted passages."""
    recorded = emission.get("exemples")
    if isinstance(recorded, list):
        return [str(origin) for origin in recorded]
    docx = store.get(str(emission["docx"]))
    return [f"passage surligné « {text} »" for text in highlighted_texts(docx)]


def vetted(store: Store, emission: dict[str, object], action: str,
           demonstration: bool) -> list[str]:
    """The illustrative values to record with ``action`` on this version (empty when it
    prints none); outside a demonstration workspace, a French refusal naming each one."""
    found = issued_examples(store, emission)
    if not found or demonstration:
        return found
    name = f"{emission['document']} v{emission['version']}"
    shown = "\n".join(f"  {origin}" for origin in found)
    raise RegisterError(
        f"{name} ne peut pas être {ACTS[action]} : cette version imprime des valeurs "
        f"d'exemple, qui ne sont pas des faits vérifiés :\n{shown}\n"
        "Remplacez-les dans les fiches par les valeurs vérifiées (et retirez-les de "
        f"« exemple: »), émettez une nouvelle version (ctgdocs issue {emission['document']}), "
        "puis recommencez. Seul un dossier de démonstration (demonstration = true dans "
        "ctgdocs.toml) enregistre un acte d'exemple, marqué EXEMPLE.")


def mark(examples: list[str]) -> str:
    """What the CLI says after recording an event with illustrative values."""
    count = len(examples)
    return (f"EXEMPLE : dossier de démonstration ; cette version imprime {count} valeur"
            f"{'s' if count > 1 else ''} d'exemple, enregistrée{'s' if count > 1 else ''} "
            "avec l'acte : ce n'est pas un acte à déposer ni à transmettre.")
