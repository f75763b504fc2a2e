"""Key-result progress: one formula for both directions, exact, labelled for people."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from okrtui.calc import CalcError, KRKind, check_kr, kr_progress

D = Decimal


def test_five_point_nine_of_ten_from_zero_is_59_percent() -> None:
    progress = kr_progress(KRKind.INCREASE, D(0), D(10), D("5.9"))

    assert progress.score == Fraction(59, 100)
    assert progress.percent() == "59 %"
    assert progress.label() == "59 %"


def test_decrease_from_8_to_5_now_6_5_scores_one_half() -> None:
    progress = kr_progress(KRKind.DECREASE, D(8), D(5), D("6.5"))

    assert progress.raw == Fraction(1, 2)
    assert progress.score == Fraction(1, 2)


def test_no_checkin_is_start_with_score_zero() -> None:
    progress = kr_progress(KRKind.INCREASE, D(3), D(10), None)

    assert progress.current == D(3)
    assert progress.raw is None
    assert progress.score == 0
    assert not progress.has_checkin
    assert progress.label() == "no check-in"


def test_above_target_shows_raw_beside_score() -> None:
    progress = kr_progress(KRKind.INCREASE, D(0), D(8), D(10))

    assert progress.raw == Fraction(5, 4)
    assert progress.score == 1
    assert progress.label() == "125 %, scored 1.00"


def test_below_start_scores_zero_and_says_so() -> None:
    progress = kr_progress(KRKind.DECREASE, D(8), D(5), D(9))

    assert progress.raw is not None and progress.raw < 0
    assert progress.score == 0
    assert progress.label() == "below start"


def test_percent_rounds_half_even_for_display_only() -> None:
    half_up = kr_progress(KRKind.INCREASE, D(0), D(200), D(1))  # 0.5 %
    one_and_half = kr_progress(KRKind.INCREASE, D(0), D(200), D(3))  # 1.5 %

    assert half_up.percent() == "0 %"
    assert one_and_half.percent() == "2 %"
    assert half_up.score == Fraction(1, 200)


@pytest.mark.parametrize(
    ("kind", "current", "score"),
    [
        (KRKind.AT_LEAST, D(95), 1),
        (KRKind.AT_LEAST, D("94.99"), 0),
        (KRKind.AT_MOST, D(95), 1),
        (KRKind.AT_MOST, D("95.01"), 0),
    ],
)
def test_thresholds_are_inclusive(kind: KRKind, current: Decimal, score: int) -> None:
    assert kr_progress(kind, D(80), D(95), current).score == score


def test_milestone_done_and_not_done() -> None:
    done = kr_progress(KRKind.MILESTONE, D(0), D(1), D(1))
    not_done = kr_progress(KRKind.MILESTONE, D(0), D(1), D(0))

    assert (done.score, done.label()) == (Fraction(1), "done")
    assert (not_done.score, not_done.label()) == (Fraction(0), "not done")
    assert kr_progress(KRKind.MILESTONE, D(0), D(1), None).label() == "no check-in"


def test_milestone_refuses_other_values() -> None:
    with pytest.raises(CalcError, match="done"):
        kr_progress(KRKind.MILESTONE, D(0), D(1), D("0.5"))


@pytest.mark.parametrize(
    ("kind", "start", "target", "message"),
    [
        (KRKind.INCREASE, D(5), D(5), "Target must differ from start."),
        (KRKind.AT_LEAST, D(5), D(5), "Target must differ from start."),
        (KRKind.INCREASE, D(8), D(5), "target above its start"),
        (KRKind.DECREASE, D(5), D(8), "target below its start"),
        (KRKind.INCREASE, D("NaN"), D(5), "finite"),
        (KRKind.INCREASE, D(0), D("Infinity"), "finite"),
    ],
)
def test_check_kr_refuses(
    kind: KRKind, start: Decimal, target: Decimal, message: str
) -> None:
    with pytest.raises(CalcError, match=message):
        check_kr(kind, start, target)
    with pytest.raises(CalcError):
        kr_progress(kind, start, target, D(1))


def test_check_kr_accepts_matching_directions_and_any_milestone() -> None:
    check_kr(KRKind.INCREASE, D(0), D(10))
    check_kr(KRKind.DECREASE, D(8), D(5))
    check_kr(KRKind.AT_MOST, D(10), D(3))
    check_kr(KRKind.MILESTONE, D(0), D(0))


def test_kind_given_as_text_is_accepted() -> None:
    progress = kr_progress("decrease", D(8), D(5), D("6.5"))  # type: ignore[arg-type]

    assert progress.kind is KRKind.DECREASE


def test_non_finite_checkin_and_floats_are_refused() -> None:
    with pytest.raises(CalcError, match="finite"):
        kr_progress(KRKind.INCREASE, D(0), D(10), D("NaN"))
    with pytest.raises(TypeError):
        kr_progress(KRKind.INCREASE, D(0), D(10), 5.9)  # type: ignore[arg-type]
