"""Reading the register: each entry parsed once per command, each object hashed once, and
an entry changed on disk between two reads still seen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ctgdocs.register import Register
from ctgdocs.register.store import Store
from ctgdocs.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def register_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "conventions", tmp_path / "conventions")
    return tmp_path / "conventions"


def test_a_second_read_parses_nothing_again(register_copy: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(register_copy)
    first = store.entries()
    reads: list[Path] = []
    original = Path.read_bytes

    def counting(path: Path) -> bytes:
        reads.append(path)
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    again = store.entries()
    assert [e.raw for e in again] == [e.raw for e in first]
    assert [p for p in reads if p.parent.name == "journal"] == []


def test_an_entry_changed_between_two_reads_is_seen(register_copy: Path) -> None:
    store = Store(register_copy)
    assert store.scan().problems == []
    entry = register_copy / "journal" / "000005.json"
    text = entry.read_text(encoding="utf-8")
    assert '"version": 1' in text
    entry.write_text(text.replace('"version": 1', '"version": 2', 1), encoding="utf-8")
    problems = store.scan().problems
    assert any(p.startswith("journal/000006.json : ne suit pas") for p in problems)


def test_verify_hashes_each_object_once(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "conventions", tmp_path / "conventions")
    shutil.copytree(ROOT / "records", tmp_path / "records")
    register = Register(Workspace(tmp_path))
    digests = [e.get(key) for e in register.store.entries()
               for key in ("fiches", "modele", "docx", "pdf") if e.get(key)]
    assert len(set(digests)) < len(digests)  # the reference entries share objects
    fetched: list[str] = []
    original = Store.get

    def counting(self: Store, digest: str) -> bytes:
        fetched.append(digest)
        return original(self, digest)

    monkeypatch.setattr(Store, "get", counting)
    assert register.verify() == []
    assert sorted(fetched) == sorted(set(digests))
