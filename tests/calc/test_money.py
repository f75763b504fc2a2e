"""Currencies, amounts as text, and the largest-remainder rounding."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from okrtui.calc import (
    CalcError,
    format_amount,
    largest_remainder,
    minor_units,
    parse_amount,
)

D = Decimal
F = Fraction


@pytest.mark.parametrize(
    ("currency", "digits"),
    [("JPY", 0), ("KRW", 0), ("CNY", 2), ("USD", 2), ("EUR", 2), ("BHD", 3)],
)
def test_minor_units(currency: str, digits: int) -> None:
    assert minor_units(currency) == digits
    assert minor_units(currency.lower()) == digits


@pytest.mark.parametrize("code", ["XYZ", "", "RMB", "US"])
def test_unknown_currencies_are_refused(code: str) -> None:
    with pytest.raises(CalcError, match="not a currency code"):
        minor_units(code)


@pytest.mark.parametrize(
    ("text", "currency", "amount"),
    [
        ("1,000.50", "USD", D("1000.50")),
        ("1000", "USD", D("1000.00")),
        (" 1 000.5 ", "EUR", D("1000.50")),
        ("1,234,567", "JPY", D("1234567")),
        ("12.345", "BHD", D("12.345")),
        ("0", "CNY", D("0.00")),
        ("+5", "USD", D("5.00")),
    ],
)
def test_parse_amount(text: str, currency: str, amount: Decimal) -> None:
    parsed = parse_amount(text, currency)

    assert parsed == amount
    assert parsed.as_tuple().exponent == -minor_units(currency)


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("", "USD", "Enter an amount"),
        ("-5", "USD", "negative"),
        ("abc", "USD", "not an amount"),
        ("NaN", "USD", "not an amount"),
        ("Infinity", "USD", "not an amount"),
        ("1e3", "USD", "not an amount"),
        ("1,5", "EUR", "not an amount"),
        ("$5", "USD", "not an amount"),
        ("1.005", "USD", "at most 2 decimals"),
        ("100.5", "JPY", "whole numbers"),
        ("1.0000", "BHD", "at most 3 decimals"),
        ("5", "XYZ", "not a currency code"),
    ],
)
def test_parse_amount_refuses(text: str, currency: str, message: str) -> None:
    with pytest.raises(CalcError, match=message):
        parse_amount(text, currency)


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (D("1000.50"), "USD", "1,000.50"),
        (D("1000"), "JPY", "1,000"),
        (D("1000.5"), "BHD", "1,000.500"),
        (D("1234567.8"), "CNY", "1,234,567.80"),
        (D("0.125"), "EUR", "0.12"),
        (D("0.135"), "EUR", "0.14"),
    ],
)
def test_format_amount(amount: Decimal, currency: str, text: str) -> None:
    assert format_amount(amount, currency) == text


def test_thousand_among_three_equal_weights() -> None:
    assert largest_remainder(100000, [F(1)] * 3, [1, 2, 3]) == [33334, 33333, 33333]


def test_thousand_among_six_equal_weights() -> None:
    units = largest_remainder(100000, [F(1)] * 6, [1, 2, 3, 4, 5, 6])

    assert sorted(units) == [16666, 16666, 16667, 16667, 16667, 16667]
    assert units[:4] == [16667] * 4  # ties go to the members created first
    assert sum(units) == 100000


def test_six_thirteen_by_weights_in_any_listing_order() -> None:
    weights = [98, 92, 98, 123, 102, 92]
    expected = [99, 93, 99, 125, 104, 93]

    assert largest_remainder(613, [F(w) for w in weights], [1, 2, 3, 4, 5, 6]) == (
        expected
    )
    reordered = [3, 5, 0, 4, 1, 2]
    units = largest_remainder(
        613, [F(weights[i]) for i in reordered], [i + 1 for i in reordered]
    )
    assert units == [expected[i] for i in reordered]


def test_ties_go_to_the_larger_weight_before_the_creation_order() -> None:
    # Exact shares 0.5 and 1.5: equal remainders, so the larger weight gets the
    # unit although the other member was created first.
    assert largest_remainder(2, [F(1), F(3)], [1, 2]) == [0, 2]


def test_ties_of_equal_weights_go_to_the_member_created_first() -> None:
    assert largest_remainder(1, [F(1), F(1)], [1, 2]) == [1, 0]
    assert largest_remainder(1, [F(1), F(1)], [2, 1]) == [0, 1]


def test_all_zero_weights_share_nothing() -> None:
    assert largest_remainder(500, [F(0), F(0)], [1, 2]) == [0, 0]
    assert largest_remainder(500, [], []) == []


def test_largest_remainder_refuses_bad_input() -> None:
    with pytest.raises(CalcError, match="negative"):
        largest_remainder(-1, [F(1)], [1])
    with pytest.raises(CalcError, match="negative"):
        largest_remainder(10, [F(-1), F(2)], [1, 2])
    with pytest.raises(CalcError, match="order"):
        largest_remainder(10, [F(1)], [1, 2])
