"""The @ctes envelope in ISO-8859-1: transliteration on every text field, and the objet's
limit counted on the converted text."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

import pytest

from ctgdocs.enveloppe import OBJET_MAX, Acte, envelope, to_latin1
from ctgdocs.errors import CtgdocsError

A = "{http://www.interieur.gouv.fr/ACTES#v1.1-20040216}"


@pytest.mark.parametrize(("text", "latin1"), [
    ("Convention – avenant — suite", "Convention - avenant - suite"),
    ("12 000 €", "12 000 EUR"),
    ("et ainsi de suite…", "et ainsi de suite..."),
    ("Cœur de Chartreuse, ŒUVRE", "Coeur de Chartreuse, OEUVRE"),
    ("l’école, ‘citée’", "l'école, 'citée'"),
    ("“guillemets” et « chevrons »", '"guillemets" et « chevrons »'),
    ("1\u202f234\u00a0€", "1 234\u00a0EUR"),  # narrow no-break space → space, NBSP kept
    ("Łódź, Ōsaka, Đakovo", "Lódz, Osaka, Dakovo"),
    ("trait\u00ad d'union conditionnel", "trait d'union conditionnel"),
    ("日本", "??"),
])
def test_to_latin1(text: str, latin1: str) -> None:
    assert to_latin1(text) == latin1
    latin1.encode("iso-8859-1")  # every result is encodable


def acte(**changes: object) -> Acte:
    values: dict[str, object] = {
        "date": dt.date(2022, 6, 29), "numero": "22_112", "code_nature": 1,
        "classification": "8.2", "objet": "Convention – Cœur de Chartreuse : 12 000 € …",
        "classification_version": dt.date(2022, 1, 1),
        "document": "99_DE-038-200040111-20220629-22_112-DE-1-1_1.pdf",
        "annexes": ["99_AU-038-200040111-20220629-22_112-DE-1-1_2.pdf"]}
    values.update(changes)
    return Acte(**values)  # type: ignore[arg-type]


def test_envelope_is_latin1_without_character_references() -> None:
    xml = envelope(acte())
    assert xml.startswith(b"<?xml version='1.0' encoding='ISO-8859-1'?>")
    assert b"&#" not in xml
    text = xml.decode("iso-8859-1")
    assert "Convention - Coeur de Chartreuse : 12 000 EUR ..." in text
    root = ET.fromstring(xml)
    assert root.get(f"{A}Date") == "2022-06-29"
    assert root.findtext(f"{A}Objet") == "Convention - Coeur de Chartreuse : 12 000 EUR ..."
    assert [e.text for e in root.iter(f"{A}NomFichier")] == [
        "99_DE-038-200040111-20220629-22_112-DE-1-1_1.pdf",
        "99_AU-038-200040111-20220629-22_112-DE-1-1_2.pdf"]


def test_every_text_field_is_converted() -> None:
    xml = envelope(acte(numero="22–112", classification="8.2", document="acte’1.pdf",
                        annexes=["annexe—2.pdf", "annexe…3.pdf"]))
    root = ET.fromstring(xml)
    assert root.get(f"{A}NumeroInterne") == "22-112"
    assert [e.text for e in root.iter(f"{A}NomFichier")] == [
        "acte'1.pdf", "annexe-2.pdf", "annexe...3.pdf"]


def test_objet_limit_is_counted_after_conversion() -> None:
    fits = "a" * (OBJET_MAX - 3) + "€"  # 496 + "EUR" = 499
    assert ET.fromstring(envelope(acte(objet=fits))).findtext(f"{A}Objet") == fits[:-1] + "EUR"
    too_long = "a" * (OBJET_MAX - 2) + "…"  # 497 characters, 500 once converted
    with pytest.raises(CtgdocsError) as caught:
        envelope(acte(objet=too_long), "pack-22_112-enveloppe.xml")
    assert str(caught.value) == (
        "pack-22_112-enveloppe.xml : objet de 500 caractères une fois converti en ISO-8859-1, "
        "au-delà des 499 admis par @ctes ; raccourcissez-le.")
