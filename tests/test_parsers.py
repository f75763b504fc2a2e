"""Form field parsers: what a person types, and what is refused with which words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from okrtui.dialogs import parsers


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12", "12"),
        ("-3.5", "-3.5"),
        (" 1,250.75 ", "1250.75"),
        ("1,000,000", "1000000"),
        (".5", "0.5"),
        ("1e3", "1000"),
        ("+2", "2"),
    ],
)
def test_numbers_read_as_typed(typed: str, value: str) -> None:
    assert parsers.decimal(typed) == Decimal(value)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,5", "use a point for decimals"),
        ("0,5", "use a point for decimals"),
        ("1,2,3", "use a point for decimals"),
        ("8x5", "not a number"),
        ("NaN", "not a number"),
        ("inf", "not a number"),
        ("١٠٠", "not a number"),
        ("", "Enter a number"),
        ("1e999", "too large"),
        ("1e10000000", "too large"),
        ("1e-20", "more than 12 decimals"),
    ],
)
def test_numbers_refused_with_a_reason(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parsers.decimal(typed)


def test_fte_and_dates() -> None:
    assert parsers.fte("0.5") == Decimal("0.5")
    with pytest.raises(ValueError, match="FTE"):
        parsers.fte("1.5")
    with pytest.raises(ValueError, match="FTE"):
        parsers.fte("0")
    assert parsers.day("2026-02-28") == date(2026, 2, 28)
    with pytest.raises(ValueError, match="not a date"):
        parsers.day("2026-02-30")
    assert parsers.optional_day("") is None


def test_whole_numbers() -> None:
    parse = parsers.whole_number(0, 10)
    assert parse("7") == 7
    with pytest.raises(ValueError, match="between 0 and 10"):
        parse("11")
    with pytest.raises(ValueError, match="whole number"):
        parse("7.5")
    assert parsers.optional_whole_number(0, 10)("") is None
