"""The repository pins its dependencies (issue 10 §7): requirements.lock holds every
dependency of ctgdocs and of its test tools, at the version installed, with the SHA-256 of
its published files; scripts/setup.sh installs it with --require-hashes."""

from __future__ import annotations

import sys

from .conftest import REPO

sys.path.insert(0, str(REPO / "tools"))

from lockcheck import pins, problems


def test_every_dependency_is_pinned_with_its_hashes() -> None:
    found = problems(("test",))
    assert found == [], ("requirements.lock est à régénérer (scripts/lock.sh) :\n"
                         + "\n".join(found))


def test_the_check_sees_what_is_missing() -> None:
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    assert problems(("test",), lock.replace("--hash=sha256:", "--hash=md5:")) != []
    without_pypdf = "\n".join(line for line in lock.splitlines()
                              if not line.startswith("pypdf=="))
    assert [p for p in problems((), without_pypdf) if p.startswith("pypdf ")] == [
        "pypdf 7.1.1 : absent de requirements.lock"]
    assert pins("click==8.5.1 \\\n    --hash=sha256:ab \\\n    --hash=sha256:cd\n") == {
        "click": ("8.5.1", 2)}


def test_windows_only_dependencies_carry_their_marker() -> None:
    """colorama only serves on Windows; tzdata is needed everywhere (python-dateutil 4
    requires it), so a fresh Linux install with --require-hashes finds it pinned."""
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    lines = lock.splitlines()
    [colorama] = [line for line in lines if line.startswith("colorama==")]
    assert '; sys_platform == "win32"' in colorama
    [tzdata] = [line for line in lines if line.startswith("tzdata==")]
    assert "sys_platform" not in tzdata


def test_setup_installs_with_hashes() -> None:
    setup = (REPO / "scripts/setup.sh").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r requirements.lock" in setup
    assert "pip install --quiet --no-deps --no-build-isolation -e ." in setup
