"""Objective scores, grades, pace, staleness and a member's OKR score."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from okrtui.calc import (
    CalcError,
    Grade,
    KRInput,
    KRKind,
    ObjectiveInput,
    Pace,
    elapsed,
    expected_score,
    grade,
    is_stale,
    pace,
    score_cycle,
    weight_shares,
    weighted_mean,
)

D = Decimal
F = Fraction
FIRST = date(2026, 10, 1)
LAST = date(2026, 12, 31)  # 92 days


def test_objective_weights_make_exactly_one_hundred_percent() -> None:
    weights = [D("72.68"), D("10.93"), D("2.73"), D("13.66")]

    shares = weight_shares(weights)

    assert sum(shares) == 1
    assert weighted_mean((w, F(1)) for w in weights) == 1
    assert shares[0] == F(7268, 10000)


def test_weighted_mean_leaves_out_zero_weights_and_missing_scores() -> None:
    items = [(D(2), F(1, 2)), (D(0), F(1)), (D(1), None), (D(1), F(1))]

    assert weighted_mean(items) == F(2, 3)


def test_weighted_mean_of_nothing_is_no_score_not_zero() -> None:
    assert weighted_mean([]) is None
    assert weighted_mean([(D(0), F(1)), (D(3), None)]) is None


def test_weighted_mean_refuses_negative_weights() -> None:
    with pytest.raises(CalcError, match="negative"):
        weighted_mean([(D(-1), F(1))])
    with pytest.raises(CalcError, match="negative"):
        weight_shares([D(1), D(-1)])


def test_weight_shares_of_zero_total_are_zero() -> None:
    assert weight_shares([D(0), D(0)]) == [0, 0]


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (F(0), Grade.RED),
        (F(399, 1000), Grade.RED),
        (F(4, 10), Grade.YELLOW),
        (F(699, 1000), Grade.YELLOW),
        (F(7, 10), Grade.GREEN),
        (F(1), Grade.GREEN),
    ],
)
def test_grade_bands_are_half_open(score: Fraction, band: Grade) -> None:
    assert grade(score) is band


def test_grade_refuses_scores_outside_zero_one() -> None:
    with pytest.raises(CalcError):
        grade(F(11, 10))


def test_expected_score_of_committed_and_aspirational() -> None:
    assert expected_score(True) == 1
    assert expected_score(False) == F(7, 10)


def test_elapsed_counts_calendar_days_inclusive() -> None:
    assert elapsed(FIRST, LAST, FIRST) == F(1, 92)
    assert elapsed(FIRST, LAST, LAST) == 1
    assert elapsed(FIRST, LAST, FIRST - timedelta(days=5)) == 0
    assert elapsed(FIRST, LAST, LAST + timedelta(days=5)) == 1
    assert elapsed(FIRST, LAST, date(2026, 11, 15)) == F(46, 92)


def test_elapsed_refuses_a_cycle_that_ends_before_it_starts() -> None:
    with pytest.raises(CalcError, match="last day"):
        elapsed(LAST, FIRST, FIRST)


def test_pace_bands() -> None:
    halfway = date(2026, 11, 15)  # elapsed exactly 0.5

    assert pace(F(475, 1000), FIRST, LAST, halfway) is Pace.ON_TRACK
    assert pace(F(474, 1000), FIRST, LAST, halfway) is Pace.AT_RISK
    assert pace(F(375, 1000), FIRST, LAST, halfway) is Pace.AT_RISK
    assert pace(F(374, 1000), FIRST, LAST, halfway) is Pace.OFF_TRACK
    assert pace(F(0), FIRST, LAST, FIRST - timedelta(days=1)) is Pace.ON_TRACK


def test_stale_after_the_cadence_without_a_checkin() -> None:
    assert not is_stale(None, FIRST + timedelta(days=6), 7, FIRST)
    assert is_stale(None, FIRST + timedelta(days=7), 7, FIRST)


def test_stale_when_the_last_checkin_is_older_than_the_cadence() -> None:
    monday = date(2026, 11, 2)

    assert not is_stale(monday, monday + timedelta(days=7), 7, FIRST)
    assert is_stale(monday, monday + timedelta(days=8), 7, FIRST)


def test_stale_refuses_a_cadence_under_a_day() -> None:
    with pytest.raises(CalcError, match="cadence"):
        is_stale(None, FIRST, 0, FIRST)


def _kr(
    kr_id: int,
    objective_id: int,
    current: str | None,
    *,
    owner: int | None = None,
    weight: str = "1",
) -> KRInput:
    return KRInput(
        id=kr_id,
        objective_id=objective_id,
        kind=KRKind.INCREASE,
        start=D(0),
        target=D(10),
        weight=D(weight),
        owner_id=owner,
        current=None if current is None else D(current),
    )


def test_objective_score_is_weighted_over_krs_and_children() -> None:
    objectives = [
        ObjectiveInput(1, None, D(1), None),
        ObjectiveInput(2, 1, D(2), 7),
        ObjectiveInput(3, 1, D(1), 8),
    ]
    krs = [
        _kr(10, 1, "10", weight="1"),  # 1.0
        _kr(11, 2, "5"),  # 0.5
        _kr(12, 3, None),  # no check-in: counts as 0
    ]

    scores = score_cycle(objectives, krs)

    assert scores.objective[2] == F(1, 2)
    assert scores.objective[3] == 0
    assert scores.objective[1] == (1 * 1 + 2 * F(1, 2) + 1 * 0) / 4
    assert scores.team_score() == scores.objective[1]
    assert scores.kr[12].label() == "no check-in"


def test_objective_with_nothing_to_count_has_no_score() -> None:
    scores = score_cycle([ObjectiveInput(1, None, D(1), None)], [])

    assert scores.objective[1] is None
    assert scores.team_score() is None


def test_member_score_prefers_owned_objectives_then_owned_krs() -> None:
    objectives = [
        ObjectiveInput(1, None, D(3), 7),
        ObjectiveInput(2, None, D(1), 7),
        ObjectiveInput(3, None, D(1), None),
    ]
    krs = [
        _kr(10, 1, "10"),
        _kr(11, 2, "0"),
        _kr(12, 3, "5", owner=8, weight="2"),
        _kr(13, 3, "10", owner=8, weight="2"),
    ]

    scores = score_cycle(objectives, krs)

    assert scores.member_score(7) == F(3, 4)
    assert scores.member_score(8) == F(3, 4)
    assert scores.member_score_and_source(8)[1] == "key results"
    assert scores.member_score(9) is None
    assert scores.member_score_and_source(9) == (
        None,
        "owns no objectives or key results",
    )


def test_a_parent_outside_the_cycle_makes_a_root() -> None:
    scores = score_cycle([ObjectiveInput(1, 99, D(1), None)], [_kr(10, 1, "5")])

    assert scores.team_score() == F(1, 2)


def test_alignment_loops_are_refused() -> None:
    objectives = [ObjectiveInput(1, 2, D(1), None), ObjectiveInput(2, 1, D(1), None)]

    with pytest.raises(CalcError, match="loop"):
        score_cycle(objectives, [])


def test_a_key_result_that_cannot_be_scored_is_named() -> None:
    bad = KRInput(5, 1, KRKind.INCREASE, D(3), D(3), D(1), None, None)

    with pytest.raises(CalcError, match="#5.*Target must differ"):
        score_cycle([ObjectiveInput(1, None, D(1), None)], [bad])


def test_deep_alignment_does_not_recurse() -> None:
    depth = 5000
    objectives = [
        ObjectiveInput(i, i - 1 if i else None, D(1), None) for i in range(depth)
    ]

    scores = score_cycle(objectives, [_kr(1, depth - 1, "10")])

    assert scores.team_score() == 1
