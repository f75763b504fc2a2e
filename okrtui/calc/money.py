"""Money: currencies and their minor units, parsing, formatting, and fair rounding.

Amounts are `Decimal` values held in the currency's minor unit (cents, fils, or
whole yen), never floats. `largest_remainder()` is the one place where exact shares
become whole minor units, by the rule in the product contract.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from okrtui.calc.display import as_fraction
from okrtui.calc.errors import CalcError
from okrtui.calc.limits import check_magnitude

_ZERO_DIGIT = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE_DIGIT = "BHD IQD JOD KWD LYD OMR TND"
_FOUR_DIGIT = "CLF UYW"
_TWO_DIGIT = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP
    ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR
    JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU
    MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR
    RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
    TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG
"""

MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(_TWO_DIGIT.split(), 2),
    **dict.fromkeys(_ZERO_DIGIT.split(), 0),
    **dict.fromkeys(_THREE_DIGIT.split(), 3),
    **dict.fromkeys(_FOUR_DIGIT.split(), 4),
}
"""Digits after the decimal point of each ISO 4217 currency in circulation."""

# Digits with optional groups of exactly three after commas, then optional decimals.
# "1,5" is refused rather than read as 15: a decimal comma must not turn into a
# thousands separator when money is at stake.
# ASCII digits only: "\d" would also take other scripts' digits (١٢٣).
_AMOUNT = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?")
_SPACES = re.compile(r"[\s\u00a0\u202f_']")


def minor_units(currency: str) -> int:
    """The number of digits after the decimal point of a currency (ISO 4217).

    Args:
        currency: The three-letter code, such as "USD", "JPY" or "BHD".

    Returns:
        2 for most currencies, 0 for JPY and KRW, 3 for BHD, KWD, OMR and TND.

    Raises:
        CalcError: If the code is not a currency in circulation.
    """
    code = currency.strip().upper() if isinstance(currency, str) else ""
    try:
        return MINOR_UNITS[code]
    except KeyError:
        raise CalcError(
            f"“{currency}” is not a currency code this app knows; "
            "use a three-letter ISO code such as USD, EUR, CNY or JPY."
        ) from None


