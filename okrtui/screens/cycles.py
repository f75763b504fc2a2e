"""The cycles: each with its days, check-in cadence, status and number of objectives.

Enter shows the selected cycle on every screen; the shown cycle is marked.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from okrtui.screens.base import RecordListScreen
from okrtui.store.errors import NotFoundError
from okrtui.store.models import Cycle

EMPTY = "No cycles yet: press [b]a[/b] to add the first."

SHOWN = "▶"
"""The mark beside the cycle the screens show."""


class CyclesScreen(RecordListScreen):
    """Every cycle in a table; show, add, edit and delete cycles here."""

    ROW_ACTIONS = frozenset({"show", "edit", "delete"})

    BINDINGS = [
        # A priority binding, so that the footer shows it over the table's own enter.
        Binding(
            "enter",
            "show",
            "Show",
            tooltip="Show this cycle on every screen",
            priority=True,
        ),
        Binding("a", "add_cycle", "Add", tooltip="Start a new cycle"),
        Binding("e", "edit", "Edit", tooltip="Edit the selected cycle"),
        Binding(
            "d,delete",
            "delete",
            "Delete",
            tooltip="Delete the selected cycle and everything in it (asks first)",
        ),
        Binding("escape", "back", "Back", tooltip="Back to the previous screen"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            f"[b]Cycles[/b]  {SHOWN} marks the cycle shown; enter shows another.",
            id="cycles-caption",
            classes="list-caption",
        )
        yield DataTable(id="cycles-table", cursor_type="row", zebra_stripes=True)
        yield Static(EMPTY, id="cycles-empty", classes="list-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Cycles"
        table = self.query_one(DataTable)
        table.add_column("", key="shown")
        table.add_column("Name", key="name")
        table.add_column("First day", key="first")
        table.add_column("Last day", key="last")
        table.add_column(Text("Days", justify="right"), key="days")
        table.add_column(Text("Cadence", justify="right"), key="cadence")
        table.add_column("Status", key="status")
        table.add_column(Text("Objectives", justify="right"), key="objectives")
        self.watch(self.app, "revision", self._reload, init=False)
        self.watch(self.app, "cycle_id", self._reload, init=False)
        self._reload()
        table.focus()

    def _reload(self, *_: Any) -> None:
        """Fill the table from the store, keeping the cursor on the same cycle."""
        app = self.okr_app
        table = self.query_one(DataTable)
        selected = self._cursor_to or self._selected_id() or app.cycle_id
        self._cursor_to = None
        cycles = app.store.cycles()

        table.clear()
        for cycle in cycles:
            shown = cycle.id == app.cycle_id
            days = (cycle.last_day - cycle.first_day).days + 1
            objectives = len(app.store.objectives(cycle.id or 0))
            table.add_row(
                Text(SHOWN if shown else "", style="bold"),
                Text(cycle.name, style="bold" if shown else ""),
                cycle.first_day.isoformat(),
                cycle.last_day.isoformat(),
                Text(str(days), justify="right"),
                Text(f"{cycle.cadence_days} d", justify="right"),
                str(cycle.status),
                Text(str(objectives), justify="right"),
                key=str(cycle.id),
            )

        self.query_one("#cycles-empty").display = not cycles
        table.display = bool(cycles)
        self._restore_cursor(selected)

    def _selected(self) -> Cycle | None:
        """The cycle under the cursor; tells the manager when there is none."""
        cycle_id = self._selected_id()
        if cycle_id is None:
            self.notify("There is no cycle to select yet.", severity="warning")
            return None
        try:
            return self.okr_app.store.cycle(cycle_id)
        except NotFoundError as exc:
            self.notify(str(exc), severity="error")
            self._reload()
            return None

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_show()

    def action_show(self) -> None:
        """Show the selected cycle on every screen and go back."""
        cycle_id = self._selected_id()
        if cycle_id is not None:
            self.okr_app.choose_cycle(cycle_id)
            self.app.pop_screen()

    def _saved(self, cycle: Cycle | None) -> None:
        """After a save: the first cycle is shown at once; the cursor goes to it."""
        if cycle is None:
            return
        if self.okr_app.cycle_id is None:
            self.okr_app.choose_cycle(cycle.id)
        self._cursor_to = cycle.id
        self.okr_app.data_changed()
        self.notify(f"Saved {cycle.name}.")

    def action_add_cycle(self) -> None:
        """Create a cycle."""
        from okrtui.dialogs.cycle_form import CycleForm

        self.app.push_screen(CycleForm(self.okr_app.store), self._saved)

    def action_edit(self) -> None:
        """Edit the selected cycle."""
        from okrtui.dialogs.cycle_form import CycleForm

        cycle = self._selected()
        if cycle is not None:
            self.app.push_screen(CycleForm(self.okr_app.store, cycle), self._saved)

    def action_delete(self) -> None:
        """Delete the selected cycle after saying what goes with it."""
        from okrtui.dialogs.confirm import ConfirmDialog

        cycle = self._selected()
        if cycle is None or cycle.id is None:
            return
        app = self.okr_app
        cycle_id, name = cycle.id, cycle.name
        if app.store.published_plans(cycle_id):
            self.notify(
                f"{name} has a published bonus plan, which is kept for good, so the "
                "cycle cannot be deleted.",
                title="Not deleted",
                severity="error",
            )
            return
        goes = app.store.cycle_dependents(cycle_id)
        message = f"With it go: {goes}." if goes else "It holds nothing yet."

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                app.store.delete_cycle(cycle_id)
            except ValueError as exc:
                self.notify(str(exc), title="Not deleted", severity="error")
                return
            if app.cycle_id == cycle_id:
                current = app.store.current_cycle(app.today)
                app.choose_cycle(current.id if current else None)
            app.data_changed()
            self.notify(f"Deleted {name}.")

        self.app.push_screen(ConfirmDialog(f"Delete {name}?", message), confirmed)
