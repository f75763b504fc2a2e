"""The bonus pool split: pool, proration, the four methods, caps and rounding.

Each member gets a weight `w = basis × proration`, and the effective pool is shared
in proportion to the weights. Shares are exact fractions until the last step, where
`money.apportion()` turns them into whole minor units by the largest-remainder
rule. Caps are applied to the exact shares first, so rounding can never lift an
amount above its cap. Every amount keeps the trace `explain()` reads back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from okrtui.calc.display import (
    as_fraction,
    format_number,
    format_percent,
    format_prefix,
    format_score,
    round_half_even,
)
from okrtui.calc.errors import CalcError
from okrtui.calc.money import (
    apportion,
    check_amount,
    format_amount,
    from_minor,
    integer_weights,
    minor_units,
)
from okrtui.calc.scoring import cycle_days

_ZERO = Fraction(0)
_ONE = Fraction(1)

OKR_DIMENSION = "okr"
"""The composite dimension key that stands for the member's OKR score."""

DEFAULT_THRESHOLD = Fraction(7, 10)
"""The score from which a member qualifies under target achievement."""


class Method(StrEnum):
    """How each member's basis is found."""

    PERFORMANCE = "performance"
    """Basis = the OKR score, or a manual override with a written reason."""
    TARGET = "target"
    """Basis = 1 (or a tier's multiplier) when the score reaches the threshold."""
    CONTRIBUTION = "contribution"
    """Basis = contribution points the manager assigns."""
    COMPOSITE = "composite"
    """Basis = weighted mean of normalised dimension values."""


@dataclass(frozen=True)
class PayoutCurve:
    """Turns the team's OKR score into the pool multiplier.

    At or below `threshold` the multiplier is 0; it rises linearly to 1.0 at
    `target`, then linearly to `cap_payout` at `cap`, and stays flat above.
    """

    threshold: Fraction
    target: Fraction
    cap: Fraction
    cap_payout: Fraction

    def check(self) -> None:
        """Refuse a curve that cannot be read.

        Raises:
            CalcError: Unless 0 ≤ threshold < target ≤ cap ≤ 1 and the payout at the
                cap is at least 1.0 (exactly 1.0 when the cap is the target).
        """
        threshold, target, cap = _fractions(self.threshold, self.target, self.cap)
        payout = as_fraction(self.cap_payout)
        if not _ZERO <= threshold < target <= cap <= _ONE:
            raise CalcError(
                "A payout curve needs 0 ≤ threshold < target ≤ cap ≤ 1 "
                "(for example 0.3, 0.7 and 1.0)."
            )
        if payout < _ONE:
            raise CalcError("The payout at the cap must be at least 1.0.")
        if cap == target and payout != _ONE:
            raise CalcError(
                "When the cap equals the target, the payout at the cap must be 1.0."
            )

    def payout(self, score: Fraction) -> Fraction:
        """The multiplier for a team score, exact.

        Args:
            score: The team's OKR score in [0, 1].

        Returns:
            The multiplier.

        Raises:
            CalcError: If the curve or the score is invalid.
        """
        self.check()
        threshold, target, cap = _fractions(self.threshold, self.target, self.cap)
        payout = as_fraction(self.cap_payout)
        value = as_fraction(score)
        if not _ZERO <= value <= _ONE:
            raise CalcError("The team's OKR score must be between 0 and 1.")
        if value <= threshold:
            return _ZERO
        if value <= target:
            return (value - threshold) / (target - threshold)
        if value >= cap:
            return payout
        return _ONE + (payout - _ONE) * (value - target) / (cap - target)


@dataclass(frozen=True)
class Tier:
    """Under target achievement, the multiplier from a score upwards."""

    min_score: Fraction
    multiplier: Decimal


DimensionRule = Literal["target", "max"]
"""How a dimension's values become [0, 1]: value / target capped at 1, or value /
the team's largest value."""


