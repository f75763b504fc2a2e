"""Every write is one transaction: a failure leaves the database as it was."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Team
from store_helpers import count, dump

from okrtui.store import BonusPlan, CheckIn, Cycle, Member, MemberPlanInput, Store


class Boom(Exception):
    """Raised on purpose in the middle of a write."""


def test_a_failed_transaction_leaves_nothing(store: Store) -> None:
    before = dump(store)
    with pytest.raises(Boom):
        with store.transaction():
            store.save_member(Member(name="Anna Berg"))
            store.save_cycle(
                Cycle(name="2026-Q4", first_day="2026-10-01", last_day="2026-12-31")
            )
            raise Boom
    assert dump(store) == before
    assert not store.db.conn.in_transaction
    # The store is still usable afterwards.
    store.save_member(Member(name="李娜"))
    assert count(store, "members") == 1


def test_nested_transaction_rolls_back_only_its_part(store: Store) -> None:
    with store.transaction():
        store.save_member(Member(name="Kept"))
        with pytest.raises(Boom):
            with store.transaction():
                store.save_member(Member(name="Dropped"))
                raise Boom
    assert [m.name for m in store.members()] == ["Kept"]


def test_correction_fails_as_a_whole(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = team.store
    old = s.add_checkin(CheckIn(kr_id=team.csat.id or 0, day="2026-10-08", value="83"))
    before = dump(s)
    real_execute = s.db.execute

    def failing_execute(sql: str, *args: object) -> object:
        if sql.startswith("UPDATE checkins SET superseded_by"):
            raise Boom
        return real_execute(sql, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(s.db, "execute", failing_execute)
    with pytest.raises(Boom):
        s.correct_checkin(
            old.id or 0,
            CheckIn(kr_id=team.csat.id or 0, day="2026-10-08", value="84"),
        )
    monkeypatch.undo()
    # The new row was inserted before the failure; it is gone with it.
    assert dump(s) == before


def test_deleting_a_member_fails_as_a_whole(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = team.store
    wei = team.wei.id or 0
    s.save_bonus_plan(
        BonusPlan(
            cycle_id=team.cycle.id or 0,
            base_pool=Decimal("1000.00"),
            inputs={wei: MemberPlanInput(points=Decimal(1))},
        )
    )
    before = dump(s)
    monkeypatch.setattr(s, "_delete", lambda *args: (_ for _ in ()).throw(Boom()))
    with pytest.raises(Boom):
        s.delete_member(wei)
    monkeypatch.undo()
    # The draft's inputs were rewritten first; that is undone too.
    assert dump(s) == before


def test_a_refused_write_leaves_no_open_transaction(team: Team) -> None:
    with pytest.raises(ValueError):
        team.store.add_checkin(
            CheckIn(kr_id=team.csat.id or 0, day=date(2030, 1, 1), value="1")
        )
    assert not team.store.db.conn.in_transaction


def test_other_connections_see_all_or_nothing(team: Team, db_path: Path) -> None:
    other = Store.open(db_path)
    try:
        with team.store.transaction():
            team.store.save_member(Member(name="Pending"))
            assert "Pending" not in [m.name for m in other.members()]
        assert "Pending" in [m.name for m in other.members()]
    finally:
        other.close()
