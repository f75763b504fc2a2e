"""The bonus split: methods, pool, proration, caps, rounding, refusals and traces."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from okrtui.calc import (
    Allocation,
    CalcError,
    Dimension,
    MemberInput,
    Method,
    PayoutCurve,
    Tier,
    allocate,
    days_employed,
    explain,
    pool_multiplier,
    proration,
)

from .builders import FIRST, LAST, member, params

D = Decimal
F = Fraction


def amounts(allocation: Allocation) -> dict[int, Decimal]:
    return {row.member_id: row.amount for row in allocation.rows}


def points(*values: int) -> list[MemberInput]:
    return [member(i + 1, points=D(v)) for i, v in enumerate(values)]


# ---- the worked examples ----


def test_thousand_among_three_equal_weights() -> None:
    allocation = allocate(
        params(Method.PERFORMANCE), [member(i) for i in (1, 2, 3)], FIRST, LAST
    )

    assert [r.amount for r in allocation.rows] == [
        D("333.34"),
        D("333.33"),
        D("333.33"),
    ]
    assert allocation.distributed == D("1000.00")
    assert allocation.undistributed == 0
    assert allocation.undistributed_reason is None


def test_thousand_among_six_equal_weights() -> None:
    allocation = allocate(params(Method.CONTRIBUTION), points(*[5] * 6), FIRST, LAST)

    values = sorted(r.amount for r in allocation.rows)
    assert values == [D("166.66")] * 2 + [D("166.67")] * 4
    assert sum(values) == D("1000.00")


def test_six_thirteen_by_weights_whatever_the_listing_order() -> None:
    members = points(98, 92, 98, 123, 102, 92)
    expected = {
        1: D("0.99"),
        2: D("0.93"),
        3: D("0.99"),
        4: D("1.25"),
        5: D("1.04"),
        6: D("0.93"),
    }

    forward = allocate(params(Method.CONTRIBUTION, "6.13"), members, FIRST, LAST)
    backward = allocate(params(Method.CONTRIBUTION, "6.13"), members[::-1], FIRST, LAST)
    shuffled = [members[i] for i in (3, 0, 5, 2, 4, 1)]
    mixed = allocate(params(Method.CONTRIBUTION, "6.13"), shuffled, FIRST, LAST)

    assert amounts(forward) == expected
    assert amounts(backward) == expected
    assert amounts(mixed) == expected
    assert [r.member_id for r in backward.rows] == [6, 5, 4, 3, 2, 1]


def test_member_who_joined_after_the_cycle_gets_nothing_and_others_share() -> None:
    late = member(3, joined=LAST + timedelta(days=3))
    allocation = allocate(
        params(Method.PERFORMANCE), [member(1), member(2), late], FIRST, LAST
    )

    row = allocation.rows[2]
    assert row.proration == 0
    assert row.amount == 0
    assert row.excluded_reason == "joined after the cycle ended"
    assert amounts(allocation) == {1: D("500.00"), 2: D("500.00"), 3: D("0.00")}


# ---- pool and multiplier ----


@pytest.mark.parametrize(
    ("base", "multiplier", "pool"),
    [
        ("1000.00", "1.2", "1200.00"),
        ("0.05", "1.5", "0.08"),  # 7.5 cents: half-even goes to 8
        ("0.25", "0.5", "0.12"),  # 12.5 cents: half-even goes to 12
        ("1000.00", "0", "0.00"),
    ],
)
def test_effective_pool_is_rounded_half_even(
    base: str, multiplier: str, pool: str
) -> None:
    allocation = allocate(
        params(Method.PERFORMANCE, base, multiplier=D(multiplier)),
        [member(1)],
        FIRST,
        LAST,
    )

    assert allocation.pool == D(pool)
    assert allocation.distributed == D(pool)


CURVE = PayoutCurve(F(3, 10), F(7, 10), F(1), F(3, 2))


@pytest.mark.parametrize(
    ("score", "multiplier"),
    [
        (F(0), F(0)),
        (F(2, 10), F(0)),
        (F(3, 10), F(0)),
        (F(5, 10), F(1, 2)),
        (F(7, 10), F(1)),
        (F(85, 100), F(5, 4)),
        (F(1), F(3, 2)),
    ],
)
def test_payout_curve(score: Fraction, multiplier: Fraction) -> None:
    assert pool_multiplier(CURVE, score) == multiplier


def test_payout_curve_is_flat_above_the_cap() -> None:
    curve = PayoutCurve(F(3, 10), F(7, 10), F(9, 10), F(2))

    assert pool_multiplier(curve, F(95, 100)) == 2
    assert pool_multiplier(curve, F(1)) == 2


def test_payout_curve_without_upside() -> None:
    curve = PayoutCurve(F(0), F(1, 2), F(1, 2), F(1))

    assert pool_multiplier(curve, F(9, 10)) == 1


def test_allocation_takes_its_multiplier_from_the_curve() -> None:
    allocation = allocate(
        params(
            Method.PERFORMANCE,
            "10000.00",
            multiplier=None,
            curve=CURVE,
            team_score=F(85, 100),
        ),
        [member(1)],
        FIRST,
        LAST,
    )

    assert allocation.multiplier_exact == F(5, 4)
    assert allocation.multiplier == D("1.2500")
    assert allocation.pool == D("12500.00")
    assert "team OKR score 0.85" in allocation.multiplier_note


def test_curve_below_threshold_makes_an_empty_pool_without_a_reason() -> None:
    allocation = allocate(
        params(Method.PERFORMANCE, multiplier=None, curve=CURVE, team_score=F(1, 10)),
        [member(1)],
        FIRST,
        LAST,
    )

    assert allocation.pool == 0
    assert allocation.undistributed == 0
    assert allocation.undistributed_reason is None


@pytest.mark.parametrize(
    ("curve", "message"),
    [
        (PayoutCurve(F(7, 10), F(3, 10), F(1), F(3, 2)), "threshold < target"),
        (PayoutCurve(F(-1, 10), F(7, 10), F(1), F(3, 2)), "threshold < target"),
        (PayoutCurve(F(3, 10), F(7, 10), F(6, 10), F(3, 2)), "target ≤ cap"),
        (PayoutCurve(F(3, 10), F(7, 10), F(11, 10), F(3, 2)), "cap ≤ 1"),
        (PayoutCurve(F(3, 10), F(7, 10), F(1), F(1, 2)), "at least 1.0"),
        (PayoutCurve(F(3, 10), F(7, 10), F(7, 10), F(2)), "must be 1.0"),
    ],
)
def test_unreadable_curves_are_refused(curve: PayoutCurve, message: str) -> None:
    with pytest.raises(CalcError, match=message):
        pool_multiplier(curve, F(1, 2))


def test_curve_refuses_a_team_score_outside_zero_one() -> None:
    with pytest.raises(CalcError, match="between 0 and 1"):
        pool_multiplier(CURVE, F(3, 2))


def test_a_curve_needs_a_team_score() -> None:
    with pytest.raises(CalcError, match="no OKR score"):
        allocate(
            params(Method.PERFORMANCE, multiplier=None, curve=CURVE),
            [member(1)],
            FIRST,
            LAST,
        )
    with pytest.raises(CalcError, match="payout curve"):
        allocate(params(Method.PERFORMANCE, multiplier=None), [member(1)], FIRST, LAST)


# ---- proration ----


def test_proration_full_part_time_and_partial_cycle() -> None:
    assert proration(D(1), None, None, FIRST, LAST) == 1
    assert proration(D("0.5"), None, None, FIRST, LAST) == F(1, 2)
    assert proration(D(1), date(2026, 11, 15), None, FIRST, LAST) == F(47, 92)
    assert proration(D("0.8"), None, date(2026, 10, 31), FIRST, LAST) == (
        F(8, 10) * F(31, 92)
    )
    assert proration(D(1), date(2026, 9, 1), date(2027, 2, 1), FIRST, LAST) == 1


def test_proration_of_zero_days_is_zero_not_an_error() -> None:
    assert proration(D(1), LAST + timedelta(days=1), None, FIRST, LAST) == 0
    assert proration(D(1), None, FIRST - timedelta(days=1), FIRST, LAST) == 0
    assert days_employed(None, FIRST - timedelta(days=1), FIRST, LAST) == 0


@pytest.mark.parametrize("fte", ["0", "-0.5", "1.01"])
def test_proration_refuses_fte_outside_zero_one(fte: str) -> None:
    with pytest.raises(CalcError, match="FTE"):
        proration(D(fte), None, None, FIRST, LAST)


def test_proration_refuses_inconsistent_dates() -> None:
    with pytest.raises(CalcError, match="leaving date"):
        proration(D(1), date(2026, 11, 2), date(2026, 11, 1), FIRST, LAST)
    with pytest.raises(CalcError, match="last day"):
        proration(D(1), None, None, LAST, FIRST)


def test_member_who_left_before_the_cycle_is_excluded() -> None:
    gone = member(2, left=FIRST - timedelta(days=1))
    allocation = allocate(params(Method.PERFORMANCE), [member(1), gone], FIRST, LAST)

    assert allocation.rows[1].excluded_reason == "left before the cycle started"
    assert amounts(allocation) == {1: D("1000.00"), 2: D("0.00")}


def test_part_time_halves_the_weight() -> None:
    allocation = allocate(
        params(Method.PERFORMANCE, "900.00"),
        [member(1), member(2, fte=D("0.5"))],
        FIRST,
        LAST,
    )

    assert amounts(allocation) == {1: D("600.00"), 2: D("300.00")}
    assert allocation.rows[1].weight == F(1, 2)


# ---- the four methods ----


def test_performance_uses_the_okr_score() -> None:
    allocation = allocate(
        params(Method.PERFORMANCE), [member(1, "0.8"), member(2, "0.2")], FIRST, LAST
    )

    assert amounts(allocation) == {1: D("800.00"), 2: D("200.00")}
    assert allocation.rows[0].basis_note == "OKR score 0.80"


def test_performance_override_replaces_the_score_and_shows_the_reason() -> None:
    overridden = member(
        2, "0.2", override=D("0.8"), override_reason="carried the migration alone"
    )
    allocation = allocate(
        params(Method.PERFORMANCE), [member(1, "0.8"), overridden], FIRST, LAST
    )

    row = allocation.rows[1]
    assert row.basis == F(4, 5)
    assert row.basis_note == "override 0.80: carried the migration alone"
    assert row.notes == ("the override replaces OKR score 0.20",)
    assert amounts(allocation) == {1: D("500.00"), 2: D("500.00")}


def test_an_override_gives_a_score_to_a_member_without_one() -> None:
    allocation = allocate(
        params(Method.PERFORMANCE),
        [member(1), member(2, None, override=D(1), override_reason="new joiner")],
        FIRST,
        LAST,
    )

    assert allocation.rows[1].excluded_reason is None
    assert allocation.rows[1].amount == D("500.00")


def test_override_needs_a_reason_and_a_score_between_zero_and_one() -> None:
    with pytest.raises(CalcError, match="written reason"):
        allocate(
            params(Method.PERFORMANCE),
            [member(1, override=D("0.5"), override_reason="  ")],
            FIRST,
            LAST,
        )
    with pytest.raises(CalcError, match="between 0 and 1"):
        allocate(
            params(Method.PERFORMANCE),
            [member(1, override=D("1.5"), override_reason="x")],
            FIRST,
            LAST,
        )


def test_member_without_okr_score_is_excluded_from_score_methods() -> None:
    for method in (Method.PERFORMANCE, Method.TARGET):
        allocation = allocate(params(method), [member(1), member(2, None)], FIRST, LAST)

        row = allocation.rows[1]
        assert row.excluded_reason == "no OKR score"
        assert row.basis is None
        assert row.amount == 0
        assert allocation.rows[0].amount == D("1000.00")


def test_target_threshold_is_inclusive_and_tiers_multiply() -> None:
    tiers = (Tier(F(7, 10), D("1.0")), Tier(F(9, 10), D("1.5")))
    members = [member(1, "0.95"), member(2, "0.7"), member(3, "0.6999")]

    allocation = allocate(params(Method.TARGET, tiers=tiers), members, FIRST, LAST)

    assert [r.basis for r in allocation.rows] == [F(3, 2), F(1), F(0)]
    assert amounts(allocation) == {1: D("600.00"), 2: D("400.00"), 3: D("0.00")}
    assert allocation.rows[2].excluded_reason is None
    assert "below the threshold 0.70" in allocation.rows[2].basis_note


def test_target_without_tiers_gives_qualifiers_equal_basis() -> None:
    members = [member(1, "0.95"), member(2, "0.75"), member(3, "0.5")]

    allocation = allocate(
        params(Method.TARGET, threshold=F(3, 4)), members, FIRST, LAST
    )

    assert amounts(allocation) == {1: D("500.00"), 2: D("500.00"), 3: D("0.00")}


def test_target_with_nobody_qualifying_leaves_the_pool_undistributed() -> None:
    allocation = allocate(
        params(Method.TARGET), [member(1, "0.5"), member(2, "0.1")], FIRST, LAST
    )

    assert allocation.distributed == 0
    assert allocation.undistributed == D("1000.00")
    reason = allocation.undistributed_reason or ""
    assert "threshold score of 0.70" in reason
    assert "1,000.00 USD" in reason


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"threshold": F(11, 10)}, "threshold must be between 0 and 1"),
        ({"threshold": F(-1, 10)}, "threshold must be between 0 and 1"),
        (
            {"tiers": (Tier(F(9, 10), D(1)), Tier(F(7, 10), D(2)))},
            "strictly increasing",
        ),
        (
            {"tiers": (Tier(F(7, 10), D(1)), Tier(F(7, 10), D(2)))},
            "strictly increasing",
        ),
        ({"tiers": (Tier(F(7, 10), D(-1)),)}, "multiplier cannot be negative"),
        ({"tiers": (Tier(F(8, 10), D(1)),)}, "above the threshold"),
        ({"tiers": (Tier(F(3, 2), D(1)),)}, "between 0 and 1"),
    ],
)
def test_target_refusals(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(CalcError, match=message):
        allocate(params(Method.TARGET, **changes), [member(1)], FIRST, LAST)


def test_contribution_points_are_relative() -> None:
    allocation = allocate(params(Method.CONTRIBUTION), points(30, 10, 10), FIRST, LAST)

    assert amounts(allocation) == {1: D("600.00"), 2: D("200.00"), 3: D("200.00")}
    assert allocation.rows[0].basis_note == "30 contribution points"


def test_contribution_without_points_is_excluded() -> None:
    allocation = allocate(
        params(Method.CONTRIBUTION), [member(1, points=D(3)), member(2)], FIRST, LAST
    )

    assert allocation.rows[1].excluded_reason == "no contribution points"
    assert allocation.rows[0].amount == D("1000.00")


def test_contribution_refuses_negative_points() -> None:
    with pytest.raises(CalcError, match="points of Member 2 cannot be negative"):
        allocate(params(Method.CONTRIBUTION), points(3, -1), FIRST, LAST)


def test_all_zero_points_leave_the_pool_undistributed() -> None:
    allocation = allocate(params(Method.CONTRIBUTION), points(0, 0), FIRST, LAST)

    assert allocation.undistributed == D("1000.00")
    assert "contribution points are 0" in (allocation.undistributed_reason or "")
    assert all(r.amount == 0 for r in allocation.rows)


WORKLOAD = Dimension("workload", "Workload", D(30), "target", D(100))
SATISFACTION = Dimension("satisfaction", "Satisfaction", D(40), "max")
OKR = Dimension("okr", "OKR score", D(30), "target", D(1))


def test_composite_normalises_and_reweights_missing_values() -> None:
    members = [
        member(1, "0.5", dimensions={"workload": D(150), "satisfaction": D(8)}),
        member(2, "1", dimensions={"workload": D(50)}),
    ]
    dims = (WORKLOAD, SATISFACTION, OKR)

    allocation = allocate(
        params(Method.COMPOSITE, dimensions=dims), members, FIRST, LAST
    )

    first, second = allocation.rows
    # Workload 150 of 100 caps at 1; satisfaction 8 is the team maximum: 1.
    assert first.basis == (30 * 1 + 40 * 1 + 30 * F(1, 2)) / F(100)
    assert first.notes == ()
    # No satisfaction: re-weighted over workload (30) and OKR score (30).
    assert second.basis == (30 * F(1, 2) + 30 * 1) / F(60)
    assert second.notes == (
        "missing dimension Satisfaction: re-weighted over Workload, OKR score",
    )
    assert first.basis_note.startswith("composite 0.85 (Workload 1.00")


def test_composite_dimension_weight_zero_is_left_out() -> None:
    dims = (WORKLOAD, replace(SATISFACTION, weight=D(0)))
    members = [member(1, dimensions={"workload": D(50)})]

    allocation = allocate(
        params(Method.COMPOSITE, dimensions=dims), members, FIRST, LAST
    )

    assert allocation.rows[0].basis == F(1, 2)
    assert allocation.rows[0].notes == ()


def test_composite_member_without_any_value_is_excluded() -> None:
    members = [member(1, dimensions={"workload": D(50)}), member(2)]

    allocation = allocate(
        params(Method.COMPOSITE, dimensions=(WORKLOAD,)), members, FIRST, LAST
    )

    assert allocation.rows[1].excluded_reason == "no values for any dimension"


def test_composite_max_rule_with_all_zero_values_scores_zero() -> None:
    members = [member(1, dimensions={"satisfaction": D(0)})]
    dims = (SATISFACTION, OKR)

    allocation = allocate(
        params(Method.COMPOSITE, dimensions=dims), members, FIRST, LAST
    )

    assert allocation.rows[0].basis == F(30, 70)


@pytest.mark.parametrize(
    ("dims", "message"),
    [
        ((), "at least one dimension"),
        ((replace(WORKLOAD, weight=D(0)),), "add up to 0"),
        (
            (WORKLOAD, SATISFACTION),
            "No member has a value for the dimension “Satisfaction”",
        ),
        ((replace(WORKLOAD, target=None),), "needs a target above 0"),
        ((replace(WORKLOAD, target=D(0)),), "needs a target above 0"),
        ((WORKLOAD, replace(WORKLOAD, label="Again")), "Two dimensions"),
        ((replace(WORKLOAD, weight=D(-1)),), "cannot be negative"),
        ((replace(WORKLOAD, rule="median"),), "against a target"),  # type: ignore[arg-type]
    ],
)
def test_composite_refusals(dims: tuple[Dimension, ...], message: str) -> None:
    members = [member(1, dimensions={"workload": D(50)})]

    with pytest.raises(CalcError, match=message):
        allocate(params(Method.COMPOSITE, dimensions=dims), members, FIRST, LAST)


def test_composite_refuses_negative_values() -> None:
    members = [member(1, dimensions={"workload": D(-5)})]

    with pytest.raises(CalcError, match="cannot be negative"):
        allocate(params(Method.COMPOSITE, dimensions=(WORKLOAD,)), members, FIRST, LAST)


# ---- caps ----


def test_cap_amount_sends_the_excess_to_the_others() -> None:
    members = [member(1, cap_amount=D("200.00")), member(2), member(3)]

    allocation = allocate(params(Method.PERFORMANCE), members, FIRST, LAST)

    assert amounts(allocation) == {1: D("200.00"), 2: D("400.00"), 3: D("400.00")}
    assert allocation.rows[0].capped
    assert allocation.rows[0].cap == D("200.00")
    assert not allocation.rows[1].capped


def test_caps_are_repeated_until_stable() -> None:
    members = [
        member(1, cap_amount=D("100.00")),
        member(2, cap_amount=D("260.00")),
        member(3, cap_amount=D("330.00")),
        member(4),
    ]

    allocation = allocate(params(Method.PERFORMANCE), members, FIRST, LAST)

    # 250 each; 1 capped at 100 → 300 each; 2 capped at 260 → 320 each.
    assert amounts(allocation) == {
        1: D("100.00"),
        2: D("260.00"),
        3: D("320.00"),
        4: D("320.00"),
    }
    assert [r.capped for r in allocation.rows] == [True, True, False, False]


def test_cap_as_share_of_the_pool() -> None:
    members = [member(1, cap_share=D("0.25")), member(2, "0.5")]

    allocation = allocate(params(Method.PERFORMANCE), members, FIRST, LAST)

    assert amounts(allocation) == {1: D("250.00"), 2: D("750.00")}


def test_share_cap_is_rounded_down_and_the_smaller_cap_wins() -> None:
    members = [
        member(1, cap_share=D("0.33333"), cap_amount=D("400.00")),
        member(2),
    ]

    allocation = allocate(params(Method.PERFORMANCE, "10.00"), members, FIRST, LAST)

    assert allocation.rows[0].cap == D("3.33")
    assert amounts(allocation) == {1: D("3.33"), 2: D("6.67")}


def test_rounding_never_lifts_an_amount_above_its_cap() -> None:
    # Uncapped, member 1 would get 333.34 (equal remainders, created first).
    members = [member(1, cap_amount=D("333.33")), member(2), member(3)]

    allocation = allocate(params(Method.PERFORMANCE), members, FIRST, LAST)

    assert allocation.rows[0].amount == D("333.33")
    assert allocation.distributed == D("1000.00")
    assert sorted(amounts(allocation).values()) == [D("333.33")] * 2 + [D("333.34")]


def test_everyone_capped_leaves_the_rest_undistributed() -> None:
    members = [member(i, cap_amount=D("100.00")) for i in (1, 2, 3)]

    allocation = allocate(params(Method.PERFORMANCE), members, FIRST, LAST)

    assert allocation.distributed == D("300.00")
    assert allocation.undistributed == D("700.00")
    assert "reached their cap" in (allocation.undistributed_reason or "")


def test_a_cap_of_zero_gives_nothing_and_others_take_all() -> None:
    members = [member(1, cap_amount=D(0)), member(2)]

    allocation = allocate(params(Method.PERFORMANCE), members, FIRST, LAST)

    assert amounts(allocation) == {1: D("0.00"), 2: D("1000.00")}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cap_amount": D("-1")}, "cap for Member 1 cannot be negative"),
        ({"cap_amount": D("1.005")}, "at most 2 decimals"),
        ({"cap_share": D("1.5")}, "between 0 and 1"),
        ({"cap_share": D("-0.1")}, "between 0 and 1"),
    ],
)
def test_cap_refusals(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(CalcError, match=message):
        allocate(params(Method.PERFORMANCE), [member(1, **changes)], FIRST, LAST)


# ---- currencies ----


@pytest.mark.parametrize(
    ("currency", "pool", "expected"),
    [
        ("JPY", "1000", ["334", "333", "333"]),
        ("CNY", "1000.00", ["333.34", "333.33", "333.33"]),
        ("USD", "1000.00", ["333.34", "333.33", "333.33"]),
        ("EUR", "0.02", ["0.01", "0.01", "0.00"]),
        ("BHD", "1.000", ["0.334", "0.333", "0.333"]),
    ],
)
def test_amounts_in_the_currency_minor_unit(
    currency: str, pool: str, expected: list[str]
) -> None:
    allocation = allocate(
        params(Method.PERFORMANCE, pool, currency=currency),
        [member(i) for i in (1, 2, 3)],
        FIRST,
        LAST,
    )

    assert [str(r.amount) for r in allocation.rows] == expected
    assert str(allocation.pool) == pool


def test_jpy_refuses_decimals_in_the_pool() -> None:
    with pytest.raises(CalcError, match="JPY amounts are whole numbers"):
        allocate(
            params(Method.PERFORMANCE, "1000.5", currency="JPY"),
            [member(1)],
            FIRST,
            LAST,
        )


# ---- refusals of the plan as a whole ----


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"base_pool": D("-1")}, "base pool cannot be negative"),
        ({"base_pool": D("NaN")}, "finite"),
        ({"multiplier": D("-0.5")}, "multiplier cannot be negative"),
        ({"currency": "ABC"}, "not a currency code"),
    ],
)
def test_plan_refusals(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(CalcError, match=message):
        allocate(params(Method.PERFORMANCE, **changes), [member(1)], FIRST, LAST)


def test_member_refusals() -> None:
    with pytest.raises(CalcError, match="FTE of Member 1"):
        allocate(params(Method.PERFORMANCE), [member(1, fte=D(0))], FIRST, LAST)
    with pytest.raises(CalcError, match="FTE of Member 1"):
        allocate(params(Method.PERFORMANCE), [member(1, fte=D("1.5"))], FIRST, LAST)
    with pytest.raises(CalcError, match="leaving date of Member 1"):
        allocate(
            params(Method.PERFORMANCE),
            [member(1, joined=date(2026, 11, 2), left=date(2026, 11, 1))],
            FIRST,
            LAST,
        )
    with pytest.raises(CalcError, match="appears twice"):
        allocate(params(Method.PERFORMANCE), [member(1), member(1)], FIRST, LAST)
    with pytest.raises(CalcError, match="OKR score of Member 1"):
        allocate(params(Method.PERFORMANCE), [member(1, "3/2")], FIRST, LAST)


def test_cycle_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(CalcError, match="last day"):
        allocate(params(Method.PERFORMANCE), [member(1)], LAST, FIRST)


def test_no_members_leaves_the_pool_undistributed() -> None:
    allocation = allocate(params(Method.PERFORMANCE), [], FIRST, LAST)

    assert allocation.rows == ()
    assert allocation.undistributed == D("1000.00")
    assert "no members" in (allocation.undistributed_reason or "")


# ---- rows and their explanation ----


def test_row_keeps_the_exact_amount_and_the_rounding_adjustment() -> None:
    allocation = allocate(
        params(Method.PERFORMANCE), [member(i) for i in (1, 2, 3)], FIRST, LAST
    )

    first, second, _ = allocation.rows
    assert first.exact == F(1000, 3)
    assert first.share == F(1, 3)
    assert first.adjustment == D("0.01")
    assert second.adjustment == D("0.00")


def test_explain_an_exact_amount() -> None:
    members = [
        member(1, "0.82", fte=D("0.5")),
        member(2, "0.8"),
        member(3, "0.79"),
    ]
    allocation = allocate(params(Method.PERFORMANCE), members, FIRST, LAST)
    row = allocation.rows[0]

    lines = explain(row, allocation)

    assert lines[:3] == [
        "Basis: OKR score 0.82",
        "Proration: 0.5 FTE × 92 of 92 days = 0.50",
        "Weight: 0.41 (basis × proration)",
    ]
    assert lines[3] == "Share of the pool: 20.50 %"
    assert lines[4:] == [
        "Exact amount: 205.00",
        "Rounding: none needed",
        "Amount: 205.00",
    ]


def test_explain_names_the_largest_remainder_and_the_cap() -> None:
    members = [member(1), member(2), member(3), member(4, cap_amount=D("100.00"))]
    allocation = allocate(params(Method.PERFORMANCE, "700.01"), members, FIRST, LAST)

    up = explain(allocation.rows[0], allocation)
    down = explain(allocation.rows[2], allocation)
    capped = explain(allocation.rows[3], allocation)

    assert "Exact amount: 200.003…" in up
    assert "Rounding: +0.01 (largest remainder)" in up
    assert any(line.startswith("Rounding: +0.00 (rounded down") for line in down)
    assert "Capped at 100.00; the excess went to the others" in capped


def test_explain_a_cap_that_leaves_money_undistributed() -> None:
    members = [member(1, cap_amount=D("3000.00"))]
    allocation = allocate(params(Method.PERFORMANCE, "5000.00"), members, FIRST, LAST)

    lines = explain(allocation.rows[0], allocation)

    assert "Capped at 3,000.00; the excess is left undistributed" in lines


def test_explain_an_excluded_member() -> None:
    allocation = allocate(
        params(Method.PERFORMANCE), [member(1), member(2, None)], FIRST, LAST
    )

    assert explain(allocation.rows[1], allocation) == [
        "Not included: no OKR score.",
        "Amount: 0.00",
    ]


def test_explain_shows_the_reweighting_note() -> None:
    members = [
        member(1, dimensions={"workload": D(100)}),
        member(2, dimensions={"workload": D(100), "satisfaction": D(5)}),
    ]
    allocation = allocate(
        params(Method.COMPOSITE, dimensions=(WORKLOAD, SATISFACTION)),
        members,
        FIRST,
        LAST,
    )

    lines = explain(allocation.rows[0], allocation)

    assert "Note: missing dimension Satisfaction: re-weighted over Workload" in lines


def test_nobody_employed_during_the_cycle_is_the_stated_reason() -> None:
    members = [member(1, joined=LAST + timedelta(days=1))]

    allocation = allocate(params(Method.PERFORMANCE), members, FIRST, LAST)

    assert allocation.undistributed == D("1000.00")
    assert "nobody with a share was employed" in (allocation.undistributed_reason or "")


def test_target_keeps_the_override_note_of_a_qualifier() -> None:
    members = [member(1, "0.5", override=D("0.8"), override_reason="blocked by IT")]

    allocation = allocate(params(Method.TARGET), members, FIRST, LAST)

    row = allocation.rows[0]
    assert row.basis == 1
    assert row.basis_note == "override 0.80: blocked by IT, qualifies (threshold 0.70)"
    assert row.notes == ("the override replaces OKR score 0.50",)


def test_composite_okr_dimension_uses_the_override() -> None:
    members = [
        member(1, "0.2", override=D("0.6"), override_reason="parental leave"),
        member(2, "0.6"),
    ]

    allocation = allocate(
        params(Method.COMPOSITE, dimensions=(OKR,)), members, FIRST, LAST
    )

    assert [r.basis for r in allocation.rows] == [F(3, 5), F(3, 5)]
