"""Shared fixtures: copies of the reference workspace, a second made-up territory, doc text."""

from __future__ import annotations

import functools
import os
import shutil
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from ctgdocs.cli import cli
from ctgdocs.marking import SHADING
from ctgdocs.pdf import find_soffice

REPO = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output")


@pytest.fixture(scope="session", autouse=True)
def template_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The prepared-template cache of the session (templatecache.py): never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["CTGDOCS_CACHE"] = str(folder)
    return folder


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own (usercache.py), empty."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CTGDOCS_CACHE", str(folder))
    return folder


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A writable copy of the reference workspace."""
    root = tmp_path / "ws"
    shutil.copytree(REPO / "records", root / "records")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def demonstration(root: Path) -> Path:
    """Declare ``root`` a demonstration workspace, as the reference workspace is (its
    ctgdocs.toml): illustrative values may then be approved and signed, marked EXEMPLE."""
    shutil.copy(REPO / "ctgdocs.toml", root / "ctgdocs.toml")
    return root


@pytest.fixture
def soffice() -> str:
    """LibreOffice, required in CI (a missing one fails), skipped elsewhere."""
    found = find_soffice()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice est requis en CI (CI=true) : installez-le")
        pytest.skip("LibreOffice absent")
    return found


Run = Callable[..., Result]


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every .docx that `build` makes for the reference workspace and the second territory."""
    from .second_territory import make

    tmp = tmp_path_factory.mktemp("generated")
    documents = []
    for root, out in ((REPO, tmp / "reference"), (make(tmp / "second"), tmp / "second-out")):
        result = CliRunner().invoke(cli, ["--root", str(root), "--date", "2026-11-28", "build",
                                          "--no-pdf", "--out", str(out)])
        assert result.exit_code == 0, result.output
        documents += sorted(out.glob("*.docx"))
    return documents


@pytest.fixture
def run(workspace: Path) -> Run:
    """Run the CLI on the workspace copy, with a fixed date."""
    def invoke(*args: str, root: Path | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, ["--root", str(root or workspace), "--date", "2026-11-28",
                                   *args], catch_exceptions=False)
    return invoke


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


MARK_OPEN, MARK_CLOSE = "⟦", "⟧"  # around illustrative (highlighted) text, when asked


def docx_paragraphs(path: Path, marks: bool = False) -> list[str]:
    """Text of a .docx as a reader sees it: body paragraphs (table cells joined with " | " per
    row), then headers and footers; with ``marks``, highlighted illustrative text in ⟦ ⟧."""
    with zipfile.ZipFile(path) as archive:
        parts = sorted(n for n in archive.namelist()
                       if n.startswith(("word/header", "word/footer")) and n.endswith(".xml"))
        names = ["word/document.xml", *parts]
        lines: list[str] = []
        for name in names:
            body = etree.fromstring(archive.read(name))
            container = body.find(f"{W}body")
            lines += _block_text(container if container is not None else body)
    if not marks:
        lines = [line.replace(MARK_OPEN, "").replace(MARK_CLOSE, "") for line in lines]
    return lines


def _block_text(element: etree._Element) -> list[str]:
    lines = []
    for child in element:
        if child.tag == f"{W}p":
            text = _paragraph_text(child)
            if text:
                lines.append(text)
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                cells = [" / ".join(_block_text(cell)) for cell in row.iter(f"{W}tc")]
                lines.append(" | ".join(cells))
        elif child.tag == f"{W}sdt":
            lines += _block_text(child.find(f"{W}sdtContent"))
    return lines


def _paragraph_text(paragraph: etree._Element) -> str:
    parts = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}instrText"):
        if node.tag == f"{W}t":
            marked = node.getparent().find(f"{W}rPr/{W}shd[@{W}fill='{SHADING}']") is not None
            text = node.text or ""
            parts.append(f"{MARK_OPEN}{text}{MARK_CLOSE}" if marked and text else text)
        elif node.tag == f"{W}instrText":
            parts.append("{" + (node.text or "").strip() + "}")
        else:
            parts.append(" ")
    return "".join(parts).replace(MARK_CLOSE + MARK_OPEN, "").strip()


def docx_text(path: Path, marks: bool = False) -> str:
    return "\n".join(docx_paragraphs(path, marks))


@functools.cache
def reference_findings() -> frozenset[str]:
    """What `check` says of the reference workspace as it stands: warnings about its voted
    acts, reproduced as voted with their errors (Votants : 12, « Marlène MACHON »…)."""
    result = CliRunner().invoke(cli, ["--root", str(REPO), "check"], catch_exceptions=False)
    return frozenset(result.stdout.splitlines())


def new_findings(result: Result) -> str:
    """The lines of a `check` beyond those of the reference workspace."""
    lines = [line for line in result.stdout.splitlines() if line not in reference_findings()]
    return "".join(f"{line}\n" for line in lines)


SKIPPED_NOTE = ("fiche en erreur : les vérifications croisées qui en dépendent sont sautées "
                "jusqu'à sa correction")


def load_findings(result: Result) -> str:
    """The problems of a `check` beyond the reference's, without the notes that say which
    broken records the cross-record rules skipped."""
    return "".join(f"{line}\n" for line in new_findings(result).splitlines()
                   if SKIPPED_NOTE not in line)
