"""The bonus table, driven as a manager would through the pilot.

Each test runs its pilot inside `asyncio.run`, so it needs no async test plugin.
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import json
import os
import stat
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Select, Static

from okrtui import bonus_service as service
from okrtui.bonus_service import BonusSheet
from okrtui.dialogs.confirm import ConfirmDialog
from okrtui.dialogs.export_form import ExportForm
from okrtui.dialogs.member_input_form import MemberInputForm
from okrtui.dialogs.method_form import MethodForm
from okrtui.screens.bonus import TOTAL_KEY, AllocationView, BonusScreen
from okrtui.screens.published import PublishedScreen, VersionsDialog
from okrtui.store import BonusPlan, Cycle, Store
from tests.conftest import SIZE, TODAY

Pilot = Any


def drive(app: Any, steps: Callable[[Pilot], Awaitable[None]]) -> None:
    """Run the app headless at the snapshot size and play `steps` on it."""

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await steps(pilot)

    asyncio.run(main())


async def open_bonus(pilot: Pilot) -> BonusScreen:
    await pilot.press("b")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BonusScreen)
    return screen


def table_amounts(screen: BonusScreen) -> dict[str, Decimal]:
    """The Amount column by row key, read back from the table as shown."""
    table = screen.query_one(DataTable)
    column = list(table.columns).index("Amount")
    return {
        str(key.value): Decimal(str(table.get_row(key)[column]).replace(",", ""))
        for key in table.rows
    }


def draft_sheet(app: Any) -> BonusSheet:
    store = app.store
    cycle = store.cycle(app.cycle_id)
    return service.compute_sheet(store, cycle, store.bonus_plan(cycle.id))


def notifications(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def select_member(pilot: Pilot, name: str) -> None:
    screen = pilot.app.screen
    view = screen.query_one(AllocationView)
    if view.sheet is not None:
        member_id = next(r.member_id for r in view.sheet.rows if r.name == name)
    else:  # no split yet: the members alone
        member_id = next(i for i, m in view.members.items() if m.name == name)
    table = screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(str(member_id)))
    await pilot.pause()


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    """Type into a field key by key, as a person does."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    await pilot.press(*list(text))
    await pilot.pause()


