"""Loaded records kept between commands (recordscache.py): the same records as a fresh
load, with their marks and where each model was read; taken back only for the same bytes."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from ctgdocs import documents, marking, recordscache
from ctgdocs.fingerprint import fingerprint
from ctgdocs.records import DiskSource, Records, load_from
from ctgdocs.workspace import Workspace

from .conftest import REPO

DATE = dt.date(2026, 11, 28)


def _kept(user_cache: Path) -> list[Path]:
    return sorted((user_cache / recordscache.KIND).glob("*.fiches"))


def _load(root: Path) -> Records:
    records, findings = recordscache.load(DiskSource(Workspace(root)), partial=True)
    assert records is not None, findings
    return records


def _fingerprints(records: Records) -> dict[str, str]:
    """Each document's context digest: values, types, marks and the files they came from."""
    return {job.name: fingerprint(job.context, records).digest
            for job in documents.all_jobs(records, DATE)}


def test_kept_records_are_the_records_loaded(user_cache: Path) -> None:
    fresh, fresh_findings = load_from(DiskSource(Workspace(REPO)), partial=True)
    assert fresh is not None
    first = _load(REPO)  # loaded, then kept
    assert len(_kept(user_cache)) == 1
    again = _load(REPO)  # read back
    assert again is not first
    assert again.data == fresh.data
    assert _fingerprints(again) == _fingerprints(fresh) == _fingerprints(first)
    assert recordscache.load(DiskSource(Workspace(REPO)), partial=True)[1] == fresh_findings
    # every model still says where it was read, in another process as in this one
    for kept, made in zip(again.conventions, fresh.conventions, strict=True):
        assert again.finding(kept, "montants", "x") == fresh.finding(made, "montants", "x")
        assert again.finding(kept.montants[-1], "montant", "x") == \
            fresh.finding(made.montants[-1], "montant", "x")


def test_illustrative_values_keep_their_marks() -> None:
    origins = ["records/x.yaml:3: a"]
    for value in ("texte", 7, Decimal("12.50"), dt.date(2022, 7, 1),
                  dt.time(18, 30)):
        marked = marking.mark_scalar(value, origins)
        back = pickle.loads(pickle.dumps(marked, pickle.HIGHEST_PROTOCOL))
        assert type(back) is type(marked)
        assert back == value
        assert back.origins == frozenset(origins)


def test_a_changed_file_is_loaded_anew(user_cache: Path, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(REPO / "records", root / "records")
    before = _load(root)
    path = root / "records" / "territoire.yaml"
    text = path.read_text(encoding="utf-8")
    old = before.territoire.epci.nom
    path.write_text(text.replace(old, "Communauté de communes du Val Imaginaire", 1),
                    encoding="utf-8")
    assert _load(root).territoire.epci.nom == "Communauté de communes du Val Imaginaire"
    path.write_text(text, encoding="utf-8")
    assert _load(root).territoire.epci.nom == old  # the first load, taken back
    assert len(_kept(user_cache)) == 2


def test_a_damaged_file_is_ignored_and_written_again(user_cache: Path) -> None:
    expected = _fingerprints(_load(REPO))
    [kept] = _kept(user_cache)
    kept.write_bytes(b"\x80\x05 not a pickle")
    assert _fingerprints(_load(REPO)) == expected
    assert pickle.loads(kept.read_bytes())[0] is not None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_file_others_may_write_to_is_not_read(user_cache: Path) -> None:
    _load(REPO)
    [kept] = _kept(user_cache)
    kept.chmod(0o666)
    forged = pickle.dumps((None, []))
    kept.write_bytes(forged)
    records, _ = recordscache.load(DiskSource(Workspace(REPO)), partial=True)
    assert records is not None  # loaded from the files, not from the forged one


def test_nothing_is_kept_when_the_cache_is_off(user_cache: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTGDOCS_CACHE", "aucun")
    _load(REPO)
    assert not user_cache.exists()
