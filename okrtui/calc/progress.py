"""Key-result progress: how far a key result is from its start towards its target.

One formula serves both directions: `raw = (current − start) / (target − start)`,
and the score is `raw` clamped to [0, 1]. Thresholds (`at_least`, `at_most`) and
milestones score 0 or 1. Everything is exact; only `Progress.percent()` and
`Progress.label()` round, half-even, for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from okrtui.calc.display import format_number, format_percent
from okrtui.calc.errors import CalcError

_ZERO = Fraction(0)
_ONE = Fraction(1)


class KRKind(StrEnum):
    """How a key result is measured."""

    INCREASE = "increase"
    """Move a number up from start to a higher target."""
    DECREASE = "decrease"
    """Move a number down from start to a lower target."""
    AT_LEAST = "at_least"
    """Met when the current value is at or above the target."""
    AT_MOST = "at_most"
    """Met when the current value is at or below the target."""
    MILESTONE = "milestone"
    """Done or not done."""


def check_kr(kind: KRKind, start: Decimal, target: Decimal) -> None:
    """Refuse a key result whose start and target cannot be scored.

    Milestones have no start or target (the form hides them; they are 0 and 1), so
    only their finiteness is checked.

    Args:
        kind: How the key result is measured.
        start: The value at the start of the cycle.
        target: The value to reach.

    Raises:
        CalcError: If a value is not finite, target equals start, or the direction
            does not match the kind.
    """
    kind = KRKind(kind)
    _check_finite(start, "Start")
    _check_finite(target, "Target")
    if kind is KRKind.MILESTONE:
        return
    if target == start:
        raise CalcError("Target must differ from start.")
    if kind is KRKind.INCREASE and target < start:
        raise CalcError(
            "An increasing key result needs a target above its start; "
            "choose “decrease” to bring a number down."
        )
    if kind is KRKind.DECREASE and target > start:
        raise CalcError(
            "A decreasing key result needs a target below its start; "
            "choose “increase” to bring a number up."
        )


@dataclass(frozen=True)
class Progress:
    """Where a key result stands.

    The score is the one value used everywhere: tree, review, bonus and export.
    """

    current: Decimal
    """The latest checked-in value, or the start when there is no check-in."""
    raw: Fraction | None
    """Unclamped progress (1.25 is 125 %); `None` when there is no check-in."""
    score: Fraction
    """`raw` clamped to [0, 1]; 0 when there is no check-in."""
    has_checkin: bool
    """Whether any check-in counts yet."""
    kind: KRKind = KRKind.INCREASE
    """How the key result is measured (milestones are labelled done / not done)."""

    def percent(self) -> str:
        """The score as a whole percentage, rounded half-even: "59 %"."""
        return format_percent(self.score)

    def label(self) -> str:
        """A short text for the score, showing the raw value when it differs.

        Returns:
            "no check-in", "done" / "not done" for milestones, "below start" when
            the value went the wrong way, "125 %, scored 1.00" above the target,
            else the percentage such as "59 %".
        """
        if not self.has_checkin or self.raw is None:
            return "no check-in"
        if self.kind is KRKind.MILESTONE:
            return "done" if self.score == _ONE else "not done"
        if self.raw < _ZERO:
            return "below start"
        if self.raw > _ONE:
            return f"{format_percent(self.raw)}, scored {format_number(self.score, 2)}"
        return self.percent()


def kr_progress(
    kind: KRKind, start: Decimal, target: Decimal, current: Decimal | None
) -> Progress:
    """Score a key result from its latest value.

    Args:
        kind: How the key result is measured.
        start: The value at the start of the cycle.
        target: The value to reach.
        current: The latest checked-in value, or `None` when there is no check-in.
            For a milestone, 1 means done and 0 not done.

    Returns:
        The progress, exact.

    Raises:
        CalcError: If the key result or the checked-in value cannot be scored.
    """
    kind = KRKind(kind)
    check_kr(kind, start, target)
    if current is None:
        no_value = Decimal(0) if kind is KRKind.MILESTONE else start
        return Progress(no_value, None, _ZERO, False, kind)

    _check_finite(current, "The checked-in value")
    value = Fraction(current)
    if kind is KRKind.MILESTONE:
        if value not in (_ZERO, _ONE):
            raise CalcError("A milestone is either done (1) or not done (0).")
        raw = value
    elif kind is KRKind.AT_LEAST:
        raw = _ONE if current >= target else _ZERO
    elif kind is KRKind.AT_MOST:
        raw = _ONE if current <= target else _ZERO
    else:
        raw = (value - Fraction(start)) / (Fraction(target) - Fraction(start))
    return Progress(current, raw, min(max(raw, _ZERO), _ONE), True, kind)


def _check_finite(value: Decimal, what: str) -> None:
    """Refuse NaN and infinity, and floats (never exact)."""
    if not isinstance(value, Decimal | int) or isinstance(value, bool):
        raise TypeError(f"expected Decimal, got {type(value)!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise CalcError(f"{what} must be a finite number.")
