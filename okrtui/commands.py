"""The app's own entries in the command palette (ctrl+p)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (title, action, help). Actions starting with "screen." run on the screen the palette
# was opened from and are offered only when that screen has them.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Check in on the selected key result", "screen.checkin", "Record progress"),
    ("Correct the latest check-in", "screen.correct_checkin", "Keeps the old one"),
    ("New objective", "screen.add_objective", "Add an objective to the cycle"),
    ("New key result", "screen.add_key_result", "Add a key result to an objective"),
    ("Edit the selected item", "screen.edit", "Change what is selected"),
    ("Delete the selected item", "screen.delete", "Asks first"),
    ("New cycle", "screen.add_cycle", "Start a new OKR cycle"),
    ("Import OKRs from JSON", "screen.import_okrs", "All or nothing, with a preview"),
    ("New member", "screen.add_member", "Add someone to the team"),
    ("Bonus: method and parameters", "screen.method", "Step 2 of the split"),
    ("Bonus: the selected member's inputs", "screen.inputs", "Points, override, cap"),
    ("Bonus: publish this split", "screen.publish", "Freezes it; asks first"),
    ("Bonus: published versions", "screen.versions", "Read-only history"),
    ("Bonus: export CSV, Markdown and JSON", "screen.export", "To a folder you choose"),
    ("Bonus: new draft from this version", "screen.new_draft", "Start the next change"),
    ("Bonus table", "app.open_bonus", "Split the pool for this cycle"),
    ("Members", "app.open_members", "The team and their OKR scores"),
    ("Cycles", "app.open_cycles", "Switch, add or close cycles"),
    ("Help", "app.help", "Keys and how scores and bonuses count"),
)


class OkrCommands(Provider):
    """Offers okrtui's actions by name."""

    def _available(self) -> list[tuple[str, str, str]]:
        found = []
        for title, action, help_text in COMMANDS:
            namespace, _, name = action.partition(".")
            target = self.screen if namespace == "screen" else self.app
            if hasattr(target, f"action_{name}"):
                found.append((title, action, help_text))
        return found

    def _reviews(self) -> list[tuple[str, Callable[[], None], str]]:
        app: Any = self.app
        store = getattr(app, "store", None)
        if store is None:
            return []
        return [
            (
                f"One-on-one with {member.name}",
                partial(app.open_review, member.id),
                "Key results, action items and notes",
            )
            for member in store.members()
        ]

    def _entries(self) -> list[tuple[str, Callable[[], Any], str]]:
        entries: list[tuple[str, Callable[[], Any], str]] = [
            (title, partial(self._run, action), help_text)
            for title, action, help_text in self._available()
        ]
        return entries + self._reviews()

    async def discover(self) -> Hits:
        for title, command, help_text in self._entries():
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        for title, command, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, help=help_text)

    async def _run(self, action: str) -> None:
        await self.app.run_action(action, self.screen)
