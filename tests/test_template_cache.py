"""Prepared templates kept between builds (templatecache.py): the same documents, and a cache
that is only ever read from a folder the user alone may write to."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from ctgdocs import documents, render, templatecache
from ctgdocs.check import checked_records
from ctgdocs.limits import DEFAULT
from ctgdocs.workspace import Workspace

from .conftest import REPO

TEMPLATE = REPO / "templates" / "convention.docx"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CTGDOCS_CACHE", str(folder))
    return folder


def _contexts() -> list[dict[str, object]]:
    records = checked_records(Workspace(REPO))
    return [job.context for job in documents.all_jobs(records, dt.date(2026, 11, 28))
            if job.kind == "convention"][:3]


def _files(cache: Path) -> list[Path]:
    return sorted((cache / "modeles").glob("*.modele"))


def test_a_kept_preparation_renders_the_same_bytes(cache: Path) -> None:
    data = TEMPLATE.read_bytes()
    fresh = render.prepare(data, "convention.docx")
    first = render.prepare(data, "convention.docx", kept=True)  # prepared, then kept
    assert len(_files(cache)) == 1
    again = render.prepare(data, "convention.docx", kept=True)  # read back
    contexts = _contexts()
    assert contexts
    for context in contexts:
        expected = fresh.render(context)
        assert first.render(context) == expected
        assert again.render(context) == expected


def test_the_key_follows_the_template_and_the_limits() -> None:
    data = TEMPLATE.read_bytes()
    key = templatecache.key(data, DEFAULT)
    assert key == templatecache.key(data, DEFAULT)
    assert key != templatecache.key(data + b"\0", DEFAULT)
    assert key != templatecache.key(data, DEFAULT.model_copy(update={"rendu_secondes": 7}))


def test_a_damaged_file_is_ignored_and_written_again(cache: Path) -> None:
    data = TEMPLATE.read_bytes()
    render.prepare(data, "convention.docx", kept=True)
    [kept] = _files(cache)
    kept.write_bytes(b"\x00 not marshal")
    assert templatecache.load(kept.stem) is None
    prepared = render.prepare(data, "convention.docx", kept=True)
    assert templatecache.load(kept.stem) is not None
    assert prepared.render(_contexts()[0]) == render.prepare(data, "x").render(_contexts()[0])


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_to_is_neither_read_nor_written(cache: Path) -> None:
    data = TEMPLATE.read_bytes()
    render.prepare(data, "convention.docx", kept=True)
    [kept] = _files(cache)
    folder = cache / "modeles"
    folder.chmod(0o777)
    assert templatecache.load(kept.stem) is None
    kept.unlink()
    render.prepare(data, "convention.docx", kept=True)
    assert _files(cache) == []
    folder.chmod(0o700)
    render.prepare(data, "convention.docx", kept=True)
    [kept] = _files(cache)
    kept.chmod(0o666)  # a file others may rewrite is not trusted either
    assert templatecache.load(kept.stem) is None


def test_nothing_is_kept_when_the_cache_is_off(cache: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTGDOCS_CACHE", templatecache.OFF)
    render.prepare(TEMPLATE.read_bytes(), "convention.docx", kept=True)
    assert not cache.exists()


def test_old_files_are_removed_beyond_the_limit(cache: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templatecache, "KEEP", 2)
    data = TEMPLATE.read_bytes()
    keys = []
    for seconds in (5, 6, 7):
        limits = DEFAULT.model_copy(update={"rendu_secondes": seconds})
        render.prepare(data, "convention.docx", limits, kept=True)
        keys.append(templatecache.key(data, limits))
        # distinct times, oldest first, whatever the file system's clock resolution
        os.utime(cache / "modeles" / f"{keys[-1]}.modele", (seconds, seconds))
    assert {path.stem for path in _files(cache)} == set(keys[1:])
