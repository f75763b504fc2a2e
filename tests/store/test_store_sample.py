"""The sample team: deterministic, in its own file, with every feature to show."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from store_helpers import dump

from okrtui.calc.scoring import is_stale
from okrtui.store import (
    CycleStatus,
    KRKind,
    Method,
    ObjectiveLevel,
    Store,
    StoreError,
)
from okrtui.store.sample import build_sample, quarter_name

TODAY = date(2026, 11, 18)


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Store]:
    store = build_sample(tmp_path / "sample.db", TODAY)
    yield store
    store.close()


def test_same_day_same_data(tmp_path: Path, sample: Store) -> None:
    with build_sample(tmp_path / "again.db", TODAY) as again:
        assert dump(again) == dump(sample)


def test_refuses_to_build_over_an_existing_file(tmp_path: Path) -> None:
    real = tmp_path / "okrtui.db"
    real.write_bytes(b"precious")
    with pytest.raises(StoreError, match="already exists"):
        build_sample(real, TODAY)
    assert real.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["okrtui.db"]


def test_members(sample: Store) -> None:
    members = sample.members()
    assert 5 <= len(members) <= 7
    names = [m.name for m in members]
    assert {"张伟", "李娜", "王芳", "Anna Berg"} <= set(names)
    assert {m.level.value for m in members} == {"frontline", "middle", "senior"}
    assert any(m.fte == Decimal("0.5") for m in members)
    current = sample.current_cycle(TODAY)
    assert current is not None
    assert any(
        m.joined is not None and current.first_day < m.joined <= TODAY for m in members
    )


def test_quarter_in_progress(sample: Store) -> None:
    current = sample.current_cycle(TODAY)
    assert current is not None
    assert current.status is CycleStatus.ACTIVE
    assert current.name == quarter_name(TODAY) == "2026-Q4"
    assert current.first_day == TODAY - timedelta(days=45)
    assert (current.last_day - current.first_day).days == 91
    previous = [c for c in sample.cycles() if c.id != current.id]
    assert [(c.name, c.status) for c in previous] == [("2026-Q3", CycleStatus.CLOSED)]
    assert previous[0].last_day == current.first_day - timedelta(days=1)


def test_objectives_follow_the_seed(sample: Store) -> None:
    current = sample.current_cycle(TODAY)
    assert current is not None and current.id is not None
    objectives = sample.objectives(current.id)
    company = [o for o in objectives if o.level is ObjectiveLevel.COMPANY]
    assert len(company) == 1
    teams = [o for o in objectives if o.level is ObjectiveLevel.TEAM]
    assert {o.title for o in teams} == {
        "提升客户满意度 Raise customer satisfaction",
        "Raise renewals 增加客户续约率",
    }
    assert all(o.parent_id == company[0].id for o in teams)
    individual = [o for o in objectives if o.level is ObjectiveLevel.INDIVIDUAL]
    assert individual and all(o.owner_id is not None for o in individual)
    krs = sample.key_results(current.id)
    kinds = {k.kind for k in krs}
    assert {KRKind.INCREASE, KRKind.DECREASE, KRKind.MILESTONE} <= kinds
    assert any("renewal playbook" in k.title for k in krs)
    targets = {(k.start, k.target) for k in krs}
    assert {(Decimal(82), Decimal(90)), (Decimal(8), Decimal(5))} <= targets
    assert {(Decimal(78), Decimal(85)), (Decimal(80), Decimal(90))} <= targets


def test_check_ins(sample: Store) -> None:
    current = sample.current_cycle(TODAY)
    assert current is not None and current.id is not None
    latest = sample.latest_checkins(current.id)
    krs = sample.key_results(current.id)
    assert set(latest) == {k.id for k in krs}
    stale = [
        k
        for k in krs
        if is_stale(
            latest[k.id or 0].day, TODAY, current.cadence_days, current.first_day
        )
    ]
    assert len(stale) == 1
    history = [c for k in krs for c in sample.checkin_history(k.id or 0)]
    assert len(history) >= 30
    assert sum(1 for c in history if c.superseded_by is not None) == 1
    assert all(current.contains(c.day) and c.day <= TODAY for c in history)
    assert any(c.note for c in history) and any(c.confidence for c in history)
    # SPEC: the complaint rate from 8 % to 5 %, now 6.5 %, scores 0.5.
    scores = sample.cycle_scores(current.id)
    complaints = next(k for k in krs if k.start == 8 and k.target == 5)
    assert scores.kr[complaints.id or 0].score == Decimal("0.5")


def test_every_member_has_a_score(sample: Store) -> None:
    current = sample.current_cycle(TODAY)
    assert current is not None and current.id is not None
    scores = sample.cycle_scores(current.id)
    sources = {
        m.name: scores.member_score_and_source(m.id or 0)[1] for m in sample.members()
    }
    assert set(sources.values()) == {"objectives", "key results"}
    assert scores.team_score() is not None


def test_bonus_draft(sample: Store) -> None:
    current = sample.current_cycle(TODAY)
    assert current is not None and current.id is not None
    plan = sample.bonus_plan(current.id)
    assert plan is not None
    assert (plan.currency, plan.base_pool, plan.method) == (
        "CNY",
        Decimal("120000.00"),
        Method.PERFORMANCE,
    )
    assert any(
        i.override is not None and i.override_reason for i in plan.inputs.values()
    )
    allocation = sample.allocate_plan(plan)
    assert allocation.pool == Decimal("120000.00")
    assert sum(r.amount for r in allocation.rows) + allocation.undistributed == (
        allocation.pool
    )


def test_one_on_ones(sample: Store) -> None:
    with_notes = [m for m in sample.members() if sample.one_on_ones(m.id or 0)]
    assert len(with_notes) == 2
    open_items = [a for m in with_notes for a in sample.action_items(m.id or 0)]
    assert len(open_items) == 1


def test_other_days(tmp_path: Path) -> None:
    for n, day in enumerate([date(2026, 1, 1), date(2027, 7, 31), date(2028, 2, 29)]):
        with build_sample(tmp_path / f"s{n}.db", day) as store:
            current = store.current_cycle(day)
            assert current is not None and current.contains(day)
            assert current.name == quarter_name(day)
