"""Parsers for form fields: text in, typed value out, or a `ValueError` to show.

Each message names what is expected, because it is shown beside the field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation


def text(raw: str) -> str:
    """Required text, trimmed."""
    value = (raw or "").strip()
    if not value:
        raise ValueError("Required.")
    return value


def optional_text(raw: str) -> str:
    """Free text, trimmed; empty is fine."""
    return (raw or "").strip()


def decimal(raw: str) -> Decimal:
    """A finite number such as 12, -3.5 or 1,250.75 (thousands commas allowed)."""
    cleaned = (raw or "").strip().replace(",", "").replace("_", "").replace(" ", "")
    if not cleaned:
        raise ValueError("Enter a number.")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{raw.strip()}” is not a number.") from None
    if not value.is_finite():
        raise ValueError("Enter a finite number.")
    return value


def non_negative(raw: str) -> Decimal:
    """A number ≥ 0."""
    value = decimal(raw)
    if value < 0:
        raise ValueError("Must not be negative.")
    return value


def optional_decimal(raw: str) -> Decimal | None:
    """A number, or nothing."""
    return decimal(raw) if (raw or "").strip() else None


def optional_non_negative(raw: str) -> Decimal | None:
    """A number ≥ 0, or nothing."""
    return non_negative(raw) if (raw or "").strip() else None


def fte(raw: str) -> Decimal:
    """A full-time equivalent: more than 0, at most 1."""
    value = decimal(raw)
    if not Decimal(0) < value <= Decimal(1):
        raise ValueError("FTE must be more than 0 and at most 1 (0.5 = half time).")
    return value


def day(raw: str) -> date:
    """A calendar date written YYYY-MM-DD."""
    value = (raw or "").strip()
    if not value:
        raise ValueError("Enter a date as YYYY-MM-DD.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"“{value}” is not a date; write YYYY-MM-DD.") from None


def optional_day(raw: str) -> date | None:
    """A date, or nothing."""
    return day(raw) if (raw or "").strip() else None


def whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """A parser for a whole number in [low, high]; `high` None means no bound."""

    def parse(raw: str) -> int:
        value = (raw or "").strip()
        try:
            number = int(value)
        except ValueError:
            raise ValueError("Enter a whole number.") from None
        if number < low or (high is not None and number > high):
            bound = f"between {low} and {high}" if high is not None else f"≥ {low}"
            raise ValueError(f"Must be {bound}.")
        return number

    return parse


def optional_whole_number(low: int, high: int) -> Callable[[str], int | None]:
    """Like `whole_number`, but empty means no value."""
    inner = whole_number(low, high)

    def parse(raw: str) -> int | None:
        return inner(raw) if (raw or "").strip() else None

    return parse


def required_choice(raw: object) -> object:
    """A Select that must have a selection."""
    if raw is None:
        raise ValueError("Choose one.")
    return raw
