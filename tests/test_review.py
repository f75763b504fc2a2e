"""The one-on-one review: notes, action items that carry over, and check-ins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Static

from okrtui.dialogs.note_form import NoteForm
from okrtui.screens.review import ReviewScreen
from okrtui.store import Store
from tests.conftest import SIZE, no_blink


def _member_with_krs(store: Store, cycle_id: int) -> Any:
    objectives = {o.id: o for o in store.objectives(cycle_id)}
    owners = {k.owner_id for k in store.key_results(cycle_id)}
    owners |= {objectives[k.objective_id].owner_id for k in store.key_results(cycle_id)}
    return next(m for m in store.members() if m.id in owners)


async def _open_review(pilot: Any) -> Any:
    app = pilot.app
    member = _member_with_krs(app.store, app.cycle_id)
    app.open_review(member.id)
    await pilot.pause()
    return member


async def test_note_with_action_items_is_saved(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        member = await _open_review(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.query_one("#review-krs", DataTable).row_count > 0
        before = len(app.store.action_items(member.id))
        await pilot.press("n")
        assert isinstance(app.screen, NoteForm)
        app.screen.query_one("#field-text", Input).value = "Talked renewals"
        app.screen.query_one("#field-items", Input).value = "Call ACME; Draft QBR"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        items = app.store.action_items(member.id)
        assert len(items) == before + 2
        assert {"Call ACME", "Draft QBR"} <= {i.text for i in items}
        notes = app.store.one_on_ones(member.id)
        assert notes[0].text == "Talked renewals"

        # Marking an item done keeps it, closed, and it no longer carries over.
        table = app.screen.query_one("#review-items", DataTable)
        table.focus()
        index = next(
            n for n, i in enumerate(app.screen._items) if i.text == "Call ACME"
        )
        table.move_cursor(row=index)
        await pilot.press("space")
        await pilot.pause()
        open_items = {i.text for i in app.store.action_items(member.id)}
        assert "Call ACME" not in open_items and "Draft QBR" in open_items


async def test_empty_note_is_refused_and_kept(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        member = await _open_review(pilot)
        count = len(app.store.one_on_ones(member.id))
        await pilot.press("n")
        app.screen.query_one("#field-day", Input).value = "2026-13-01"
        app.screen.query_one("#field-items", Input).value = "Keep me"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteForm)
        assert "not a date" in str(app.screen.query_one("#error-day", Static).content)
        assert app.screen.query_one("#field-items", Input).value == "Keep me"
        assert len(app.store.one_on_ones(member.id)) == count


def test_review_snapshot(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        await _open_review(pilot)
        await no_blink(pilot)

    assert snap_compare(make_app(sample_db), terminal_size=SIZE, run_before=run_before)


def test_note_form_snapshot(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        await _open_review(pilot)
        await pilot.press("n", *"Walked through the renewal pipeline")
        await no_blink(pilot)

    assert snap_compare(make_app(sample_db), terminal_size=SIZE, run_before=run_before)


async def test_review_opens_from_the_members_screen(
    sample_db: Path, make_app: Any
) -> None:
    from okrtui.screens.members import MembersScreen

    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, MembersScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        first = app.store.members()[0]
        assert app.screen.member_id == first.id
        await pilot.press("escape")
        assert isinstance(app.screen, MembersScreen)


async def test_a_note_cannot_be_dated_ahead(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        member = await _open_review(pilot)
        count = len(app.store.one_on_ones(member.id))
        await pilot.press("n")
        app.screen.query_one("#field-day", Input).value = "2030-01-01"
        app.screen.query_one("#field-text", Input).value = "Planned"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteForm)
        assert "or before" in str(app.screen.query_one("#error-day", Static).content)
        assert len(app.store.one_on_ones(member.id)) == count
