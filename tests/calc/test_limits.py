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


def test_amounts_take_ascii_digits_only() -> None:
    from okrtui.calc import parse_amount

    assert parse_amount("1,000.50", "USD") == Decimal("1000.50")
    with pytest.raises(CalcError):
        parse_amount("١٢٣", "USD")


def test_a_higher_tier_cannot_pay_less() -> None:
    from datetime import date
    from fractions import Fraction

    from okrtui.calc import BonusParams, MemberInput, Method, Tier, allocate

    params = BonusParams(
        method=Method.TARGET,
        currency="USD",
        base_pool=Decimal("100.00"),
        tiers=(
            Tier(min_score=Fraction(1, 2), multiplier=Decimal(2)),
            Tier(min_score=Fraction(9, 10), multiplier=Decimal(0)),
        ),
    )
    member = MemberInput(
        member_id=1,
        name="A",
        order=1,
        fte=Decimal(1),
        joined=None,
        left=None,
        okr_score=Fraction(1),
    )
    with pytest.raises(CalcError, match="cannot pay less"):
        allocate(params, [member], date(2026, 1, 1), date(2026, 3, 31))
