"""Illustrative values (``exemple:``) are printed highlighted, never as fact."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from ctgdocs import fr, marking
from ctgdocs.records import Records, load
from ctgdocs.workspace import Workspace

from . import second_territory
from .conftest import MARK_CLOSE, MARK_OPEN, REPO, docx_text


def leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from leaves(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def record_leaves(records: Records) -> Iterator[Any]:
    for group in (records.communes, records.gestionnaires, records.conventions, records.elus,
                  records.seances, records.deliberations):
        yield from leaves(group)
    yield from leaves(records.territoire)
    if records.plan:
        yield from leaves(records.plan)


def printed_forms(value: Any) -> set[str]:
    """How a value may appear in a document."""
    if isinstance(value, str):
        forms = {value}
        if re.fullmatch(r"\d{14}", value):
            forms.add(fr.siret_fr(value))
        return forms
    if isinstance(value, Decimal) and value >= 1000:
        return {fr.amount_fr(value)}
    return set()


def distinctive_illustrative_texts(records: Records) -> set[str]:
    """Printed forms of illustrative values that no verified value shares."""
    marked: set[str] = set()
    facts: set[str] = set()
    for value in record_leaves(records):
        (marked if marking.is_marked(value) else facts).update(printed_forms(value))
    return {text for text in marked - facts
            if len(text) >= 6 and not any(text in fact for fact in facts)}


def unmarked_text(path: Path) -> str:
    text = docx_text(path, marks=True)
    return re.sub(f"{MARK_OPEN}[^{MARK_CLOSE}]*{MARK_CLOSE}", "", text)


def build(root: Path, out: Path, run: Any) -> list[Path]:
    result = run("build", "--no-pdf", "--out", str(out), root=root)
    assert result.exit_code == 0, result.output
    return sorted(out.glob("*.docx"))


def test_reference_documents_print_no_illustrative_value_unmarked(
        tmp_path: Path, run: Any) -> None:
    records, _ = load(Workspace(REPO))
    assert records is not None
    illustrative = distinctive_illustrative_texts(records)
    assert "Hélène GARNIER" in illustrative or any("GARNIER" in t for t in illustrative)
    for path in build(REPO, tmp_path, run):
        leftover = unmarked_text(path)
        printed = sorted(t for t in illustrative if t in leftover)
        assert not printed, f"{path.name} imprime sans marque : {printed}"


def test_verified_records_give_documents_without_mark(tmp_path: Path, run: Any) -> None:
    root = second_territory.make(tmp_path / "second")
    for path in build(root, tmp_path / "out", run):
        text = docx_text(path, marks=True)
        assert MARK_OPEN not in text, path.name
        assert marking.NOTICE not in text, path.name


@pytest.mark.parametrize("field, shown", [("siret", "SIRET")])
def test_a_field_declared_illustrative_becomes_marked(tmp_path: Path, run: Any,
                                                      field: str, shown: str) -> None:
    root = second_territory.make(tmp_path / "second")
    records, _ = load(Workspace(root))
    assert records is not None
    gestionnaire = next(g for g in records.gestionnaires if g.siret)
    path = root / "records" / "gestionnaires" / f"{gestionnaire.id}.yaml"
    path.write_text(f"exemple: [{field}]\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    build(root, out, run)
    siret = fr.siret_fr(gestionnaire.siret)
    texts = [docx_text(p, marks=True) for p in out.glob("convention-*.docx")]
    assert any(f"{shown} {MARK_OPEN}{siret}{MARK_CLOSE}" in t for t in texts)
    assert all(f"{shown} {siret}" not in t for t in texts)
    assert any(t.startswith(f"{MARK_OPEN}{marking.NOTICE}{MARK_CLOSE}") for t in texts)


def _shaded_runs(paragraph_xml: str) -> list[tuple[str, bool, bool]]:
    """(text, shaded, bold) of each run once the marked text is shaded."""
    from lxml import etree

    w = marking.W
    body = etree.fromstring(f'<w:body xmlns:w="{w}"><w:p>{paragraph_xml}</w:p></w:body>')
    assert marking.shade_marked_runs(body)
    return [("".join(run.itertext()), run.find(f"{{{w}}}rPr/{{{w}}}shd") is not None,
             run.find(f"{{{w}}}rPr/{{{w}}}b") is not None)
            for run in body.iter(f"{{{w}}}r")]


def test_marked_text_is_shaded_in_its_run_and_across_runs() -> None:
    o, c = marking.OPEN, marking.CLOSE
    bold = "<w:rPr><w:b/></w:rPr>"
    assert _shaded_runs(f"<w:r>{bold}<w:t>Montant : {o}9 500 €{c} en 2023</w:t></w:r>") == [
        ("Montant : ", False, True), ("9 500 €", True, True), (" en 2023", False, True)]
    assert _shaded_runs(
        f"<w:r><w:t>Siège : {o}12 rue</w:t></w:r><w:r>{bold}<w:t> des Écoles</w:t></w:r>"
        f"<w:r><w:t>, 38380{c} Saint-Laurent</w:t></w:r><w:r><w:t> (Isère)</w:t></w:r>") == [
        ("Siège : ", False, False), ("12 rue", True, False), (" des Écoles", True, True),
        (", 38380", True, False), (" Saint-Laurent", False, False), (" (Isère)", False, False)]