async def fill(pilot: Pilot, selector: str, text: str) -> None:
    """Put a long text into a field at once (a paste)."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = text
    await pilot.pause()


def test_sample_table_adds_up_to_the_pool(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        amounts = table_amounts(screen)
        total = amounts.pop(TOTAL_KEY)
        assert total == Decimal("120000.00")
        assert sum(amounts.values()) == total
        # The screen shows what the shared glue computes, to the cent.
        sheet = draft_sheet(pilot.app)
        assert amounts == {str(r.member_id): r.amount for r in sheet.rows}
        steps_line = str(screen.query_one("#bonus-steps", Static).render())
        assert "1 Pool" in steps_line and "5 Publish" in steps_line

    drive(app, steps)


def test_trace_follows_the_selected_member(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        await select_member(pilot, "陈静")
        trace = str(screen.query_one("#bonus-trace", Static).render())
        assert "陈静 gets" in trace
        assert "override 0.60" in trace
        assert "Proration" in trace
        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(TOTAL_KEY))
        await pilot.pause()
        trace = str(screen.query_one("#bonus-trace", Static).render())
        assert "Total is the pool: 120,000.00 CNY" in trace

    drive(app, steps)


def test_changing_the_method_changes_the_table(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        before = table_amounts(screen)
        await pilot.press("m")
        form = pilot.app.screen
        assert isinstance(form, MethodForm)
        form.query_one("#field-method", Select).value = "contribution"
        await pilot.pause()
        preview = str(form.query_one("#form-preview", Static).render())
        assert "120,000.00 CNY to 6 of 6 members" in preview
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        after = table_amounts(screen)
        assert after != before
        assert after[TOTAL_KEY] == Decimal("120000.00")
        assert pilot.app.store.bonus_plan(pilot.app.cycle_id).method == "contribution"
        method_line = str(screen.query_one("#bonus-method", Static).render())
        assert "Team contribution" in method_line

    drive(app, steps)


def test_method_form_refuses_bad_tiers_beside_the_field(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        await open_bonus(pilot)
        await pilot.press("m")
        form = pilot.app.screen
        form.query_one("#field-method", Select).value = "target"
        await pilot.pause()
        await type_into(pilot, "#field-tiers", "0.9=1.5, 0.7=1")
        error = str(form.query_one("#error-tiers", Static).render())
        assert "rising" in error
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form
        assert form.query_one("#field-tiers", Input).value == "0.9=1.5, 0.7=1"
        assert pilot.app.store.bonus_plan(pilot.app.cycle_id).method == "performance"

    drive(app, steps)


def test_editing_a_members_inputs_changes_the_table(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        await select_member(pilot, "李娜")
        member_id = screen.query_one(AllocationView).selected_row().member_id
        before = table_amounts(screen)[str(member_id)]
        await pilot.press("i")
        form = pilot.app.screen
        assert isinstance(form, MemberInputForm)
        await type_into(pilot, "#field-override", "0.95")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Without a reason the override is refused beside the field.
        assert pilot.app.screen is form
        assert "reason" in str(form.query_one("#error-override_reason").render())
        await fill(pilot, "#field-override_reason", "closed the Acme renewal")
        form.query_one("#field-recognition_kind", Select).value = "promotion"
        await fill(pilot, "#field-recognition_details", "to senior")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        amounts = table_amounts(screen)
        assert amounts[str(member_id)] > before
        assert amounts.pop(TOTAL_KEY) == sum(amounts.values())
        row = screen.query_one(AllocationView).sheet.row(member_id)
        assert row.recognitions == ("promotion: to senior",)
        assert "closed the Acme renewal" in service.row_note(row, "CNY")

    drive(app, steps)


def test_bad_pool_is_refused_beside_the_field(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        for bad in ("12,34.5x", "-5"):
            await type_into(pilot, "#pool-base", bad)
            error = screen.query_one("#pool-error", Static)
            assert error.has_class("-shown")
            assert str(error.render()).startswith("Base pool:")
            assert screen.query_one("#pool-base", Input).value == bad
            plan = pilot.app.store.bonus_plan(pilot.app.cycle_id)
            assert plan.base_pool == Decimal("120000.00")
            assert table_amounts(screen)[TOTAL_KEY] == Decimal("120000.00")
        await type_into(pilot, "#pool-base", "90,000.50")
        assert not screen.query_one("#pool-error").has_class("-shown")
        # The table follows as it is typed; the pool is saved on enter.
        assert table_amounts(screen)[TOTAL_KEY] == Decimal("90000.50")
        assert pilot.app.store.bonus_plan(pilot.app.cycle_id).base_pool != Decimal(
            "90000.50"
        )
        await pilot.press("enter")
        await pilot.pause()
        plan = pilot.app.store.bonus_plan(pilot.app.cycle_id)
        assert plan.base_pool == Decimal("90000.50")
        assert table_amounts(screen)[TOTAL_KEY] == Decimal("90000.50")
        # A currency whose minor unit the amount does not fit is refused too.
        screen.query_one("#pool-currency", Select).value = "JPY"
        await pilot.pause()
        assert screen.query_one("#pool-error").has_class("-shown")
        assert pilot.app.store.bonus_plan(pilot.app.cycle_id).currency == "CNY"

    drive(app, steps)


def test_publish_then_refuse_edits_then_new_draft(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        draft = table_amounts(screen)
        await pilot.press("p")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.click("#confirm-ok")
        await pilot.pause()
        store = pilot.app.store
        assert store.bonus_plan(pilot.app.cycle_id) is None
        published = store.published_plans(pilot.app.cycle_id)
        assert len(published) == 1
        said = notifications(pilot.app)[-1]
        frozen_at = service.published_sheet(published[0]).published_at
        when = frozen_at[:16].replace("T", " ")
        assert said == f"Published version 1 of the bonus of 2026-Q4 at {when}."
        frozen = json.loads(published[0].allocation)
        assert frozen["status"] == "published"
        assert frozen["rows"][0]["trace"]

        # The screen now shows the published version, read-only, same amounts.
        assert screen.read_only
        assert table_amounts(screen) == draft
        assert screen.query_one("#pool-base", Input).disabled
        for key in ("m", "i", "p"):
            pilot.app.clear_notifications()
            await pilot.press(key)
            await pilot.pause()
            assert pilot.app.screen is screen
            said = notifications(pilot.app)
            assert said and "published" in said[-1] and "n" in said[-1]

        await pilot.press("n")
        await pilot.pause()
        assert not screen.read_only
        new = store.bonus_plan(pilot.app.cycle_id)
        assert new is not None and new.based_on == published[0].id
        assert table_amounts(screen) == draft

    drive(app, steps)


def test_versions_list_opens_a_published_version(
    sample_db: Path, make_app: Any
) -> None:
    store = Store.open(sample_db)
    cycle = store.current_cycle(TODAY)
    service.publish(store, cycle, store.bonus_plan(cycle.id))
    store.new_draft_from(store.published_plans(cycle.id)[0].id)
    store.close()
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        assert not screen.read_only
        await pilot.press("v")
        assert isinstance(pilot.app.screen, VersionsDialog)
        await pilot.press("enter")
        await pilot.pause()
        shown = pilot.app.screen
        assert isinstance(shown, PublishedScreen) and shown.read_only
        await pilot.press("i")
        assert "published" in notifications(pilot.app)[-1]
        # A new draft from it replaces the current draft after asking.
        await pilot.press("n")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.click("#confirm-ok")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert pilot.app.store.bonus_plan(pilot.app.cycle_id) is not None

    drive(app, steps)


def test_export_writes_readable_files(
    sample_db: Path, make_app: Any, tmp_path: Path
) -> None:
    app = make_app(sample_db)
    out = tmp_path / "exports"
    store = Store.open(sample_db)
    member = store.members()[0]
    store.save_member(member.model_copy(update={"name": "=SUM(A1)"}))
    store.close()

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        await pilot.press("x")
        assert isinstance(pilot.app.screen, ExportForm)
        await fill(pilot, "#field-folder", str(out))
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "Exported the draft split" in notifications(pilot.app)[-1]

    drive(app, steps)
    files = sorted(p.name for p in out.iterdir())
    if os.name == "posix":
        # They hold pay: owner-only, like the database.
        assert {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == {0o600}
    assert files == [
        "bonus-2026-Q4-draft.csv",
        "bonus-2026-Q4-draft.json",
        "bonus-2026-Q4-draft.md",
    ]
    with (out / "bonus-2026-Q4-draft.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["member"] == "'=SUM(A1)"
    members = [r for r in rows if r["member"] not in ("Total", "Undistributed")]
    assert sum(Decimal(r["amount"]) for r in members) == Decimal("120000.00")
    assert rows[-1]["amount"] == "120000.00"
    data = json.loads((out / "bonus-2026-Q4-draft.json").read_text(encoding="utf-8"))
    assert data["status"] == "draft"
    markdown = (out / "bonus-2026-Q4-draft.md").read_text(encoding="utf-8")
    assert "| 李娜 |" in markdown and "| =SUM(A1) |" in markdown


def test_a_cycle_without_a_plan_starts_one_from_the_pool(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        store = pilot.app.store
        cycle = store.save_cycle(
            Cycle(
                name="2027-Q1", first_day=date(2027, 1, 1), last_day=date(2027, 3, 31)
            )
        )
        pilot.app.choose_cycle(cycle.id)
        await pilot.pause()
        assert screen.query_one("#pool-base", Input).value == ""
        empty = str(screen.query_one("#bonus-empty", Static).render())
        assert "No bonus plan for 2027-Q1" in empty
        # What the line says works: tab goes to the base pool; m is still offered.
        assert "Press tab to go to the base pool" in empty
        assert "m" in shown_keys(screen)
        await pilot.press("tab")
        assert pilot.app.focused is screen.query_one("#pool-base", Input)
        await type_into(pilot, "#pool-base", "5000")
        await pilot.press("enter")
        await pilot.pause()
        plan = store.bonus_plan(cycle.id)
        assert plan is not None and plan.base_pool == Decimal("5000.00")
        amounts = table_amounts(screen)
        assert amounts[TOTAL_KEY] == Decimal("5000.00")
        # Nobody has an OKR score in the new cycle: the pool stays undistributed.
        assert amounts["undistributed"] == Decimal("5000.00")

    drive(app, steps)


def test_member_form_preview_names_the_member(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        await open_bonus(pilot)
        await select_member(pilot, "张伟")
        await pilot.press("i")
        form = pilot.app.screen
        assert isinstance(form, MemberInputForm)
        await type_into(pilot, "#field-cap_amount", "1,000.00")
        preview = str(form.query_one("#form-preview", Static).render())
        assert preview.startswith("张伟: 1,000.00 CNY")

    drive(app, steps)


def test_member_form_shows_a_name_with_brackets_as_written(
    sample_db: Path, make_app: Any
) -> None:
    store = Store.open(sample_db)
    member = store.members()[0]
    store.save_member(member.model_copy(update={"name": "Ann [/b] [red]"}))
    store.close()
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        await open_bonus(pilot)
        await select_member(pilot, "Ann [/b] [red]")
        await pilot.press("i")
        form = pilot.app.screen
        assert isinstance(form, MemberInputForm)
        title = str(form.query_one("#form-title", Static).render())
        assert title == "Bonus inputs: Ann [/b] [red]"
        await type_into(pilot, "#field-cap_amount", "1,000.00")
        preview = str(form.query_one("#form-preview", Static).render())
        assert preview.startswith("Ann [/b] [red]: 1,000.00 CNY")

    drive(app, steps)


HUGE = ("1e999", "1e10000000", "123456789012345678901234567", "1e-999999")
"""Numbers no team's pool needs: each must be refused beside its field, fast."""


