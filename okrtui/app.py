"""The okrtui application and the one factory that builds it.

The console script, `python -m okrtui` and the tests all call `create_app`, so the app
that is tested is the app that runs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen

from okrtui.commands import OkrCommands
from okrtui.store import Store


class OkrApp(App[None]):
    """Team OKRs, check-ins and the bonus split, over one SQLite store."""

    CSS_PATH = ["app.tcss", "authoring.tcss", "bonus.tcss"]
    TITLE = "okrtui"
    COMMANDS = App.COMMANDS | {OkrCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding(
            "f1,question_mark", "help", "Help", tooltip="Keys and how scores count"
        ),
        Binding("ctrl+q", "quit", "Quit", tooltip="Leave okrtui", show=False),
        Binding("q", "quit", "Quit", tooltip="Leave okrtui", id="quit"),
    ]

    revision: reactive[int] = reactive(0)
    """Bumped after every write to the store; screens watch it and reload."""

    cycle_id: reactive[int | None] = reactive(None)
    """The cycle the screens show; `None` when the database has no cycle yet."""

    def __init__(
        self, store: Store, *, today: date | None = None, sample: bool = False
    ):
        """Build the app over an open store.

        Args:
            store: The open database; the app closes it when it exits.
            today: The date the app treats as today (tests pin it); default the
                local calendar date.
            sample: Whether the store is the built-in sample team (shown in the title).
        """
        super().__init__()
        self.store = store
        self.today = today or date.today()
        self.sample = sample
        self.sub_title = "sample team" if sample else ""
        current = store.current_cycle(self.today)
        self.set_reactive(OkrApp.cycle_id, current.id if current else None)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification, always as plain text.

        Notifications quote names and values as typed; a member called "[b]" must
        read as written, not as markup. `markup` is accepted and ignored.
        """
        super().notify(
            message, title=title, severity=severity, timeout=timeout, markup=False
        )

    def get_default_screen(self) -> Screen[None]:
        from okrtui.screens.tree import TreeScreen

        return TreeScreen()

    def data_changed(self) -> None:
        """Tell every screen that the store changed."""
        self.revision += 1

    def choose_cycle(self, cycle_id: int | None) -> None:
        """Show another cycle on every screen."""
        self.cycle_id = cycle_id

    def action_help(self) -> None:
        """Open the help screen (keys, and how scores and bonuses are counted)."""
        from okrtui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_open_bonus(self) -> None:
        """Open the bonus table for the shown cycle."""
        from okrtui.screens.bonus import BonusScreen

        if self.cycle_id is None:
            self.notify("Create a cycle first: press n.", severity="warning")
            return
        if not isinstance(self.screen, BonusScreen):
            self.push_screen(BonusScreen())

    def action_open_members(self) -> None:
        """Open the list of team members."""
        from okrtui.screens.members import MembersScreen

        if not isinstance(self.screen, MembersScreen):
            self.push_screen(MembersScreen())

    def action_open_cycles(self) -> None:
        """Open the list of cycles."""
        from okrtui.screens.cycles import CyclesScreen

        if not isinstance(self.screen, CyclesScreen):
            self.push_screen(CyclesScreen())

    def open_review(self, member_id: int) -> None:
        """Open the one-on-one review of a member."""
        from okrtui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(member_id))

    def on_unmount(self) -> None:
        self.store.close()


def create_app(
    db_path: Path | str | None = None,
    *,
    sample: bool = False,
    today: date | None = None,
) -> OkrApp:
    """Open the database and build the app.

    Args:
        db_path: The database file; `None` means the default location (or the
            sample team's own file when `sample` is set).
        sample: Open the built-in sample team, building its file if it is missing.
        today: The date to treat as today; default the local calendar date.

    Returns:
        The app, ready to `run()` or `run_test()`.
    """
    from okrtui.paths import resolve_db_path, sample_db_path
    from okrtui.store.sample import build_sample

    day = today or date.today()
    if sample:
        path = Path(db_path) if db_path is not None else sample_db_path()
        store = Store.open(path) if path.exists() else build_sample(path, day)
    else:
        store = Store.open(resolve_db_path(str(db_path) if db_path else None))
    return OkrApp(store, today=day, sample=sample)
