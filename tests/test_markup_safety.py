"""Text that looks like markup ("[/b]") is shown as typed on every screen.

Names, titles, units and notes are the user's words: no screen may read them as
Rich markup, which would hide them or crash the screen on every visit.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from okrtui.screens.bonus import BonusScreen
from okrtui.screens.cycles import CyclesScreen
from okrtui.screens.members import MembersScreen
from okrtui.screens.review import ReviewScreen
from okrtui.store.models import (
    ActionItem,
    Cycle,
    KeyResult,
    Member,
    Objective,
    OneOnOne,
)
from okrtui.widgets.okr_tree import NodeRef, OkrTree
from tests.conftest import SIZE, TODAY

ODD = "[/b] x [red"


async def test_every_screen_shows_markup_like_text(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        store = app.store
        member = store.save_member(
            Member(name=f"Zed {ODD}", role=ODD, level="frontline", fte=Decimal(1))
        )
        parent = store.objectives(app.cycle_id)[0]
        objective = store.save_objective(
            Objective(
                cycle_id=app.cycle_id,
                title=f"Grow {ODD}",
                level="team",
                owner_id=member.id,
                parent_id=parent.id,
            )
        )
        store.save_objective(parent.model_copy(update={"title": f"Parent {ODD}"}))
        kr = store.save_key_result(
            KeyResult(
                objective_id=objective.id,
                title=f"[/i] coach {ODD}",
                kind="increase",
                unit="[/u]",
                start=Decimal(0),
                target=Decimal(5),
                owner_id=member.id,
            )
        )
        note = store.save_one_on_one(
            OneOnOne(member_id=member.id, day=TODAY, text=f"talked {ODD}")
        )
        store.save_action_item(
            ActionItem(member_id=member.id, one_on_one_id=note.id, text=f"do {ODD}")
        )
        store.save_cycle(
            Cycle(
                name=f"Q9 {ODD}",
                first_day=TODAY,
                last_day=TODAY,
                status="planning",
            )
        )
        app.data_changed()
        await pilot.pause()

        tree = app.screen.query_one(OkrTree)
        for ref in (NodeRef("objective", objective.id), NodeRef("key_result", kr.id)):
            assert tree.select_ref(ref)
            await pilot.pause()

        await pilot.press("m")
        assert isinstance(app.screen, MembersScreen)
        table = app.screen.query_one(DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert f"Zed {ODD}" in names
        app.open_review(member.id)
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        items = app.screen.query_one("#review-items", DataTable)
        assert str(items.get_row_at(0)[1]) == f"do {ODD}"
        await pilot.press("escape", "escape")
        await pilot.press("y")
        assert isinstance(app.screen, CyclesScreen)
        await pilot.press("escape")
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BonusScreen)
        await pilot.pause()
