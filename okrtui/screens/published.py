"""Published versions of a cycle's bonus split: the list, and one version read-only.

A published split never changes. It is shown exactly as it was frozen (the amounts,
the rule, every trace), with the same table as the draft; each key that would edit
it says so and offers a new draft from it instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from okrtui.bonus_service import BonusSheet, amount_text, literal
from okrtui.screens.bonus import BonusScreen


class PublishedScreen(BonusScreen):
    """One published version of the bonus split, read-only."""

    def __init__(self, plan_id: int) -> None:
        """Show the published plan `plan_id`."""
        super().__init__(published_plan_id=plan_id)


def version_line(number: int, sheet: BonusSheet) -> str:
    """One line of the versions list: "v2 · published … · 120,000.00 CNY · method"."""
    pool = amount_text(sheet.pool, sheet.currency)
    return (
        f"v{number} · {sheet.status_text()} · {pool} {sheet.currency} · "
        f"{sheet.method_label}"
    )


class VersionsDialog(ModalScreen[int | None]):
    """Choose a published version; returns its plan id, or `None`."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close the list"),
    ]

    def __init__(self, sheets: Sequence[BonusSheet]) -> None:
        """List published versions, oldest first (version 1 first).

        Args:
            sheets: The published splits of the cycle, oldest first.
        """
        super().__init__()
        self._sheets = list(sheets)

    def compose(self) -> ComposeResult:
        with Vertical(id="versions"):
            name = self._sheets[0].cycle_name if self._sheets else ""
            yield Label(f"Published versions of {literal(name)}", id="versions-title")
            yield OptionList(
                *(
                    Option(version_line(number, sheet), id=str(sheet.plan_id))
                    for number, sheet in enumerate(self._sheets, start=1)
                ),
                id="versions-list",
            )
            yield Static(
                "enter opens a version, read-only · escape closes",
                id="versions-hint",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = len(self._sheets) - 1 if self._sheets else None
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id
        self.dismiss(int(option_id) if option_id is not None else None)

    def action_cancel(self) -> None:
        """Close without opening a version."""
        self.dismiss(None)
