"""Snapshots of the members and cycles screens and of the authoring dialogs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen

from okrtui.dialogs.confirm import ConfirmDialog
from okrtui.dialogs.cycle_form import CycleForm
from okrtui.dialogs.key_result_form import KeyResultForm
from okrtui.dialogs.member_form import MemberForm
from okrtui.dialogs.objective_form import ObjectiveForm
from tests.conftest import SIZE, no_blink

RunBefore = Callable[[Any], Awaitable[None]]


def opening(make_screen: Callable[[Any], Screen[Any]], *keys: str) -> RunBefore:
    """A `run_before` that pushes the screen `make_screen(app)` builds, then types."""

    async def run_before(pilot: Any) -> None:
        pilot.app.push_screen(make_screen(pilot.app))
        await pilot.pause()
        await pilot.press(*keys)
        await no_blink(pilot)

    return run_before


def test_members_screen(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        pilot.app.action_open_members()
        await pilot.pause()

    app = make_app(sample_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_members_screen_empty(snap_compare: Any, empty_db: Path, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        pilot.app.action_open_members()
        await pilot.pause()

    app = make_app(empty_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_cycles_screen(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        pilot.app.action_open_cycles()
        await pilot.pause()

    app = make_app(sample_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_cycle_form(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    run_before = opening(lambda app: CycleForm(app.store))
    assert snap_compare(make_app(sample_db), terminal_size=SIZE, run_before=run_before)


def test_member_form(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    run_before = opening(lambda app: MemberForm(app.store))
    assert snap_compare(make_app(sample_db), terminal_size=SIZE, run_before=run_before)


def test_member_form_refusal(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    # FTE 1.5 is refused beside the field, and the save keeps what was typed.
    keys = ("张", "伟", "tab", "tab", "tab", "home", "ctrl+k", "1", ".", "5")
    run_before = opening(lambda app: MemberForm(app.store), *keys, "ctrl+s")
    assert snap_compare(make_app(sample_db), terminal_size=SIZE, run_before=run_before)


def test_objective_form(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    run_before = opening(lambda app: ObjectiveForm(app.store, app.cycle_id))
    assert snap_compare(make_app(sample_db), terminal_size=SIZE, run_before=run_before)


def test_key_result_form(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    def form(app: Any) -> KeyResultForm:
        objective = app.store.objectives(app.cycle_id)[1]
        return KeyResultForm(app.store, objective.id)

    run_before = opening(form)
    assert snap_compare(make_app(sample_db), terminal_size=SIZE, run_before=run_before)


def test_key_result_form_refusal(
    snap_compare: Any, sample_db: Path, make_app: Any
) -> None:
    # An increasing key result with a target below its start.
    def form(app: Any) -> KeyResultForm:
        objective = app.store.objectives(app.cycle_id)[1]
        return KeyResultForm(app.store, objective.id)

    keys = (*"CSAT", "tab", "tab", "tab", "home", "ctrl+k", *"90", "tab", *"80")
    run_before = opening(form, *keys)
    assert snap_compare(make_app(sample_db), terminal_size=SIZE, run_before=run_before)


def test_confirm_dialog(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        pilot.app.action_open_cycles()
        await pilot.pause()
        await pilot.press("d")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await no_blink(pilot)

    app = make_app(sample_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
