"""What okrtui's screens share: the typed app, and lists of records in a table."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.screen import Screen
from textual.widgets import DataTable

if TYPE_CHECKING:
    from okrtui.app import OkrApp


class OkrScreen(Screen[None]):
    """A screen of okrtui's, which knows its app's store, today and shown cycle."""

    @property
    def okr_app(self) -> OkrApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def action_back(self) -> None:
        """Go back to the screen below."""
        self.app.pop_screen()


class RecordListScreen(OkrScreen):
    """A screen whose table lists records, one row each, keyed by the record's id.

    Actions named in `ROW_ACTIONS` need a selected row; their keys are dimmed while
    the table is empty.
    """

    ROW_ACTIONS: ClassVar[frozenset[str]] = frozenset({"edit", "delete"})

    def __init__(self) -> None:
        super().__init__()
        self._cursor_to: int | None = None
        """The record to put the cursor on at the next reload (one just saved)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim the keys that need a selected row while the table is empty."""
        if action in self.ROW_ACTIONS:
            tables = self.query(DataTable)
            return None if not tables or tables.first().row_count == 0 else True
        return True

    def _selected_id(self) -> int | None:
        """The id of the record under the cursor, or `None` when the table is empty."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else int(key.value)

    def _restore_cursor(self, record_id: int | None) -> None:
        """Put the cursor back on `record_id` after a reload, if it is still there."""
        table = self.query_one(DataTable)
        if record_id is not None and str(record_id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(record_id)))
        self.refresh_bindings()
