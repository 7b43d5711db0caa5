"""Rendering on several processes gives the bytes, the errors and the illustrative values
of a serial run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ctgdocs import documents, marking
from ctgdocs.check import checked_records
from ctgdocs.errors import TemplateError
from ctgdocs.parallel import MIN_PER_WORKER, Item, render_all, workers_for
from ctgdocs.render import Templates
from ctgdocs.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def items() -> list[Item]:
    workspace = Workspace(ROOT)
    jobs = documents.all_jobs(checked_records(workspace), dt.date(2026, 11, 28))
    return [(workspace.template(job.kind), job.context, job.name) for job in jobs] * 2


def test_parallel_bytes_equal_serial_bytes(items: list[Item]) -> None:
    with marking.collecting() as serial_marks:
        serial = render_all(Templates(), items, workers=1)
    seen: list[int] = []
    with marking.collecting() as parallel_marks:
        parallel = render_all(Templates(), items, workers=2, done=seen.append)
    assert parallel == serial
    assert seen == list(range(len(items)))
    assert parallel_marks == serial_marks and serial_marks  # the reference prints exemples


def test_the_first_error_in_order_is_raised(items: list[Item]) -> None:
    broken = list(items)
    for index in (len(items) - 3, 7):  # a later one fails too, in another worker
        template, _, name = broken[index]
        broken[index] = (template, {}, f"{name}-sans-donnees")
    with pytest.raises(TemplateError) as serial:
        render_all(Templates(), broken, workers=1)
    with pytest.raises(TemplateError) as parallel:
        render_all(Templates(), broken, workers=2)
    assert str(parallel.value) == str(serial.value)
    assert str(serial.value).startswith(f"{items[7][2]}-sans-donnees ")


def test_small_runs_stay_serial() -> None:
    assert workers_for(MIN_PER_WORKER - 1) == 1
    assert workers_for(1000) >= 1
