"""Does requirements.lock pin, with hashes, every dependency of the installed ctgdocs?

    python tools/lockcheck.py [test]

Walks the requirements of ctgdocs (with its ``test`` extra when asked) and of each of their
dependencies, for this platform, and prints those that the lock does not pin with ``==`` and
at least one SHA-256, or that the environment does not satisfy; exit code 1 if any.
scripts/setup.sh runs it after installing from the lock; tests/test_lockfile.py too.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(text: str) -> dict[str, tuple[str, int]]:
    """name → (version, number of sha256 hashes) for every requirement of a lock file."""
    found: dict[str, tuple[str, int]] = {}
    current = ""
    for line in text.splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match[1])
            found[current] = (match[2], 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = found[current]
            found[current] = (version, hashes + 1)
    return found


def problems(extras: tuple[str, ...] = (), lock: str | None = None) -> list[str]:
    """What the lock misses for ctgdocs (and ``extras``) as installed here, in French."""
    pinned = pins(lock if lock is not None else LOCK.read_text(encoding="utf-8"))
    wanted = [(Requirement(r), extras) for r in metadata.requires("ctgdocs") or []]
    seen: set[str] = set()
    found: list[str] = []
    while wanted:
        requirement, active = wanted.pop()
        environments = [{"extra": e} for e in active] or [{"extra": ""}]
        if requirement.marker and not any(requirement.marker.evaluate(env)
                                          for env in environments):
            continue
        name = canonicalize_name(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            found.append(f"{requirement} : non installé")
            continue
        version, hashes = pinned.get(name, ("", 0))
        if not version:
            found.append(f"{name} {installed} : absent de requirements.lock")
        elif not hashes:
            found.append(f"{name} {version} : sans empreinte dans requirements.lock")
        elif version != installed:
            found.append(f"{name} : {version} dans requirements.lock, {installed} installé")
        wanted += [(Requirement(r), tuple(requirement.extras))
                   for r in metadata.requires(name) or []]
    return sorted(found)


def main() -> int:
    found = problems(tuple(sys.argv[1:]))
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
