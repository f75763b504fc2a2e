"""Turning exact numbers into text for the screen.

Calculations keep `Fraction` and `Decimal` values exact. Rounding happens here and
only here, always half-even, and only to show a number; nothing computed from the
text flows back into a calculation.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from okrtui.calc.errors import CalcError

NO_SCORE = "—"
"""What a missing score is shown as (never a silent 0)."""


def as_fraction(value: Fraction | Decimal | int) -> Fraction:
    """Convert an exact number to a `Fraction`, refusing floats and non-finite values.

    Args:
        value: A `Fraction`, `Decimal` or `int`.

    Returns:
        The same number as a `Fraction`.

    Raises:
        TypeError: If `value` is a float or another type; floats are never exact.
        CalcError: If `value` is a NaN or infinite `Decimal`.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"expected Fraction, Decimal or int, got {type(value)!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise CalcError("Numbers must be finite.")
    return Fraction(value)


def round_half_even(value: Fraction | Decimal | int, places: int) -> Decimal:
    """Round an exact number half-even to a number of decimal places, for display.

    Args:
        value: The exact number.
        places: Digits after the decimal point (0 or more).

    Returns:
        A `Decimal` with exactly `places` digits after the point.
    """
    exact = as_fraction(value)
    whole, rest = divmod(exact.numerator * 10**places, exact.denominator)
    # Floor division leaves 0 ≤ rest < denominator, so this is half-even for any sign.
    if 2 * rest > exact.denominator or (2 * rest == exact.denominator and whole % 2):
        whole += 1
    return Decimal(whole).scaleb(-places)


def format_number(
    value: Fraction | Decimal | int, places: int, *, grouping: bool = False
) -> str:
    """Show a number rounded half-even to `places` decimals.

    Args:
        value: The exact number.
        places: Digits after the decimal point.
        grouping: Separate thousands with commas ("1,000.50").

    Returns:
        The text, such as "0.82" or "1,000.50".
    """
    rounded = round_half_even(value, places)
    return f"{rounded:,.{places}f}" if grouping else f"{rounded:.{places}f}"


def format_percent(value: Fraction | Decimal | int, places: int = 0) -> str:
    """Show a ratio as a percentage rounded half-even: 0.59 becomes "59 %".

    Args:
        value: The ratio (1 is 100 %).
        places: Digits after the decimal point of the percentage.

    Returns:
        The text, such as "59 %" or "20.50 %".
    """
    return f"{format_number(as_fraction(value) * 100, places)} %"


def format_score(score: Fraction | None) -> str:
    """Show a score in [0, 1] with two decimals, or "—" when there is none.

    Args:
        score: The score, or `None` when nothing could be scored.

    Returns:
        The text, such as "0.82" or "—".
    """
    return NO_SCORE if score is None else format_number(score, 2)


def format_prefix(value: Fraction, places: int, *, grouping: bool = False) -> str:
    """Show the first `places` decimals of a number, with "…" when more digits follow.

    The digits shown are exact (cut, not rounded), so "2,050.004…" means the value
    lies between 2,050.004 and 2,050.005.

    Args:
        value: The exact number.
        places: Digits after the decimal point to show.
        grouping: Separate thousands with commas.

    Returns:
        The text, such as "2,050.004…" or "333.00".
    """
    scaled = abs(value) * 10**places
    whole = scaled.numerator // scaled.denominator
    digits = Decimal(whole).scaleb(-places)
    if value < 0:
        digits = -digits
    text = f"{digits:,.{places}f}" if grouping else f"{digits:.{places}f}"
    return text if whole == scaled else text + "…"


def plural(count: int, one: str, many: str | None = None) -> str:
    """A count with its noun: "1 key result", "3 key results", "2 people"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
