"""Check-ins: dated within the cycle, corrections keep history, scores use the
newest one that counts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from conftest import Team
from store_helpers import count

from okrtui.store import CheckIn, NotFoundError, RefusedError, message


def _checkin(team: Team, day: str, value: str, **extra: object) -> CheckIn:
    return team.store.add_checkin(
        CheckIn(kr_id=team.csat.id or 0, day=day, value=value, **extra)  # type: ignore[arg-type]
    )


def test_add_and_list_newest_first(team: Team) -> None:
    first = _checkin(team, "2026-10-08", "83", confidence=6, note="Started")
    second = _checkin(team, "2026-10-15", "84.5", confidence=7)
    same_day = _checkin(team, "2026-10-15", "84.6")
    assert first.note == "Started" and first.confidence == 6
    assert first.created_at is not None
    assert [c.id for c in team.store.checkins(team.csat.id or 0)] == [
        same_day.id,
        second.id,
        first.id,
    ]


def test_date_must_lie_within_the_cycle(team: Team) -> None:
    for day in ("2026-09-30", "2027-01-01"):
        with pytest.raises(RefusedError) as caught:
            _checkin(team, day, "85")
        assert message(caught.value) == (
            f"Date {day} is outside cycle 2026-Q4 (2026-10-01 to 2026-12-31)."
        )
    # Both ends count.
    _checkin(team, "2026-10-01", "82")
    _checkin(team, "2026-12-31", "90")
    assert count(team.store, "checkins") == 2


def test_milestone_is_done_or_not(team: Team) -> None:
    kr = team.playbook.id or 0
    with pytest.raises(RefusedError, match="done"):
        team.store.add_checkin(CheckIn(kr_id=kr, day="2026-10-08", value="0.5"))
    done = team.store.add_checkin(CheckIn(kr_id=kr, day="2026-10-08", value="1"))
    assert done.value == Decimal(1)


def test_unknown_key_result_is_refused(team: Team) -> None:
    with pytest.raises(NotFoundError, match="key result #999"):
        team.store.add_checkin(CheckIn(kr_id=999, day="2026-10-08", value="1"))


def test_a_saved_check_in_is_never_edited(team: Team) -> None:
    c = _checkin(team, "2026-10-08", "83")
    with pytest.raises(RefusedError, match="correction"):
        team.store.add_checkin(c)


def test_correction_keeps_history(team: Team) -> None:
    s = team.store
    old = _checkin(team, "2026-10-08", "38", note="typo")
    new = s.correct_checkin(
        old.id or 0,
        CheckIn(kr_id=team.csat.id or 0, day="2026-10-08", value="83", note="fixed"),
    )
    assert s.checkin(old.id or 0).superseded_by == new.id
    assert s.checkins(team.csat.id or 0) == [new]
    history = s.checkin_history(team.csat.id or 0)
    assert [(c.value, c.superseded_by) for c in history] == [
        (Decimal(83), None),
        (Decimal(38), new.id),
    ]
    assert s.latest_checkins(team.cycle.id or 0) == {team.csat.id: new}


def test_correction_refusals_change_nothing(team: Team) -> None:
    s = team.store
    old = _checkin(team, "2026-10-08", "83")
    fixed = s.correct_checkin(
        old.id or 0, CheckIn(kr_id=team.csat.id or 0, day="2026-10-09", value="84")
    )
    with pytest.raises(RefusedError, match="already corrected"):
        s.correct_checkin(
            old.id or 0, CheckIn(kr_id=team.csat.id or 0, day="2026-10-09", value="1")
        )
    with pytest.raises(RefusedError, match="same key result"):
        s.correct_checkin(
            fixed.id or 0,
            CheckIn(kr_id=team.complaints.id or 0, day="2026-10-09", value="7"),
        )
    with pytest.raises(RefusedError, match="outside cycle"):
        s.correct_checkin(
            fixed.id or 0,
            CheckIn(kr_id=team.csat.id or 0, day="2027-10-09", value="85"),
        )
    assert count(s, "checkins") == 2
    assert s.checkin(fixed.id or 0).superseded_by is None


def test_latest_check_in_per_key_result(team: Team) -> None:
    s = team.store
    _checkin(team, "2026-10-15", "85")
    _checkin(team, "2026-10-08", "84")
    later = s.add_checkin(
        CheckIn(kr_id=team.complaints.id or 0, day="2026-10-08", value="7")
    )
    latest = s.latest_checkins(team.cycle.id or 0)
    assert set(latest) == {team.csat.id, team.complaints.id}
    assert latest[team.csat.id or 0].value == Decimal(85)
    assert latest[team.complaints.id or 0] == later


def test_created_at_breaks_ties_within_a_day(team: Team) -> None:
    s = team.store
    late = _checkin(
        team, "2026-10-08", "86", created_at=datetime(2026, 10, 8, 18, tzinfo=UTC)
    )
    _checkin(team, "2026-10-08", "84", created_at=datetime(2026, 10, 8, 9, tzinfo=UTC))
    assert s.checkins(team.csat.id or 0)[0] == late
    assert s.latest_checkins(team.cycle.id or 0)[team.csat.id or 0] == late


def test_cycle_scores_use_the_newest_active_check_in(team: Team) -> None:
    s = team.store
    wrong = s.add_checkin(
        CheckIn(kr_id=team.complaints.id or 0, day="2026-11-01", value="5")
    )
    s.correct_checkin(
        wrong.id or 0,
        CheckIn(kr_id=team.complaints.id or 0, day="2026-11-01", value="6.5"),
    )
    _checkin(team, "2026-11-01", "85.9")
    scores = s.cycle_scores(team.cycle.id or 0)
    # SPEC: decrease from 8 % to 5 %, now 6.5 %: score 0.5.
    assert scores.kr[team.complaints.id or 0].score == Fraction(1, 2)
    assert scores.kr[team.csat.id or 0].score == Fraction(39, 80)
    assert not scores.kr[team.playbook.id or 0].has_checkin
    assert scores.objective[team.own_objective.id or 0] == 0
    # Anna owns an objective; 张伟 owns only a key result.
    assert scores.member_score(team.anna.id or 0) == 0
    assert scores.member_score(team.wei.id or 0) == Fraction(39, 80)
    # The team objective: its two key results and its aligned child, weight 1 each.
    expected = (Fraction(39, 80) + Fraction(1, 2) + 0) / 3
    assert scores.objective[team.team_objective.id or 0] == expected


def test_cycle_scores_for_an_unknown_cycle(team: Team) -> None:
    with pytest.raises(NotFoundError):
        team.store.cycle_scores(999)


def test_a_day_is_a_local_date(team: Team) -> None:
    c = _checkin(team, "2026-12-31", "88")
    assert c.day == date(2026, 12, 31)
    stored = team.store.db.execute("SELECT day FROM checkins").fetchone()[0]
    assert stored == "2026-12-31"
