"""Parsers for form fields: text in, typed value out, or a `ValueError` to show.

Each message names what is expected, because it is shown beside the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from okrtui.calc import CalcError, check_magnitude


def text(raw: str) -> str:
    """Required text, trimmed."""
    value = (raw or "").strip()
    if not value:
        raise ValueError("Required.")
    return value


def optional_text(raw: str) -> str:
    """Free text, trimmed; empty is fine."""
    return (raw or "").strip()


# Plain digits, or digits grouped by commas in threes: "1250.75", "1,250.75".
_NUMBER = re.compile(r"[+-]?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?([eE][+-]?\d+)?")


def decimal(raw: str) -> Decimal:
    """A number such as 12, -3.5 or 1,250.75: commas only group thousands.

    "1,5" is refused rather than read as 15: a decimal comma is a common slip.
    """
    text = (raw or "").strip()
    cleaned = text.replace(" ", "").replace("_", "")
    if not cleaned:
        raise ValueError("Enter a number.")
    digits = any(c.isdigit() for c in cleaned.split("e")[0].split("E")[0])
    if not (_NUMBER.fullmatch(cleaned) and cleaned.isascii() and digits):
        hint = " (use a point for decimals: 1.5)" if "," in cleaned else ""
        raise ValueError(f"“{text}” is not a number{hint}.")
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f"“{text}” is not a number.") from None
    try:
        check_magnitude(value, "The number")
    except CalcError as exc:
        raise ValueError(str(exc)) from None
    # 1e3 is kept as 1000, not 1E+3, so that it reads back as typed.
    return Decimal(format(value, "f")) if "e" in cleaned.lower() else value


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
