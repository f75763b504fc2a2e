"""The one-on-one review: a member's key results to walk through, the action items
that carry over, and the notes of past meetings."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from okrtui.calc import is_stale, pace
from okrtui.screens.base import OkrScreen
from okrtui.store.models import ActionItem, Member
from okrtui.widgets.cells import fit, score_text
from okrtui.widgets.okr_tree import PACE_STYLE


class ReviewScreen(OkrScreen):
    """Everything a one-on-one with one member needs, on one screen."""

    BINDINGS = [
        Binding("n", "add_note", "Note", tooltip="Write down this one-on-one"),
        Binding("a", "add_item", "Action item", tooltip="Add an action item"),
        Binding("space,x", "toggle_item", "Done", tooltip="Mark the item done or open"),
        Binding("c", "checkin", "Check in", tooltip="Check in on the key result"),
        Binding("escape", "back", "Back", tooltip="Back to the previous screen"),
    ]

    def __init__(self, member_id: int) -> None:
        """Show the review of the member with id `member_id`."""
        super().__init__()
        self.member_id = member_id
        self._items: list[ActionItem] = []
        self._kr_ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="review-member")
        with Horizontal(id="review-main"):
            with Vertical(id="review-krs-box"):
                yield Static("Key results to walk through", classes="review-heading")
                yield DataTable(id="review-krs", cursor_type="row", zebra_stripes=True)
            with Vertical(id="review-side"):
                yield Static("Action items", classes="review-heading")
                yield DataTable(id="review-items", cursor_type="row")
                yield Static("Past one-on-ones", classes="review-heading")
                with VerticalScroll(id="review-notes-box"):
                    yield Static("", id="review-notes")
        yield Footer()

    def on_mount(self) -> None:
        krs = self.query_one("#review-krs", DataTable)
        krs.add_columns("key result", "progress", "pace", "last check-in")
        krs.tooltip = "c checks in on the selected key result"
        items = self.query_one("#review-items", DataTable)
        items.add_columns("", "item", "since")
        self.watch(self.app, "revision", self._reload, init=False)
        self.watch(self.app, "cycle_id", self._reload, init=False)
        self._reload()
        krs.focus()

    @property
    def member(self) -> Member:
        """The member under review."""
        return self.okr_app.store.member(self.member_id)

    def _reload(self, *_: Any) -> None:
        app = self.okr_app
        store = app.store
        member = self.member
        self.sub_title = f"One-on-one · {member.name}"
        header = Text.assemble(
            (member.name, "bold"),
            f"  {member.role or 'no role'} · {member.level} · FTE {member.fte}",
        )
        self._kr_ids = []
        krs = self.query_one("#review-krs", DataTable)
        krs.clear()
        if app.cycle_id is not None:
            cycle = store.cycle(app.cycle_id)
            scores = store.cycle_scores(app.cycle_id)
            score, source = scores.member_score_and_source(self.member_id)
            header.append(f"   OKR score in {cycle.name}: ")
            header.append_text(score_text(score))
            header.append(
                f"  (from {source})" if score is not None else f"  ({source})"
            )
            objectives = {o.id: o for o in store.objectives(app.cycle_id)}
            latest = store.latest_checkins(app.cycle_id)
            for kr in store.key_results(app.cycle_id):
                owner = objectives[kr.objective_id].owner_id
                if self.member_id not in (kr.owner_id, owner):
                    continue
                progress = scores.kr[kr.id or 0]
                check = latest.get(kr.id or 0)
                when = "never"
                state = Text("no check-in", style="dim")
                if check is not None:
                    sure = "" if check.confidence is None else f" {check.confidence}/10"
                    when = f"{check.day:%m-%d}{sure}"
                    band = pace(
                        progress.score, cycle.first_day, cycle.last_day, app.today
                    )
                    state = Text(band.value, style=PACE_STYLE[band])
                if cycle.status != "closed" and is_stale(
                    check.day if check else None,
                    app.today,
                    cycle.cadence_days,
                    cycle.first_day,
                ):
                    state = Text("stale", style="bold magenta")
                krs.add_row(
                    Text(fit(kr.title, 30).rstrip()),
                    progress.label(),
                    state,
                    when,
                )
                self._kr_ids.append(kr.id or 0)
        if not self._kr_ids:
            krs.add_row("Owns no key result in this cycle.", "", "", "")
        self.query_one("#review-member", Static).update(header)

        self._items = store.action_items(self.member_id, include_done=True)
        items = self.query_one("#review-items", DataTable)
        items.clear()
        for item in self._items:
            mark = "✓" if item.done else "○"
            since = f"done {item.done_on}" if item.done else str(item.created_at)[:10]
            items.add_row(mark, Text(item.text), since)
        if not self._items:
            items.add_row("", "No action items: press a to add one.", "")

        notes = store.one_on_ones(self.member_id)
        body = Text()
        for note in notes:
            body.append(f"{note.day}\n", style="bold")
            body.append(f"{note.text}\n\n")
        if not notes:
            body.append("No notes yet: press n after the meeting.", style="dim")
        self.query_one("#review-notes", Static).update(body)

    def _changed(self, result: object) -> None:
        if result is not None:
            self.okr_app.data_changed()

    def action_add_note(self) -> None:
        """Write down a one-on-one with new action items."""
        from okrtui.dialogs.note_form import NoteForm

        form = NoteForm(self.okr_app.store, self.member, self.okr_app.today)
        self.app.push_screen(form, self._changed)

    def action_add_item(self) -> None:
        """Add one action item."""
        from okrtui.dialogs.note_form import ActionItemForm

        form = ActionItemForm(self.okr_app.store, self.member)
        self.app.push_screen(form, self._changed)

    def action_toggle_item(self) -> None:
        """Mark the selected action item done, or open again."""
        table = self.query_one("#review-items", DataTable)
        if not self._items or table.cursor_row >= len(self._items):
            self.notify("Select an action item first (tab to the list).")
            return
        item = self._items[table.cursor_row]
        done_on = None if item.done else self.okr_app.today
        self.okr_app.store.save_action_item(
            item.model_copy(update={"done_on": done_on})
        )
        self.okr_app.data_changed()
        table.move_cursor(row=min(table.cursor_row, len(self._items) - 1))

    def action_checkin(self) -> None:
        """Check in on the selected key result, during the meeting."""
        from okrtui.dialogs.checkin import CheckInDialog

        app = self.okr_app
        table = self.query_one("#review-krs", DataTable)
        if app.cycle_id is None or not self._kr_ids:
            self.notify("There is no key result to check in on.", severity="warning")
            return
        cycle = app.store.cycle(app.cycle_id)
        if cycle.status == "closed":
            self.notify(f"{cycle.name} is closed.", severity="warning")
            return
        kr = app.store.key_result(self._kr_ids[table.cursor_row])
        self.app.push_screen(
            CheckInDialog(app.store, kr, cycle, app.today), self._changed
        )