@dataclass(frozen=True)
class Dimension:
    """One dimension of the composite method, such as workload or satisfaction."""

    key: str
    """Identifies the values in `MemberInput.dimensions`; "okr" is the OKR score."""
    label: str
    """The name shown on screen."""
    weight: Decimal
    """Relative weight (30, 40, 30 need not sum to 100); 0 leaves it out."""
    rule: DimensionRule
    target: Decimal | None = None
    """The value that counts as full marks, for the "target" rule."""


@dataclass(frozen=True)
class MemberInput:
    """One member's inputs to a bonus split."""

    member_id: int
    name: str
    order: int
    """Creation rank: the last tie-break of the rounding (smaller first)."""
    fte: Decimal
    joined: date | None
    left: date | None
    okr_score: Fraction | None
    """The member's OKR score for the cycle; `None` when they own nothing scored."""
    override: Decimal | None = None
    """A manual score in [0, 1] that replaces the OKR score; needs a reason."""
    override_reason: str = ""
    points: Decimal | None = None
    """Contribution points (≥ 0, relative), for the contribution method."""
    dimensions: Mapping[str, Decimal] = field(default_factory=dict)
    """Values by dimension key, for the composite method; a missing key is missing."""
    cap_amount: Decimal | None = None
    """The most this member can get, in the plan's currency."""
    cap_share: Decimal | None = None
    """The most this member can get, as a share of the pool (0.25 is a quarter)."""


@dataclass(frozen=True)
class BonusParams:
    """The rule of a bonus split: pool, multiplier and method with its parameters."""

    method: Method
    currency: str
    base_pool: Decimal
    multiplier: Decimal | None = Decimal(1)
    """Set by hand; `None` derives it from `curve` and `team_score`."""
    curve: PayoutCurve | None = None
    team_score: Fraction | None = None
    threshold: Fraction = DEFAULT_THRESHOLD
    """Target achievement: the lowest qualifying score (inclusive)."""
    tiers: tuple[Tier, ...] = ()
    """Target achievement: multipliers by score, `min_score` strictly increasing."""
    dimensions: tuple[Dimension, ...] = ()
    """Composite: the dimensions and their weights."""


@dataclass(frozen=True)
class AllocationRow:
    """One member's line of the allocation, with everything needed to explain it."""

    member_id: int
    name: str
    basis: Fraction | None
    """What the method gives the member before proration; `None` when excluded."""
    basis_note: str
    """The basis in words: "OKR score 0.82", "override 0.90: led the migration"."""
    proration: Fraction
    weight: Fraction
    """basis × proration; the pool is shared in proportion to it."""
    share: Fraction
    """The member's exact part of the pool, after caps (0 to 1)."""
    exact: Fraction
    """The exact amount in currency units, before rounding."""
    amount: Decimal
    """The amount paid, in currency units."""
    adjustment: Decimal
    """amount − exact rounded down to the minor unit: 0 or one minor unit."""
    cap: Decimal | None
    """The member's cap in currency units, if any."""
    capped: bool
    """Whether the cap cut the member's share."""
    excluded_reason: str | None
    """Why the member takes no part ("no OKR score"); `None` when included."""
    notes: tuple[str, ...]
    """Further remarks, such as a dimension re-weighted for a missing value."""
    order: int = 0
    fte: Decimal = Decimal(1)
    days_employed: int = 0
    """Days of the cycle the member was employed, both ends included."""
    days_in_cycle: int = 0


@dataclass(frozen=True)
class Allocation:
    """The result of a bonus split: one row per member and what is left over."""

    currency: str
    base_pool: Decimal
    multiplier: Decimal
    """The pool multiplier, rounded half-even to 4 decimals for display."""
    pool: Decimal
    """base × multiplier, rounded half-even to the minor unit."""
    rows: tuple[AllocationRow, ...]
    distributed: Decimal
    undistributed: Decimal
    undistributed_reason: str | None
    method: Method = Method.PERFORMANCE
    multiplier_exact: Fraction = _ONE
    """The multiplier as computed; the pool is based on this one."""
    multiplier_note: str = ""
    """How the multiplier was found, in words."""


