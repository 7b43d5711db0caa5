from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from ctgdocs import fr
from ctgdocs.models import Personne

NB = "\u00a0"


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2022, 6, 29), "29 juin 2022"),
    (dt.date(2022, 7, 1), "1er juillet 2022"),
    (dt.date(2024, 2, 29), "29 février 2024"),
])
def test_date(day: dt.date, expected: str) -> None:
    assert fr.date_fr(day) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2022, 6, 29), "vingt-neuf juin deux mille vingt-deux"),
    (dt.date(2022, 7, 1), "premier juillet deux mille vingt-deux"),
    (dt.date(1980, 8, 21), "vingt et un août mille neuf cent quatre-vingts"),
])
def test_date_in_words(day: dt.date, expected: str) -> None:
    assert fr.date_words(day) == expected


def test_long_and_short_dates_and_hours() -> None:
    assert fr.date_long(dt.date(2022, 6, 22)) == "mercredi 22 juin 2022"
    assert fr.date_short(dt.date(2022, 7, 5)) == "05/07/2022"
    assert fr.hour_fr(dt.time(18, 30)) == "18h30"
    assert fr.hour_fr(dt.time(9, 0)) == "9h"
    assert fr.hour_fr(dt.time(9, 5)) == "9h05"


@pytest.mark.parametrize(("amount", "expected"), [
    ("1234.56", f"1{NB}234,56{NB}€"),
    ("0.5", f"0,50{NB}€"),
    ("1000000", f"1{NB}000{NB}000,00{NB}€"),
    (Decimal("214000"), f"214{NB}000,00{NB}€"),
    ("999.999", f"1{NB}000,00{NB}€"),
])
def test_amount(amount: str, expected: str) -> None:
    assert fr.amount_fr(amount) == expected


@pytest.mark.parametrize(("amount", "expected"), [
    ("1234.56", "mille deux cent trente-quatre euros et cinquante-six centimes"),
    ("0", "zéro euro"),
    ("0.50", "zéro euro et cinquante centimes"),
    ("1", "un euro"),
    ("1.01", "un euro et un centime"),
    ("80", "quatre-vingts euros"),
    ("80000", "quatre-vingt mille euros"),
    ("200", "deux cents euros"),
    ("201", "deux cent un euros"),
    ("1000000", "un million d'euros"),
    ("2000000", "deux millions d'euros"),
    ("1200000", "un million deux cent mille euros"),
    ("21000", "vingt et un mille euros"),
])
def test_amount_in_words(amount: str, expected: str) -> None:
    assert fr.amount_words(amount) == expected


def test_cardinal_spells_as_num2words() -> None:
    """fr.cardinal writes the words of num2words, the reference it replaced (1.3 million
    numbers compared when it was written): every number below 2 000, every count of thousands
    and of millions, and a seeded sample up to 10^12."""
    from num2words import num2words

    rng = random.Random(11)
    sample = [*range(2000), *range(0, 10**6, 1000), *range(0, 10**9, 10**6),
              *(rng.randrange(10**k) for k in range(4, 13) for _ in range(1000)),
              *(m * 10**j for m in (1, 2, 3, 80, 100, 180, 200, 280, 999) for j in range(3, 10))]
    wrong = [(n, fr.cardinal(n)) for n in sample if fr.cardinal(n) != num2words(n, lang="fr")]
    assert wrong == []
    assert fr.cardinal(-3000) == "moins trois mille"
    assert fr.cardinal(280_000_000) == "deux cent quatre-vingts millions"


def test_figures_and_words_come_from_one_decimal() -> None:
    value = Decimal("30000.10")
    assert fr.amount_fr(value) == f"30{NB}000,10{NB}€"
    assert fr.amount_words(value) == "trente mille euros et dix centimes"


def test_gender_agreement_and_titles() -> None:
    she = Personne(civilite="Mme", prenom="Anne", nom="LENFANT", qualite="Présidente")
    he = Personne(civilite="M.", prenom="Marc", nom="DUPRAT", qualite="Président")
    assert fr.agree(she, "le Président", "la Présidente") == "la Présidente"
    assert fr.agree(he, "le Président", "la Présidente") == "le Président"
    assert she.titre == "la Présidente"
    assert Personne(civilite="Mme", prenom="A", nom="B", qualite="Adjointe").titre == "l'Adjointe"
    assert she.civilite_longue == "Madame"


@pytest.mark.parametrize(("name", "expected"), [
    ("Corbel", "de Corbel"),
    ("Entre-deux-Guiers", "d'Entre-deux-Guiers"),
    ("Les Échelles", "des Échelles"),
    ("Le Pont-de-Beauvoisin", "du Pont-de-Beauvoisin"),
    ("La Bauche", "de La Bauche"),
    ("Hauteville", "de Hauteville"),
    ("le Président", "du Président"),
    ("la Présidente", "de la Présidente"),
    ("l'Adjointe", "de l'Adjointe"),
])
def test_of(name: str, expected: str) -> None:
    assert fr.of(name) == expected


def test_duration_and_parse_date() -> None:
    assert fr.duration(dt.date(2022, 1, 1), dt.date(2025, 12, 31)) == "quatre ans"
    assert fr.duration(dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == "un an"
    assert fr.duration(dt.date(2024, 1, 1), dt.date(2025, 6, 30)) == "dix-huit mois"
    assert fr.duration(dt.date(2024, 1, 1), dt.date(2024, 1, 10)) == "dix jours"
    assert fr.parse_date("29/06/2022") == dt.date(2022, 6, 29)
    assert fr.parse_date("2022-06-29") == dt.date(2022, 6, 29)
    with pytest.raises(ValueError, match="date invalide « 31/02/2022 »"):
        fr.parse_date("31/02/2022")


@pytest.mark.parametrize(("place", "expected"), [
    ("Corbel", "à Corbel"), ("Les Échelles", "aux Échelles"),
    ("Le Pont-de-Beauvoisin", "au Pont-de-Beauvoisin"), ("La Motte-Servolex", "à La Motte-Servolex"),
    ("Entre-deux-Guiers", "à Entre-deux-Guiers"),
])
def test_at(place: str, expected: str) -> None:
    assert fr.at(place) == expected
