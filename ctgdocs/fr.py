"""French administrative formatting: dates, hours and amounts in figures and in words.

Pure functions; each is also a Jinja filter (see ``FILTERS``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from num2words import num2words

from .marking import carry

NBSP = "\u00a0"

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def cardinal(n: int) -> str:
    """Number in words, traditional spelling: 80 -> "quatre-vingts", 201 -> "deux cent un"."""
    if n < 0:
        return "moins " + cardinal(-n)
    return str(num2words(n, lang="fr"))


@carry
def date_fr(d: dt.date) -> str:
    """29 juin 2022; 1er juillet 2022."""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}"


@carry
def date_long(d: dt.date) -> str:
    """mercredi 22 juin 2022."""
    return f"{WEEKDAYS[d.weekday()]} {date_fr(d)}"


@carry
def date_short(d: dt.date) -> str:
    """05/07/2022."""
    return d.strftime("%d/%m/%Y")


@carry
def date_words(d: dt.date) -> str:
    """vingt-neuf juin deux mille vingt-deux; premier juillet deux mille vingt-deux."""
    return f"{day_month_words(d)} {cardinal(d.year)}"


@carry
def hour_fr(t: dt.time) -> str:
    """18h30; 9h."""
    return f"{t.hour}h{t.minute:02d}" if t.minute else f"{t.hour}h"


def _cents(amount: Decimal | int | float | str) -> Decimal:
    value = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def group_thousands(n: int) -> str:
    digits = str(abs(n))
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ("-" if n < 0 else "") + NBSP.join(groups)


@carry
def amount_fr(amount: Decimal | int | float | str) -> str:
    """1 234,56 € with no-break spaces for thousands and before the euro sign."""
    value = _cents(amount)
    units = int(value)
    cents = abs(int((value - units) * 100))
    sign = "-" if value < 0 and units == 0 else ""
    return f"{sign}{group_thousands(units)},{cents:02d}{NBSP}€"


def _euros(n: int) -> str:
    words = cardinal(n)
    if n in (0, 1):
        return f"{words} euro"
    # "un million d'euros", but "un million deux cent mille euros"
    if words.endswith(("million", "millions", "milliard", "milliards")):
        return f"{words} d'euros"
    return f"{words} euros"


@carry
def amount_words(amount: Decimal | int | float | str) -> str:
    """mille deux cent trente-quatre euros et cinquante-six centimes."""
    value = _cents(amount)
    if value < 0:
        return "moins " + amount_words(-value)
    units = int(value)
    cents = int((value - units) * 100)
    text = _euros(units)
    if cents:
        text += f" et {cardinal(cents)} centime" + ("s" if cents > 1 else "")
    return text


@carry
def number_fr(n: int | Decimal) -> str:
    """1 234 (grouped thousands) or 2,16 (decimal comma)."""
    if isinstance(n, Decimal) and n != n.to_integral_value():
        units, _, decimals = f"{n:f}".partition(".")
        return f"{group_thousands(int(units))},{decimals}"
    return group_thousands(int(n))


class Gendered(Protocol):
    @property
    def feminin(self) -> bool: ...


@carry
def agree(who: Gendered | bool, masculine: str, feminine: str) -> str:
    """Gender agreement: {{ president | accord("le Président", "la Présidente") }}."""
    is_feminine = who if isinstance(who, bool) else who.feminin
    return feminine if is_feminine else masculine


def _starts_with_vowel(text: str) -> bool:
    first = unicodedata.normalize("NFD", text[:1]).lower()[:1]
    return first in "aeiouy"  # no elision before h: "de Hauteville" (h aspiré)


@carry
def of(name: str) -> str:
    """Preposition "de" with elision and contraction: de Corbel, d'Entremont, des Échelles,
    du Président, de la Présidente, de l'Adjointe."""
    for article, contracted in (("les ", "des "), ("le ", "du ")):
        if name.lower().startswith(article):
            return contracted + name[len(article) :]
    if name.lower().startswith(("la ", "l'")):
        return "de " + name
    return ("d'" if _starts_with_vowel(name) else "de ") + name


@carry
def with_article(title: str, feminine: bool) -> str:
    """la Présidente, le Président, l'Adjointe."""
    if _starts_with_vowel(title):
        return "l'" + title
    return ("la " if feminine else "le ") + title


@carry
def capitalize_first(text: str) -> str:
    """Upper-case the first letter only (Jinja's capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


def article_number(n: int) -> str:
    """Article 1er, Article 2."""
    return "1er" if n == 1 else str(n)




@carry
def join_and(items: list[str]) -> str:
    """a, b et c"""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def duration(start: dt.date, end: dt.date) -> str:
    """Inclusive period in words: quatre ans, dix-huit mois, 45 jours."""
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if after.day == start.day and months > 0:
        if months % 12 == 0:
            years = months // 12
            return f"{cardinal(years)} an{'s' if years > 1 else ''}"
        return f"{cardinal(months)} mois"
    days = (after - start).days
    return f"{cardinal(days)} jour{'s' if days > 1 else ''}"


@carry
def siret_fr(siret: str) -> str:
    """200 040 111 00012 (no-break spaces)."""
    if len(siret) == 14:
        return NBSP.join((siret[:3], siret[3:6], siret[6:9], siret[9:]))
    return siret


def parse_date(text: str) -> dt.date:
    """29/06/2022 or 2022-06-29; ValueError with a French message otherwise."""
    value = text.strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"date invalide « {text} » : écrivez AAAA-MM-JJ ou JJ/MM/AAAA"
        ) from None


@carry
def day_month_words(d: dt.date) -> str:
    """vingt-neuf juin; premier juillet (for "L'an deux mille vingt-deux, le vingt-neuf juin")."""
    day = "premier" if d.day == 1 else cardinal(d.day)
    return f"{day} {MONTHS[d.month - 1]}"


FILTERS: dict[str, Callable[..., Any]] = {
    "date": date_fr,
    "date_longue": date_long,
    "date_courte": date_short,
    "date_lettres": date_words,
    "jour_mois_lettres": day_month_words,
    "heure": hour_fr,
    "montant": amount_fr,
    "montant_lettres": amount_words,
    "nombre": number_fr,
    "nombre_lettres": cardinal,
    "accord": agree,
    "de": of,
    "majuscule_initiale": capitalize_first,
    "numero_article": article_number,
}
