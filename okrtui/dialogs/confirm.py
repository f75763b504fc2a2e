"""A modal question before something is deleted: what goes with it, and Cancel first.

The caller writes the message (from the store's `*_dependents()`), so the manager sees
what else disappears before agreeing. Cancel has the focus, so a stray Enter deletes
nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ConfirmDialog(ModalScreen[bool]):
    """Ask before a destructive step; returns `True` only when the manager agrees.

    Escape and Cancel return `False`.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Keep everything as it is"),
        Binding("left,right", "switch", "Switch", show=False, tooltip="Other button"),
    ]

    def __init__(self, title: str, message: str, confirm_label: str = "Delete") -> None:
        """Build the question.

        Args:
            title: What is asked, such as "Delete the cycle 2026-Q4?".
            message: What goes with it, such as "Its 3 objectives and 8 key results
                are deleted too."
            confirm_label: The label of the button that goes ahead.
        """
        super().__init__()
        self._title = title
        self._message = message
        self._confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            # Text, not markup: titles and messages quote names as typed.
            yield Label(Text(self._title), id="confirm-title")
            yield Static(Text(self._message), id="confirm-message")
            with Horizontal(id="confirm-buttons"):
                yield Button("Cancel", id="confirm-cancel")
                yield Button(self._confirm_label, variant="error", id="confirm-ok")

    def on_mount(self) -> None:
        self.query_one("#confirm-cancel", Button).focus()

    @on(Button.Pressed, "#confirm-ok")
    def _confirmed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-cancel")
    def _cancelled(self) -> None:
        self.dismiss(False)

    def action_cancel(self) -> None:
        """Close without going ahead."""
        self.dismiss(False)

    def action_switch(self) -> None:
        """Move the focus to the other button."""
        cancel = self.query_one("#confirm-cancel", Button)
        other = self.query_one("#confirm-ok", Button) if cancel.has_focus else cancel
        other.focus()
