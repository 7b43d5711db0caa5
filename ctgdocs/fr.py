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

from .marking import carry

NBSP = "\u00a0"

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


_UNITS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
          "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize",
          "dix-sept", "dix-huit", "dix-neuf")
_TENS = ("", "", "vingt", "trente", "quarante", "cinquante", "soixante")
_SCALES = ((10**9, "milliard"), (10**6, "million"))  # nouns: they take an s


def cardinal(n: int) -> str:
    """Number in words, traditional spelling: 80 -> "quatre-vingts", 201 -> "deux cent un",
    200 000 -> "deux cent mille". The words num2words gives (tests/test_fr.py compares them),
    without its cost: importing it and splitting numbers took 15 % of a convention's render."""
    if n < 0:
        return "moins " + cardinal(-n)
    if n >= 10**12:
        from num2words import num2words

        return str(num2words(n, lang="fr"))
    words = []
    for scale, name in _SCALES:
        count, n = divmod(n, scale)
        if count:
            words.append(f"{_below_1000(count)} {name}{'s' if count > 1 else ''}")
    thousands, n = divmod(n, 1000)
    if thousands:  # mille is invariable, and "cents", "quatre-vingts" lose their s before it
        spelled = _below_1000(thousands)
        if spelled.endswith(("cents", "quatre-vingts")):
            spelled = spelled[:-1]
        words.append("mille" if thousands == 1 else f"{spelled} mille")
    if n or not words:
        words.append(_below_1000(n))
    return " ".join(words)


def _below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds and not rest:
        return "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cents"
    words = _below_100(rest)
    if hundreds:
        words = ("cent " if hundreds == 1 else f"{_UNITS[hundreds]} cent ") + words
    return words


def _below_100(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    if n < 70:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + (" et un" if unit == 1 else f"-{_UNITS[unit]}" if unit else "")
    if n < 80:
        return "soixante et onze" if n == 71 else f"soixante-{_UNITS[n - 60]}"
    return "quatre-vingts" if n == 80 else f"quatre-vingt-{_UNITS[n - 80]}"


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
def at(place: str) -> str:
    """Preposition "à" with contraction: à Corbel, aux Échelles, au Pont-de-Beauvoisin,
    à La Motte-Servolex."""
    for article, contracted in (("les ", "aux "), ("le ", "au ")):
        if place.lower().startswith(article):
            return contracted + place[len(article) :]
    return "à " + place


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
    "a": at,
    "majuscule_initiale": capitalize_first,
    "numero_article": article_number,
}


DEPARTEMENTS = dict(line.split(" ", 1) for line in """\
01 Ain
02 Aisne
03 Allier
04 Alpes-de-Haute-Provence
05 Hautes-Alpes
06 Alpes-Maritimes
07 Ardèche
08 Ardennes
09 Ariège
10 Aube
11 Aude
12 Aveyron
13 Bouches-du-Rhône
14 Calvados
15 Cantal
16 Charente
17 Charente-Maritime
18 Cher
19 Corrèze
2A Corse-du-Sud
2B Haute-Corse
21 Côte-d'Or
22 Côtes-d'Armor
23 Creuse
24 Dordogne
25 Doubs
26 Drôme
27 Eure
28 Eure-et-Loir
29 Finistère
30 Gard
31 Haute-Garonne
32 Gers
33 Gironde
34 Hérault
35 Ille-et-Vilaine
36 Indre
37 Indre-et-Loire
38 Isère
39 Jura
40 Landes
41 Loir-et-Cher
42 Loire
43 Haute-Loire
44 Loire-Atlantique
45 Loiret
46 Lot
47 Lot-et-Garonne
48 Lozère
49 Maine-et-Loire
50 Manche
51 Marne
52 Haute-Marne
53 Mayenne
54 Meurthe-et-Moselle
55 Meuse
56 Morbihan
57 Moselle
58 Nièvre
59 Nord
60 Oise
61 Orne
62 Pas-de-Calais
63 Puy-de-Dôme
64 Pyrénées-Atlantiques
65 Hautes-Pyrénées
66 Pyrénées-Orientales
67 Bas-Rhin
68 Haut-Rhin
69 Rhône
70 Haute-Saône
71 Saône-et-Loire
72 Sarthe
73 Savoie
74 Haute-Savoie
75 Paris
76 Seine-Maritime
77 Seine-et-Marne
78 Yvelines
79 Deux-Sèvres
80 Somme
81 Tarn
82 Tarn-et-Garonne
83 Var
84 Vaucluse
85 Vendée
86 Vienne
87 Haute-Vienne
88 Vosges
89 Yonne
90 Territoire de Belfort
91 Essonne
92 Hauts-de-Seine
93 Seine-Saint-Denis
94 Val-de-Marne
95 Val-d'Oise
971 Guadeloupe
972 Martinique
973 Guyane
974 La Réunion
975 Saint-Pierre-et-Miquelon
976 Mayotte""".splitlines())


def departement_name(code: str) -> str:
    """38 -> Isère (the code itself when unknown)."""
    return DEPARTEMENTS.get(code.zfill(2), code)


# Decision verbs of an act and the infinitive a projet uses after "de bien vouloir".
_IRREGULAR = {"DIT": "DIRE", "PREND": "PRENDRE", "RETIENT": "RETENIR", "ÉMET": "ÉMETTRE",
              "EMET": "EMETTRE", "SOUMET": "SOUMETTRE", "MET": "METTRE", "PERMET": "PERMETTRE",
              "ÉLIT": "ÉLIRE", "ELIT": "ELIRE", "REND": "RENDRE", "MAINTIENT": "MAINTENIR",
              "DÉFINIT": "DÉFINIR", "DEFINIT": "DEFINIR", "CHOISIT": "CHOISIR",
              "ÉTABLIT": "ÉTABLIR", "ETABLIT": "ETABLIR", "ACCOMPLIT": "ACCOMPLIR",
              "REMPLIT": "REMPLIR", "FAIT": "FAIRE"}


def infinitive(verb: str) -> str:
    """VALIDE -> VALIDER, PREND ACTE -> PRENDRE ACTE, DIT -> DIRE (capitals, as in acts)."""
    first, _, rest = verb.strip().partition(" ")
    if first in _IRREGULAR:
        word = _IRREGULAR[first]
    elif first.endswith("E"):
        word = first + "R"
    else:
        word = first
    return f"{word} {rest}".strip()
