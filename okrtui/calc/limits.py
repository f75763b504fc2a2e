"""How large or fine a number okrtui accepts.

Decimal arithmetic is exact at any size, which also means that a value such as
1e10000000 can make one division run for minutes. Every number a person types or a
file brings is checked here first: what a team's OKRs and bonus pool need is far
inside these bounds.
"""

from __future__ import annotations

from decimal import Decimal

from okrtui.calc.errors import CalcError

MAX_ABS = Decimal("1e15")
"""Numbers must be smaller than a thousand trillion (in size)."""

MAX_DECIMALS = 12
"""Numbers may have at most this many digits after the point."""


def check_magnitude(value: Decimal, what: str = "The number") -> Decimal:
    """Refuse a number that is not finite, too large or too fine; return it.

    Args:
        value: The number.
        what: How the message names it ("The target", "The pool").

    Returns:
        `value` unchanged.

    Raises:
        CalcError: If `value` is NaN or infinite, at least `MAX_ABS` in size, or has
            more than `MAX_DECIMALS` digits after the point.
    """
    if not value.is_finite():
        raise CalcError(f"{what} must be a finite number.")
    # adjusted() reads the exponent: no arithmetic, so no overflow on 1e10000000.
    if value != 0 and value.adjusted() >= MAX_ABS.adjusted():
        raise CalcError(f"{what} is too large: keep it below 1,000,000,000,000,000.")
    # Trailing zeros do not count: 1.50000000000000 is 1.5.
    digits = value.as_tuple().digits
    exponent = value.as_tuple().exponent
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if isinstance(exponent, int) and value != 0 and exponent + zeros < -MAX_DECIMALS:
        raise CalcError(f"{what} has more than {MAX_DECIMALS} decimals.")
    return value
