"""The generated Annexe 2 holds every service of the seed's, in the same place."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from .conftest import Run, docx_paragraphs
from .seed_annexe2 import SEED

HEADER = "TYPE DE STRUCTURE | NOM ET ADRESSE DE LA STRUCTURE"
RUBRIQUES = {"EAJE", "LAEP", "RPE", "ALSH"}
STOPWORDS = {"commune", "communes", "communaute", "de", "d", "des", "du", "les", "le", "la",
             "l", "et"}


def norm(text: str) -> str:
    """Compare like a reader: no case, accents, punctuation, "St" abbreviations, or the space
    in "38 380"."""
    text = unicodedata.normalize("NFD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\b(\d\d) (\d\d\d)\b", r"\1\2", text)
    text = re.sub(r"[^\w]+", " ", text)
    text = re.sub(r"\bst\b", "saint", text)
    return " ".join(text.split())


def words(text: str) -> str:
    return " ".join(w for w in norm(text).split() if w not in STOPWORDS)


def sections(lines: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    """{collectivité: [(rubrique, left cell, right cell)]} read back from the document."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    current: list[tuple[str, str, str]] = []
    rubrique = ""
    for previous, line in zip(["", *lines], lines, strict=False):
        if line == HEADER:
            current = found.setdefault(words(previous), [])
        elif line in RUBRIQUES:
            rubrique = line
        elif " | " in line and current is not None:
            left, right = line.split(" | ", 1)
            current.append((rubrique, norm(left), norm(right)))
    return found


def test_every_seed_service_is_in_place(run: Run, tmp_path: Path) -> None:
    result = run("annexe2", "--no-pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    found = sections(docx_paragraphs(tmp_path / "annexe2.docx"))
    assert set(found) == {words(entry[0]) for entry in SEED}

    for collectivite, rubrique, label, days, texts in SEED:
        rows = found[words(collectivite)]
        matches = [
            (left, right) for r, left, right in rows
            if r == rubrique and left.startswith(norm(label))
            and all(norm(d) in left for d in days) and all(norm(t) in right for t in texts)
        ]
        assert matches, f"absent de l'Annexe 2 : {collectivite} / {rubrique} / {label} {texts}"

    seed_counts = Counter((words(c), r) for c, r, *_ in SEED)
    doc_counts = Counter((name, r) for name, rows in found.items() for r, _, _ in rows)
    assert doc_counts == seed_counts


def test_order_is_the_order_voted(run: Run, tmp_path: Path) -> None:
    """Collectivités, headings and services in the order of the reference document (SEED is
    typed from it, in its order), not alphabetical."""
    result = run("annexe2", "--no-pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    found = sections(docx_paragraphs(tmp_path / "annexe2.docx"))
    assert list(found) == list(dict.fromkeys(words(entry[0]) for entry in SEED))
    for name, rows in found.items():
        expected = [e for e in SEED if words(e[0]) == name]
        positions = []
        for _, rubrique, label, days, texts in expected:
            positions.append(next(
                i for i, (r, left, right) in enumerate(rows)
                if r == rubrique and left.startswith(norm(label))
                and all(norm(d) in left for d in days) and all(norm(t) in right for t in texts)
                and i not in positions))
        assert positions == sorted(positions), name
