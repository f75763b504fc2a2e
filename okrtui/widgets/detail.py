"""The detail pane beside the OKR tree: everything about the selected row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from okrtui.calc import Progress, elapsed, expected_score, format_score, grade
from okrtui.store.models import CheckIn, Cycle, KeyResult, Member, Objective
from okrtui.widgets.cells import GRADE_STYLE, percent, score_text

KIND_LABEL = {
    "increase": "increase",
    "decrease": "decrease",
    "at_least": "at least the target",
    "at_most": "at most the target",
    "milestone": "milestone",
}


def number(value: object) -> str:
    """A stored Decimal without trailing zeros noise: 90, 6.5, 0.25."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _pairs(rows: Sequence[tuple[str, str | Text]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    for key, value in rows:
        # Values quote what was typed (titles, names, units): Text, never markup.
        table.add_row(key, Text(value) if isinstance(value, str) else value)
    return table


class DetailPane(VerticalScroll):
    """Shows the selected cycle, objective or key result, with its check-ins."""

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-title")
        yield Static("", id="detail-summary")
        yield Static("Check-ins", id="history-title")
        yield Static("", id="detail-history")

    def on_mount(self) -> None:
        self._show_history(False)

    def _show_history(self, visible: bool) -> None:
        self.query_one("#history-title").display = visible
        self.query_one("#detail-history").display = visible

    def _set(
        self, title: str, rows: Sequence[tuple[str, str | Text]], note: str = ""
    ) -> None:
        self.query_one("#detail-title", Static).update(Text(title, style="bold"))
        summary: Table | Group = _pairs(rows)
        if note:
            summary = Group(summary, Text("\n" + note, style="italic"))
        self.query_one("#detail-summary", Static).update(summary)

    def show_cycle(
        self, cycle: Cycle, team: Fraction | None, objectives: int, today: date
    ) -> None:
        """Describe a cycle: its days, how far it has run, the team's score."""
        days = (cycle.last_day - cycle.first_day).days + 1
        ran = elapsed(cycle.first_day, cycle.last_day, today)
        self._set(
            cycle.name,
            [
                ("dates", f"{cycle.first_day} → {cycle.last_day} ({days} days)"),
                ("elapsed", f"{percent(ran)} on {today}"),
                ("status", cycle.status),
                ("check-ins", f"every {cycle.cadence_days} days"),
                ("objectives", str(objectives)),
                ("team score", score_text(team)),
            ],
            note=""
            if objectives
            else "No objectives yet: press o to add the first, then k for its "
            "key results.",
        )
        self._show_history(False)

    def show_objective(
        self,
        objective: Objective,
        score: Fraction | None,
        owner: Member | None,
        parent: Objective | None,
        key_results: int,
        children: int,
    ) -> None:
        """Describe an objective: level, owner, alignment, score and grade."""
        kind = "committed" if objective.committed else "aspirational"
        expected = f"{format_score(expected_score(objective.committed))} ({kind})"
        band: str | Text = "—"
        if score is not None:
            band = Text(grade(score).value, style=GRADE_STYLE[grade(score)])
        counted = f"{key_results} key results, {children} aligned objectives"
        self._set(
            objective.title,
            [
                ("level", objective.level),
                ("owner", owner.name if owner else "the team"),
                ("aligns to", parent.title if parent else "—"),
                ("expected", expected),
                ("weight", number(objective.weight)),
                ("score", score_text(score) if score is not None else "— nothing"),
                ("grade", band),
                ("counts", counted),
            ],
        )
        self._show_history(False)

    def show_key_result(
        self,
        kr: KeyResult,
        progress: Progress,
        owner: Member | None,
        checkins: Sequence[CheckIn],
    ) -> None:
        """Describe a key result and list its check-ins, newest first.

        `checkins` is the whole history: corrected ones are shown struck through.
        """
        unit = f" {kr.unit}" if kr.unit else ""
        rows: list[tuple[str, str | Text]] = [
            ("kind", KIND_LABEL.get(kr.kind, kr.kind))
        ]
        if kr.kind == "milestone":
            rows.append(("state", "done" if progress.score == 1 else "not done"))
        else:
            rows += [
                ("start", number(kr.start) + unit),
                ("target", number(kr.target) + unit),
                (
                    "current",
                    number(progress.current) + unit
                    if progress.has_checkin
                    else "no check-in",
                ),
            ]
        rows += [
            ("progress", progress.label()),
            ("score", score_text(progress.score)),
            ("weight", number(kr.weight)),
            ("owner", owner.name if owner else "—"),
        ]
        active = [c for c in checkins if c.superseded_by is None]
        if active:
            last = active[0]
            sure = "" if last.confidence is None else f" ({last.confidence}/10 sure)"
            rows.append(("last check-in", f"{last.day}{sure}"))
        self._set(kr.title, rows)

        lines: list[Text] = []
        for check in checkins:
            if kr.kind == "milestone":
                value = "done" if check.value >= 1 else "not done"
            else:
                value = number(check.value) + unit
            line = Text.assemble((str(check.day), "bold"), " · ", value)
            if check.confidence is not None:
                line.append(f" · {check.confidence}/10 sure", style="dim")
            corrected = check.superseded_by is not None
            if corrected:
                # Kept in the history, struck through: what the correction replaced.
                line.stylize("dim strike")
                line.append(" (corrected)", style="dim italic")
            lines.append(line)
            if check.note:
                note = Text("  " + check.note, style="italic")
                if corrected:
                    note.stylize("dim")
                lines.append(note)
        if not checkins:
            lines.append(Text("None yet: press c to check in.", style="dim"))
        history = Group(*lines)
        self.query_one("#detail-history", Static).update(history)
        self._show_history(True)
