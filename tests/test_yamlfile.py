from __future__ import annotations

import sys

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


def test_the_c_loader_is_used() -> None:
    import yaml

    from ctgdocs import yamlfile

    assert yaml.__with_libyaml__
    assert issubclass(yamlfile.loader(), yaml.CSafeLoader)


@pytest.mark.parametrize(("text", "message"), [
    ("a:\n\tb: 1\n", "tabulation interdite, indentez avec des espaces"),
    ("a: b: c\n", "« : » inattendu (une valeur contenant « : » doit être entre guillemets)"),
    ("a: 1\n- b\n", "clé attendue : l'indentation de cette ligne ne correspond pas aux "
     "lignes précédentes"),
    ("a: @x\n", "caractère « @ » inattendu en début de valeur (mettez la valeur entre "
     "guillemets)"),
    ("a: 'x\n", "fin du fichier inattendue (guillemet non fermé ?)"),
])
def test_syntax_errors_in_french(text: str, message: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse(text.encode(), "g.yaml")
    assert caught.value.finding.message == f"syntaxe YAML invalide : {message}"


BILLION_LAUGHS = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]"
       for i in range(8)]) + "\n"


def test_billion_laughs_is_refused_quickly() -> None:
    import time

    from ctgdocs.limits import Limites

    started = time.perf_counter()
    with pytest.raises(YamlProblem) as caught:
        parse(BILLION_LAUGHS.encode(), "bombe.yaml")
    # under coverage (scripts/test.sh) every line is traced, several times slower
    assert time.perf_counter() - started < (15 if sys.gettrace() else 5)
    assert caught.value.finding.message.startswith(
        "le nombre d'éléments (alias développés) dépasse la limite (fiche_elements = 500 000) ; "
        "si ce fichier est normal, relevez-la dans ctgdocs.toml, section [limites]")
    # the same aliases, few enough, are expanded as before
    small = parse(b"a: &a [x, y]\nb: [*a, *a]\n", "f.yaml", Limites(fiche_elements=13))
    assert small.data == {"a": ["x", "y"], "b": [["x", "y"], ["x", "y"]]}
    with pytest.raises(YamlProblem):
        parse(b"a: &a [x, y]\nb: [*a, *a]\n", "f.yaml", Limites(fiche_elements=12))


def test_depth_and_size_limits() -> None:
    from ctgdocs.limits import Limites

    deep = "a:\n" + "".join(f"{'  ' * i}- \n" for i in range(1, 60)) + "\n"
    with pytest.raises(YamlProblem) as caught:
        parse(("x: " + "[" * 80 + "]" * 80 + "\n").encode(), "p.yaml")
    assert "l'imbrication dépasse la limite (fiche_profondeur = 50)" in caught.value.finding.message
    assert caught.value.finding.line == 1
    with pytest.raises(YamlProblem):
        parse(deep.encode(), "p.yaml")
    with pytest.raises(YamlProblem) as caught:
        parse(b"a: 1\n" * 100, "big.yaml", Limites(fiche_octets=100))
    assert caught.value.finding.message.startswith(
        "la taille du fichier (500 octets) dépasse la limite (fiche_octets = 100)")
    with pytest.raises(YamlProblem) as caught:  # libyaml's own bound, far beyond ours
        parse(("x: " + "[" * 20000 + "]" * 20000).encode(), "p.yaml")
    assert caught.value.finding.message == "syntaxe YAML invalide : imbrication trop profonde"
