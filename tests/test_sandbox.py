"""Templates get plain data and bounded work: each hostile template ends in a French message
naming the limit, quickly, and without a traceback."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ctgdocs import isolation, marking
from ctgdocs.errors import TemplateError
from ctgdocs.limits import Limites
from ctgdocs.models import Personne
from ctgdocs.render import environment, render_docx

from .test_render import template

REFUSED = "un modèle ne lit que les données préparées par ctgdocs"


def render(text: str, limits: Limites | None = None, **context: Any) -> str:
    """A template rendered in process, as the shipped templates are."""
    return str(environment(limits or Limites()).from_string(text).render(**context))


def failure(tmp_path: Path, text: str, **context: Any) -> str:
    """The message of a .docx template that fails (rendered in the worker: not shipped)."""
    path = template(tmp_path, text)
    started = time.perf_counter()
    with pytest.raises(TemplateError) as caught:
        render_docx(path, context, "modele.docx")
    assert time.perf_counter() - started < 30
    return str(caught.value)


@pytest.mark.parametrize(("text", "limit"), [
    ("{{ 'a' * 10**9 }}", "rendu_caracteres"),
    ("{{ 10**9 * 'a' }}", "rendu_caracteres"),
    ("{{ [1] * 10**9 }}", "rendu_caracteres"),
    ("{{ 9**(9**9) }}", "rendu_nombre"),
    ("{{ 2**100000 }}", "rendu_nombre"),
    ("{{ 2.5**100000 }}", "rendu_nombre"),
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
     "rendu_iterations"),
    ("{% for x in range(10**9) %}{% endfor %}", "rendu_iterations"),
    ("{{ range(10**9)|list|length }}", "rendu_iterations"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
     "{% endfor %}", "rendu_caracteres"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}"
     "{% endfor %}", "rendu_caracteres"),
    ("{{ 'a'|center(10**9) }}", "rendu_nombre"),
    ("{{ 'a'.center(10**9) }}", "rendu_nombre"),
    ("{{ 'a'|indent(10**9, true) }}", "rendu_nombre"),
    ("{{ [1]|slice(10**9)|list }}", "rendu_nombre"),
    ("{{ '%0999999999d' % 1 }}", "rendu_nombre"),
    ("{{ '%0999999999d'|format(1) }}", "rendu_nombre"),
    ("{{ '{:>999999999}'.format(1) }}", "rendu_nombre"),
    ("{% set ns = namespace(s='a' * 5000) %}{% for i in range(3) %}"
     "{% set ns.s = ns.s|replace('', ns.s) %}{% endfor %}", "rendu_caracteres"),
    ("{% set ns = namespace(s='a' * 5000) %}{% for i in range(3) %}"
     "{% set ns.s = ns.s.replace('', ns.s) %}{% endfor %}", "rendu_caracteres"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "rendu_appels"),
    ("{% for x in [[1]] recursive %}{{ loop([x, x]) }}{% endfor %}", "rendu_appels"),
    ("{% for i in range(1000) %}{{ 'x' * 9000 }}{% endfor %}", "rendu_caracteres"),
])
def test_runaway_templates_stop_at_a_named_limit(text: str, limit: str) -> None:
    started = time.perf_counter()
    limits = Limites(rendu_caracteres=5_000_000)
    with pytest.raises(Exception) as caught:
        render(text, limits)
    assert time.perf_counter() - started < 5
    assert f"dépasse la limite ({limit} = " in str(caught.value)
    assert "relevez-la dans ctgdocs.toml, section [limites]" in str(caught.value)


def test_the_limits_are_settings() -> None:
    assert render("{{ 'ab' * 3 }}", Limites(rendu_caracteres=6)) == "ababab"
    with pytest.raises(Exception, match="rendu_caracteres = 5"):
        render("{{ 'ab' * 3 }}", Limites(rendu_caracteres=5))
    assert render("{% for i in range(5) %}{{ i }}{% endfor %}",
                  Limites(rendu_iterations=5)) == "01234"
    with pytest.raises(Exception, match="rendu_iterations = 4"):
        render("{% for i in [1, 2, 3, 4, 5] %}{% endfor %}", Limites(rendu_iterations=4))


def test_ordinary_work_is_not_refused() -> None:
    assert render("{{ 2**10 }} {{ 'ab' * 2 }} {{ [1, 2] + [3] }} {{ '%05d' % 42 }} "
                  "{{ 'x'|center(5) }}|{{ '{:>4}'.format(7) }}") == \
        "1024 abab [1, 2, 3] 00042   x  |   7"
    assert render("{% for k, v in d.items() %}{{ k }}={{ v }} {% endfor %}{{ d.get('a') }}",
                  d={"a": 1, "b": 2}) == "a=1 b=2 1"
    assert render("{% for x in xs %}{{ loop.index }}{{ loop.cycle('a', 'b') }}{% endfor %}",
                  xs=[1, 2, 3]) == "1a2b3a"
    assert render("{% set ns = namespace(t=0) %}{% for m in ms %}{% set ns.t = ns.t + m %}"
                  "{% endfor %}{{ ns.t }}", ms=[Decimal("25000.50"), Decimal(30000)]) == \
        "55000.50"
    assert render("{% macro f(n) %}{{ n }}{% endmacro %}{{ x|default(50000) }} {{ f(60000) }}",
                  x=None) == " 60000"  # None prints nothing
    assert render("{% for x in [[1, [2]]] recursive %}{{ x if x is number else loop(x) }}"
                  "{% endfor %}") == "12"


@pytest.mark.parametrize(("text", "attribute"), [
    ("{{ d.today() }}", "today"),
    ("{{ d.fromtimestamp(0) }}", "fromtimestamp"),
    ("{{ d.__class__.today() }}", "__class__"),
    ("{{ m.quantize }}", "quantize"),
    ("{{ p.model_dump() }}", "model_dump"),
    ("{{ p.model_copy }}", "model_copy"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "__class__"),
    ("{{ s.encode('utf-8') }}", "encode"),
])
def test_no_callable_reads_the_clock_or_internals(text: str, attribute: str) -> None:
    context: dict[str, Any] = {"d": dt.date(2022, 6, 29), "m": Decimal("1.5"), "s": "x",
               "p": Personne(civilite="Mme", prenom="Anne", nom="Durand")}
    with pytest.raises(Exception) as caught:
        render(text, **context)
    assert f"'{attribute}'" in str(caught.value)


@pytest.mark.parametrize(("text", "message"), [
    ("{{ lipsum() }}", "variable inconnue « lipsum »"),
    ("{{ [1, 2]|random }}", "filtre inconnu « random »"),
    ("{% if x %}{{ 1|inconnu }}{% endif %}", "filtre inconnu « inconnu »"),
    ("{{ 1|inconnu }}", "filtre inconnu « inconnu »"),
    ("{{ x|safe }}", "filtre inconnu « safe »"),
    ("{% include 'autre.docx' %}", "« {% include %} » n'est pas permis dans un modèle ctgdocs"),
    ("{% import 'autre' as a %}", "« {% import %} » n'est pas permis"),
    ("{% from 'autre' import a %}", "« {% from … import %} » n'est pas permis"),
    ("{% extends 'base' %}", "« {% extends %} » n'est pas permis"),
    ("{{ 1 / 0 }}", "division par zéro"),
    ("{{ d.today() }}", "accès interdit « today » : " + REFUSED),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
     "l'imbrication des appels de macros dépasse la limite (rendu_appels = 100)"),
    ("{% for x in range(10**9) %}{% endfor %}",
     "range() de 1000000000 nombres dépasse la limite (rendu_iterations = 1 000 000)"),
    ("{{ 'a' * 10**9 }}",
     "la répétition demandée dépasse la limite (rendu_caracteres = 20 000 000) ; si ce "
     "fichier est normal, relevez-la dans ctgdocs.toml, section [limites], par exemple "
     "« rendu_caracteres = 200000000 »"),
    ("{{ 9**(9**9) }}", "la puissance ** 387420489 dépasse la limite (rendu_nombre = 10 000)"),
])
def test_french_messages_from_the_worker(tmp_path: Path, text: str, message: str) -> None:
    assert message in failure(tmp_path, text, x=1, d=dt.date(2022, 6, 29))


def test_recursion_in_python_ends_in_french(tmp_path: Path) -> None:
    text = "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}"
    assert "appels imbriqués trop profonds" in failure(tmp_path, text) or \
        "balise mal formée" in failure(tmp_path, text)


def test_a_template_that_did_not_ship_runs_in_a_limited_worker(tmp_path: Path) -> None:
    assert not isolation.is_shipped(template(tmp_path, "{{ a }}").read_bytes())
    # a loop that would run for ever in process is killed at rendu_secondes
    path = template(tmp_path, "{% for i in range(1000000) %}{{ i|montant_lettres }}"
                    "{% endfor %}")
    started = time.perf_counter()
    with pytest.raises(TemplateError) as caught:
        render_docx(path, {}, "modele.docx", Limites(rendu_secondes=1))
    assert time.perf_counter() - started < 20
    assert "la durée du remplissage du modèle dépasse la limite (rendu_secondes = 1)" in \
        str(caught.value)


def test_illustrative_values_are_collected_across_the_worker(tmp_path: Path) -> None:
    path = template(tmp_path, "{{ siret }}")
    value = marking.mark_scalar("123", ["records/x.yaml:3: siret"])
    with marking.collecting() as found:
        render_docx(path, {"siret": value}, "modele.docx")
    assert found == {"records/x.yaml:3: siret"}


def test_shipped_templates_render_in_process(workspace: Path) -> None:
    shipped = sorted((workspace / "templates").glob("*.docx"))
    assert shipped and all(isolation.is_shipped(p.read_bytes()) for p in shipped)


def test_globals_print_the_same_in_every_process() -> None:
    text = "{{ range }} {{ dict }} {{ namespace }} {{ cycler }} {{ joiner }}"
    assert render(text) == render(text)
    assert "0x" not in render(text)