def test_absurd_pool_and_multiplier_are_refused(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        error = screen.query_one("#pool-error", Static)
        cases = [("#pool-base", text) for text in HUGE]
        cases += [("#pool-multiplier", text) for text in HUGE]
        # Each part is within bounds, but their product is not.
        cases.append(("#pool-multiplier", "99999999999999"))
        for selector, text in cases:
            await fill(pilot, selector, text)
            await pilot.press("enter")
            await pilot.pause()
            assert pilot.app.screen is screen, (selector, text)
            assert error.has_class("-shown"), (selector, text)
            said = str(error.render())
            assert "too large" in said or "decimals" in said or "finite" in said, (
                selector,
                text,
                said,
            )
            plan = pilot.app.store.bonus_plan(pilot.app.cycle_id)
            assert (plan.base_pool, plan.multiplier) == (Decimal("120000.00"), 1)
            assert table_amounts(screen)[TOTAL_KEY] == Decimal("120000.00")
            await fill(pilot, selector, "1" if "multiplier" in selector else "120000")
            assert not error.has_class("-shown")

    drive(app, steps)


def test_absurd_numbers_in_the_method_form_are_refused(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        await open_bonus(pilot)
        await pilot.press("m")
        form = pilot.app.screen
        assert isinstance(form, MethodForm)
        form.query_one("#field-method", Select).value = "composite"
        form.query_one("#field-multiplier_mode", Select).value = "curve"
        await pilot.pause()
        tiers = form.query_one("#field-tiers", Input).value
        big = "9" * 27
        cases = [("threshold", "1e-999999"), ("threshold", "0." + "0" * 20 + "1")]
        cases += [("tiers", f"0.7={big}"), ("tiers", "0.7=0.00000000000000000001")]
        cases += [("tiers", "0." + "0" * 20 + "1=1")]
        cases += [
            ("dimensions", f"okr 30; workload {text} max")
            for text in (*HUGE, big, "1e14 max; x 1e-14")
        ]
        cases += [
            ("dimensions", f"okr 30; workload 70 target {text}")
            for text in (*HUGE, big)
        ]
        cases += [("curve", f"0.3=0, 0.7=1, 1.0={big}")]
        cases += [("curve", "0.3=0, 0.7=1, 1.0=1.0000000000000000001")]
        for name, text in cases:
            if name in ("threshold", "tiers"):
                form.query_one("#field-method", Select).value = "target"
            else:
                form.query_one("#field-method", Select).value = "composite"
            await pilot.pause()
            await fill(pilot, f"#field-{name}", text)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert pilot.app.screen is form, (name, text)
            said = str(form.query_one(f"#error-{name}", Static).render())
            assert any(word in said for word in ("too large", "decimals", "finite")), (
                name,
                text,
                said,
            )
            await fill(
                pilot,
                f"#field-{name}",
                {
                    "threshold": "0.7",
                    "tiers": tiers,
                    "dimensions": "okr 30; workload 70 max",
                    "curve": "0.3=0, 0.7=1, 1.0=1.5",
                }[name],
            )
        plan = pilot.app.store.bonus_plan(pilot.app.cycle_id)
        assert plan.method == "performance" and plan.multiplier == 1

    drive(app, steps)


def test_absurd_member_inputs_are_refused(sample_db: Path, make_app: Any) -> None:
    store = Store.open(sample_db)
    cycle = store.current_cycle(TODAY)
    plan = store.bonus_plan(cycle.id)
    dims = service.parse_dimensions("okr 30; workload 70 max")
    params = plan.params.model_dump() | {"dimensions": [d.model_dump() for d in dims]}
    update = {"method": "composite", "params": params}
    store.save_bonus_plan(BonusPlan.model_validate(plan.model_dump() | update))
    store.close()
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        await open_bonus(pilot)
        await select_member(pilot, "李娜")
        await pilot.press("i")
        form = pilot.app.screen
        assert isinstance(form, MemberInputForm)
        before = pilot.app.store.bonus_plan(pilot.app.cycle_id)
        cases = [("dim0", text) for text in HUGE]
        cases += [("cap_amount", text) for text in HUGE[2:]]
        cases += [("cap_share", text) for text in HUGE]
        cases += [("cap_share", "1e999999999 %"), ("cap_share", "1e-10000000 %")]
        for name, text in cases:
            await fill(pilot, f"#field-{name}", text)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert pilot.app.screen is form, (name, text)
            said = str(form.query_one(f"#error-{name}", Static).render())
            assert said, (name, text)
            await fill(pilot, f"#field-{name}", "")
        assert pilot.app.store.bonus_plan(pilot.app.cycle_id) == before

    drive(app, steps)


def test_absurd_override_and_points_are_refused(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        await open_bonus(pilot)
        await select_member(pilot, "李娜")
        await pilot.press("i")
        form = pilot.app.screen
        await fill(pilot, "#field-override_reason", "why not")
        for text in ("1e-999999", "0." + "0" * 20 + "1"):
            await fill(pilot, "#field-override", text)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert pilot.app.screen is form, text
            assert "decimals" in str(form.query_one("#error-override").render())
        await pilot.press("escape")
        await pilot.press("m")
        method = pilot.app.screen
        method.query_one("#field-method", Select).value = "contribution"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("i")
        form = pilot.app.screen
        assert isinstance(form, MemberInputForm)
        for text in HUGE:
            await fill(pilot, "#field-points", text)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert pilot.app.screen is form, text
            assert str(form.query_one("#error-points").render()), text

    drive(app, steps)


def shown_keys(screen: BonusScreen) -> dict[str, str]:
    """The footer's keys: key → action, for the bindings shown and enabled."""
    return {
        key: active.binding.action
        for key, active in screen.active_bindings.items()
        if active.binding.show and active.enabled
    }


def test_footer_offers_only_what_a_published_version_allows(
    sample_db: Path, make_app: Any
) -> None:
    with Store.open(sample_db) as store:
        cycle = store.current_cycle(TODAY)
        service.publish(store, cycle, store.bonus_plan(cycle.id))
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        assert screen.read_only
        keys = shown_keys(screen)
        assert not {"m", "i", "p"} & keys.keys()
        assert {keys["n"], keys["x"], keys["v"]} == {"new_draft", "export", "versions"}
        # The keys still say why they do nothing here.
        pilot.app.clear_notifications()
        await pilot.press("m")
        assert "never changes" in notifications(pilot.app)[-1]
        await pilot.press("n")
        await pilot.pause()
        assert not screen.read_only
        keys = shown_keys(screen)
        assert {"m", "i", "p", "x", "v"} <= keys.keys() and "n" not in keys

    drive(app, steps)


def in_view(form: Any, selector: str) -> bool:
    """Whether a widget of the form is shown inside the form's box, not scrolled off."""
    box = form.query_one("#form").region
    region = form.query_one(selector).region
    return bool(region.height) and box.contains_region(region)


def test_member_form_refusals_stay_in_view(sample_db: Path, make_app: Any) -> None:
    # The tallest form: the composite method with three dimensions besides okr.
    text = "okr 30; workload 20 target 100; satisfaction 20 target 5; projects 30 max"
    dims = service.parse_dimensions(text)
    store = Store.open(sample_db)
    cycle = store.current_cycle(TODAY)
    plan = store.bonus_plan(cycle.id)
    values = {d.key: "3" for d in dims if d.key != "okr"}
    inputs = {m.id: {"dimensions": values} for m in store.members()}
    params = plan.params.model_dump() | {"dimensions": [d.model_dump() for d in dims]}
    update = {"method": "composite", "params": params, "inputs": inputs}
    store.save_bonus_plan(BonusPlan.model_validate(plan.model_dump() | update))
    store.close()
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        await open_bonus(pilot)
        await pilot.press("i")
        form = pilot.app.screen
        assert isinstance(form, MemberInputForm)
        # The whole form fits a 120×36 terminal: nothing to scroll to.
        assert form.query_one("#form").max_scroll_y == 0
        for name, bad in (("dim0", "abc"), ("cap_share", "2"), ("dim2", "-1")):
            await fill(pilot, f"#field-{name}", bad)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert pilot.app.screen is form
            assert in_view(form, f"#error-{name}"), name
            assert in_view(form, "#form-error"), name
            assert in_view(form, "#save"), name
            await fill(pilot, f"#field-{name}", "")

    drive(app, steps)


def column_shortfalls(table: DataTable[Any]) -> list[tuple[str, int, int]]:
    """Columns narrower than their widest cell: (title, width, needed)."""
    from rich.cells import cell_len

    short = []
    for index, column in enumerate(table.ordered_columns):
        cells = [str(table.get_row_at(r)[index]) for r in range(table.row_count)]
        needed = max(cell_len(text) for text in [str(column.label), *cells])
        width = column.get_render_width(table) - 2 * table.cell_padding
        if width < needed:
            short.append((str(column.label), width, needed))
    return short


def test_table_widths_fit_as_soon_as_it_is_filled(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        view = screen.query_one(AllocationView)
        table = screen.query_one(DataTable)
        assert column_shortfalls(table) == []
        # Filled again (as after n, or a new pool): the widths are right at once,
        # before the table's own idle-time measuring, so no render can cut "100.00".
        sheet = view.sheet
        bigger = dataclasses.replace(sheet, pool=Decimal("987654321.00"))
        view.show(bigger)
        assert column_shortfalls(table) == []
        view.show(sheet)
        assert column_shortfalls(table) == []

    drive(app, steps)


def test_a_long_name_is_cut_in_the_table_and_whole_in_the_trace(
    sample_db: Path, make_app: Any
) -> None:
    from rich.cells import cell_len

    long_name = "欧阳" * 20 + " Maximiliane Wolfeschlegelsteinhausenbergerdorff"[:40]
    store = Store.open(sample_db)
    member = store.members()[1]
    store.save_member(member.model_copy(update={"name": long_name}))
    store.close()
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        table = screen.query_one(DataTable)
        assert column_shortfalls(table) == []
        shown = str(table.get_row(str(member.id))[0])
        assert shown.endswith("…") and long_name.startswith(shown[:-1])
        assert cell_len(shown) <= 20
        # Every column still fits the terminal's width.
        assert table.virtual_size.width <= SIZE[0]
        table.move_cursor(row=table.get_row_index(str(member.id)))
        await pilot.pause()
        trace = str(screen.query_one("#bonus-trace", Static).render())
        assert f"{long_name} gets" in trace.replace("\n", "")
        # The inputs form's title stays on one line.
        await pilot.press("i")
        title = pilot.app.screen.query_one("#form-title", Static)
        assert str(title.render()).endswith("…") and title.size.height == 1

    drive(app, steps)


def test_members_can_be_assessed_while_the_pool_cannot_be_split(
    sample_db: Path, make_app: Any
) -> None:
    # A new dimension nobody has a value for yet: the split waits for the values,
    # and the table must still offer the members to enter them.
    dims = service.parse_dimensions("okr 50; projects 50 max")
    store = Store.open(sample_db)
    cycle = store.current_cycle(TODAY)
    plan = store.bonus_plan(cycle.id)
    params = plan.params.model_dump() | {"dimensions": [d.model_dump() for d in dims]}
    update = {"method": "composite", "params": params}
    store.save_bonus_plan(BonusPlan.model_validate(plan.model_dump() | update))
    store.close()
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        assert screen.sheet is None
        empty = str(screen.query_one("#bonus-empty", Static).render())
        assert "Cannot split the pool yet" in empty and "projects" in empty
        table = screen.query_one(DataTable)
        assert table.display and table.row_count == 6
        await select_member(pilot, "李娜")
        await pilot.press("i")
        form = pilot.app.screen
        assert isinstance(form, MemberInputForm)
        assert "李娜" in str(form.query_one("#form-title", Static).render())
        await fill(pilot, "#field-dim0", "4")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # With one value the split is made, and the table is the full one again.
        assert pilot.app.screen is screen
        assert screen.sheet is not None
        assert table_amounts(screen)[TOTAL_KEY] == Decimal("120000.00")

    drive(app, steps)


def test_names_that_look_like_markup_are_shown_as_written(
    sample_db: Path, make_app: Any
) -> None:
    cycle_name = "Q4 [/b] [red"
    member_name = "Ann [red"
    store = Store.open(sample_db)
    cycle = store.current_cycle(TODAY)
    store.save_cycle(cycle.model_copy(update={"name": cycle_name}))
    member = store.members()[0]
    store.save_member(member.model_copy(update={"name": member_name}))
    store.close()
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        screen = await open_bonus(pilot)
        await select_member(pilot, member_name)
        trace = str(screen.query_one("#bonus-trace", Static).render())
        assert trace.startswith(f"{member_name} gets")
        await pilot.press("x")
        assert isinstance(pilot.app.screen, ExportForm)
        title = str(pilot.app.screen.query_one("#form-title", Static).render())
        assert title.endswith(f"of {cycle_name}")
        await pilot.press("escape")
        await pilot.press("p")
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmDialog)
        title = str(confirm.query_one("#confirm-title", Static).render())
        assert title == f"Publish the bonus of {cycle_name}?"
        await pilot.click("#confirm-ok")
        await pilot.pause()
        assert cycle_name in notifications(pilot.app)[-1]
        await pilot.press("v")
        versions = pilot.app.screen
        assert isinstance(versions, VersionsDialog)
        title = str(versions.query_one("#versions-title", Static).render())
        assert title == f"Published versions of {cycle_name}"

    drive(app, steps)


def test_method_form_has_no_blank_error_lines(sample_db: Path, make_app: Any) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        await open_bonus(pilot)
        await pilot.press("m")
        form = pilot.app.screen
        assert isinstance(form, MethodForm)
        for method in ("composite", "target", "performance"):
            form.query_one("#field-method", Select).value = method
            form.query_one("#field-multiplier_mode", Select).value = "curve"
            await pilot.pause()
            for error in form.query(".field-error"):
                assert error.region.height == 0, (method, error.id)
        # A refused field that the method stops using leaves with its error.
        form.query_one("#field-method", Select).value = "target"
        await pilot.pause()
        await fill(pilot, "#field-tiers", "0.9=1.5, 0.7=1")
        assert form.query_one("#error-tiers").region.height == 1
        form.query_one("#field-method", Select).value = "contribution"
        await pilot.pause()
        assert form.query_one("#error-tiers").region.height == 0
        # ... and does not hold the form back: the plan keeps its tiers.
        tiers = pilot.app.store.bonus_plan(pilot.app.cycle_id).params.tiers
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, MethodForm)
        plan = pilot.app.store.bonus_plan(pilot.app.cycle_id)
        assert plan.method == "contribution" and plan.params.tiers == tiers

    drive(app, steps)


def test_a_refusal_quoting_brackets_is_shown_as_written(
    sample_db: Path, make_app: Any
) -> None:
    app = make_app(sample_db)

    async def steps(pilot: Pilot) -> None:
        await open_bonus(pilot)
        await pilot.press("m")
        form = pilot.app.screen
        form.query_one("#field-method", Select).value = "target"
        await pilot.pause()
        await fill(pilot, "#field-tiers", "[/b]")
        error = str(form.query_one("#error-tiers", Static).render())
        assert error.startswith("“[/b]” is not score=multiplier")

    drive(app, steps)
