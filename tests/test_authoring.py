"""Cycles, members, objectives and key results, made and changed through their forms.

Every test types into the forms through the pilot as a manager would, on a temporary
database, and checks what reached the store (and, at the end, what a reopened file
holds).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Select, Static

from okrtui.dialogs.confirm import ConfirmDialog
from okrtui.dialogs.cycle_form import CycleForm, quarter_of, suggest_quarter
from okrtui.dialogs.form import FormDialog
from okrtui.dialogs.key_result_form import KeyResultForm
from okrtui.dialogs.member_form import MemberForm
from okrtui.dialogs.objective_form import ObjectiveForm, descendants
from okrtui.screens.cycles import CyclesScreen
from okrtui.screens.members import MembersScreen
from okrtui.store import Store
from okrtui.store.errors import RefusedError
from okrtui.store.models import Member, Objective
from tests.conftest import SIZE

Pilot = Any


def drive(app: Any, steps: Callable[[Pilot], Awaitable[None]]) -> None:
    """Run the app headless at the snapshot size and drive it with `steps`."""

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await steps(pilot)

    asyncio.run(main())


async def type_into(pilot: Pilot, name: str, text: str) -> None:
    """Clear a form's field and type `text` into it key by key."""
    field = pilot.app.screen.query_one(f"#field-{name}", Input)
    field.focus()
    await pilot.pause()
    await pilot.press("home", "ctrl+k", *text)
    assert field.value == text


async def choose(pilot: Pilot, name: str, value: object) -> None:
    """Open a form's select with enter and move to the option holding `value`."""
    select = pilot.app.screen.query_one(f"#field-{name}", Select)
    values = [option_value for _, option_value in select._options]
    steps = values.index(value) - values.index(select.value)
    select.focus()
    await pilot.press("enter")
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    assert select.value == value


async def save(pilot: Pilot) -> None:
    """Press ctrl+s in the open form and let the app settle."""
    await pilot.press("ctrl+s")
    await pilot.pause()


def error_beside(pilot: Pilot, name: str) -> str:
    """The refusal shown beside a form's field ("" when none is shown)."""
    error = pilot.app.screen.query_one(f"#error-{name}", Static)
    return str(error.render()) if error.has_class("-shown") else ""


def value_of(pilot: Pilot, name: str) -> str:
    """What a form's input holds."""
    return str(pilot.app.screen.query_one(f"#field-{name}", Input).value)


def open_form(pilot: Pilot, form: FormDialog[Any]) -> None:
    """Push a form as the app's screens do: a saved value means the data changed."""

    def saved(value: object) -> None:
        if value is not None:
            pilot.app.data_changed()

    pilot.app.push_screen(form, saved)


def table_rows(pilot: Pilot) -> list[list[str]]:
    """The shown screen's table, as plain text."""
    table = pilot.app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


# ---- pure helpers ----


