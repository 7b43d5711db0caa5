"""Robustness: random and mutated inputs never give a traceback or a half-written file, and a
build killed at any write leaves nothing that the next run does not clean.

Property-based (hypothesis), kept small enough for CI on two cores: a few dozen examples,
no per-example deadline (the machine is shared), each example a real workspace on disk.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctgdocs.cli import cli
from ctgdocs.errors import CtgdocsError
from ctgdocs.manifest import FILE_NAME as MANIFEST
from ctgdocs.outputs import STOP_VARIABLE
from ctgdocs.render import environment
from ctgdocs.yamlfile import YamlProblem, parse

from .conftest import REPO

RECORDS = {p.relative_to(REPO / "records").as_posix(): p.read_text(encoding="utf-8")
           for p in sorted((REPO / "records").rglob("*.yaml"))}
ROBUST = settings(max_examples=30, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Values staff could type, or a hostile file could hold.
NASTY_TEXT = st.sampled_from([
    "", "~", "null", "0", "-1", "1E+40", "-1E+40", "NaN", "inf", "1e-40", "12500.505",
    "99999999999999999999999999999", "2022-02-30", "31/02/2022", "0000-01-01", "9999-12-31",
    "24:61", "../../../etc/passwd", "CON", "a/b", "x" * 300, "{{ 7*7 }}", "{% include 'x' %}",
    "Familles Rurales & Co <b>", "é" * 50, "\t", "'", '"', ": ", "- ", "[", "{", "*a", "&a",
    "!!python/object:os.system", "\u202e", "\x00", "oui", "non", "Mme", "M.", "22_112",
])
SCALAR = st.one_of(NASTY_TEXT, st.text(max_size=40), st.integers(-10**30, 10**30),
                   st.booleans(), st.none(), st.lists(NASTY_TEXT, max_size=3),
                   st.dictionaries(NASTY_TEXT, NASTY_TEXT, max_size=2))


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


@st.composite
def mutated_records(draw: st.DrawFn) -> dict[str, bytes]:
    """The reference records with one file changed: a value replaced or removed, a key added,
    or the text cut, duplicated or sprinkled with bytes."""
    name = draw(st.sampled_from(sorted(RECORDS)))
    text = RECORDS[name]
    kind = draw(st.sampled_from(["value", "value", "value", "delete", "add", "bytes", "cut",
                                 "double"]))
    if kind in ("value", "delete", "add"):
        data = yaml.load(text, Loader=yaml.BaseLoader)  # every scalar stays text
        paths = [p for p in _paths(data) if p and (kind != "value" or not isinstance(
            _at(data, p), dict | list))]  # a value: a scalar, so the record may stay valid
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        if kind == "value":
            parent[path[-1]] = draw(SCALAR)
        elif kind == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(NASTY_TEXT)] = draw(SCALAR)
        else:
            parent.append(draw(SCALAR))
        raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    else:
        raw = text.encode("utf-8")
        at = draw(st.integers(0, len(raw)))
        if kind == "bytes":
            raw = raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
        elif kind == "cut":
            raw = raw[:at]
        else:
            raw = raw[:at] + raw
    return {**{n: t.encode("utf-8") for n, t in RECORDS.items()}, name: raw}


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@contextmanager
def workspace_with(records: dict[str, bytes]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="ctgdocs-robuste-") as tmp:
        root = Path(tmp) / "ws"
        shutil.copytree(REPO / "templates", root / "templates")
        for name, raw in records.items():
            path = root / "records" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)
        yield root


def invoke(root: Path, *args: str) -> tuple[int, str]:
    """Run the CLI in process; a traceback (any exception escaping) fails the test."""
    result = CliRunner().invoke(cli, ["--root", str(root), "--date", "2026-11-28", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args}: exception {result.exception!r}\n{result.output}") \
            from result.exception
    assert result.exit_code in (0, 1), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert "Erreur" in result.output or ": " in result.output, result.output
    return result.exit_code, result.output


def assert_complete_or_absent(out: Path, succeeded: bool) -> None:
    files = sorted(p for p in out.iterdir() if p.name != MANIFEST) if out.exists() else []
    assert not [f for f in files if f.name.startswith(".")], files
    if not succeeded:
        assert files == [], files
    for path in files:
        with zipfile.ZipFile(path) as archive:  # a whole .docx
            assert archive.testzip() is None


@ROBUST
@given(mutated_records())
def test_check_never_crashes(records: dict[str, bytes]) -> None:
    with workspace_with(records) as root:
        invoke(root, "check")
        invoke(root, "check", "--json")


GENERATING = [("annexe2",), ("convention", "--all"), ("deliberation", "22_112"),
              ("deliberation", "22_113", "--draft"), ("seance", "liste", "2022-06-29"),
              ("seance", "pv", "2022-06-29"), ("plan-action",), ("templates", "check")]


@settings(ROBUST, max_examples=30)
@given(mutated_records(), st.sampled_from(GENERATING))
def test_generating_commands_succeed_or_explain(records: dict[str, bytes],
                                               command: tuple[str, ...]) -> None:
    with workspace_with(records) as root:
        out = root / "sortie"
        extra = () if command[0] == "templates" else ("--no-pdf", "--out", str(out))
        code, _ = invoke(root, *command, *extra)
        assert_complete_or_absent(out, code == 0)


@settings(ROBUST, max_examples=200)
@given(st.one_of(st.binary(max_size=300),
                 st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@ \n\t~?,.0é")),
                         max_size=200).map(str.encode)))
def test_yaml_parser_only_says_yes_or_explains(raw: bytes) -> None:
    try:
        parse(raw, "f.yaml")
    except YamlProblem as problem:
        assert problem.finding.message


LEAVES = st.sampled_from(["9", "99", "2", "'ab'", "[1, 2]", "10**3", "'x' * 50", "range(50)",
                          "1.5", "(3 - 3)"])


def _expression(leaf: str, ops: list[tuple[str, str]]) -> str:
    text = leaf
    for op, other in ops:
        text = f"({text} {op} {other})"
    return text


@settings(ROBUST, max_examples=150)
@given(LEAVES, st.lists(st.tuples(st.sampled_from(["*", "**", "+", "~", "%", "//"]), LEAVES),
                        max_size=6))
def test_template_arithmetic_is_bounded(leaf: str, ops: list[tuple[str, str]]) -> None:
    text = "{{ " + _expression(leaf, ops) + " }}"
    started = time.perf_counter()
    try:
        out = environment().from_string(text).render()
    except Exception:  # every failure becomes a French message in render_docx
        out = ""
    assert time.perf_counter() - started < 2, text
    assert len(out) <= 20_000_000


# ---------------------------------------------------------------- fault injection


def _build(root: Path, out: Path, stop_at: int | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != STOP_VARIABLE}
    if stop_at is not None:
        env[STOP_VARIABLE] = str(stop_at)
    code = "import sys; from ctgdocs.cli import main; sys.argv[0] = 'ctgdocs'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "--root", str(root), "--date", "2026-11-28", "build",
         "--no-pdf", "--out", str(out)], env=env, capture_output=True, text=True, timeout=600)


def test_a_build_killed_at_any_write_is_repaired_by_the_next(workspace: Path,
                                                             tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    assert _build(workspace, reference, None).returncode == 0
    expected = {p.name: p.read_bytes() for p in reference.iterdir() if p.name != MANIFEST}
    assert len(expected) > 10
    out = tmp_path / "out"
    for stop_at in (len(expected) // 2, len(expected)):
        killed = _build(workspace, out, stop_at)
        assert killed.returncode == 86, killed.stderr
        leftovers = [p for p in out.iterdir() if p.name.startswith(".") and p.name != MANIFEST]
        assert len(leftovers) == 1 and leftovers[0].name.endswith(".tmp")
        for path in out.iterdir():  # what is there under its final name is whole
            if not path.name.startswith("."):  # (the manifest: a document it is not)
                assert path.read_bytes() == expected[path.name]
        rerun = _build(workspace, out, None)
        assert rerun.returncode == 0, rerun.stderr
        assert {p.name: p.read_bytes() for p in out.iterdir() if p.name != MANIFEST} == expected
        shutil.rmtree(out)


def test_outputs_get_the_users_normal_permissions(workspace: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(cli, ["--root", str(workspace), "--date", "2026-11-28",
                                          "annexe2", "--no-pdf", "--out",
                                          str(tmp_path / "a" / "b")])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a" / "b").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "a" / "b" / "annexe2.docx").stat().st_mode & 0o777 == 0o644


def test_leftovers_of_live_processes_are_kept(tmp_path: Path) -> None:
    from ctgdocs.outputs import clean_leftovers, staging_dir

    mine = tmp_path / f".annexe2.docx.{os.getpid()}.tmp"
    mine.write_bytes(b"")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    theirs = tmp_path / f".annexe2.docx.{dead.stdout.strip()}.tmp"
    theirs.write_bytes(b"")
    folder = staging_dir(tmp_path, "pack-22_112")
    assert folder.stat().st_mode & 0o777 == 0o777 & ~_umask()
    assert clean_leftovers(tmp_path) == [theirs]
    assert mine.exists() and folder.exists()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_errors_are_ctgdocs_errors() -> None:
    """The error contract the suite relies on: user mistakes are CtgdocsError."""
    assert issubclass(YamlProblem, Exception) and issubclass(CtgdocsError, Exception)
    with pytest.raises(YamlProblem):
        parse(b"a: [", "f.yaml")
