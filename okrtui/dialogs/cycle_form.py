"""The form that creates or edits a cycle: its name, days, check-in cadence and status.

A new cycle is offered the first calendar quarter, from today's on, that has no cycle of
that name yet ("2026-Q4", 1 October to 31 December).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.widgets import Input, Select

from okrtui.dialogs import parsers
from okrtui.dialogs.form import Field, FormDialog
from okrtui.store import Store
from okrtui.store.models import Cycle, CycleStatus

if TYPE_CHECKING:
    from okrtui.app import OkrApp

STATUS_OPTIONS: list[tuple[str, CycleStatus]] = [
    ("planning: objectives are being set", CycleStatus.PLANNING),
    ("active: check-ins are under way", CycleStatus.ACTIVE),
    ("closed: final grades", CycleStatus.CLOSED),
]


def quarter_of(day: date) -> tuple[str, date, date]:
    """The calendar quarter a day falls in.

    Args:
        day: Any date.

    Returns:
        The quarter's name ("2026-Q4"), first day and last day.
    """
    index = (day.month - 1) // 3
    first = date(day.year, 3 * index + 1, 1)
    after = date(day.year + 1, 1, 1) if index == 3 else date(day.year, 3 * index + 4, 1)
    return f"{day.year}-Q{index + 1}", first, after - timedelta(days=1)


def suggest_quarter(today: date, taken: Iterable[str]) -> tuple[str, date, date]:
    """The first quarter, from today's on, whose name no cycle uses yet.

    Args:
        today: The date the app treats as today.
        taken: The names of the existing cycles.

    Returns:
        The quarter's name, first day and last day.
    """
    names = set(taken)
    name, first, last = quarter_of(today)
    # Bounded: there are fewer existing cycles than quarters tried.
    for _ in range(len(names)):
        if name not in names:
            break
        name, first, last = quarter_of(last + timedelta(days=1))
    return name, first, last


class CycleForm(FormDialog[Cycle]):
    """Create a cycle, or edit one; returns the saved `Cycle`."""

    def __init__(self, store: Store, cycle: Cycle | None = None) -> None:
        """Build the form.

        Args:
            store: Where the cycle is saved.
            cycle: The cycle to edit; `None` for a new one.
        """
        self._store = store
        self._cycle = cycle
        self.TITLE_TEXT = "New cycle" if cycle is None else f"Edit cycle {cycle.name}"
        super().__init__()

    def fields(self) -> Iterable[Field]:
        """Name, first day, last day, cadence and status."""
        cycle = self._cycle
        if cycle is None:
            today = cast("OkrApp", self.app).today
            taken = (c.name for c in self._store.cycles())
            name, first, last = suggest_quarter(today, taken)
            cadence, status = 7, CycleStatus.PLANNING
        else:
            name, first, last = cycle.name, cycle.first_day, cycle.last_day
            cadence, status = cycle.cadence_days, CycleStatus(cycle.status)
        self._first = Input(first.isoformat(), placeholder="YYYY-MM-DD")
        yield Field("name", "Name", Input(name, placeholder="2026-Q4"), parsers.text)
        yield Field("first_day", "First day", self._first, parsers.day)
        yield Field(
            "last_day",
            "Last day",
            Input(last.isoformat(), placeholder="YYYY-MM-DD"),
            self._last_day,
            hint="Both days belong to the cycle.",
        )
        yield Field(
            "cadence_days",
            "Check-in cadence (days)",
            Input(str(cadence), placeholder="7"),
            parsers.whole_number(1, 366),
            hint="A key result with no check-in for this long is stale.",
        )
        yield Field(
            "status",
            "Status",
            Select(STATUS_OPTIONS, value=status, allow_blank=False),
        )

    def _last_day(self, raw: str) -> date:
        """Parse the last day and refuse one before the first day."""
        last = parsers.day(raw)
        try:
            first = parsers.day(self._first.value)
        except ValueError:
            return last
        if last < first:
            raise ValueError("The last day must be on or after the first day.")
        return last

    @on(Input.Changed, "#field-first_day")
    def _recheck_last_day(self) -> None:
        self.check_field(self.field("last_day").widget)

    def build(self, values: dict[str, Any]) -> Cycle:
        """The cycle with the typed values."""
        data = self._cycle.model_dump() if self._cycle is not None else {}
        return Cycle.model_validate({**data, **values})

    def commit(self, value: Cycle) -> Cycle:
        """Save the cycle."""
        return self._store.save_cycle(value)