def days_employed(
    joined: date | None, left: date | None, first: date, last: date
) -> int:
    """The days of a cycle a member was employed, both ends included.

    Args:
        joined: The first working day, or `None` when employed before the cycle.
        left: The last working day, or `None` when still employed.
        first: The cycle's first day.
        last: The cycle's last day.

    Returns:
        Days in [0, days in the cycle].

    Raises:
        CalcError: If the cycle ends before it starts, or `left` is before `joined`.
    """
    cycle_days(first, last)
    if joined is not None and left is not None and left < joined:
        raise CalcError("The leaving date cannot be before the joining date.")
    start = first if joined is None else max(first, joined)
    end = last if left is None else min(last, left)
    return max(0, (end - start).days + 1)


def proration(
    fte: Decimal, joined: date | None, left: date | None, first: date, last: date
) -> Fraction:
    """`FTE × days employed within the cycle / days in the cycle`, exact.

    Args:
        fte: Full-time equivalent, more than 0 and at most 1.
        joined: The first working day, or `None`.
        left: The last working day, or `None`.
        first: The cycle's first day.
        last: The cycle's last day.

    Returns:
        The proration in [0, 1]; 0 when the member was not employed in the cycle.

    Raises:
        CalcError: If the FTE is outside (0, 1] or the dates are inconsistent.
    """
    value = as_fraction(fte)
    if not _ZERO < value <= _ONE:
        raise CalcError("FTE must be more than 0 and at most 1 (0.5 is half time).")
    days = days_employed(joined, left, first, last)
    return value * Fraction(days, cycle_days(first, last))


def pool_multiplier(curve: PayoutCurve, team_score: Fraction) -> Fraction:
    """The pool multiplier a payout curve gives for the team's OKR score.

    Args:
        curve: The payout curve.
        team_score: The team's OKR score in [0, 1].

    Returns:
        The multiplier, exact.

    Raises:
        CalcError: If the curve or the score is invalid.
    """
    return curve.payout(team_score)


@dataclass(frozen=True)
class _Basis:
    """A member's basis before proration, with its words."""

    value: Fraction | None
    note: str
    excluded: str | None = None
    notes: tuple[str, ...] = ()


