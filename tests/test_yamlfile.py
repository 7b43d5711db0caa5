from __future__ import annotations

import pytest

from ctgdocs.yamlfile import YamlProblem, parse


def test_scalars_stay_as_typed() -> None:
    doc = parse(b"numero: 22_112\nheure: 18:30\ninsee: 01004\nvide:\nnul: ~\nbool: yes\n"
                b"quoted: 'null'\n", "f.yaml")
    assert doc.data == {"numero": "22_112", "heure": "18:30", "insee": "01004", "vide": None,
                        "nul": None, "bool": "yes", "quoted": "null"}


def test_lines_are_kept() -> None:
    doc = parse(b"a: 1\nliste:\n  - x: 1\n  - x: 2\n", "f.yaml")
    assert doc.line(("liste", 1, "x")) == 4
    assert doc.line(("liste", 1, "absent")) == 4
    assert doc.line(("a",)) == 1


def test_duplicate_key_names_both_lines() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse(b"id: a\nnom: X\nservices:\n  - id: s\n    nom: Y\n    nom: Z\n", "g.yaml")
    assert str(caught.value.finding) == (
        "g.yaml:6: services[0].nom: clé « nom » donnée deux fois (lignes 5 et 6) ; "
        "gardez-en une seule")


def test_windows_1252_is_refused_with_its_line() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("id: a\nnom: Fées\n".encode("cp1252"), "g.yaml")
    assert str(caught.value.finding) == (
        "g.yaml:2: le fichier n'est pas encodé en UTF-8 (sans doute Windows-1252) ; "
        "ouvrez-le dans votre éditeur et enregistrez-le en UTF-8")


def test_utf8_bom_is_accepted() -> None:
    assert parse("\ufeffnom: Fées\n".encode(), "f.yaml").data == {"nom": "Fées"}


def test_syntax_error_has_a_line() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse(b"id: a\nnom: [non ferme\nautre: 1\n", "g.yaml")
    assert caught.value.finding.line == 3
    assert caught.value.finding.message.startswith("syntaxe YAML invalide")
