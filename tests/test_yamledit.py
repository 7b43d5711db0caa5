"""Record files edited in place: only what changes is touched, and the result reads back."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from ctgdocs.errors import CtgdocsError
from ctgdocs.yamledit import dump, edit, scalar
from ctgdocs.yamlfile import parse

from .conftest import REPO


def data(text: str) -> Any:
    return parse(text.encode("utf-8"), "x.yaml").data


@pytest.mark.parametrize("path", sorted((REPO / "records").rglob("*.yaml")),
                         ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_reference_record_is_left_byte_for_byte_and_dumps_back(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert edit(text, data(text), "x.yaml") == text
    assert data(dump(data(text))) == data(text)


def test_a_changed_value_touches_its_text_only() -> None:
    text = (REPO / "records/gestionnaires/cspg.yaml").read_text(encoding="utf-8")
    new = copy.deepcopy(data(text))
    new["sigle"] = "CSPG-2"
    new["representant"]["nom"] = "DURAND"
    new["services"][0]["ouverture"].append("Vendredi : soir")
    result = edit(text, new, "x.yaml")
    assert data(result) == new
    changed = [(a, b) for a, b in zip(text.splitlines(), result.splitlines(), strict=True)
               if a != b]
    assert changed == [
        ("sigle: CSPG", "sigle: CSPG-2"),
        ("representant: {civilite: Mme, prenom: Hélène, nom: GARNIER, qualite: Présidente}",
         "representant: {civilite: Mme, prenom: Hélène, nom: DURAND, qualite: Présidente}"),
        ("    ouverture: [Lundi matin, Jeudi matin]",
         '    ouverture: [Lundi matin, Jeudi matin, "Vendredi : soir"]'),
    ]


def test_items_and_keys_added_and_removed_in_the_style_of_their_neighbours() -> None:
    text = (REPO / "records/elus.yaml").read_text(encoding="utf-8")
    new = copy.deepcopy(data(text))
    new["elus"].append({"id": "neuf", "civilite": "Mme", "prenom": "Inès", "nom": "SALVAT",
                        "commune": "01004"})
    del new["elus"][1]["debut"]
    new["elus"][2]["fin"] = "2026-03-15"
    new["exemple"].remove("elus.perret")
    result = edit(text, new, "x.yaml")
    assert data(result) == new
    assert result.startswith(text.split("  - elus.perret\n")[0])
    assert "  - {id: renaudin, civilite: Mme, prenom: Birgitta, nom: \"RENAUDIN\", " \
           "commune: 38155}\n" in result
    assert "commune: 38155, debut: 2020-07-15, fin: 2026-03-15}" in result
    assert result.endswith("suppleant_de: buttard}\n  - {id: neuf, civilite: Mme, prenom: "
                           "Inès, nom: SALVAT, commune: 01004}\n")


def test_a_new_service_gets_a_blank_line_like_the_others_and_comments_stay() -> None:
    text = (REPO / "records/gestionnaires/paj.yaml").read_text(encoding="utf-8")
    new = copy.deepcopy(data(text))
    new["services"].append({"id": "paj-nouveau", "rubrique": "ALSH", "ouverture": ["Août"],
                            "soutiens": ["cccc"], "implantations": [{"nom": "Salle", "adresse": {
                                "lignes": ["1, place"], "code_postal": "73360",
                                "commune": "Les Échelles"}}]})
    result = edit(text, new, "x.yaml")
    assert data(result) == new
    assert [line for line in text.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in result.splitlines() if line.lstrip().startswith("#")]
    assert "\n\n  - id: paj-nouveau\n    rubrique: ALSH\n    ouverture: [Août]\n" in result
    assert '      - nom: Salle\n        adresse:\n          lignes: ["1, place"]\n' in result


def test_an_anchor_that_changes_leaves_its_aliases_with_their_own_value() -> None:
    text = (REPO / "records/gestionnaires/cspg.yaml").read_text(encoding="utf-8")
    new = copy.deepcopy(data(text))
    new["services"][1]["implantations"][0]["nom"] = "Accueil de loisirs du Bourg"
    result = edit(text, new, "x.yaml")
    assert data(result) == new
    assert "      - &de-en-bulle\n        nom: Accueil de loisirs du Bourg\n" in result
    assert "implantations: [{nom: Accueil de Loisirs « Le dé en bulle », adresse:" in result
    same = copy.deepcopy(data(text))
    same["services"][2]["ouverture"] = ["Mercredis", "Samedis"]
    assert "implantations: [*de-en-bulle]" in edit(text, same, "x.yaml")


def test_values_stay_text() -> None:
    for value in ("22_112", "01004", "18:30", "oui", "~", "", "# note", "a: b", "-1", "[x]"):
        assert data(f"v: {scalar(value)}\n") == {"v": value}
    assert scalar("22_112") == "22_112"
    assert scalar("null") == '"null"'


def test_an_edit_that_would_not_read_back_is_refused() -> None:
    with pytest.raises(CtgdocsError, match="modification impossible"):
        edit("a: 1\nb: [x, y]\n", {"a": "1", "b": [{"k": ["x", {"y": None}]}]}, "f.yaml")


def test_windows_line_ends_and_byte_order_mark_are_kept() -> None:
    text = "\ufeff# Fiche écrite sous Windows\r\nid: x\r\nservices:\r\n  - id: a\r\n    nom: A\r\n"
    new = {"id": "x", "services": [{"id": "a", "nom": "B"}, {"id": "c", "nom": "C"}]}
    result = edit(text, new, "x.yaml")
    assert result == ("\ufeff# Fiche écrite sous Windows\r\nid: x\r\nservices:\r\n"
                      "  - id: a\r\n    nom: B\r\n  - id: c\r\n    nom: C\r\n")
