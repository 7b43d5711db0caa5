from __future__ import annotations

import datetime as dt

import pytest

from ctgdocs import actes
from ctgdocs.models.conseil import NATURE_CODES

TODAY = dt.date(2022, 7, 8)


def test_build_and_parse_round_trip() -> None:
    ident = actes.build("38", "200040111", dt.date(2022, 7, 5), "22_112", "DE", TODAY)
    assert str(ident) == "038-200040111-20220705-22_112-DE"
    assert actes.parse(str(ident)) == ident
    assert str(actes.ActeId("2A", "200040111", dt.date(2022, 7, 5), "1", "AU")) == \
        "02A-200040111-20220705-1-AU"
    assert str(actes.ActeId("973", "200040111", dt.date(2022, 7, 5), "1", "CC")) == \
        "973-200040111-20220705-1-CC"
    assert NATURE_CODES["DE"] == 1 and NATURE_CODES["AU"] == 6


@pytest.mark.parametrize(("numero", "ok"), [
    ("22_112", True), ("A", True), ("ABCDEFGHIJ1234Z", True), ("_22", False), ("22_", False),
    ("22-112", False), ("22_112_000000000", False), ("a1", False),
])
def test_numero_pattern(numero: str, ok: bool) -> None:
    assert (actes.numero_problem(numero) is None) is ok


def test_refusals() -> None:
    with pytest.raises(ValueError, match="postérieure à aujourd'hui"):
        actes.build("38", "200040111", dt.date(2022, 7, 9), "22_112", "DE", TODAY)
    with pytest.raises(ValueError, match="nature « XX » inconnue"):
        actes.build("38", "200040111", dt.date(2022, 7, 5), "22_112", "XX", TODAY)
    with pytest.raises(ValueError, match="refusé par @ctes"):
        actes.build("38", "200040111", dt.date(2022, 7, 5), "22-112", "DE", TODAY)
    with pytest.raises(ValueError, match="mal formé"):
        actes.parse("038-200040111-2022075-22_112-DE")
    with pytest.raises(ValueError, match="date impossible"):
        actes.parse("038-200040111-20220231-22_112-DE")
