"""Snapshots of the OKR tree, the check-in form, the welcome page and the help."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from okrtui.widgets.okr_tree import NodeRef, OkrTree
from tests.conftest import SIZE, no_blink


def _select_first(kind: str, status_kind: str | None = None) -> Any:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        app = pilot.app
        krs = app.store.key_results(app.cycle_id)
        kr = next(k for k in krs if status_kind is None or k.kind == status_kind)
        app.screen.query_one(OkrTree).select_ref(NodeRef(kind, kr.id))
        await pilot.pause()
        await no_blink(pilot)

    return run_before


def test_tree(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=_select_first("key_result"))


def test_check_in_form(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _select_first("key_result", "increase")(pilot)
        await pilot.press("c")
        await pilot.press(*"88")
        await no_blink(pilot)

    app = make_app(sample_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_check_in_form_refusal(
    snap_compare: Any, sample_db: Path, make_app: Any
) -> None:
    async def run_before(pilot: Any) -> None:
        await _select_first("key_result", "increase")(pilot)
        await pilot.press("c")
        await pilot.press(*"8x5", "ctrl+s")
        await no_blink(pilot)

    app = make_app(sample_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_welcome(snap_compare: Any, empty_db: Path, make_app: Any) -> None:
    assert snap_compare(make_app(empty_db), terminal_size=SIZE)


def test_help(snap_compare: Any, sample_db: Path, make_app: Any) -> None:
    assert snap_compare(
        make_app(sample_db), terminal_size=SIZE, press=["question_mark"]
    )


def test_tree_in_a_small_terminal(
    snap_compare: Any, sample_db: Path, make_app: Any
) -> None:
    """At 80×24 the detail goes under the tree, and every column still shows."""
    app = make_app(sample_db)
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=_select_first("key_result")
    )
