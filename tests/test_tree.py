"""The OKR tree and the check-in form, driven as a user would through the pilot."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from textual.widgets import Input, Static

from okrtui.dialogs.checkin import CheckInDialog
from okrtui.store import Store
from okrtui.widgets.okr_tree import NodeRef, OkrTree


def _first_numeric_kr(store: Store, cycle_id: int) -> Any:
    return next(k for k in store.key_results(cycle_id) if k.kind == "increase")


def _rendered(widget: Static) -> str:
    """The plain text a widget shows."""
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(widget.content)
    return console.export_text()


async def _select_kr(pilot: Any, kr_id: int) -> None:
    tree = pilot.app.screen.query_one(OkrTree)
    assert tree.select_ref(NodeRef("key_result", kr_id))
    await pilot.pause()


async def _type(pilot: Any, selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    await pilot.press(*list(text))


async def test_check_in_is_saved_and_survives_reopening(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)
    async with app.run_test(size=(120, 36)) as pilot:
        store = app.store
        kr = _first_numeric_kr(store, app.cycle_id)
        before = store.cycle_scores(app.cycle_id).kr[kr.id].score
        await _select_kr(pilot, kr.id)
        await pilot.press("c")
        assert isinstance(app.screen, CheckInDialog)
        await _type(pilot, "#field-value", str(kr.target))
        await _type(pilot, "#field-confidence", "9")
        await _type(pilot, "#field-note", "target reached")
        preview = str(app.screen.query_one("#form-preview", Static).render())
        assert "100 %" in preview
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CheckInDialog)
        after = store.cycle_scores(app.cycle_id).kr[kr.id].score
        assert after == 1 and after != before
        # The tree row and the detail pane show the new score at once.
        tree = app.screen.query_one(OkrTree)
        assert tree.cursor_node is not None
        assert "100 %" in str(tree.cursor_node.label)
        history = app.screen.query_one("#detail-history", Static)
        assert "target reached" in _rendered(history)

    reopened = Store.open(sample_db)
    try:
        latest = reopened.checkins(kr.id)[0]
        assert latest.value == kr.target
        assert latest.confidence == 9
        assert latest.note == "target reached"
    finally:
        reopened.close()


async def test_refused_check_in_keeps_what_was_typed(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)
    async with app.run_test(size=(120, 36)) as pilot:
        store = app.store
        kr = _first_numeric_kr(store, app.cycle_id)
        count = len(store.checkins(kr.id))
        await _select_kr(pilot, kr.id)
        await pilot.press("c")
        await _type(pilot, "#field-value", "8x5")
        await _type(pilot, "#field-confidence", "11")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CheckInDialog)
        assert dialog.query_one("#field-value", Input).value == "8x5"
        assert "not a number" in str(dialog.query_one("#error-value", Static).render())
        assert "between 0 and 10" in str(
            dialog.query_one("#error-confidence", Static).render()
        )
        await _type(pilot, "#field-value", "88")
        await _type(pilot, "#field-confidence", "7")
        await _type(pilot, "#field-day", "1999-01-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CheckInDialog)
        assert "Must lie within" in str(
            app.screen.query_one("#error-day", Static).render()
        )
        await _type(pilot, "#field-day", "2026-11-19")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CheckInDialog)
        assert "after today" in str(app.screen.query_one("#error-day", Static).content)
        assert len(store.checkins(kr.id)) == count
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CheckInDialog)
        assert len(store.checkins(kr.id)) == count


async def test_correction_keeps_the_old_check_in(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)
    async with app.run_test(size=(120, 36)) as pilot:
        store = app.store
        kr = _first_numeric_kr(store, app.cycle_id)
        old = store.checkins(kr.id)[0]
        await _select_kr(pilot, kr.id)
        await pilot.press("C")
        await _type(pilot, "#field-value", str(old.value + Decimal(1)))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.checkins(kr.id)[0].value == old.value + 1
        history = store.checkin_history(kr.id)
        assert any(c.id == old.id and c.superseded_by is not None for c in history)
        # The detail pane still lists what the correction replaced, marked so.
        shown = _rendered(app.screen.query_one("#detail-history", Static))
        assert "(corrected)" in shown


async def test_empty_database_says_what_to_do_first(
    empty_db: Path, make_app: Any
) -> None:
    app = make_app(empty_db)
    async with app.run_test(size=(120, 36)) as pilot:
        welcome = app.screen.query_one("#welcome", Static)
        assert welcome.display
        assert "create the first cycle" in str(welcome.render())
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.query_one("#welcome").display


async def test_help_and_palette_open(sample_db: Path, make_app: Any) -> None:
    from okrtui.screens.help import HelpScreen

    app = make_app(sample_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        page = app.screen.query_one("#help")
        await pilot.press("pagedown")
        await pilot.pause(0.3)
        assert page.scroll_y > 0
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"bonus table")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert type(app.screen).__name__ == "BonusScreen"


REAL = Path(__file__).resolve().parent / "data" / "real-inputs"


async def test_import_from_the_tree(sample_db: Path, make_app: Any) -> None:
    from okrtui.dialogs.import_form import ImportForm

    file = REAL / "sourcegraph-support-fy22q4.json"
    app = make_app(sample_db)
    async with app.run_test(size=(120, 36)) as pilot:
        before = len(app.store.objectives(app.cycle_id))
        await pilot.press("I")
        assert isinstance(app.screen, ImportForm)
        app.screen.query_one("#field-path", Input).value = "/no/such/file.json"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ImportForm)
        assert "no file" in str(app.screen.query_one("#error-path", Static).content)
        app.screen.query_one("#field-path", Input).value = str(file)
        await pilot.pause()
        preview = str(app.screen.query_one("#form-preview", Static).content)
        assert "Will import 1 objective and 3 key results" in preview
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.store.objectives(app.cycle_id)) == before + 1
        tree = app.screen.query_one(OkrTree)
        labels = [str(n.label) for n in tree.root.children]
        assert any("Make providing an effortless" in label for label in labels)


async def test_names_that_look_like_markup_show_as_written(
    sample_db: Path, make_app: Any
) -> None:
    from okrtui.store.models import Objective

    app = make_app(sample_db)
    async with app.run_test(size=(120, 36)) as pilot:
        store = app.store
        objective = store.save_objective(
            Objective(cycle_id=app.cycle_id, title="Q4 [/b] [red", level="team")
        )
        kr = store.save_key_result(
            _first_numeric_kr(store, app.cycle_id).model_copy(
                update={"id": None, "objective_id": objective.id, "title": "[/i] x"}
            )
        )
        app.data_changed()
        await pilot.pause()
        await _select_kr(pilot, kr.id)
        await pilot.press("c")
        assert isinstance(app.screen, CheckInDialog)
        await pilot.press("escape")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await pilot.pause()
        app.notify("Deleted “[/b]”.")
        await pilot.pause()


async def test_switching_cycles_clears_the_detail(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)
    async with app.run_test(size=(120, 36)) as pilot:
        kr = _first_numeric_kr(app.store, app.cycle_id)
        await _select_kr(pilot, kr.id)
        other = next(c for c in app.store.cycles() if c.id != app.cycle_id)
        app.choose_cycle(other.id)
        await pilot.pause()
        await pilot.pause()
        title = _rendered(app.screen.query_one("#detail-title", Static))
        assert kr.title not in title


async def test_an_unchanged_correction_writes_nothing(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)
    async with app.run_test(size=(120, 36)) as pilot:
        kr = _first_numeric_kr(app.store, app.cycle_id)
        before = len(app.store.checkin_history(kr.id))
        await _select_kr(pilot, kr.id)
        await pilot.press("C")
        assert isinstance(app.screen, CheckInDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CheckInDialog)
        assert len(app.store.checkin_history(kr.id)) == before
