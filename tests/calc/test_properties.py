"""Properties of the bonus split that must hold for any team, checked by Hypothesis."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.calc import (
    Allocation,
    MemberInput,
    Method,
    allocate,
    largest_remainder,
)

from .builders import FIRST, LAST, member, params

FAST = settings(max_examples=150, deadline=None)

ftes = st.sampled_from([Decimal("0.5"), Decimal("0.8"), Decimal(1)])
pools = st.integers(min_value=0, max_value=10**7).map(lambda c: Decimal(c) / 100)


@st.composite
def teams(draw: st.DrawFn, *, caps: bool = True) -> list[MemberInput]:
    """1 to 12 members with contribution points, FTE and (maybe) caps."""
    size = draw(st.integers(min_value=1, max_value=12))
    team = []
    for i in range(size):
        cap = None
        if caps and draw(st.booleans()):
            cap = Decimal(draw(st.integers(min_value=0, max_value=10**6))) / 100
        team.append(
            member(
                i + 1,
                points=Decimal(draw(st.integers(min_value=0, max_value=500))),
                fte=draw(ftes),
                cap_amount=cap,
            )
        )
    return team


def _split(team: list[MemberInput], pool: Decimal) -> Allocation:
    return allocate(params(Method.CONTRIBUTION, str(pool)), team, FIRST, LAST)


def _amounts(allocation: Allocation) -> dict[int, Decimal]:
    return {row.member_id: row.amount for row in allocation.rows}


@FAST
@given(teams(), pools)
def test_amounts_add_up_and_respect_caps(
    team: list[MemberInput], pool: Decimal
) -> None:
    allocation = _split(team, pool)

    total = sum((r.amount for r in allocation.rows), Decimal(0))
    assert total == allocation.distributed
    assert total == allocation.pool - allocation.undistributed
    assert allocation.undistributed >= 0
    for row in allocation.rows:
        assert row.amount >= 0
        if row.cap is not None:
            assert row.amount <= row.cap
        assert abs(Fraction(row.amount) - row.exact) < Fraction(1, 100)
    if allocation.undistributed:
        assert allocation.undistributed_reason


@FAST
@given(teams(), pools, st.integers(min_value=2, max_value=1000))
def test_scaling_every_weight_changes_nothing(
    team: list[MemberInput], pool: Decimal, factor: int
) -> None:
    scaled = [
        MemberInput(**{**vars(m), "points": (m.points or 0) * factor / Decimal(8)})
        for m in team
    ]

    assert _amounts(_split(scaled, pool)) == _amounts(_split(team, pool))


@FAST
@given(teams(), pools, st.randoms(use_true_random=False))
def test_listing_order_changes_nothing(
    team: list[MemberInput], pool: Decimal, rng: object
) -> None:
    shuffled = list(team)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]

    assert _amounts(_split(shuffled, pool)) == _amounts(_split(team, pool))


@FAST
@given(teams(caps=False), pools)
def test_a_larger_weight_never_gets_less(
    team: list[MemberInput], pool: Decimal
) -> None:
    rows = _split(team, pool).rows

    for a in rows:
        for b in rows:
            if a.weight > b.weight:
                assert a.amount >= b.amount


@FAST
@given(teams(), pools)
def test_caps_match_resharing_round_after_round(
    team: list[MemberInput], pool: Decimal
) -> None:
    allocation = _split(team, pool)
    weights = {r.member_id: r.weight for r in allocation.rows}
    caps = {m.member_id: m.cap_amount for m in team if m.cap_amount is not None}

    # The rule as the product contract words it: cap, re-share the excess among the
    # uncapped in proportion to their weights, repeat until stable.
    capped: set[int] = set()
    while True:
        free = {i: w for i, w in weights.items() if i not in capped and w > 0}
        left = Fraction(allocation.pool) - sum(Fraction(caps[i]) for i in capped)
        total = sum(free.values())
        newly = {i for i, w in free.items() if i in caps and left * w / total > caps[i]}
        if not newly:
            break
        capped |= newly

    assert {r.member_id for r in allocation.rows if r.capped} == capped


@FAST
@given(
    st.integers(min_value=0, max_value=10**9),
    st.lists(
        st.fractions(min_value=0, max_value=1000, max_denominator=1000),
        min_size=1,
        max_size=20,
    ),
)
def test_largest_remainder_is_within_one_unit_of_the_exact_share(
    total: int, weights: list[Fraction]
) -> None:
    units = largest_remainder(total, weights, list(range(len(weights))))
    weight_sum = sum(weights)

    if weight_sum == 0:
        assert units == [0] * len(weights)
        return
    assert sum(units) == total
    for u, w in zip(units, weights, strict=True):
        exact = total * w / weight_sum
        assert exact - 1 < u < exact + 1


scores = st.one_of(
    st.none(), st.fractions(min_value=0, max_value=1, max_denominator=97)
)


@FAST
@given(
    st.lists(st.tuples(scores, ftes, st.integers(-120, 120)), min_size=1, max_size=12),
    pools,
    st.sampled_from([Method.PERFORMANCE, Method.TARGET]),
)
def test_score_methods_add_up_whoever_is_left_out(
    rows: list[tuple[Fraction | None, Decimal, int]], pool: Decimal, method: Method
) -> None:
    team = [
        member(
            i + 1,
            None,
            okr_score=score,
            fte=fte,
            joined=FIRST + timedelta(days=shift),
        )
        for i, (score, fte, shift) in enumerate(rows)
    ]

    allocation = allocate(params(method, str(pool)), team, FIRST, LAST)

    assert sum(r.amount for r in allocation.rows) == allocation.distributed
    assert allocation.distributed + allocation.undistributed == allocation.pool
    for row, m in zip(allocation.rows, team, strict=True):
        if m.okr_score is None or row.proration == 0:
            assert row.excluded_reason is not None
            assert row.amount == 0
    if allocation.undistributed:
        assert allocation.distributed == 0
        assert allocation.undistributed_reason
