"""Snapshots of the bonus table, its forms, a refused pool and a published version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Select

from okrtui import bonus_service as service
from okrtui.screens.bonus import AllocationView
from okrtui.store import Store
from tests.conftest import SIZE, TODAY, no_blink


async def _open_at(pilot: Any, name: str | None = None) -> None:
    """Open the bonus table and put the cursor on a member's row."""
    await pilot.press("b")
    await pilot.pause()
    if name is not None:
        screen = pilot.app.screen
        sheet = screen.query_one(AllocationView).sheet
        row = next(r for r in sheet.rows if r.name == name)
        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(str(row.member_id)))
    await pilot.pause()
    await no_blink(pilot)


def test_bonus_table_with_trace(
    snap_compare: Any, sample_db: Path, make_app: Any
) -> None:
    async def run_before(pilot: Any) -> None:
        await _open_at(pilot, "陈静")

    app = make_app(sample_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_bonus_pool_refused(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _open_at(pilot)
        pilot.app.screen.query_one("#pool-base").focus()
        pilot.app.screen.query_one("#pool-base").value = ""
        await pilot.press(*"12,34.5x")
        await no_blink(pilot)

    app = make_app(sample_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_method_form(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _open_at(pilot)
        await pilot.press("m")
        await pilot.pause()
        form = pilot.app.screen
        form.query_one("#field-method", Select).value = "composite"
        form.query_one("#field-multiplier_mode", Select).value = "curve"
        await pilot.pause()
        await no_blink(pilot)

    app = make_app(sample_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_member_input_form(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _open_at(pilot, "Tom Okafor")
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*"0.9")
        await no_blink(pilot)

    app = make_app(sample_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_published_version(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    with Store.open(sample_db) as store:
        cycle = store.current_cycle(TODAY)
        assert cycle is not None and cycle.id is not None
        plan = store.bonus_plan(cycle.id)
        assert plan is not None
        service.publish(store, cycle, plan, now="2026-11-18T16:30:00")

    async def run_before(pilot: Any) -> None:
        await _open_at(pilot, "Tom Okafor")

    app = make_app(sample_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
