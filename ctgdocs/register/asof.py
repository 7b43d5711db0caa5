"""The register as it stood on a date, and documents that tell the truth about that date.

A document asked for a past date (``--date``) must not print that date on today's records
when the records it uses have changed since. The register knows how they stood: each issued
version keeps a snapshot of every record. For the documents computed from the records'
state — the Annexe 2, the arbre à objectifs, the conventions — this module compares the
document made from the snapshot that stood on the date with the one made from the latest
snapshot. When they are the same, no registered change touches the document and today's
records serve. Otherwise the document is made from today's records without the changes
registered after the date (merge.revert), which keeps later corrections that were never
registered (an order of the Annexe 2 typed in since, for instance); when an unregistered edit
and a registered change touch the same field and the document depends on it, or when the
date precedes the register's first snapshot, the document is refused, with the way to the
documents as they were issued (``show``) and to the text of a convention in force at a date
(``consolidate --at``).

Délibérations, listes and procès-verbaux are not concerned: they reproduce a voted text and
dated events that their record keeps, and each of them already reads those as of its date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import documents, fr, recordscache
from ..documents import Chronology, Job
from ..errors import CtgdocsError
from ..records import Records, load_snapshot
from ..workspace import Workspace
from .merge import revert
from .schema import ISSUE
from .store import Entry, Store

STATE_KINDS = ("annexe2", "plan-action", "convention")
MAX_CONFLICTS = 12  # each is tried on its own; beyond, the document is refused outright


def recorded_by(entries: list[Entry], day: dt.date) -> list[Entry]:
    """The journal as it stood at the end of ``day``: the entries recorded on or before it.

    An event is recorded on or after the day it happened, and entries are appended in the
    order they are recorded, so an entry was recorded no earlier than the latest event date
    up to it: the journal as of ``day`` is its longest prefix dated on or before ``day``, a
    head that ``verify --depuis`` can check. An entry dated on or before ``day`` that comes
    after a later-dated one was recorded later (a signature recorded late). The recording
    time of format-2 entries is not used: it comes from the computer's clock, and the answer
    for a --date must be the same on any day."""
    kept: list[Entry] = []
    for entry in entries:
        if dt.date.fromisoformat(entry["date"]) > day:
            break
        kept.append(entry)
    return kept


class PastRefused(CtgdocsError):
    """A document whose records changed after the date asked for and cannot be rebuilt."""

    def __init__(self, job: Job, day: dt.date, why: str):
        self.title = job.title
        self.day, self.why = day, why
        show = job.name
        consolidate = (f" ; le texte d'une convention en vigueur à cette date : ctgdocs "
                       f"consolidate {job.name.removeprefix('convention-')} --at "
                       f"{day.isoformat()}") if job.kind == "convention" else ""
        super().__init__(
            f"{job.title} au {fr.date_fr(day)} : {why}. Ce document ne peut pas être refait "
            f"à cette date sur les fiches d'aujourd'hui. Le document tel qu'il a été émis : "
            f"ctgdocs show {show} (ctgdocs history {show} pour ses versions){consolidate}.")


@dataclass
class AsOf:
    """What ``as_of`` did: the jobs to write, a note per document rebuilt, the refusals."""

    jobs: list[Job]
    notes: list[str] = field(default_factory=list)
    refused: list[PastRefused] = field(default_factory=list)


@dataclass
class _Snapshots:
    store: Store
    then: Entry | None  # the last issued version recorded on or before the day
    changed: Entry  # the first later one whose records differ
    last: Entry  # the latest issued version

    def records(self, entry: Entry) -> Records | None:
        digest = entry["fiches"]
        return load_snapshot(self.store.get(digest), digest)[0]


@dataclass
class _Decided:
    """What ``as_of`` decided, by job name: the jobs rebuilt (with their note) and the
    refusals (day, why); the others stand as they are."""

    rebuilt: dict[str, tuple[Job, str]] = field(default_factory=dict)
    refused: dict[str, tuple[dt.date, str]] = field(default_factory=dict)

    def applied(self, jobs: list[Job]) -> AsOf:
        result = AsOf([])
        for job in jobs:
            if job.name in self.refused:
                result.refused.append(PastRefused(job, *self.refused[job.name]))
            elif job.name in self.rebuilt:
                rebuilt, note = self.rebuilt[job.name]
                result.jobs.append(rebuilt)
                result.notes.append(note)
            else:
                result.jobs.append(job)
        return result


def as_of(workspace: Workspace, records: Records, jobs: list[Job], when: Chronology) -> AsOf:
    """The jobs, with those of STATE_KINDS made from the records as they stood on their own
    date (a signature, an approving séance), or on ``when.state`` if earlier or undated,
    when registered changes since touch them; or refused. What was decided is kept
    (recordscache.py) while the records, the register, the date and the jobs are the same."""
    asked = [(job.name, job.kind, job.date) for job in jobs if job.kind in STATE_KINDS]
    parts: list[object] = [
        "a-la-date", recordscache.data_digest(records.data),
        recordscache.register_state(workspace), workspace.settings.model_dump_json(),
        when.state, sorted(when.signed.items()), asked]
    return recordscache.kept(parts, lambda: _decide(workspace, records, jobs, when)).applied(
        jobs)


def _decide(workspace: Workspace, records: Records, jobs: list[Job],
            when: Chronology) -> _Decided:
    decided = _Decided()
    by_day: dict[dt.date, _Snapshots | None] = {}
    for job in jobs:
        if job.kind not in STATE_KINDS:
            continue
        day = min(when.state, job.date) if job.date else when.state
        if day not in by_day:
            by_day[day] = _snapshots(workspace, day)
        snapshots = by_day[day]
        if snapshots is None:
            continue
        on_day = Chronology(day, when.signed)
        try:
            rebuilt = _rebuild(snapshots, records, job, on_day)
        except PastRefused as refused:
            decided.refused[job.name] = (refused.day, refused.why)
            continue
        if rebuilt is not None:
            then = snapshots.then
            assert then is not None
            decided.rebuilt[job.name] = (rebuilt, (
                f"{job.title} au {fr.date_fr(day)} : fiches telles qu'enregistrées le "
                f"{fr.date_fr(_day(then))} ({then.name}), sans les modifications enregistrées "
                "depuis."))
    return decided


def _snapshots(workspace: Workspace, day: dt.date) -> _Snapshots | None:
    """None when no registered change follows ``day`` (or there is no register)."""
    if not workspace.register_dir.is_dir():
        return None
    store = Store(workspace.register_dir)
    entries = store.entries()
    issued = [e for e in entries if e["action"] == ISSUE]
    if not issued:
        return None
    known = {e.numero for e in recorded_by(entries, day)}
    before = [e for e in issued if e.numero in known]
    then = before[-1] if before else None
    later = [e for e in issued if e.numero not in known
             and (then is None or e["fiches"] != then["fiches"])]
    if not later:
        return None
    return _Snapshots(store, then, later[0], issued[-1])


def _rebuild(snapshots: _Snapshots, records: Records, job: Job,
             when: Chronology) -> Job | None:
    """None when today's job holds; the job rebuilt as of the day; or PastRefused."""
    day = when.state
    last = snapshots.records(snapshots.last)
    if snapshots.then is None:
        first = snapshots.changed
        if _same(_context(snapshots.records(first), job, when),
                 _context(last, job, when)):
            return None
        raise PastRefused(job, day, f"le registre ne connaît pas les fiches avant le "
                                    f"{fr.date_fr(_day(first))} ({first.name}), et elles ont "
                                    "changé depuis")
    then = snapshots.records(snapshots.then)
    if then is None or last is None:
        raise PastRefused(job, day, "les fiches enregistrées au registre ne se relisent pas "
                                    "avec cette version de ctgdocs")
    before = _context(then, job, when)
    if _same(before, _context(last, job, when)):
        return None
    if before is None:
        raise PastRefused(job, day, "ce document n'existait pas dans les fiches enregistrées "
                                    f"le {fr.date_fr(_day(snapshots.then))} "
                                    f"({snapshots.then.name})")
    merged, conflicts = revert(records.data, last.data, then.data)
    made = _job(_load(merged), job, when)
    relevant = [c for c in conflicts[:MAX_CONFLICTS]
                if not _same(_context_of(made), _context_of(_job(_load(revert(
                    records.data, last.data, then.data, {c.path})[0]), job, when)))]
    if relevant or len(conflicts) > MAX_CONFLICTS:
        shown = "; ".join(str(c) for c in (relevant or conflicts)[:3]) \
            + (" …" if len(relevant or conflicts) > 3 else "")
        raise PastRefused(job, day, "des modifications de ses fiches ont été enregistrées "
                                    "après cette date, et d'autres, faites depuis sans "
                                    f"être enregistrées, touchent les mêmes champs ({shown})")
    if made is None:
        raise PastRefused(job, day, "des modifications de ses fiches ont été enregistrées après "
                                    "cette date, et les fiches d'alors ne se relisent pas avec "
                                    "celles d'aujourd'hui")
    return made


def _load(data: dict[str, Any]) -> Records | None:
    records, _ = recordscache.load_data(data)
    return records


def _job(records: Records | None, job: Job, when: Chronology) -> Job | None:
    if records is None:
        return None
    try:
        return documents.job_for(records, job.name, when)
    except CtgdocsError:
        return None


def _context(records: Records | None, job: Job, when: Chronology) -> dict[str, Any] | None:
    made = _job(records, job, when)
    return made.context if made is not None else None


def _context_of(job: Job | None) -> dict[str, Any] | None:
    return job.context if job is not None else None


def _same(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    return a is not None and b is not None and bool(a == b)


def _day(entry: Entry) -> dt.date:
    return dt.date.fromisoformat(entry["date"])
