"""The rendering engine: escaping, strictness, sandbox, located errors, determinism."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document

from ctgdocs.errors import TemplateError
from ctgdocs.models import Personne
from ctgdocs.render import render_docx

from .conftest import docx_paragraphs


def template(tmp_path: Path, *paragraphs: str, footer: str | None = None) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if footer is not None:
        document.sections[0].footer.paragraphs[0].text = footer
    path = tmp_path / "modele.docx"
    document.save(str(path))
    return path


def rendered(tmp_path: Path, context: dict[str, Any], *paragraphs: str) -> list[str]:
    out = tmp_path / "out.docx"
    out.write_bytes(render_docx(template(tmp_path, *paragraphs), context, "modele.docx"))
    return docx_paragraphs(out)


def test_values_are_escaped(tmp_path: Path) -> None:
    name = "Familles Rurales & Co <Miribel> \"l'été\""
    assert rendered(tmp_path, {"nom": name}, "Nom : {{ nom }}", "Suite") == [
        f"Nom : {name}", "Suite"]


def test_none_prints_nothing_and_conditions_leave_no_blank_paragraph(tmp_path: Path) -> None:
    lines = rendered(tmp_path, {"sigle": None, "liste": ["a", "b"]},
                     "Avant", "{%p if sigle %}", "Sigle : {{ sigle }}", "{%p endif %}",
                     "[{{ sigle }}]", "{%p for x in liste %}", "- {{ x }}", "{%p endfor %}",
                     "Après")
    assert lines == ["Avant", "[]", "- a", "- b", "Après"]


def test_french_filters(tmp_path: Path) -> None:
    import datetime as dt
    from decimal import Decimal

    she = Personne(civilite="Mme", prenom="Anne", nom="LENFANT", qualite="Présidente")
    lines = rendered(
        tmp_path, {"d": dt.date(2022, 7, 1), "m": Decimal("1234.56"), "p": she},
        "{{ d|date }} ; {{ d|date_lettres }} ; {{ m|montant }} ; {{ m|montant_lettres }} ; "
        "{{ p|accord('le Président', 'la Présidente') }} ; {{ 'Les Échelles'|de }}")
    assert lines == ["1er juillet 2022 ; premier juillet deux mille vingt-deux ; "
                     "1\u00a0234,56\u00a0€ ; mille deux cent trente-quatre euros et "
                     "cinquante-six centimes ; la Présidente ; des Échelles"]


def test_unknown_variable_names_template_and_text(tmp_path: Path) -> None:
    path = template(tmp_path, "Titre", "Bonjour {{ inconnu }} !", "Fin")
    with pytest.raises(TemplateError) as caught:
        render_docx(path, {}, "templates/modele.docx")
    assert str(caught.value) == (
        "templates/modele.docx (corps du document) : variable inconnue « inconnu » ; "
        "texte concerné : « Bonjour {{ inconnu }} ! »")


def test_unknown_attribute_is_located(tmp_path: Path) -> None:
    she = Personne(civilite="Mme", prenom="Anne", nom="LENFANT")
    path = template(tmp_path, "{{ p.prenom }}", "Signé : {{ p.nomm }}")
    with pytest.raises(TemplateError) as caught:
        render_docx(path, {"p": she}, "modele.docx")
    assert str(caught.value) == (
        "modele.docx (corps du document) : champ inconnu « nomm » ; "
        "texte concerné : « Signé : {{ p.nomm }} »")


def test_error_in_footer(tmp_path: Path) -> None:
    path = template(tmp_path, "Corps {{ a }}", footer="Pied {{ b }}")
    with pytest.raises(TemplateError) as caught:
        render_docx(path, {"a": 1}, "modele.docx")
    assert str(caught.value) == (
        "modele.docx (pied de page) : variable inconnue « b » ; texte concerné : « Pied {{ b }} »")


def test_syntax_error(tmp_path: Path) -> None:
    path = template(tmp_path, "Début", "{% if x %}jamais fermé")
    with pytest.raises(TemplateError) as caught:
        render_docx(path, {"x": True}, "modele.docx")
    assert str(caught.value).startswith("modele.docx (corps du document) : balise mal formée (")


def test_sandbox_refuses_internals(tmp_path: Path) -> None:
    path = template(tmp_path, "{{ x.__class__.__mro__ }}")
    with pytest.raises(TemplateError) as caught:
        render_docx(path, {"x": "a"}, "modele.docx")
    assert str(caught.value) == (
        "modele.docx (corps du document) : accès interdit « __class__ » : un modèle ne lit "
        "que les données préparées par ctgdocs (ni fonctions internes, ni horloge, ni hasard, "
        "ni fichiers) ; texte concerné : « {{ x.__class__.__mro__ }} »")


def test_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "faux.docx"
    path.write_text("ceci n'est pas un document Word", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render_docx(path, {}, "templates/faux.docx")
    assert str(caught.value) == (
        "templates/faux.docx : ce fichier n'est pas un document Word (.docx) lisible ; "
        "enregistrez-le au format .docx depuis Word ou LibreOffice")


def test_same_inputs_same_bytes(tmp_path: Path) -> None:
    path = template(tmp_path, "{{ a }} et {{ b }}")
    first = render_docx(path, {"a": "x", "b": "y"}, "m")
    second = render_docx(path, {"a": "x", "b": "y"}, "m")
    assert first == second
