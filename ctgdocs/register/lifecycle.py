"""The meaning of a document's history, by kind of document.

One rule book serves twice: the commands that record an event refuse one that breaks it, and
`check` and `status` replay the journal to warn about entries already recorded that break it.
Each rule looks at one entry and at the documents as they stood just before it.

- versions come in sequence, and an event concerns the latest version;
- nothing is recorded about a document after its termination;
- a convention or an avenant is approved by an adopted délibération that concerns it (the one
  the convention cites, the one the avenant was drafted with, or one whose record lists the
  convention among its annexes), not before its séance; it is signed only once approved and
  once that délibération is exécutoire (L2131-1);
- an extract of délibération is signed before it is sent to the préfecture;
- nothing is signed or approved before the version was issued, nor terminated before it was
  signed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .schema import APPROVE, ISSUE, MIGRATION, SIGN, TERMINATE

if TYPE_CHECKING:
    from ..records import Records
    from .ledger import Document, Version

APPROVED_KINDS = ("convention", "avenant")


@dataclass
class Facts:
    """What the rules read besides the journal: the records of today, and the snapshot of
    records an issued version was rendered from."""

    records: Records | None
    snapshot: Callable[[Version], Records]


@dataclass(frozen=True)
class Problem:
    """An event that breaks a rule: what (``event``, may be empty) and why (``reason``)."""

    event: str
    reason: str

    def refusal(self) -> str:
        """What a command says when it refuses to record the event."""
        return f"{self.event} refusée : {self.reason}" if self.event else self.reason

    def warning(self) -> str:
        """What check and status say about an event already recorded."""
        return f"{self.event} : {self.reason}" if self.event else self.reason


def problems(docs: Mapping[str, Document], entry: Mapping[str, Any],
             facts: Facts) -> list[Problem]:
    """What is wrong with recording ``entry`` after the documents ``docs``, in French."""
    action = entry["action"]
    if action == MIGRATION:
        return []
    ident, numero = entry["document"], entry["version"]
    day = dt.date.fromisoformat(entry["date"])
    doc = docs.get(ident)
    if action == ISSUE:
        return _issue(doc, ident, numero)
    if doc is None:
        return _say(f"{ident} n'a jamais été émis.")
    name = f"{ident} v{numero}"
    if numero != doc.last.numero:
        return _say(f"{name} : {_label(action)} alors que la version {doc.last.numero} a été émise "
                "depuis (seule la dernière version peut être approuvée, signée ou résiliée).")
    version = doc.last
    ended = version.resiliation
    if ended is not None:
        return _say(f"{name} a été résilié le {_fr(ended['date'])} : rien ne peut être "
                "enregistré après sa résiliation.")
    issued = dt.date.fromisoformat(version.emission["date"])
    if action == APPROVE:
        return _approve(doc, version, name, day, issued, entry["deliberation"], facts)
    if action == SIGN:
        return _sign(doc, version, name, day, issued, facts)
    if action == TERMINATE:
        return _terminate(version, name, day)
    return []


def _say(reason: str) -> list[Problem]:
    return [Problem("", reason)]


def _issue(doc: Document | None, ident: str, numero: int) -> list[Problem]:
    if doc is None:
        return [] if numero == 1 else _say(f"{ident} : première version numérotée {numero}.")
    if doc.last.resiliation is not None:
        return _say(f"{ident} a été résilié le {_fr(doc.last.resiliation['date'])} : rien ne peut "
                "être enregistré après sa résiliation ; rédigez un nouveau document.")
    if numero != doc.last.numero + 1:
        return _say(f"{ident} : version {numero} enregistrée après la version {doc.last.numero} "
                "(les versions se suivent).")
    return []


def _approve(doc: Document, version: Version, name: str, day: dt.date, issued: dt.date,
             numero: str, facts: Facts) -> list[Problem]:
    if doc.kind not in APPROVED_KINDS:
        return _say(f"{doc.ident} n'est ni une convention ni un avenant : seuls ceux-ci sont "
                "approuvés par délibération.")
    if version.approbation is not None or version.signature is not None:
        return _say(f"{name} est déjà {version.etat}.")
    if day < issued:
        return [Problem(f"Approbation de {name} le {day:%d/%m/%Y}", f"antérieure à son émission "
                f"le {issued:%d/%m/%Y}.")]
    found = _approving(doc, version, numero, facts)
    if isinstance(found, Problem):
        return [found]
    records, deliberation, financeur, convention_id = found
    if deliberation is None:
        if records is not None and financeur == records.epci_id:
            return [Problem(f"Approbation de {name}", f"la délibération {numero} est absente de "
                    "records/deliberations/.")]
        return []  # a commune's délibération, not kept in this workspace
    if not _concerns(records, numero, convention_id, version):
        return [Problem(f"Approbation de {name}", f"la délibération {numero} ne concerne pas la "
                f"convention {convention_id} (ni citée par elle, ni donnée à la rédaction de "
                "l'avenant, ni listant la convention en annexe).")]
    from .. import council  # imported when an approval is judged: reading needs none

    if not council.outcome(deliberation.vote).adoptee:
        return [Problem(f"Approbation de {name}", f"la délibération {numero} n'a pas été "
                "adoptée.")]
    seance = records.seance(deliberation.seance) if records else None
    if seance is not None and seance.date > day:
        return [Problem(f"Approbation de {name} le {day:%d/%m/%Y}", f"la délibération {numero} "
                f"est du {seance.date:%d/%m/%Y}, après cette date.")]
    return []


def _approving(doc: Document, version: Version, numero: str,
               facts: Facts) -> Problem | tuple[Any, Any, str, str]:
    """(records, the délibération in them or None, financeur, convention id), or why the
    délibération cannot approve this document."""
    entry = version.emission
    base = entry["base"] if doc.kind == "avenant" else doc.ident
    convention_id = str(base).removeprefix("convention-")
    snapshot = facts.snapshot(version)
    convention = snapshot.convention(convention_id)
    if convention is None:
        return Problem("", f"Convention {base} absente de l'instantané des fiches de "
                       f"{doc.ident}.")
    cited = entry.get("deliberation") if doc.kind == "avenant" else convention.deliberation.numero
    records = facts.records
    deliberation = records.deliberation(numero) if records else None
    listed = deliberation is not None and _lists(deliberation, convention_id)
    if cited and cited != numero and not listed:
        return Problem("", f"{doc.ident} cite la délibération {cited}, pas {numero}.")
    return records, deliberation, convention.financeur, convention_id


def _concerns(records: Records | None, numero: str, convention_id: str,
              version: Version) -> bool:
    entry = version.emission
    deliberation = records.deliberation(numero) if records else None
    if deliberation is None:
        return False
    if entry.get("type") == "avenant" and entry.get("deliberation") == numero:
        return True
    convention = records.convention(convention_id) if records else None
    if convention is not None and convention.deliberation.numero == numero:
        return True
    return _lists(deliberation, convention_id)


def _lists(deliberation: Any, convention_id: str) -> bool:
    names = {convention_id, f"convention-{convention_id}"}
    return any(a.document in names for a in deliberation.annexes)


def _sign(doc: Document, version: Version, name: str, day: dt.date, issued: dt.date,
          facts: Facts) -> list[Problem]:
    if version.signature is not None:
        return _say(f"{name} est déjà signé.")
    if day < issued:
        return [Problem(f"Signature de {name} le {day:%d/%m/%Y}", f"antérieure à son émission le "
                f"{issued:%d/%m/%Y}.")]
    records = facts.records
    if doc.kind in APPROVED_KINDS:
        if version.approbation is None:
            return _say(f"{name} n'est pas approuvé : ctgdocs approve d'abord.")
        numero = version.approbation["deliberation"]
        if records is None or records.deliberation(numero) is None:
            return []  # a commune's délibération, not kept in this workspace
        since = executoire(records, numero)
        if since is None:
            return [Problem(f"Signature de {name} le {day:%d/%m/%Y}", f"la délibération {numero} "
                    "qui l'approuve n'est pas encore exécutoire (enregistrez sa réception en "
                    "préfecture et sa publication).")]
        if day < since:
            return [Problem(f"Signature de {name} le {day:%d/%m/%Y}", f"la délibération {numero} "
                    f"qui l'approuve n'est exécutoire que depuis le {since:%d/%m/%Y} "
                    "(L2131-1).")]
    if doc.kind == "deliberation" and records is not None:
        deliberation = records.deliberation(doc.ident.removeprefix("deliberation-"))
        sent = deliberation.transmission if deliberation else None
        if sent is not None and day > sent.envoi:
            return [Problem(f"Signature de {name} le {day:%d/%m/%Y}", f"l'extrait a été transmis "
                    f"en préfecture le {sent.envoi:%d/%m/%Y} ; il se signe avant sa "
                    "transmission.")]
    return []


def _terminate(version: Version, name: str, day: dt.date) -> list[Problem]:
    if version.signature is None:
        return _say(f"{name} est {version.etat} : seul un document signé et en cours peut être "
                "résilié.")
    signed = dt.date.fromisoformat(version.signature["date"])
    if day < signed:
        return [Problem(f"Résiliation de {name} le {day:%d/%m/%Y}", f"elle ne peut précéder la "
                f"signature ({signed:%d/%m/%Y}).")]
    return []


def executoire(records: Records, numero: str) -> dt.date | None:
    """The date an act became exécutoire: the later of its reception by the préfecture and
    its publication (L2131-1); None while either is unknown."""
    deliberation = records.deliberation(numero)
    sent = deliberation.transmission if deliberation else None
    if sent is None or sent.publication is None:
        return None
    return max(sent.reception, sent.publication)


def _label(action: str) -> str:
    return {APPROVE: "approbation", SIGN: "signature", TERMINATE: "résiliation"}.get(action,
                                                                                  action)


def _fr(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