def parse_amount(text: str, currency: str) -> Decimal:
    """Read an amount of money typed by a person.

    Commas may group thousands, and spaces are ignored: "1,000.50" and "1 000.50"
    both give `Decimal("1000.50")`. The result has exactly the currency's number of
    decimals.

    Args:
        text: What was typed.
        currency: The currency's three-letter code.

    Returns:
        The amount, quantized to the currency's minor unit.

    Raises:
        CalcError: If the text is empty, negative, not a plain number, too large
            (`limits.MAX_ABS`), or has more decimals than the currency has.
    """
    digits = minor_units(currency)
    cleaned = _SPACES.sub("", text or "")
    if not cleaned:
        raise CalcError("Enter an amount.")
    if cleaned.startswith("-"):
        raise CalcError("An amount cannot be negative.")
    match = _AMOUNT.fullmatch(cleaned.removeprefix("+"))
    if match is None:
        raise CalcError(
            f"“{text.strip()}” is not an amount; write it like 1,000.50 "
            "(commas for thousands, a point for decimals)."
        )
    decimals = match.group(1) or ""
    if len(decimals) > digits:
        raise CalcError(_too_many_decimals(currency, digits))
    try:
        amount = Decimal(match.group(0).replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise CalcError(f"“{text.strip()}” is not an amount.") from None
    # Before quantize, which cannot hold more than 28 digits.
    check_magnitude(amount, "The amount")
    return amount.quantize(Decimal(1).scaleb(-digits))


def check_amount(amount: Decimal, currency: str, what: str) -> int:
    """Refuse an amount that is negative, not finite, or finer than the minor unit.

    Args:
        amount: The amount.
        currency: The currency's three-letter code.
        what: How to name the amount in a message, such as "The base pool".

    Returns:
        The amount in whole minor units (cents for USD).

    Raises:
        CalcError: If the amount cannot be used as money in this currency.
    """
    digits = minor_units(currency)
    value = as_fraction(amount)
    if value < 0:
        raise CalcError(f"{what} cannot be negative.")
    scale: int = 10**digits
    scaled = value * scale
    if scaled.denominator != 1:
        raise CalcError(f"{what}: {_too_many_decimals(currency, digits)}")
    return scaled.numerator


def _too_many_decimals(currency: str, digits: int) -> str:
    """The message for an amount finer than the currency's minor unit."""
    code = currency.strip().upper()
    if digits == 0:
        return f"{code} amounts are whole numbers, without decimals."
    return f"{code} amounts have at most {digits} decimals."


def from_minor(units: int, currency: str) -> Decimal:
    """An amount given in minor units, as a `Decimal` with the currency's decimals.

    Args:
        units: Whole minor units (33334 cents).
        currency: The currency's three-letter code.

    Returns:
        The amount (`Decimal("333.34")`).
    """
    return Decimal(units).scaleb(-minor_units(currency))


def format_amount(amount: Decimal, currency: str) -> str:
    """Show an amount with thousands commas and the currency's decimals.

    Args:
        amount: The amount; extra decimals are rounded half-even for display.
        currency: The currency's three-letter code.

    Returns:
        The text, such as "1,000.50" (USD), "1,000" (JPY) or "1,000.500" (BHD).
    """
    digits = minor_units(currency)
    rounded = round(as_fraction(amount) * 10**digits)
    return f"{Decimal(rounded).scaleb(-digits):,.{digits}f}"


def largest_remainder(
    total_minor: int, weights: Sequence[Fraction], order: Sequence[int]
) -> list[int]:
    """Share whole minor units in proportion to weights, by the largest remainder.

    Each exact share is floored to whole units; the units left over go one each to
    the largest fractional remainders; ties go to the larger weight, then to the
    smaller `order` (the member created first). The result does not depend on the
    order in which the weights are listed.

    Args:
        total_minor: The units to share (≥ 0), such as 100000 cents.
        weights: One weight per member, each ≥ 0.
        order: One creation rank per member, for the last tie-break.

    Returns:
        Units per member, in the order given. They sum to `total_minor` when any
        weight is above 0; otherwise all are 0.

    Raises:
        CalcError: If the total or a weight is negative, or the lengths differ.
    """
    if len(weights) != len(order):
        raise CalcError("Every weight needs an order to break ties.")
    if total_minor < 0:
        raise CalcError("The amount to share cannot be negative.")
    values = [as_fraction(w) for w in weights]
    if any(v < 0 for v in values):
        raise CalcError("Weights cannot be negative.")
    ranks = [(rank, i) for i, rank in enumerate(order)]
    return apportion(total_minor, integer_weights(values), ranks)


def integer_weights(weights: Sequence[Fraction]) -> list[int]:
    """Scale fractions by their common denominator into integers in the same ratios.

    Sharing then needs only integer arithmetic, which stays fast for thousands of
    members even when the weights have large denominators.

    Args:
        weights: Exact weights.

    Returns:
        Integers proportional to `weights`.
    """
    common = math.lcm(*(w.denominator for w in weights)) if weights else 1
    return [w.numerator * (common // w.denominator) for w in weights]


def apportion(
    total: int, weights: Sequence[int], order: Sequence[tuple[int, int]]
) -> list[int]:
    """The largest-remainder rule on integer weights.

    Args:
        total: Whole units to share, ≥ 0.
        weights: Integer weights, each ≥ 0.
        order: Tie-break keys, smaller first, all different: (creation rank, id).

    Returns:
        Units per weight; all 0 when the weights sum to 0.
    """
    weight_sum = sum(weights)
    if weight_sum == 0:
        return [0] * len(weights)
    floors: list[int] = []
    remainders: list[int] = []
    for w in weights:
        whole, rest = divmod(total * w, weight_sum)
        floors.append(whole)
        remainders.append(rest)
    left = total - sum(floors)
    if left:
        # All remainders share the denominator `weight_sum`, so they compare as ints.
        ranked = sorted(
            (i for i, rest in enumerate(remainders) if rest),
            key=lambda i: (-remainders[i], -weights[i], order[i]),
        )
        for i in ranked[:left]:
            floors[i] += 1
    return floors
