"""Avenants drafted from what changed.

An avenant compares the text in force (inforce.py: the signed convention as stored and the
signed avenants in effect) with what the current records produce with the template stored
with the signed convention, article by article, and records the differences, worded as
wording.py says, as a numbered *projet* of avenant. Before anything is recorded it refuses
what the law refuses: an avenant after the end of the convention, a new amount without a
délibération, a recorded délibération about something else, a payment already due
rewritten.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import articles, fr
from ..check import checked_records
from ..documents import convention as convention_doc
from ..documents.convention import instalments
from ..errors import CtgdocsError
from ..models import Convention
from ..records import Records
from ..render import render_docx
from ..rules.conventions import deliberation_concerns
from . import content, wording
from .avenant_text import avenant_context
from .consolidation import consolidation_job, sample_jobs
from .inforce import avenant_ident, avenants_of, effective, in_force
from .ledger import ISSUE, Register, Version, check_deliberation
from .store import Entry, RegisterError

__all__ = ["Drafted", "avenant_ident", "avenants_of", "consolidation_job", "draft",
           "effective", "in_force", "sample_jobs"]


@dataclass
class Drafted:
    entry: Entry
    warnings: list[str] = field(default_factory=list)


def draft(register: Register, convention_id: str, message: str, numero: str | None,
          effet: dt.date | None, date: dt.date, author: str,
          deliberation_date: dt.date | None = None) -> Drafted:
    """Record a projet of avenant from the differences between the text in force and what
    the current records produce; a new version of the pending avenant if there is one."""
    records = checked_records(register.workspace)
    convention = records.convention(convention_id.removeprefix("convention-"))
    if convention is None:
        raise CtgdocsError(f"Convention « {convention_id} » inconnue dans les fiches.")
    current = in_force(register, convention.id, date)
    before = register.snapshot(current.latest).convention(convention.id)
    assert before is not None
    _check_open(register, convention.id, before, date)
    _check_deliberation(records, convention, before, numero)
    _check_due_payments(before, convention, date)
    warnings = []
    if effet is not None and effet < date:
        warnings.append(
            f"prise d'effet le {effet:%d/%m/%Y}, avant la signature de l'avenant (au plus tôt "
            f"le {date:%d/%m/%Y}) : un avenant ne peut pas rétroagir (non-rétroactivité) ; "
            "ne gardez cette date que si elle ne fait naître aucune obligation pour le passé.")

    proposed = _render_with(register, current.base, records, convention.id, date)
    changes = articles.compare(current.sections, articles.sections(proposed))
    if not changes:
        raise RegisterError(f"Rien n'a changé dans le texte de la convention {convention.id} "
                            "depuis le texte en vigueur : pas d'avenant à rédiger.")

    pending = [a for a in avenants_of(register, convention.id) if a.last.signature is None]
    number = int(pending[0].last.emission["numero_avenant"]) if pending else \
        len(avenants_of(register, convention.id)) + 1
    entry: dict[str, Any] = {
        "action": ISSUE,
        "document": avenant_ident(convention.id, number),
        "type": "avenant",
        "version": pending[0].last.numero + 1 if pending else 1,
        "date": date.isoformat(),
        "auteur": author,
        "message": message,
        "base": f"convention-{convention.id}",
        "base_version": current.base.numero,
        "base_signature": _signed(current.base).isoformat(),
        "precedents": [{"numero": v.emission["numero_avenant"],
                        "signature": _signed(v).isoformat()} for v in current.avenants],
        "numero_avenant": number,
        "effet": effet.isoformat() if effet else None,
        "deliberation": numero,
        "modifications": [wording.modification(c) for c in changes],
    }
    if deliberation_date is not None and numero and records.deliberation(numero) is None:
        entry["deliberation_date"] = deliberation_date.isoformat()
    template = register.workspace.template("avenant")
    data, exemples = content.render(template, avenant_context(records, entry),
                                    register.workspace.display(template),
                                    register.workspace.settings.limites)
    if pending and register.contenu(pending[0].last) == content.canonical_hash(data, "avenant"):
        raise RegisterError(
            f"{entry['document']} : rien n'a changé depuis la version "
            f"{pending[0].last.numero} (même texte) ; ctgdocs show {entry['document']} la "
            "restitue.")
    return Drafted(register.record_issue(entry, records, template.read_bytes(), data,
                                         exemples), warnings)


def _signed(version: Version) -> dt.date:
    assert version.signature is not None
    return dt.date.fromisoformat(version.signature["date"])


def _check_open(register: Register, ident: str, before: Convention, date: dt.date) -> None:
    """No avenant once the convention has ended or been terminated."""
    ended = register.document(ident).last.resiliation
    if date > before.fin or ended:
        when = dt.date.fromisoformat(ended["date"]) if ended else before.fin
        raise RegisterError(f"La convention {ident} a pris fin le {when:%d/%m/%Y} : un avenant "
                            "n'est plus possible, il faut une nouvelle convention.")


def _check_deliberation(records: Records, convention: Convention, before: Convention,
                        numero: str | None) -> None:
    """A new amount needs a délibération; a recorded one must concern this convention."""
    if before.montants != convention.montants and numero is None:
        raise RegisterError(f"Le montant de la convention {convention.id} change : indiquez la "
                            "délibération qui l'autorise avec --deliberation (L2311-7).")
    if numero is None:
        return
    deliberation = records.deliberation(numero)
    if deliberation is not None and not deliberation_concerns(records, deliberation,
                                                              convention):
        raise RegisterError(
            f"La délibération {numero} (« {deliberation.objet} ») ne cite ni n'approuve la "
            f"convention {convention.id} : elle ne peut pas autoriser cet avenant. Indiquez "
            "avec --deliberation celle qui l'autorise.")
    check_deliberation(records, convention.financeur, numero, None)


def _check_due_payments(before: Convention, after: Convention, date: dt.date) -> None:
    """Instalments due on or before the avenant's date stay as they were."""
    old = [(e.date, e.montant) for e in instalments(before) if e.date <= date]
    new = [(e.date, e.montant) for e in instalments(after) if e.date <= date]
    if old == new:
        return
    changed = next(((o, n) for o, n in zip(old, new, strict=False) if o != n),
                   (old[len(new)] if len(old) > len(new) else None,
                    new[len(old)] if len(new) > len(old) else None))
    was, becomes = changed
    if was and becomes and was[1] == becomes[1]:
        what = (f"le versement de {fr.amount_fr(was[1])} dû le {was[0]:%d/%m/%Y}, qui serait "
                f"reporté au {becomes[0]:%d/%m/%Y}")
    else:
        first = was or becomes
        assert first is not None
        what = (f"le versement dû le {first[0]:%d/%m/%Y} ("
                f"{fr.amount_fr(was[1]) if was else 'aucun versement'} → "
                f"{fr.amount_fr(becomes[1]) if becomes else 'aucun versement'})")
    raise RegisterError(
        f"L'avenant modifierait {what}, échu à la date de l'avenant ({date:%d/%m/%Y}) : un "
        "versement déjà dû ne peut pas être réécrit. Ne modifiez dans les fiches que les "
        "montants ou échéances postérieurs (si la fiche a été corrigée après la signature, "
        "remettez ces versements tels que signés).")


def _render_with(register: Register, base: Version, records: Records, convention_id: str,
                 date: dt.date) -> bytes:
    """The convention as the current records render it with the base version's template."""
    found = records.convention(convention_id)
    assert found is not None
    with tempfile.TemporaryDirectory(prefix="ctgdocs-") as tmp:
        template = Path(tmp) / "modele.docx"
        template.write_bytes(register.store.get(base.emission["modele"]))
        return render_docx(template, convention_doc.context(records, found, None),
                           f"modèle de convention-{convention_id} v{base.numero}",
                           register.workspace.settings.limites)
