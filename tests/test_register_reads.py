"""Reading the register: each entry parsed once per command, each object hashed once, and
an entry changed on disk between two reads still seen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ctgdocs.register import Register
from ctgdocs.register import store as store_module
from ctgdocs.register.store import Store
from ctgdocs.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def register_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "conventions", tmp_path / "conventions")
    return tmp_path / "conventions"


def counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The journal files read from now on (their paths)."""
    reads: list[str] = []
    original = store_module._read

    def counting(path: str) -> tuple[tuple[int, int, int], bytes]:
        reads.append(path)
        return original(path)

    monkeypatch.setattr(store_module, "_read", counting)
    return reads


def test_a_second_read_parses_nothing_again(register_copy: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(register_copy)
    first = store.entries()
    reads = counting_reads(monkeypatch)
    again = store.entries()
    assert [e.raw for e in again] == [e.raw for e in first]
    assert reads == []


def test_each_entry_is_read_once_by_a_command(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """verify (with its head and --depuis), history and the foreign-file warnings: one read of
    each entry, and the head printed is the one verified."""
    shutil.copytree(ROOT / "conventions", tmp_path / "conventions")
    shutil.copytree(ROOT / "records", tmp_path / "records")
    count = len(list((tmp_path / "conventions" / "journal").glob("*.json")))
    reads = counting_reads(monkeypatch)
    register = Register(Workspace(tmp_path))
    assert register.store.warnings() == []
    assert reads == []
    checked = register.verification()
    assert checked.problems == [] and len(reads) == count
    assert checked.head == register.head() and checked.head is not None
    anchor, _ = register.extends(checked.entries[3].digest[:16], checked.entries)
    assert anchor == checked.entries[3]
    assert len(reads) == count  # register.head() and extends read nothing again


def test_verification_gives_no_head_for_a_damaged_journal(register_copy: Path) -> None:
    entry = register_copy / "journal" / "000005.json"
    entry.write_bytes(entry.read_bytes().replace(b'"version": 1', b'"version": 2', 1))
    (register_copy.parent / "records").mkdir()
    checked = Register(Workspace(register_copy.parent)).verification()
    assert checked.head is None
    assert any(p.startswith("journal/000006.json : ne suit pas") for p in checked.problems)


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
