"""The check-in form: a new value for a key result, its confidence and a note."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from textual.widgets import Input, Switch

from okrtui.calc import KRKind, kr_progress
from okrtui.dialogs import parsers
from okrtui.dialogs.form import Field, FormDialog
from okrtui.store import Store
from okrtui.store.models import CheckIn, Cycle, KeyResult


class CheckInDialog(FormDialog[CheckIn]):
    """Records a check-in on one key result, or corrects the latest one.

    Shows what the key result's score will become before it is saved. Returns the
    saved check-in, or `None` when cancelled.
    """

    def __init__(
        self,
        store: Store,
        kr: KeyResult,
        cycle: Cycle,
        today: date,
        correcting: CheckIn | None = None,
    ) -> None:
        """Prepare the form.

        Args:
            store: Where the check-in is saved.
            kr: The key result checked in on.
            cycle: Its cycle; the check-in's date must lie within it.
            today: The default date (kept within the cycle).
            correcting: The check-in this one replaces; it stays in the history.
        """
        self.store = store
        self.kr = kr
        self.cycle = cycle
        self.correcting = correcting
        self.today = today
        self.default_day = min(max(today, cycle.first_day), cycle.last_day)
        latest = store.checkins(kr.id or 0)
        self.before = kr_progress(
            KRKind(kr.kind), kr.start, kr.target, latest[0].value if latest else None
        )
        verb = "Correct the check-in" if correcting else "Check in"
        self.TITLE_TEXT = f"{verb}: {kr.title}"
        super().__init__()

    @property
    def milestone(self) -> bool:
        """Whether the key result is done-or-not rather than a number."""
        return self.kr.kind == "milestone"

    def fields(self) -> Iterable[Field]:
        old = self.correcting
        unit = f" ({self.kr.unit})" if self.kr.unit else ""
        if self.milestone:
            done = bool(old and old.value >= 1)
            yield Field("value", "Done", Switch(value=done), _done)
        else:
            value = "" if old is None else format(old.value, "f")
            yield Field(
                "value",
                f"Value{unit}",
                Input(value, placeholder=f"target {self.kr.target}"),
                parsers.decimal,
                hint=f"start {self.kr.start} → target {self.kr.target}",
            )
        yield Field(
            "day",
            "Date",
            Input(str(old.day if old else self.default_day)),
            self._day_in_cycle,
        )
        confidence = (
            "" if old is None or old.confidence is None else str(old.confidence)
        )
        yield Field(
            "confidence",
            "Confidence 0–10 (optional)",
            Input(confidence, placeholder="e.g. 7"),
            parsers.optional_whole_number(0, 10),
            hint="How sure you are of reaching the target: 0 not at all, 10 certain.",
        )
        yield Field(
            "note", "Note", Input(old.note if old else ""), parsers.optional_text
        )

    def _day_in_cycle(self, raw: str) -> date:
        day = parsers.day(raw)
        if day > self.today:
            raise ValueError(f"A check-in cannot be dated after today, {self.today}.")
        if not self.cycle.first_day <= day <= self.cycle.last_day:
            raise ValueError(
                f"Must lie within {self.cycle.name}: "
                f"{self.cycle.first_day} to {self.cycle.last_day}."
            )
        return day

    def preview(self, values: dict[str, Any]) -> str:
        after = kr_progress(
            KRKind(self.kr.kind), self.kr.start, self.kr.target, values["value"]
        )
        return f"Progress {self.before.label()}  →  {after.label()}"

    def build(self, values: dict[str, Any]) -> CheckIn:
        return CheckIn(
            kr_id=self.kr.id or 0,
            day=values["day"],
            value=values["value"],
            confidence=values["confidence"],
            note=values["note"],
        )

    def commit(self, value: CheckIn) -> CheckIn:
        old = self.correcting
        if old is not None and (old.day, old.value, old.confidence, old.note) == (
            value.day,
            value.value,
            value.confidence,
            value.note,
        ):
            # Nothing was changed: no correction to record.
            return old
        if self.correcting is not None and self.correcting.id is not None:
            return self.store.correct_checkin(self.correcting.id, value)
        return self.store.add_checkin(value)


def _done(raw: object) -> Decimal:
    return Decimal(1) if raw else Decimal(0)
