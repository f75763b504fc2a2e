"""Bonus plans: one draft per cycle, publishing freezes a plan for good."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Team

from okrtui.store import (
    BonusPlan,
    CheckIn,
    DraftExistsError,
    Member,
    MemberPlanInput,
    Method,
    NotFoundError,
    PlanStatus,
    PublishedError,
    RefusedError,
    Store,
    message,
)


def _draft(team: Team, **extra: object) -> BonusPlan:
    values: dict[str, object] = {
        "cycle_id": team.cycle.id,
        "currency": "CNY",
        "base_pool": Decimal("120000.00"),
        "method": Method.PERFORMANCE,
    }
    values.update(extra)
    return team.store.save_bonus_plan(BonusPlan(**values))  # type: ignore[arg-type]


def test_no_plan_until_one_is_saved(team: Team) -> None:
    assert team.store.bonus_plan(team.cycle.id or 0) is None
    assert team.store.bonus_plan(team.cycle.id or 0) is None


def test_draft_round_trip(team: Team) -> None:
    anna = team.anna.id or 0
    plan = _draft(
        team,
        inputs={
            anna: MemberPlanInput(
                points=Decimal(3),
                override=Decimal("0.9"),
                override_reason="Covered two queues",
                dimensions={"workload": Decimal(40)},
                cap_share=Decimal("0.4"),
                recognition="Promotion to senior",
            )
        },
    )
    assert plan.status is PlanStatus.DRAFT and plan.id is not None
    assert team.store.bonus_plan(team.cycle.id or 0) == plan
    assert plan.inputs[anna].override_reason == "Covered two queues"
    assert plan.recognitions == {anna: "Promotion to senior"}
    changed = team.store.save_bonus_plan(
        plan.model_copy(update={"base_pool": Decimal("90000.00")})
    )
    assert changed.base_pool == Decimal("90000.00")
    assert changed.created_at == plan.created_at


def test_one_draft_per_cycle(team: Team) -> None:
    _draft(team)
    with pytest.raises(DraftExistsError) as caught:
        _draft(team)
    assert message(caught.value) == (
        "Cycle 2026-Q4 already has a draft bonus plan; edit it, or discard it first."
    )
    # The database holds the same rule.
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        team.store.db.execute(
            "INSERT INTO bonus_plans (cycle_id, currency, base_pool, method,"
            " created_at) VALUES (?, 'CNY', '1', 'performance', 'now')",
            [team.cycle.id],
        )


def test_inputs_for_unknown_members_are_refused(team: Team) -> None:
    with pytest.raises(NotFoundError, match="member #77"):
        _draft(team, inputs={77: MemberPlanInput(points=Decimal(1))})


def _publish(team: Team, plan: BonusPlan) -> BonusPlan:
    # The store keeps any JSON it is given; what it holds is the app's concern.
    allocation = team.store.allocate_plan(plan)
    rows = [
        {"member_id": r.member_id, "name": r.name, "amount": str(r.amount)}
        for r in allocation.rows
    ]
    frozen = json.dumps(
        {
            "pool": str(allocation.pool),
            "undistributed": str(allocation.undistributed),
            "rows": rows,
        }
    )
    return team.store.publish_bonus_plan(plan.id or 0, frozen)


def test_publish_freezes_the_plan(team: Team) -> None:
    s = team.store
    s.add_checkin(CheckIn(kr_id=team.csat.id or 0, day="2026-10-20", value="86"))
    plan = _draft(team)
    published = _publish(team, plan)
    assert published.status is PlanStatus.PUBLISHED
    assert published.published_at is not None
    assert published.published_at.tzinfo is not None
    assert published.published_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    data = published.allocation_data
    assert data["pool"] == "120000.00"
    amounts = sum(Decimal(r["amount"]) for r in data["rows"])
    assert amounts + Decimal(data["undistributed"]) == Decimal("120000.00")
    assert s.bonus_plan(team.cycle.id or 0) is None
    assert s.published_plans(team.cycle.id or 0) == [published]

    with pytest.raises(PublishedError):
        s.save_bonus_plan(published)
    with pytest.raises(PublishedError):
        s.save_bonus_plan(published.model_copy(update={"status": PlanStatus.DRAFT}))
    with pytest.raises(PublishedError, match="already published"):
        s.publish_bonus_plan(published.id or 0, "{}")
    with pytest.raises(PublishedError):
        s.discard_draft(published.id or 0)
    assert s.bonus_plan_by_id(published.id or 0) == published


def test_published_plan_is_immutable_even_in_raw_sql(team: Team) -> None:
    s = team.store
    published = _publish(team, _draft(team))
    for sql in (
        "UPDATE bonus_plans SET base_pool = '1.00'",
        "UPDATE bonus_plans SET status = 'draft'",
        "UPDATE bonus_plans SET allocation = '{}' WHERE id = 1",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="never changes"):
            s.db.execute(sql)
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        s.db.execute("DELETE FROM bonus_plans")
    assert s.bonus_plan_by_id(published.id or 0) == published


def test_published_plan_survives_another_connection(team: Team, db_path: Path) -> None:
    _publish(team, _draft(team))
    raw = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="never changes"):
            raw.execute("UPDATE bonus_plans SET currency = 'USD'")
    finally:
        raw.close()


def test_cycle_with_a_published_plan_cannot_be_deleted(team: Team) -> None:
    s = team.store
    _publish(team, _draft(team))
    assert s.cycle_dependents(team.cycle.id or 0) == (
        "2 objectives and 3 key results; 1 published bonus plan, kept for good, "
        "so the cycle cannot be deleted"
    )
    with pytest.raises(PublishedError, match="cannot be deleted"):
        s.delete_cycle(team.cycle.id or 0)
    # Even bypassing the store, the cascade stops at the trigger.
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        s.db.execute("DELETE FROM cycles")
    assert len(s.objectives(team.cycle.id or 0)) == 2


def test_new_draft_from_a_published_plan(team: Team) -> None:
    s = team.store
    anna = team.anna.id or 0
    published = _publish(
        team, _draft(team, inputs={anna: MemberPlanInput(points=Decimal(5))})
    )
    draft = s.new_draft_from(published.id or 0)
    assert draft.status is PlanStatus.DRAFT
    assert draft.based_on == published.id
    assert draft.allocation is None and draft.published_at is None
    assert draft.inputs == published.inputs
    assert (draft.currency, draft.base_pool) == ("CNY", Decimal("120000.00"))
    with pytest.raises(DraftExistsError):
        s.new_draft_from(published.id or 0)
    s.discard_draft(draft.id or 0)
    assert s.bonus_plan(team.cycle.id or 0) is None
    again = s.new_draft_from(published.id or 0)
    assert again.id != draft.id


def test_published_plans_newest_first(team: Team, db_path: Path) -> None:
    moments = iter(datetime(2026, 12, d, 9, tzinfo=UTC) for d in (1, 2, 3, 4, 5))
    team.store.close()
    s = Store.open(db_path, clock=lambda: next(moments))
    team.store = s
    first = _publish(team, _draft(team))
    second = _publish(team, s.new_draft_from(first.id or 0))
    assert [p.id for p in s.published_plans(team.cycle.id or 0)] == [
        second.id,
        first.id,
    ]
    assert first.published_at == datetime(2026, 12, 2, 9, tzinfo=UTC)


def test_publish_refuses_text_that_is_not_json(team: Team) -> None:
    plan = _draft(team)
    with pytest.raises(RefusedError, match="not valid JSON"):
        team.store.publish_bonus_plan(plan.id or 0, "{oops")
    assert team.store.bonus_plan_by_id(plan.id or 0).status is PlanStatus.DRAFT


def test_saving_as_published_is_refused(team: Team) -> None:
    with pytest.raises(RefusedError, match="publishing is its own step"):
        team.store.save_bonus_plan(
            BonusPlan(
                cycle_id=team.cycle.id or 0,
                status=PlanStatus.PUBLISHED,
                published_at=datetime(2026, 1, 1, tzinfo=UTC),
                allocation="{}",
            )
        )


def test_deleting_a_member_removes_their_draft_inputs_only(team: Team) -> None:
    s = team.store
    wei = team.wei.id or 0
    anna = team.anna.id or 0
    inputs = {
        wei: MemberPlanInput(points=Decimal(2)),
        anna: MemberPlanInput(points=Decimal(3)),
    }
    published = _publish(team, _draft(team, inputs=inputs))
    draft = s.new_draft_from(published.id or 0)
    assert "1 draft bonus plan" in s.member_dependents(wei)
    s.delete_member(wei)
    assert set(s.bonus_plan_by_id(draft.id or 0).inputs) == {anna}
    assert set(s.bonus_plan_by_id(published.id or 0).inputs) == {wei, anna}
    rows = json.loads(s.bonus_plan_by_id(published.id or 0).allocation or "{}")["rows"]
    assert {r["name"] for r in rows} == {"Anna Berg", "张伟"}


def test_allocate_plan_leaves_out_members_outside_the_cycle(team: Team) -> None:
    s = team.store
    s.save_member(Member(name="Gone", joined="2020-01-01", left="2026-06-30"))
    late = s.save_member(Member(name="Late", joined="2027-02-01"))
    plan = _draft(
        team,
        method=Method.CONTRIBUTION,
        inputs={
            team.anna.id or 0: MemberPlanInput(points=Decimal(1)),
            team.wei.id or 0: MemberPlanInput(points=Decimal(1)),
            late.id or 0: MemberPlanInput(points=Decimal(1)),
        },
    )
    allocation = s.allocate_plan(plan)
    names = [r.name for r in allocation.rows]
    assert names == ["Anna Berg", "张伟", "Late"]
    amounts = {r.name: r.amount for r in allocation.rows}
    # 张伟 works half time: proration 0.5.
    assert amounts == {
        "Anna Berg": Decimal("80000.00"),
        "张伟": Decimal("40000.00"),
        "Late": Decimal("0.00"),
    }


def test_new_draft_leaves_out_inputs_of_members_deleted_since(team: Team) -> None:
    s = team.store
    wei = team.wei.id or 0
    anna = team.anna.id or 0
    inputs = {
        wei: MemberPlanInput(cap_amount=Decimal("5000.00")),
        anna: MemberPlanInput(points=Decimal(3)),
    }
    published = _publish(team, _draft(team, inputs=inputs))
    s.delete_member(wei)
    draft = s.new_draft_from(published.id or 0)
    assert set(draft.inputs) == {anna}
    # The published plan loses nothing.
    assert s.bonus_plan_by_id(published.id or 0).inputs == published.inputs
    # And the draft can be saved again and again.
    saved = s.save_bonus_plan(draft.model_copy(update={"base_pool": Decimal(100)}))
    assert (saved.base_pool, set(saved.inputs)) == (Decimal(100), {anna})
    assert s.save_bonus_plan(saved) == saved


def test_a_draft_holding_inputs_of_a_deleted_member_can_still_be_saved(
    team: Team,
) -> None:
    """A draft written before inputs left with their member is not stuck."""
    s = team.store
    wei = team.wei.id or 0
    anna = team.anna.id or 0
    draft = _draft(team, inputs={anna: MemberPlanInput(points=Decimal(3))})
    stale = {str(wei): {"cap_amount": "5000.00"}, str(anna): {"points": "3"}}
    # As an older okrtui could leave it: the member gone, their input still there.
    s.db.execute("DELETE FROM members WHERE id = ?", [wei])
    s.db.execute(
        "UPDATE bonus_plans SET inputs = ? WHERE id = ?",
        [json.dumps(stale), draft.id],
    )
    s.db.conn.commit()
    loaded = s.bonus_plan(team.cycle.id or 0)
    assert loaded is not None and set(loaded.inputs) == {wei, anna}
    saved = s.save_bonus_plan(loaded.model_copy(update={"base_pool": Decimal(7)}))
    assert set(saved.inputs) == {anna}
    # A new input for a member who does not exist is still refused.
    with pytest.raises(NotFoundError, match="There is no member #77"):
        s.save_bonus_plan(
            saved.model_copy(
                update={"inputs": {**saved.inputs, 77: MemberPlanInput(points=1)}}
            )
        )
    assert s.bonus_plan_by_id(draft.id or 0) == saved


def test_member_dependents_names_their_draft_inputs(team: Team) -> None:
    s = team.store
    wei = team.wei.id or 0
    assert "bonus" not in s.member_dependents(wei)
    _draft(team, inputs={wei: MemberPlanInput(points=Decimal(2))})
    assert s.member_dependents(wei).endswith(
        "has inputs in 1 draft bonus plan (removed)"
    )
