"""The team: every member with their role, level, FTE, dates and OKR score.

The score is the member's OKR score in the shown cycle; a member who owns no
objective and no key result there has none, and the row says why.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from okrtui.calc import grade
from okrtui.calc.display import format_score
from okrtui.screens.base import RecordListScreen
from okrtui.store.errors import NotFoundError
from okrtui.store.models import Member
from okrtui.widgets.cells import GRADE_STYLE

EMPTY = "No members yet: press [b]a[/b] to add the first."

NO_SCORE_REASON = "owns no objectives or key results"


class MembersScreen(RecordListScreen):
    """The members of the team in a table; add, edit and delete them here."""

    ROW_ACTIONS = frozenset({"edit", "delete", "review"})

    BINDINGS = [
        Binding("a", "add_member", "Add", tooltip="Add a member to the team"),
        Binding("e", "edit", "Edit", tooltip="Edit the selected member"),
        Binding(
            "r",
            "review",
            "One-on-one",
            tooltip="The member's key results, action items and notes",
        ),
        Binding(
            "d,delete",
            "delete",
            "Delete",
            tooltip="Delete the selected member (asks first)",
        ),
        Binding("escape", "back", "Back", tooltip="Back to the previous screen"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="members-caption", classes="list-caption")
        yield DataTable(id="members-table", cursor_type="row", zebra_stripes=True)
        yield Static(EMPTY, id="members-empty", classes="list-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Members"
        table = self.query_one(DataTable)
        table.add_column("Name", key="name")
        table.add_column("Role", key="role")
        table.add_column("Level", key="level")
        table.add_column("FTE", key="fte")
        table.add_column("Joined", key="joined")
        table.add_column("Left", key="left")
        table.add_column("OKR score", key="score")
        self.watch(self.app, "revision", self._reload, init=False)
        self.watch(self.app, "cycle_id", self._reload, init=False)
        self._reload()
        table.focus()

    def _reload(self, *_: Any) -> None:
        """Fill the table from the store, keeping the cursor on the same member."""
        app = self.okr_app
        table = self.query_one(DataTable)
        selected = self._cursor_to or self._selected_id()
        self._cursor_to = None
        members = app.store.members()
        cycle = None
        scores = None
        if app.cycle_id is not None:
            cycle = app.store.cycle(app.cycle_id)
            scores = app.store.cycle_scores(app.cycle_id)

        table.clear()
        for member in members:
            score = Text("— (no cycle yet)", style="dim")
            if scores is not None and member.id is not None:
                value = scores.member_score(member.id)
                score = (
                    Text(f"— ({NO_SCORE_REASON})", style="dim")
                    if value is None
                    else Text(format_score(value), style=GRADE_STYLE[grade(value)])
                )
            # Names are Text, not markup: "[b]" in a name is shown as typed.
            table.add_row(
                Text(member.name),
                Text(member.role),
                str(member.level),
                Text(str(member.fte), justify="right"),
                "" if member.joined is None else member.joined.isoformat(),
                "" if member.left is None else member.left.isoformat(),
                score,
                key=str(member.id),
            )

        where = f"in {cycle.name}" if cycle is not None else "(no cycle yet)"
        count = f"{len(members)} member{'' if len(members) == 1 else 's'}"
        self.query_one("#members-caption", Static).update(
            Text.assemble(("Team", "bold"), f"  {count} · OKR scores {where}")
        )
        self.query_one("#members-empty").display = not members
        table.display = bool(members)
        self._restore_cursor(selected)

    def _selected(self) -> Member | None:
        """The member under the cursor; tells the manager when there is none."""
        member_id = self._selected_id()
        if member_id is None:
            self.notify("There is no member to select yet.", severity="warning")
            return None
        try:
            return self.okr_app.store.member(member_id)
        except NotFoundError as exc:
            self.notify(str(exc), severity="error")
            self._reload()
            return None

    def _saved(self, member: Member | None) -> None:
        if member is not None:
            self._cursor_to = member.id
            self.okr_app.data_changed()
            self.notify(f"Saved {member.name}.")

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit()

    def action_review(self) -> None:
        """Open the one-on-one review of the selected member."""
        member = self._selected()
        if member is not None and member.id is not None:
            self.okr_app.open_review(member.id)

    def action_add_member(self) -> None:
        """Add a member to the team."""
        from okrtui.dialogs.member_form import MemberForm

        self.app.push_screen(MemberForm(self.okr_app.store), self._saved)

    def action_edit(self) -> None:
        """Edit the selected member."""
        from okrtui.dialogs.member_form import MemberForm

        member = self._selected()
        if member is not None:
            self.app.push_screen(MemberForm(self.okr_app.store, member), self._saved)

    def action_delete(self) -> None:
        """Delete the selected member after saying what goes with them."""
        from okrtui.dialogs.confirm import ConfirmDialog

        member = self._selected()
        if member is None or member.id is None:
            return
        store = self.okr_app.store
        member_id, name = member.id, member.name
        goes = store.member_dependents(member_id)
        message = f"{name} {goes}." if goes else f"{name} owns nothing in any cycle."

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                store.delete_member(member_id)
            except ValueError as exc:
                self.notify(str(exc), title="Not deleted", severity="error")
                return
            self.okr_app.data_changed()
            self.notify(f"Deleted {name}.")

        self.app.push_screen(ConfirmDialog(f"Delete {name}?", message), confirmed)
