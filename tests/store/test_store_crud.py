"""Create, read, update and delete each record; cascades and refusals."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import pytest
from conftest import FIRST, LAST, Team
from store_helpers import count

from okrtui.store import (
    ActionItem,
    CheckIn,
    Cycle,
    CycleStatus,
    KeyResult,
    KRKind,
    Member,
    NotFoundError,
    Objective,
    OneOnOne,
    RefusedError,
    Store,
    message,
)


def test_member_round_trip(store: Store) -> None:
    m = store.save_member(
        Member(
            name="张伟",
            role="Lead",
            level="senior",
            fte="0.5",
            joined="2026-11-02",
        )
    )
    assert m.id is not None and m.created_at is not None
    assert store.member(m.id) == m
    changed = store.save_member(m.model_copy(update={"fte": Decimal("0.8")}))
    assert changed.fte == Decimal("0.8")
    assert changed.created_at == m.created_at
    assert store.members() == [changed]
    store.delete_member(m.id)
    assert store.members() == []
    with pytest.raises(NotFoundError, match="no member #"):
        store.member(m.id)


def test_decimals_are_stored_as_written(store: Store) -> None:
    m = store.save_member(Member(name="Anna", fte="0.50"))
    row = store.db.execute("SELECT fte FROM members").fetchone()
    assert row[0] == "0.50"
    assert m.fte == Decimal("0.50")


def test_members_without_those_who_left(store: Store) -> None:
    store.save_member(Member(name="Anna"))
    store.save_member(Member(name="Old", joined="2020-01-01", left="2026-06-30"))
    store.save_member(Member(name="Leaving", left="2026-11-30"))
    names = [
        m.name for m in store.members(include_left=False, today=date(2026, 11, 18))
    ]
    assert names == ["Anna", "Leaving"]
    assert len(store.members()) == 3


def test_updating_a_missing_record_is_refused(store: Store) -> None:
    with pytest.raises(NotFoundError) as caught:
        store.save_member(Member(id=42, name="Ghost"))
    assert message(caught.value) == (
        "There is no member #42; it may have been deleted."
    )
    with pytest.raises(NotFoundError):
        store.delete_cycle(7)


def test_cycle_round_trip_and_current(store: Store) -> None:
    q3 = store.save_cycle(
        Cycle(name="2026-Q3", first_day="2026-07-01", last_day="2026-09-30")
    )
    q4 = store.save_cycle(
        Cycle(name="2026-Q4", first_day=FIRST, last_day=LAST, cadence_days=14)
    )
    assert [c.name for c in store.cycles()] == ["2026-Q4", "2026-Q3"]
    assert store.cycle(q4.id or 0).cadence_days == 14
    # No active cycle: the latest.
    assert store.current_cycle(date(2026, 8, 1)) == q4
    q3 = store.save_cycle(q3.model_copy(update={"status": CycleStatus.ACTIVE}))
    assert store.current_cycle(date(2026, 8, 1)) == q3
    assert store.current_cycle(date(2027, 8, 1)) == q4
    store.delete_cycle(q3.id or 0)
    assert store.cycles() == [q4]


def test_no_cycle_means_no_current_cycle(store: Store) -> None:
    assert store.current_cycle(date(2026, 11, 18)) is None


def test_objective_and_key_result_round_trip(team: Team) -> None:
    s = team.store
    o = s.objective(team.team_objective.id or 0)
    assert o.title == "提升客户满意度" and o.owner_id is None and o.committed
    o = s.save_objective(
        o.model_copy(update={"committed": False, "weight": Decimal(2)})
    )
    assert (o.committed, o.weight) == (False, Decimal(2))
    krs = s.key_results(team.cycle.id or 0)
    assert [k.title for k in krs] == [
        "Survey score to 90",
        "Complaint rate below 5 %",
        "Publish the renewal playbook",
    ]
    k = s.save_key_result(team.csat.model_copy(update={"target": Decimal("92.5")}))
    assert s.key_result(k.id or 0).target == Decimal("92.5")
    s.delete_key_result(k.id or 0)
    with pytest.raises(NotFoundError):
        s.key_result(k.id or 0)


def test_parent_objective_rules(team: Team, store: Store) -> None:
    other = store.save_cycle(
        Cycle(name="2027-Q1", first_day="2027-01-01", last_day="2027-03-31")
    )
    stranger = store.save_objective(Objective(cycle_id=other.id or 0, title="Other"))
    with pytest.raises(RefusedError, match="same cycle"):
        store.save_objective(
            Objective(cycle_id=team.cycle.id or 0, title="Child", parent_id=stranger.id)
        )
    # The team objective cannot align under its own child.
    with pytest.raises(RefusedError, match="cannot loop"):
        store.save_objective(
            team.team_objective.model_copy(update={"parent_id": team.own_objective.id})
        )
    with pytest.raises(RefusedError, match="stays in its cycle"):
        store.save_objective(
            team.own_objective.model_copy(update={"cycle_id": other.id})
        )
    with pytest.raises(NotFoundError, match="member"):
        store.save_objective(
            Objective(cycle_id=team.cycle.id or 0, title="Orphan", owner_id=99)
        )


def test_key_result_stays_in_its_cycle(team: Team, store: Store) -> None:
    other = store.save_cycle(
        Cycle(name="2027-Q1", first_day="2027-01-01", last_day="2027-03-31")
    )
    elsewhere = store.save_objective(Objective(cycle_id=other.id or 0, title="Other"))
    with pytest.raises(RefusedError, match="stays in its cycle"):
        store.save_key_result(
            team.csat.model_copy(update={"objective_id": elsewhere.id})
        )
    moved = store.save_key_result(
        team.csat.model_copy(update={"objective_id": team.own_objective.id})
    )
    assert moved.objective_id == team.own_objective.id


def test_key_result_becomes_milestone_only_with_done_values(team: Team) -> None:
    s = team.store
    s.add_checkin(CheckIn(kr_id=team.csat.id or 0, day="2026-10-08", value="84"))
    with pytest.raises(RefusedError, match="cannot become a milestone"):
        s.save_key_result(team.csat.model_copy(update={"kind": KRKind.MILESTONE}))
    s.add_checkin(CheckIn(kr_id=team.complaints.id or 0, day="2026-10-08", value="1"))
    k = s.save_key_result(team.complaints.model_copy(update={"kind": KRKind.MILESTONE}))
    assert (k.kind, k.start, k.target) == (KRKind.MILESTONE, 0, 1)


def test_deleting_a_cycle_takes_everything_under_it(team: Team) -> None:
    s = team.store
    s.add_checkin(CheckIn(kr_id=team.csat.id or 0, day="2026-10-08", value="84"))
    s.add_checkin(CheckIn(kr_id=team.playbook.id or 0, day="2026-10-08", value="0"))
    assert s.cycle_dependents(team.cycle.id or 0) == (
        "2 objectives, 3 key results and 2 check-ins"
    )
    s.delete_cycle(team.cycle.id or 0)
    for table in ("cycles", "objectives", "key_results", "checkins"):
        assert count(s, table) == 0
    assert count(s, "members") == 2


def test_deleting_an_objective_takes_key_results_and_frees_children(team: Team) -> None:
    s = team.store
    s.add_checkin(CheckIn(kr_id=team.csat.id or 0, day="2026-10-08", value="84"))
    assert s.objective_dependents(team.team_objective.id or 0) == (
        "2 key results and 1 check-in; 1 aligned objective becomes top-level"
    )
    s.delete_objective(team.team_objective.id or 0)
    assert [k.title for k in s.key_results(team.cycle.id or 0)] == [
        "Publish the renewal playbook"
    ]
    assert count(s, "checkins") == 0
    assert s.objective(team.own_objective.id or 0).parent_id is None


def test_deleting_a_member_hands_ownership_to_the_team(team: Team) -> None:
    s = team.store
    anna = team.anna.id or 0
    note = s.save_one_on_one(OneOnOne(member_id=anna, day="2026-11-01", text="Hi"))
    s.save_action_item(ActionItem(member_id=anna, one_on_one_id=note.id, text="Do"))
    assert s.member_dependents(anna) == (
        "owns 1 objective and 1 key result (they pass to the team); "
        "has 1 one-on-one note and 1 action item (deleted with the member)"
    )
    assert s.member_dependents(team.wei.id or 0) == (
        "owns 1 key result (it passes to the team)"
    )
    s.delete_member(anna)
    assert s.objective(team.own_objective.id or 0).owner_id is None
    assert s.key_result(team.playbook.id or 0).owner_id is None
    assert count(s, "one_on_ones") == 0 and count(s, "action_items") == 0


def test_member_with_nothing_has_no_dependents(store: Store) -> None:
    m = store.save_member(Member(name="Tom Okafor"))
    assert store.member_dependents(m.id or 0) == ""


def test_foreign_keys_are_enforced_in_sql(team: Team) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        team.store.db.execute(
            "INSERT INTO key_results (objective_id, title, kind, start, target,"
            " created_at) VALUES (999, 'x', 'increase', '0', '1', 'now')"
        )


def test_one_on_ones_and_action_items_carry_over(team: Team) -> None:
    s = team.store
    wei = team.wei.id or 0
    first = s.save_one_on_one(OneOnOne(member_id=wei, day="2026-10-10", text="Start"))
    second = s.save_one_on_one(OneOnOne(member_id=wei, day="2026-10-24", text="Next"))
    assert [n.text for n in s.one_on_ones(wei)] == ["Next", "Start"]
    item = s.save_action_item(
        ActionItem(member_id=wei, one_on_one_id=first.id, text="Call the client")
    )
    other = s.save_action_item(ActionItem(member_id=wei, text="Update CRM"))
    assert [a.text for a in s.action_items(wei)] == ["Call the client", "Update CRM"]
    s.save_action_item(item.model_copy(update={"done_on": date(2026, 10, 24)}))
    assert s.action_items(wei) == [other]
    assert len(s.action_items(wei, include_done=True)) == 2
    s.delete_one_on_one(first.id or 0)
    assert s.action_items(wei, include_done=True)[1].one_on_one_id is None
    s.save_one_on_one(second.model_copy(update={"text": "Next, edited"}))
    assert s.one_on_ones(wei)[0].text == "Next, edited"
    s.delete_action_item(other.id or 0)
    assert s.action_items(wei) == []


def test_changing_cycle_dates_cannot_strand_check_ins(team: Team) -> None:
    s = team.store
    s.add_checkin(CheckIn(kr_id=team.csat.id or 0, day="2026-12-20", value="88"))
    with pytest.raises(RefusedError) as caught:
        s.save_cycle(team.cycle.model_copy(update={"last_day": date(2026, 12, 15)}))
    assert message(caught.value) == (
        "1 check-in would fall outside 2026-10-01 to 2026-12-15; keep dates that "
        "include every check-in."
    )
    longer = s.save_cycle(team.cycle.model_copy(update={"last_day": date(2027, 1, 3)}))
    assert longer.last_day == date(2027, 1, 3)


def test_key_result_dependents(team: Team) -> None:
    s = team.store
    assert s.key_result_dependents(team.csat.id or 0) == ""
    s.add_checkin(CheckIn(kr_id=team.csat.id or 0, day="2026-10-08", value="84"))
    assert s.key_result_dependents(team.csat.id or 0) == "1 check-in"


def test_weights_and_positions_survive(team: Team) -> None:
    s = team.store
    k = s.save_key_result(
        KeyResult(
            objective_id=team.team_objective.id or 0,
            title="Zero weight",
            target=Decimal(1),
            weight=Decimal(0),
            position=5,
        )
    )
    assert (k.weight, k.position) == (Decimal(0), 5)


def test_cycle_names_are_unique_ignoring_case_and_spaces(team: Team) -> None:
    s = team.store
    before = [c.model_dump() for c in s.cycles()]
    for name in ("2026-Q4", "2026-q4", "  2026-Q4 "):
        with pytest.raises(RefusedError) as caught:
            s.save_cycle(
                Cycle(name=name, first_day="2027-01-01", last_day="2027-03-31")
            )
        assert message(caught.value) == "A cycle named 2026-Q4 already exists."
    assert [c.model_dump() for c in s.cycles()] == before

    # Editing a cycle keeps its own name, in any case.
    edited = s.save_cycle(team.cycle.model_copy(update={"cadence_days": 14}))
    assert (edited.name, edited.cadence_days) == ("2026-Q4", 14)
    assert s.save_cycle(edited.model_copy(update={"name": "2026-q4"})).name == "2026-q4"

    # Renaming another cycle to it is refused; to a new name is fine.
    other = s.save_cycle(
        Cycle(name="2027-Q1", first_day="2027-01-01", last_day="2027-03-31")
    )
    with pytest.raises(RefusedError, match="A cycle named 2026-q4 already exists."):
        s.save_cycle(other.model_copy(update={"name": "2026-Q4"}))
    assert s.cycle(other.id or 0).name == "2027-Q1"
    assert s.save_cycle(other.model_copy(update={"name": "2027-Q2"})).name == "2027-Q2"


def test_an_older_file_with_two_cycles_of_one_name_can_still_edit_them(
    team: Team,
) -> None:
    s = team.store
    s.db.execute(
        "INSERT INTO cycles (name, first_day, last_day, created_at)"
        " VALUES ('2026-Q4', '2027-01-01', '2027-03-31', '2026-01-01')"
    )
    s.db.conn.commit()
    twin = next(c for c in s.cycles() if c.id != team.cycle.id)
    kept = s.save_cycle(twin.model_copy(update={"cadence_days": 14}))
    assert (kept.name, kept.cadence_days) == ("2026-Q4", 14)
    assert s.save_cycle(twin.model_copy(update={"name": "2027-Q1"})).name == "2027-Q1"
