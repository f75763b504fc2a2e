"""The bounds on typed numbers, which keep exact arithmetic quick."""

from __future__ import annotations

from decimal import Decimal

import pytest

from okrtui.calc import CalcError, check_magnitude


@pytest.mark.parametrize(
    "text", ["0", "1", "-3", "0.5", "1.50000000000000", "0E-20", "999999999999999"]
)
def test_ordinary_numbers_pass(text: str) -> None:
    assert check_magnitude(Decimal(text)) == Decimal(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1e999", "too large"),
        ("1e10000000", "too large"),
        ("-1e15", "too large"),
        ("1000000000000000", "too large"),
        ("1e-13", "more than 12 decimals"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
    ],
)
def test_extremes_are_refused(text: str, message: str) -> None:
    with pytest.raises(CalcError, match=message):
        check_magnitude(Decimal(text), "The target")
