"""Document kinds: each builds a template context from the records.

A ``Job`` is everything one output file depends on: template kind, output name and context.
Rendering is a pure function of (records, template, date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..errors import CtgdocsError
from ..records import Records
from . import annexe2, convention


@dataclass(frozen=True)
class Job:
    kind: str  # template kind, see workspace.TEMPLATE_NAMES
    name: str  # output file name without extension
    title: str  # what the user is told
    context: dict[str, Any]


def annexe2_job(records: Records, date: dt.date) -> Job:
    return Job("annexe2", "annexe2", "Annexe 2", annexe2.context(records, date))


def convention_job(records: Records, ident: str, date: dt.date) -> Job:
    found = records.convention(ident)
    if found is None:
        known = ", ".join(c.id for c in records.conventions) or "aucune"
        raise CtgdocsError(f"Convention « {ident} » inconnue. Conventions connues : {known}")
    return Job("convention", f"convention-{found.id}", f"Convention {found.id}",
               convention.context(records, found, date))


def convention_jobs(records: Records, date: dt.date) -> list[Job]:
    return [convention_job(records, c.id, date) for c in records.conventions]


def all_jobs(records: Records, date: dt.date) -> list[Job]:
    return [annexe2_job(records, date), *convention_jobs(records, date)]
