"""What a PDF shows, measured by poppler's pdftotext (independent of ctgdocs's own
measure): each word with its box, in the page as displayed (rotation applied, origin at the
top-left of the visible box)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                  r'yMax="([-\d.]+)">([^<]*)</word>')


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    def overlaps(self, other: Word) -> bool:
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) > (self.y1 - self.y0)


@pytest.fixture
def pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) est requis en CI")
        pytest.skip("pdftotext absent")
    return found


def page_words(data: bytes) -> list[list[Word]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                             text=True, check=True).stdout
    pages = out.split("<page ")[1:]
    return [[Word(float(a), float(b), float(c), float(d), t.replace("&apos;", "'"))
             for a, b, c, d, t in WORD.findall(page)] for page in pages]


def added_words(before: bytes, after: bytes) -> list[tuple[list[Word], list[Word]]]:
    """Per page: (the words ``after`` adds, the words that were already there)."""
    result = []
    for old, new in zip(page_words(before), page_words(after), strict=True):
        known = {(round(w.x0), round(w.y0), w.text) for w in old}
        result.append(([w for w in new if (round(w.x0), round(w.y0), w.text) not in known],
                       old))
    return result


def overlapping(before: bytes, after: bytes) -> list[str]:
    """Each added word that covers a word of the page, described."""
    found = []
    for index, (added, existing) in enumerate(added_words(before, after), 1):
        for word in added:
            for other in existing:
                if word.overlaps(other):
                    found.append(f"page {index} : « {word.text} » couvre « {other.text} »")
    return found