def allocate(
    params: BonusParams, members: Sequence[MemberInput], first: date, last: date
) -> Allocation:
    """Split the bonus pool among members.

    Args:
        params: Pool, multiplier, method and its parameters.
        members: Every member of the plan, in any order; the amounts do not depend
            on it. Rows come back in the same order.
        first: The cycle's first day.
        last: The cycle's last day.

    Returns:
        The allocation. Its amounts add up to the effective pool less the
        undistributed part.

    Raises:
        CalcError: If any input is refused; the message says which and why.
    """
    method = Method(params.method)
    currency = params.currency.strip().upper()
    digits = minor_units(currency)
    base_minor = check_amount(params.base_pool, currency, "The base pool")
    multiplier, multiplier_note = _multiplier(params)
    pool_minor = round(base_minor * multiplier)
    days_in_cycle = cycle_days(first, last)
    _check_members(members)

    bases = _bases(method, params, members)
    prorations: list[Fraction] = []
    days: list[int] = []
    for m in members:
        days.append(days_employed(m.joined, m.left, first, last))
        prorations.append(as_fraction(m.fte) * Fraction(days[-1], days_in_cycle))
    excluded = [
        _employment_gap(m, first, last) if d == 0 else b.excluded
        for m, b, d in zip(members, bases, days, strict=True)
    ]
    weights = [
        _ZERO if reason is not None or b.value is None else b.value * p
        for b, p, reason in zip(bases, prorations, excluded, strict=True)
    ]
    caps = [_cap_minor(m, currency, pool_minor) for m in members]

    scaled = integer_weights(weights)
    ranks = [(m.order, m.member_id) for m in members]
    units, exact, capped = _share_out(pool_minor, scaled, caps, ranks)

    total_weight = sum(scaled)
    scale = 10**digits
    rows = []
    for i, m in enumerate(members):
        numerator, denominator = exact[i]
        if pool_minor:
            share = Fraction(numerator, denominator * pool_minor)
        else:
            share = Fraction(scaled[i], total_weight) if total_weight else _ZERO
        cap = caps[i]
        rows.append(
            AllocationRow(
                member_id=m.member_id,
                name=m.name,
                basis=None if excluded[i] is not None else bases[i].value,
                basis_note=bases[i].note,
                proration=prorations[i],
                weight=weights[i],
                share=share,
                exact=Fraction(numerator, denominator * scale),
                amount=from_minor(units[i], currency),
                adjustment=from_minor(units[i] - numerator // denominator, currency),
                cap=None if cap is None else from_minor(cap, currency),
                capped=i in capped,
                excluded_reason=excluded[i],
                notes=bases[i].notes,
                order=m.order,
                fte=m.fte,
                days_employed=days[i],
                days_in_cycle=days_in_cycle,
            )
        )

    distributed = sum(units)
    left_over = pool_minor - distributed
    return Allocation(
        currency=currency,
        base_pool=from_minor(base_minor, currency),
        multiplier=round_half_even(multiplier, 4),
        pool=from_minor(pool_minor, currency),
        rows=tuple(rows),
        distributed=from_minor(distributed, currency),
        undistributed=from_minor(left_over, currency),
        undistributed_reason=(
            _undistributed_reason(method, params, bases, capped, left_over, currency)
            if left_over
            else None
        ),
        method=method,
        multiplier_exact=multiplier,
        multiplier_note=multiplier_note,
    )


def _share_out(
    pool: int,
    weights: Sequence[int],
    caps: Sequence[int | None],
    ranks: Sequence[tuple[int, int]],
) -> tuple[list[int], list[tuple[int, int]], set[int]]:
    """Share the pool in minor units: caps on the exact shares, then rounding.

    Args:
        pool: The effective pool in minor units.
        weights: Integer weights, one per member.
        caps: Caps in minor units, `None` for none.
        ranks: Tie-break keys (creation rank, id).

    Returns:
        (units per member, exact units per member as (numerator, denominator),
        indexes of the capped members).
    """
    capped, remaining, uncapped_weight = _apply_caps(weights, caps, pool)
    free = [i for i in range(len(weights)) if i not in capped]
    free_units = apportion(
        remaining if uncapped_weight else 0,
        [weights[i] for i in free],
        [ranks[i] for i in free],
    )
    units = [0] * len(weights)
    exact = [(0, 1)] * len(weights)
    for i, u in zip(free, free_units, strict=True):
        units[i] = u
        if uncapped_weight:
            exact[i] = (remaining * weights[i], uncapped_weight)
    for i in capped:
        cap = caps[i] or 0
        units[i] = cap
        exact[i] = (cap, 1)
    return units, exact, capped


def _apply_caps(
    weights: Sequence[int], caps: Sequence[int | None], pool: int
) -> tuple[set[int], int, int]:
    """Cap the members whose exact share exceeds their cap, until stable.

    Capping one member raises everyone else's share, so members are taken in
    rising order of cap per unit of weight: once one stays under its cap, all the
    ones after it do too. This reaches the same result as capping and re-sharing
    round after round, in one sort instead of one pass per round.

    Args:
        weights: Integer weights.
        caps: Caps in minor units, `None` for none.
        pool: The pool in minor units.

    Returns:
        (capped indexes, units left for the uncapped, their total weight).
    """
    remaining = pool
    uncapped_weight = sum(weights)
    candidates = sorted(
        (i for i, cap in enumerate(caps) if cap is not None and weights[i] > 0),
        key=lambda i: Fraction(caps[i] or 0, weights[i]),
    )
    capped: set[int] = set()
    for i in candidates:
        cap = caps[i] or 0
        # Exact share remaining × w / W above the cap, compared without division.
        if uncapped_weight == 0 or cap * uncapped_weight >= remaining * weights[i]:
            break
        capped.add(i)
        remaining -= cap
        uncapped_weight -= weights[i]
    return capped, remaining, uncapped_weight


def _multiplier(params: BonusParams) -> tuple[Fraction, str]:
    """The exact pool multiplier and how it was found."""
    if params.multiplier is not None:
        value = as_fraction(params.multiplier)
        if value < 0:
            raise CalcError("The pool multiplier cannot be negative.")
        return value, f"set by hand: {_plain(params.multiplier)}"
    if params.curve is None:
        raise CalcError(
            "Set the pool multiplier by hand or choose a payout curve for it."
        )
    if params.team_score is None:
        raise CalcError(
            "The team has no OKR score yet, so the payout curve cannot set the "
            "pool multiplier; set it by hand instead."
        )
    curve = params.curve
    value = curve.payout(params.team_score)
    return value, (
        f"team OKR score {format_score(as_fraction(params.team_score))} on the "
        f"payout curve (0 at {format_score(as_fraction(curve.threshold))}, "
        f"1.0 at {format_score(as_fraction(curve.target))}, "
        f"{format_number(as_fraction(curve.cap_payout), 2)} from "
        f"{format_score(as_fraction(curve.cap))}): {format_number(value, 4)}"
    )


def _check_members(members: Sequence[MemberInput]) -> None:
    """Refuse inputs that no method can use."""
    seen: set[int] = set()
    for m in members:
        if m.member_id in seen:
            raise CalcError(f"{m.name} appears twice in the bonus plan.")
        seen.add(m.member_id)
        fte = as_fraction(m.fte)
        if not _ZERO < fte <= _ONE:
            raise CalcError(
                f"The FTE of {m.name} must be more than 0 and at most 1 "
                "(0.5 is half time)."
            )
        if m.joined is not None and m.left is not None and m.left < m.joined:
            raise CalcError(
                f"The leaving date of {m.name} is before their joining date."
            )
        if m.okr_score is not None and not _ZERO <= as_fraction(m.okr_score) <= _ONE:
            raise CalcError(f"The OKR score of {m.name} must be between 0 and 1.")
        if m.override is not None:
            if not _ZERO <= as_fraction(m.override) <= _ONE:
                raise CalcError(
                    f"The override score of {m.name} must be between 0 and 1."
                )
            if not m.override_reason.strip():
                raise CalcError(
                    f"The override for {m.name} needs a written reason; "
                    "it is shown in the table."
                )


def _bases(
    method: Method, params: BonusParams, members: Sequence[MemberInput]
) -> list[_Basis]:
    """Every member's basis under the method."""
    if method is Method.PERFORMANCE:
        return [_performance(m) for m in members]
    if method is Method.TARGET:
        threshold = as_fraction(params.threshold)
        tiers = _checked_tiers(params.tiers, threshold)
        return [_target(m, threshold, tiers) for m in members]
    if method is Method.CONTRIBUTION:
        return [_contribution(m) for m in members]
    return _composite(params.dimensions, members)


def _score(m: MemberInput) -> tuple[Fraction | None, str, tuple[str, ...]]:
    """The score the score-based methods use: an override, else the OKR score."""
    if m.override is not None:
        original = (
            "no OKR score"
            if m.okr_score is None
            else f"OKR score {format_score(as_fraction(m.okr_score))}"
        )
        return (
            as_fraction(m.override),
            f"override {format_number(m.override, 2)}: {m.override_reason.strip()}",
            (f"the override replaces {original}",),
        )
    if m.okr_score is None:
        return None, "no OKR score", ()
    score = as_fraction(m.okr_score)
    return score, f"OKR score {format_score(score)}", ()


def _performance(m: MemberInput) -> _Basis:
    score, note, notes = _score(m)
    if score is None:
        return _Basis(None, note, "no OKR score")
    return _Basis(score, note, None, notes)


def _checked_tiers(tiers: Sequence[Tier], threshold: Fraction) -> list[Tier]:
    """Refuse a threshold or tiers that target achievement cannot use."""
    if not _ZERO <= threshold <= _ONE:
        raise CalcError("The qualifying threshold must be between 0 and 1.")
    previous: Fraction | None = None
    paid: Fraction | None = None
    for tier in tiers:
        low = as_fraction(tier.min_score)
        if not _ZERO <= low <= _ONE:
            raise CalcError("A tier's lowest score must be between 0 and 1.")
        if previous is not None and low <= previous:
            raise CalcError(
                "Tiers must be listed with their lowest scores strictly increasing."
            )
        multiplier = as_fraction(tier.multiplier)
        if multiplier < 0:
            raise CalcError("A tier's multiplier cannot be negative.")
        if paid is not None and multiplier < paid:
            raise CalcError(
                "A higher tier cannot pay less than a lower one: list multipliers "
                "that do not decrease."
            )
        previous, paid = low, multiplier
    if tiers and as_fraction(tiers[0].min_score) > threshold:
        raise CalcError(
            f"The first tier starts at {format_score(as_fraction(tiers[0].min_score))}"
            f", above the threshold {format_score(threshold)}, so members in between "
            "would qualify without a multiplier; lower the first tier or raise the "
            "threshold."
        )
    return list(tiers)


def _target(m: MemberInput, threshold: Fraction, tiers: Sequence[Tier]) -> _Basis:
    score, note, notes = _score(m)
    if score is None:
        return _Basis(None, note, "no OKR score")
    if score < threshold:
        below = f"{note}, below the threshold {format_score(threshold)}: no share"
        return _Basis(_ZERO, below, None, notes)
    reached = [t for t in tiers if as_fraction(t.min_score) <= score]
    if not reached:
        qualifies = f"{note}, qualifies (threshold {format_score(threshold)})"
        return _Basis(_ONE, qualifies, None, notes)
    tier = reached[-1]
    return _Basis(
        as_fraction(tier.multiplier),
        f"{note}, reached the tier from {format_score(as_fraction(tier.min_score))}: "
        f"×{_plain(tier.multiplier)}",
        None,
        notes,
    )


def _contribution(m: MemberInput) -> _Basis:
    if m.points is None:
        return _Basis(None, "no contribution points", "no contribution points")
    points = as_fraction(m.points)
    if points < 0:
        raise CalcError(f"The contribution points of {m.name} cannot be negative.")
    return _Basis(points, f"{_plain(m.points)} contribution points")


def _composite(
    dimensions: Sequence[Dimension], members: Sequence[MemberInput]
) -> list[_Basis]:
    """Weighted means of normalised dimension values, re-weighted where missing."""
    active = _checked_dimensions(dimensions)
    weights = dict(
        zip(
            (d.key for d in active),
            integer_weights([as_fraction(d.weight) for d in active]),
            strict=True,
        )
    )
    values = [
        {d.key: v for d in active if (v := _dimension_value(m, d)) is not None}
        for m in members
    ]

    # Each value is divided by its dimension's target, or by the team's largest.
    scales: dict[str, Fraction] = {}
    for d in active:
        present = [own[d.key] for own in values if d.key in own]
        if not present:
            raise CalcError(
                f"No member has a value for the dimension “{d.label}”; enter "
                "values or set its weight to 0."
            )
        if d.rule == "max":
            scales[d.key] = max(present)
        else:
            assert d.target is not None  # checked by _checked_dimensions
            scales[d.key] = as_fraction(d.target)

    bases = []
    for own in values:
        here = [d for d in active if d.key in own]
        if not here:
            bases.append(
                _Basis(None, "no dimension values", "no values for any dimension")
            )
            continue
        normalised = {d.key: _divide_capped(own[d.key], scales[d.key]) for d in here}
        basis = _integer_weighted_mean([(weights[k], v) for k, v in normalised.items()])
        parts = ", ".join(f"{d.label} {format_score(normalised[d.key])}" for d in here)
        notes: tuple[str, ...] = ()
        if len(here) < len(active):
            missing = [d.label for d in active if d.key not in own]
            kind = "dimension" if len(missing) == 1 else "dimensions"
            notes = (
                f"missing {kind} {', '.join(missing)}: re-weighted over "
                f"{', '.join(d.label for d in here)}",
            )
        bases.append(
            _Basis(basis, f"composite {format_score(basis)} ({parts})", None, notes)
        )
    return bases


def _divide_capped(value: Fraction, scale: Fraction) -> Fraction:
    """`min(value / scale, 1)`, and 0 when the scale is 0 (a team maximum of 0)."""
    if scale == 0:
        return _ZERO
    numerator = value.numerator * scale.denominator
    denominator = value.denominator * scale.numerator
    return _ONE if numerator >= denominator else Fraction(numerator, denominator)


def _integer_weighted_mean(pairs: Sequence[tuple[int, Fraction]]) -> Fraction:
    """`Σ w·v / Σ w` for a few integer weights (total > 0), reduced once at the end.

    Fraction arithmetic reduces after every step; for thousands of members that
    bookkeeping, not the arithmetic, is what costs.
    """
    numerator, denominator, total = 0, 1, 0
    for weight, value in pairs:
        numerator = (
            numerator * value.denominator + weight * value.numerator * denominator
        )
        denominator *= value.denominator
        total += weight
    return Fraction(numerator, denominator * total)


def _checked_dimensions(dimensions: Sequence[Dimension]) -> list[Dimension]:
    """The dimensions with a weight above 0, after refusing unusable ones."""
    if not dimensions:
        raise CalcError("The composite method needs at least one dimension.")
    keys: set[str] = set()
    for d in dimensions:
        if d.key in keys:
            raise CalcError(f"Two dimensions use the key “{d.key}”.")
        keys.add(d.key)
        if as_fraction(d.weight) < 0:
            raise CalcError(
                f"The weight of the dimension “{d.label}” cannot be negative."
            )
        if d.rule not in ("target", "max"):
            raise CalcError(
                f"The dimension “{d.label}” must be scored against a target or "
                "against the team's largest value."
            )
        if d.rule == "target" and (d.target is None or as_fraction(d.target) <= 0):
            raise CalcError(f"The dimension “{d.label}” needs a target above 0.")
    active = [d for d in dimensions if as_fraction(d.weight) > 0]
    if not active:
        raise CalcError(
            "The dimension weights add up to 0; give at least one dimension a weight."
        )
    return active


def _dimension_value(m: MemberInput, d: Dimension) -> Fraction | None:
    """A member's raw value for a dimension, or `None` when missing."""
    if d.key == OKR_DIMENSION and d.key not in m.dimensions:
        score = m.override if m.override is not None else m.okr_score
        return None if score is None else as_fraction(score)
    raw = m.dimensions.get(d.key)
    if raw is None:
        return None
    value = as_fraction(raw)
    if value < 0:
        raise CalcError(f"The value of {m.name} for “{d.label}” cannot be negative.")
    return value


def _cap_minor(m: MemberInput, currency: str, pool_minor: int) -> int | None:
    """A member's cap in minor units (the smaller one when both kinds are set).

    A share of the pool is rounded down to the minor unit, so the amount paid can
    never exceed the share.
    """
    caps: list[int] = []
    if m.cap_amount is not None:
        caps.append(check_amount(m.cap_amount, currency, f"The cap for {m.name}"))
    if m.cap_share is not None:
        share = as_fraction(m.cap_share)
        if not _ZERO <= share <= _ONE:
            raise CalcError(
                f"The cap for {m.name} must be a share of the pool between 0 and 1 "
                "(0.25 is a quarter)."
            )
        exact = share * pool_minor
        caps.append(exact.numerator // exact.denominator)
    return min(caps) if caps else None


def _employment_gap(m: MemberInput, first: date, last: date) -> str:
    """Why a member has no days in the cycle."""
    if m.joined is not None and m.joined > last:
        return "joined after the cycle ended"
    if m.left is not None and m.left < first:
        return "left before the cycle started"
    return "not employed during the cycle"


def _undistributed_reason(
    method: Method,
    params: BonusParams,
    bases: Sequence[_Basis],
    capped: set[int],
    amount_minor: int,
    currency: str,
) -> str:
    """Why part of the pool is left over, in words."""
    amount = f"{format_amount(from_minor(amount_minor, currency), currency)} {currency}"
    if capped:
        return (
            f"Everyone with a share reached their cap, so {amount} is left "
            "undistributed."
        )
    if not bases:
        why = "there are no members in the plan"
    elif any(b.value for b in bases):
        why = "nobody with a share was employed during the cycle"
    else:
        why = {
            Method.PERFORMANCE: "every member's OKR score is 0 or missing",
            Method.TARGET: (
                "no member reached the threshold score of "
                f"{format_score(as_fraction(params.threshold))}"
            ),
            Method.CONTRIBUTION: "every member's contribution points are 0 or missing",
            Method.COMPOSITE: "every member's composite score is 0 or missing",
        }[method]
    return (
        f"Nothing is allocated because {why}; the whole pool of {amount} is "
        "undistributed."
    )


def explain(row: AllocationRow, allocation: Allocation) -> list[str]:
    """The trace of one amount, in lines a team member can follow.

    Args:
        row: The member's row.
        allocation: The allocation the row belongs to.

    Returns:
        Lines such as "Basis: OKR score 0.82", "Proration: 0.5 FTE × 92 of 92 days
        = 0.50", "Weight: 0.41 (basis × proration)", "Share of the pool: 20.50 %",
        "Exact amount: 2,050.004…", "Rounding: +0.01 (largest remainder)",
        "Capped at 3,000.00; the excess went to the others".
    """
    currency = allocation.currency
    digits = minor_units(currency)

    def money(value: Decimal) -> str:
        return format_amount(value, currency)

    if row.excluded_reason is not None:
        return [
            f"Not included: {row.excluded_reason}.",
            *(f"Note: {n}" for n in row.notes),
            f"Amount: {money(row.amount)}",
        ]

    lines = [
        f"Basis: {row.basis_note}",
        f"Proration: {_plain(row.fte)} FTE × {row.days_employed} of "
        f"{row.days_in_cycle} days = {format_number(row.proration, 2)}",
        f"Weight: {_short(row.weight)} (basis × proration)",
        f"Share of the pool: {format_percent(row.share, 2)}",
    ]
    scaled = row.exact * 10**digits
    if scaled.denominator == 1:
        lines.append(
            f"Exact amount: {money(Decimal(scaled.numerator).scaleb(-digits))}"
        )
    else:
        lines.append(
            f"Exact amount: {format_prefix(row.exact, digits + 1, grouping=True)}"
        )

    if row.capped:
        assert row.cap is not None
        others = any(r.weight > 0 and not r.capped for r in allocation.rows)
        where = "went to the others" if others else "is left undistributed"
        lines.append(f"Capped at {money(row.cap)}; the excess {where}")
    else:
        if row.adjustment > 0:
            lines.append(f"Rounding: +{money(row.adjustment)} (largest remainder)")
        elif scaled.denominator == 1:
            lines.append("Rounding: none needed")
        else:
            lines.append(
                f"Rounding: +{money(row.adjustment)} (rounded down; the units "
                "left over went to larger remainders)"
            )
        if row.cap is not None:
            lines.append(f"Cap {money(row.cap)} not reached")
    lines.extend(f"Note: {n}" for n in row.notes)
    lines.append(f"Amount: {money(row.amount)}")
    return lines


def _plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 0.50 → "0.5", 1E+1 → "10"."""
    return f"{value.normalize():f}"


def _short(value: Fraction) -> str:
    """Two decimals, or four when two would show a positive number as 0.00."""
    if 0 < value < Fraction(1, 200):
        return format_number(value, 4)
    return format_number(value, 2)


def _fractions(*values: Fraction) -> tuple[Fraction, ...]:
    """Several curve points as fractions (they may arrive as Decimals)."""
    return tuple(as_fraction(v) for v in values)