def test_quarter_of_and_the_suggested_name() -> None:
    assert quarter_of(date(2026, 11, 18)) == (
        "2026-Q4",
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert quarter_of(date(2027, 2, 28)) == (
        "2027-Q1",
        date(2027, 1, 1),
        date(2027, 3, 31),
    )
    assert suggest_quarter(date(2026, 11, 18), ["2026-Q4", "2027-Q1"])[0] == "2027-Q2"
    assert suggest_quarter(date(2026, 11, 18), [])[0] == "2026-Q4"


def test_descendants_follow_the_tree_down() -> None:
    def obj(id_: int, parent: int | None) -> Objective:
        return Objective(id=id_, cycle_id=1, title=f"o{id_}", parent_id=parent)

    tree = [obj(1, None), obj(2, 1), obj(3, 2), obj(4, None), obj(5, 3)]
    assert descendants(tree, 1) == {2, 3, 5}
    assert descendants(tree, 4) == set()


# ---- building a team from an empty database ----


def test_build_a_team_through_the_forms(empty_db: Path, make_app: Any) -> None:
    app = make_app(empty_db)

    async def steps(pilot: Pilot) -> None:
        store = app.store

        # A cycle, from the cycles screen: the suggested quarter as it stands.
        app.action_open_cycles()
        await pilot.pause()
        assert isinstance(app.screen, CyclesScreen)
        shown = str(app.screen.query_one("#cycles-empty", Static).render())
        assert "No cycles yet: press a to add the first." in shown
        await pilot.press("a")
        assert isinstance(app.screen, CycleForm)
        assert value_of(pilot, "name") == "2026-Q4"
        assert value_of(pilot, "first_day") == "2026-10-01"
        assert value_of(pilot, "last_day") == "2026-12-31"
        assert value_of(pilot, "cadence_days") == "7"
        await choose(pilot, "status", "active")
        await save(pilot)
        assert isinstance(app.screen, CyclesScreen)
        (cycle,) = store.cycles()
        assert (cycle.name, cycle.status) == ("2026-Q4", "active")
        assert app.cycle_id == cycle.id
        assert table_rows(pilot)[0][1:4] == ["2026-Q4", "2026-10-01", "2026-12-31"]
        await pilot.press("escape")

        # Two members, from the members screen; one written in Chinese.
        app.action_open_members()
        await pilot.pause()
        assert isinstance(app.screen, MembersScreen)
        shown = str(app.screen.query_one("#members-empty", Static).render())
        assert "No members yet: press a to add the first." in shown
        await pilot.press("a")
        await type_into(pilot, "name", "张伟")
        await type_into(pilot, "role", "Lead")
        await choose(pilot, "level", "senior")
        await type_into(pilot, "fte", "0.8")
        await type_into(pilot, "joined", "2024-03-01")
        await save(pilot)
        await pilot.press("a")
        await type_into(pilot, "name", "Anna Berg")
        await type_into(pilot, "role", "CSM")
        await save(pilot)
        assert isinstance(app.screen, MembersScreen)
        zhang, anna = store.members()
        assert (zhang.name, zhang.level, zhang.fte) == (
            "张伟",
            "senior",
            Decimal("0.8"),
        )
        assert zhang.joined == date(2024, 3, 1) and zhang.left is None
        assert (anna.name, anna.level, anna.fte) == ("Anna Berg", "frontline", 1)
        rows = table_rows(pilot)
        assert [row[0] for row in rows] == ["张伟", "Anna Berg"]
        assert app.screen.query_one(DataTable).cursor_row == 1
        assert "owns no objectives or key results" in rows[0][6]
        await pilot.press("escape")

        # An objective owned by 张伟, and two key results.
        open_form(pilot, ObjectiveForm(store, cycle.id))
        await pilot.pause()
        await type_into(pilot, "title", "Fast answers")
        await choose(pilot, "owner_id", zhang.id)
        await choose(pilot, "committed", False)
        await save(pilot)
        (objective,) = store.objectives(cycle.id)
        assert objective.owner_id == zhang.id and objective.committed is False
        assert objective.parent_id is None and objective.weight == 1

        open_form(pilot, KeyResultForm(store, objective.id))
        await pilot.pause()
        await type_into(pilot, "title", "Raise CSAT")
        await type_into(pilot, "unit", "%")
        await type_into(pilot, "start", "88")
        await type_into(pilot, "target", "95")
        await choose(pilot, "owner_id", anna.id)
        await save(pilot)
        open_form(pilot, KeyResultForm(store, objective.id))
        await pilot.pause()
        await type_into(pilot, "title", "Help centre")
        await choose(pilot, "kind", "milestone")
        await type_into(pilot, "weight", "2")
        await save(pilot)
        csat, help_centre = store.key_results(cycle.id)
        assert (csat.kind, csat.unit, csat.start, csat.target) == (
            "increase",
            "%",
            Decimal(88),
            Decimal(95),
        )
        assert csat.owner_id == anna.id
        assert (help_centre.kind, help_centre.start, help_centre.target) == (
            "milestone",
            0,
            1,
        )
        assert help_centre.weight == 2 and help_centre.owner_id is None

        # 张伟 now owns an objective, so the members screen shows a score.
        app.action_open_members()
        await pilot.pause()
        assert table_rows(pilot)[0][6] == "0.00"

    drive(app, steps)

    # Everything is in the file.
    reopened = Store.open(empty_db)
    try:
        (cycle,) = reopened.cycles()
        assert cycle.name == "2026-Q4"
        assert [m.name for m in reopened.members()] == ["张伟", "Anna Berg"]
        (objective,) = reopened.objectives(cycle.id or 0)
        assert objective.title == "Fast answers"
        titles = [k.title for k in reopened.key_results(cycle.id or 0)]
        assert titles == ["Raise CSAT", "Help centre"]
    finally:
        reopened.close()


# ---- refusals: said beside the field, typed text kept, nothing written ----


def test_member_form_refuses_bad_fte_and_empty_name(
    empty_db: Path, make_app: Any
) -> None:
    app = make_app(empty_db)

    async def steps(pilot: Pilot) -> None:
        open_form(pilot, MemberForm(app.store))
        await pilot.pause()
        await type_into(pilot, "name", "张伟")
        await type_into(pilot, "fte", "1.5")
        assert "at most 1" in error_beside(pilot, "fte")
        await save(pilot)
        assert isinstance(app.screen, MemberForm)
        assert value_of(pilot, "fte") == "1.5"
        assert value_of(pilot, "name") == "张伟"
        assert "at most 1" in error_beside(pilot, "fte")
        assert app.screen.focused is app.screen.query_one("#field-fte")

        await type_into(pilot, "fte", "1")
        assert error_beside(pilot, "fte") == ""
        await type_into(pilot, "name", "")
        await save(pilot)
        assert isinstance(app.screen, MemberForm)
        assert error_beside(pilot, "name") == "Required."
        assert app.store.members() == []

    drive(app, steps)


def test_member_form_refuses_leaving_before_joining(
    empty_db: Path, make_app: Any
) -> None:
    app = make_app(empty_db)

    async def steps(pilot: Pilot) -> None:
        open_form(pilot, MemberForm(app.store))
        await pilot.pause()
        await type_into(pilot, "name", "Anna Berg")
        await type_into(pilot, "joined", "2026-05-01")
        await type_into(pilot, "left", "2026-04-30")
        assert "before they joined" in error_beside(pilot, "left")
        # Moving the joining day earlier clears the refusal beside "left".
        await type_into(pilot, "joined", "2026-04-01")
        assert error_beside(pilot, "left") == ""
        await save(pilot)
        (anna,) = app.store.members()
        assert anna.left == date(2026, 4, 30)

    drive(app, steps)


def test_cycle_form_refuses_an_end_before_the_start(
    empty_db: Path, make_app: Any
) -> None:
    app = make_app(empty_db)

    async def steps(pilot: Pilot) -> None:
        open_form(pilot, CycleForm(app.store))
        await pilot.pause()
        await type_into(pilot, "last_day", "2026-09-30")
        assert "on or after the first day" in error_beside(pilot, "last_day")
        await save(pilot)
        assert isinstance(app.screen, CycleForm)
        assert value_of(pilot, "last_day") == "2026-09-30"
        assert app.store.cycles() == []

        await type_into(pilot, "name", "")
        assert error_beside(pilot, "name") == "Required."
        await type_into(pilot, "cadence_days", "0")
        assert error_beside(pilot, "cadence_days") != ""

    drive(app, steps)


def _one_objective(store: Store) -> Objective:
    from okrtui.store.models import Cycle

    cycle = store.save_cycle(
        Cycle(name="2026-Q4", first_day=date(2026, 10, 1), last_day=date(2026, 12, 31))
    )
    return store.save_objective(Objective(cycle_id=cycle.id or 0, title="Grow"))


def test_key_result_form_checks_the_target_as_you_type(
    empty_db: Path, make_app: Any
) -> None:
    app = make_app(empty_db)

    async def steps(pilot: Pilot) -> None:
        objective = _one_objective(app.store)
        open_form(pilot, KeyResultForm(app.store, objective.id or 0))
        await pilot.pause()
        await type_into(pilot, "title", "Raise NPS")
        await type_into(pilot, "start", "40")
        await type_into(pilot, "target", "40")
        assert error_beside(pilot, "target") == "Target must differ from start."
        await save(pilot)
        assert isinstance(app.screen, KeyResultForm)
        assert value_of(pilot, "target") == "40"

        await type_into(pilot, "target", "30")
        assert "needs a target above its start" in error_beside(pilot, "target")
        await save(pilot)
        assert isinstance(app.screen, KeyResultForm)
        assert value_of(pilot, "target") == "30"
        assert app.store.key_results(objective.cycle_id) == []

        # Changing the kind or the start checks the target again.
        await choose(pilot, "kind", "decrease")
        assert error_beside(pilot, "target") == ""
        await choose(pilot, "kind", "increase")
        assert error_beside(pilot, "target") != ""
        await type_into(pilot, "start", "20")
        assert error_beside(pilot, "target") == ""
        await save(pilot)
        (kr,) = app.store.key_results(objective.cycle_id)
        assert (kr.start, kr.target) == (20, 30)

    drive(app, steps)


def test_milestone_fixes_start_and_target_and_gives_them_back(
    empty_db: Path, make_app: Any
) -> None:
    app = make_app(empty_db)

    async def steps(pilot: Pilot) -> None:
        objective = _one_objective(app.store)
        open_form(pilot, KeyResultForm(app.store, objective.id or 0))
        await pilot.pause()
        await type_into(pilot, "start", "5")
        await type_into(pilot, "target", "9")
        await choose(pilot, "kind", "milestone")
        start = app.screen.query_one("#field-start", Input)
        target = app.screen.query_one("#field-target", Input)
        assert (start.value, target.value) == ("0", "1")
        assert start.disabled and target.disabled
        await choose(pilot, "kind", "increase")
        assert (start.value, target.value) == ("5", "9")
        assert not start.disabled and not target.disabled

    drive(app, steps)


def test_a_refusal_by_the_store_keeps_the_form_open(
    empty_db: Path, make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(empty_db)

    def refuse(member: Member) -> Member:
        raise RefusedError("The database is busy in another window; try again.")

    async def steps(pilot: Pilot) -> None:
        monkeypatch.setattr(app.store, "save_member", refuse)
        open_form(pilot, MemberForm(app.store))
        await pilot.pause()
        await type_into(pilot, "name", "Anna Berg")
        await save(pilot)
        assert isinstance(app.screen, MemberForm)
        assert value_of(pilot, "name") == "Anna Berg"
        shown = str(app.screen.query_one("#form-error", Static).render())
        assert "busy in another window" in shown

    drive(app, steps)


# ---- editing and deleting the sample team ----


def test_edit_a_member_from_the_members_screen(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        anna = next(m for m in app.store.members() if m.name == "Anna Berg")
        app.action_open_members()
        await pilot.pause()
        await pilot.press("down")  # 张伟 is first, Anna Berg second
        await pilot.press("e")
        assert isinstance(app.screen, MemberForm)
        assert value_of(pilot, "name") == "Anna Berg"
        await type_into(pilot, "fte", "0.6")
        await type_into(pilot, "left", "2026-12-31")
        await save(pilot)
        assert isinstance(app.screen, MembersScreen)
        edited = app.store.member(anna.id)
        assert (edited.fte, edited.left) == (Decimal("0.6"), date(2026, 12, 31))
        assert edited.created_at == anna.created_at
        row = table_rows(pilot)[1]
        assert row[0] == "Anna Berg" and row[3] == "0.6" and row[5] == "2026-12-31"

        # Enter on a row opens the same form.
        await pilot.press("enter")
        assert isinstance(app.screen, MemberForm)
        await pilot.press("escape")
        assert isinstance(app.screen, MembersScreen)

    drive(app, steps)


def test_edit_an_objective_and_a_key_result(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        store = app.store
        objectives = store.objectives(app.cycle_id)
        company = objectives[0]
        open_form(pilot, ObjectiveForm(store, app.cycle_id, objective=company))
        await pilot.pause()
        # Neither the objective itself nor one aligned under it can be its parent.
        select = app.screen.query_one("#field-parent_id", Select)
        offered = {value for _, value in select._options}
        assert offered == {0}
        await type_into(pilot, "weight", "2")
        await save(pilot)
        assert store.objective(company.id).weight == 2

        kr = next(k for k in store.key_results(app.cycle_id) if k.kind == "increase")
        open_form(pilot, KeyResultForm(store, kr.objective_id, key_result=kr))
        await pilot.pause()
        assert value_of(pilot, "target") == format(kr.target, "f")
        await type_into(pilot, "target", format(kr.target + 1, "f"))
        await save(pilot)
        assert store.key_result(kr.id).target == kr.target + 1

    drive(app, steps)


def test_a_new_objective_aligns_under_the_given_parent(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        store = app.store
        parent = store.objectives(app.cycle_id)[1]
        open_form(pilot, ObjectiveForm(store, app.cycle_id, parent_id=parent.id))
        await pilot.pause()
        assert app.screen.query_one("#field-parent_id", Select).value == parent.id
        assert app.screen.query_one("#field-level", Select).value == "individual"
        await type_into(pilot, "title", "Answer within a day")
        await save(pilot)
        new = store.objectives(app.cycle_id)[-1]
        assert (new.title, new.parent_id) == ("Answer within a day", parent.id)
        assert new.level == "individual"

    drive(app, steps)


def test_delete_a_member_asks_first_and_cancel_keeps_them(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        store = app.store
        zhang = store.members()[0]
        app.action_open_members()
        await pilot.pause()
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        message = str(app.screen.query_one("#confirm-message", Static).render())
        assert message.startswith("张伟 owns ") and "pass to the team" in message
        # Cancel has the focus: enter keeps the member.
        await pilot.press("enter")
        assert isinstance(app.screen, MembersScreen)
        await pilot.press("delete")
        await pilot.press("escape")
        assert [m.id for m in store.members()][0] == zhang.id

        await pilot.press("d", "tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MembersScreen)
        assert zhang.id not in [m.id for m in store.members()]
        assert table_rows(pilot)[0][0] == "Anna Berg"

    drive(app, steps)
    reopened = Store.open(sample_db)
    try:
        assert "张伟" not in [m.name for m in reopened.members()]
    finally:
        reopened.close()


def test_cycles_screen_shows_adds_edits_and_deletes(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        store = app.store
        current, previous = store.cycles()
        app.action_open_cycles()
        await pilot.pause()
        rows = table_rows(pilot)
        assert [row[:2] for row in rows] == [["▶", "2026-Q4"], ["", "2026-Q3"]]
        assert rows[0][-1] == str(len(store.objectives(current.id)))

        # Enter shows the other cycle and goes back.
        await pilot.press("down", "enter")
        assert app.cycle_id == previous.id
        assert not isinstance(app.screen, CyclesScreen)

        # A new cycle is offered the next free quarter.
        app.action_open_cycles()
        await pilot.pause()
        await pilot.press("a")
        assert value_of(pilot, "name") == "2027-Q1"
        assert value_of(pilot, "first_day") == "2027-01-01"
        await save(pilot)
        assert [c.name for c in store.cycles()][0] == "2027-Q1"
        assert app.cycle_id == previous.id

        # The cursor is on the new cycle; two rows down is 2026-Q3.
        assert app.screen.query_one(DataTable).cursor_row == 0
        await pilot.press("down", "down", "e")
        assert value_of(pilot, "name") == "2026-Q3"
        await type_into(pilot, "cadence_days", "14")
        await save(pilot)
        assert store.cycle(previous.id).cadence_days == 14

        # Delete says what goes with the cycle; escape keeps it.
        await pilot.press("up")
        await pilot.press("d")
        message = str(app.screen.query_one("#confirm-message", Static).render())
        assert "objective" in message and "key result" in message
        assert "check-in" in message
        await pilot.press("escape")
        assert len(store.cycles()) == 3
        await pilot.press("d", "tab", "enter")
        await pilot.pause()
        assert [c.name for c in store.cycles()] == ["2027-Q1", "2026-Q3"]
        assert app.cycle_id == previous.id

    drive(app, steps)


def test_a_cycle_with_a_published_bonus_is_not_offered_for_deletion(
    sample_db: Path, make_app: Any
) -> None:
    from okrtui.bonus_service import publish

    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        store = app.store
        plan = store.bonus_plan(app.cycle_id)
        publish(store, store.cycle(app.cycle_id), plan)
        app.action_open_cycles()
        await pilot.pause()
        await pilot.press("d")
        assert isinstance(app.screen, CyclesScreen)
        (notice,) = app._notifications
        assert notice.severity == "error" and "cannot be deleted" in notice.message
        assert len(store.cycles()) == 2

    drive(app, steps)
