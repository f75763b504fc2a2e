"""The form that adds or edits a key result of an objective.

The target is checked as it is typed against the start and the kind (calc's
`check_kr`): it must differ from the start, and lie above it for "increase" and below
it for "decrease". A milestone is done or not done, so its start and target are fixed
at 0 and 1 and their fields are disabled.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from textual import on
from textual.widgets import Input, Select

from okrtui.calc import KRKind, check_kr
from okrtui.dialogs import parsers
from okrtui.dialogs.form import Field, FormDialog
from okrtui.dialogs.objective_form import NONE, member_options, or_none
from okrtui.store import Store
from okrtui.store.models import KeyResult

KIND_OPTIONS: list[tuple[str, KRKind]] = [
    ("increase: move a number up to the target", KRKind.INCREASE),
    ("decrease: bring a number down to the target", KRKind.DECREASE),
    ("at least: met when the value is at or above the target", KRKind.AT_LEAST),
    ("at most: met when the value is at or below the target", KRKind.AT_MOST),
    ("milestone: done or not done", KRKind.MILESTONE),
]

MILESTONE_START = "0"
MILESTONE_TARGET = "1"


class KeyResultForm(FormDialog[KeyResult]):
    """Add a key result to an objective, or edit one; returns the saved `KeyResult`."""

    def __init__(
        self, store: Store, objective_id: int, key_result: KeyResult | None = None
    ) -> None:
        """Build the form.

        Args:
            store: Where the key result is saved.
            objective_id: The objective the key result belongs to.
            key_result: The key result to edit; `None` for a new one.
        """
        self._store = store
        self._objective_id = objective_id
        self._key_result = key_result
        # What was typed in start and target before "milestone" replaced it.
        self._typed = ("", "")
        self.TITLE_TEXT = "New key result" if key_result is None else "Edit key result"
        super().__init__()

    def fields(self) -> Iterable[Field]:
        """Title, kind, unit, start, target, weight and owner."""
        kr = self._key_result
        self._kind = Select(
            KIND_OPTIONS,
            value=KRKind(kr.kind) if kr else KRKind.INCREASE,
            allow_blank=False,
        )
        self._start = Input(_plain(kr.start) if kr else "0", placeholder="0")
        yield Field(
            "title",
            "Title",
            Input(kr.title if kr else "", placeholder="Raise CSAT from 88 % to 95 %"),
            parsers.text,
        )
        yield Field("kind", "Kind", self._kind)
        yield Field(
            "unit",
            "Unit (optional)",
            Input(kr.unit if kr else "", placeholder="%, pts, count, ¥"),
            parsers.optional_text,
        )
        yield Field("start", "Start", self._start, self._parse_start)
        yield Field(
            "target",
            "Target",
            Input(_plain(kr.target) if kr else "", placeholder="e.g. 95"),
            self._parse_target,
        )
        yield Field(
            "weight",
            "Weight",
            Input(str(kr.weight) if kr else "1", placeholder="1"),
            parsers.non_negative,
            hint="Relative to the objective's other key results; 0 leaves it out.",
        )
        yield Field(
            "owner_id",
            "Owner",
            Select(
                member_options(self._store.members(), "no one in particular"),
                value=(kr.owner_id if kr else None) or NONE,
                allow_blank=False,
            ),
            or_none,
        )

    def on_mount(self) -> None:
        self._show_kind()

    @property
    def _milestone(self) -> bool:
        return self._kind.value == KRKind.MILESTONE

    def _parse_start(self, raw: str) -> Decimal:
        """The start value (0 for a milestone)."""
        return Decimal(MILESTONE_START) if self._milestone else parsers.decimal(raw)

    def _parse_target(self, raw: str) -> Decimal:
        """The target, refused when it does not fit the start and the kind."""
        if self._milestone:
            return Decimal(MILESTONE_TARGET)
        target = parsers.decimal(raw)
        try:
            start = parsers.decimal(self._start.value)
        except ValueError:
            return target
        check_kr(KRKind(str(self._kind.value)), start, target)
        return target

    @on(Select.Changed, "#field-kind")
    def _kind_changed(self) -> None:
        self._show_kind()
        self._recheck_target()

    @on(Input.Changed, "#field-start")
    def _start_changed(self) -> None:
        self._recheck_target()

    def _recheck_target(self) -> None:
        """Check the target against a new start or kind, once something is typed."""
        target = self.field("target").widget
        if isinstance(target, Input) and target.value.strip():
            self.check_field(target)

    def _show_kind(self) -> None:
        """Fix start and target at 0 and 1 for a milestone; give back what was typed."""
        target = self.query_one("#field-target", Input)
        milestone = self._milestone
        if milestone and not self._start.disabled:
            self._typed = (self._start.value, target.value)
            self._start.value, target.value = MILESTONE_START, MILESTONE_TARGET
        elif not milestone and self._start.disabled:
            self._start.value, target.value = self._typed
        self._start.disabled = target.disabled = milestone

    def build(self, values: dict[str, Any]) -> KeyResult:
        """The key result with the typed values."""
        if self._key_result is not None:
            data = self._key_result.model_dump()
        else:
            # A new key result goes after the others of its objective.
            cycle_id = self._store.objective(self._objective_id).cycle_id
            taken = [
                k.position
                for k in self._store.key_results(cycle_id)
                if k.objective_id == self._objective_id
            ]
            data = {"position": max(taken, default=-1) + 1}
        return KeyResult.model_validate(
            {**data, "objective_id": self._objective_id, **values}
        )

    def commit(self, value: KeyResult) -> KeyResult:
        """Save the key result."""
        return self._store.save_key_result(value)


def _plain(value: Decimal) -> str:
    """A Decimal as typed, without an exponent (1E+3 is shown as 1000)."""
    return format(value, "f")
