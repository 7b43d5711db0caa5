"""The user's cache folder (usercache.py): files kept whole, the ones used longest ago
removed beyond a number of files or of bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ctgdocs import usercache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CTGDOCS_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "essai"


def _write(cache: Path, name: str, size: int, when: int, keep: int = 10,
           budget: int = 1000) -> None:
    usercache.write("essai", name, b"x" * size, keep, budget)
    os.utime(cache / name, (when, when))  # distinct times whatever the clock's resolution


def test_the_files_used_longest_ago_go_beyond_the_budget(cache: Path) -> None:
    _write(cache, "a.bin", 400, 1)
    _write(cache, "b.bin", 400, 2)
    assert usercache.read("essai", "a.bin") == b"x" * 400  # used now: a is the newest
    _write(cache, "c.bin", 400, 3, budget=1000)  # b, then used longest ago, goes
    assert sorted(p.name for p in cache.iterdir()) == ["a.bin", "c.bin"]
    usercache.write("essai", "d.bin", b"x" * 2000, 10, 1000)  # too big: kept alone
    assert sorted(p.name for p in cache.iterdir()) == ["d.bin"]


def test_beyond_the_number_of_files(cache: Path) -> None:
    for when, name in enumerate(("a.bin", "b.bin", "c.bin"), 1):
        _write(cache, name, 10, when, keep=2)
    assert sorted(p.name for p in cache.iterdir()) == ["b.bin", "c.bin"]
    assert usercache.read("essai", "a.bin") is None
