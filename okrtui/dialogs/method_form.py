"""The form that sets how the bonus pool is split: the method and its parameters.

Only the fields that matter to the chosen method are shown: the threshold and tiers
for target achievement, the dimensions for the composite score. The pool multiplier
is set by hand on the bonus screen, or derived from the team's OKR score through a
payout curve typed here as three points, "0.3=0, 0.7=1, 1.0=1.5". Every field is
checked as it is typed, and the line under the form shows what the split would be,
or the calculation's reason for refusing it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from textual import on
from textual.widgets import Input, Select

from okrtui.bonus_service import (
    METHOD_HINTS,
    METHOD_LABELS,
    amount_text,
    compute_sheet,
    curve_text,
    dimensions_text,
    parse_curve,
    parse_dimensions,
    parse_tiers,
    tiers_text,
)
from okrtui.calc.bonus import Method
from okrtui.calc.limits import check_magnitude
from okrtui.dialogs import parsers
from okrtui.dialogs.form import Field, FormDialog
from okrtui.store import BonusPlan, CurveSpec, Cycle, PlanParams, Store, message

BY_HAND = "hand"
FROM_CURVE = "curve"

MULTIPLIER_OPTIONS: list[tuple[str, str]] = [
    ("Set by hand on the bonus screen", BY_HAND),
    ("From the team's OKR score (payout curve)", FROM_CURVE),
]

DEFAULT_CURVE = "0.3=0, 0.7=1, 1.0=1.5"
"""The payout curve offered when none is set: nothing at 0.3 or below, the full
pool at 0.7, one and a half times the pool at 1.0."""

METHOD_FIELDS: dict[str, tuple[str, ...]] = {
    Method.PERFORMANCE: (),
    Method.TARGET: ("threshold", "tiers"),
    Method.CONTRIBUTION: (),
    Method.COMPOSITE: ("dimensions",),
}
"""The method-specific fields each method shows."""


def _threshold(raw: str) -> Decimal:
    """A qualifying score between 0 and 1."""
    value = check_magnitude(parsers.decimal(raw), "The threshold")
    if not 0 <= value <= 1:
        raise ValueError("The threshold is a score between 0 and 1, such as 0.7.")
    return value


class MethodForm(FormDialog[BonusPlan]):
    """Choose the method and its parameters; returns the saved plan."""

    TITLE_TEXT = "Method and parameters"

    def __init__(self, store: Store, cycle: Cycle, plan: BonusPlan) -> None:
        """Build the form over a draft plan.

        Args:
            store: Where the plan is saved, and read to preview the split.
            cycle: The plan's cycle.
            plan: The draft to change.
        """
        self._store = store
        self._cycle = cycle
        self._plan = plan
        super().__init__()

    def fields(self) -> Iterable[Field]:
        """Method, its parameters, and where the pool multiplier comes from."""
        plan = self._plan
        yield Field(
            "method",
            "Method",
            Select(
                [(METHOD_LABELS[m], m) for m in Method],
                value=Method(plan.method),
                allow_blank=False,
            ),
            hint=METHOD_HINTS[plan.method],
        )
        yield Field(
            "threshold",
            "Qualifying score (inclusive)",
            Input(str(plan.params.threshold), placeholder="0.7"),
            self._threshold,
            hint="Members with an OKR score at or above it share the pool.",
        )
        yield Field(
            "tiers",
            "Tiers (optional)",
            Input(tiers_text(plan.params.tiers), placeholder="0.7=1.0, 0.9=1.5"),
            self._tiers,
            hint="score=multiplier: from 0.9, a member's basis is 1.5 instead of 1.",
        )
        yield Field(
            "dimensions",
            "Dimensions",
            Input(
                dimensions_text(plan.params.dimensions),
                placeholder="workload 30 target 100; satisfaction 40 max; okr 30",
            ),
            self._dimensions,
            hint="name weight [max | target N]; okr is the OKR score. "
            "max: value / the team's largest; target N: value / N up to 1.",
        )
        yield Field(
            "multiplier_mode",
            "Pool multiplier",
            Select(
                MULTIPLIER_OPTIONS,
                value=BY_HAND if plan.multiplier is not None else FROM_CURVE,
                allow_blank=False,
            ),
        )
        yield Field(
            "curve",
            "Payout curve: threshold, target and cap",
            Input(
                curve_text(plan.curve) if plan.curve else DEFAULT_CURVE,
                placeholder=DEFAULT_CURVE,
            ),
            self._curve,
            hint="score=multiplier: nothing at or below the threshold, the whole "
            "pool at the target, up to the cap's payout above it.",
        )

    # A field the chosen method does not use is hidden, so it must not hold the
    # form back: what it holds is kept when valid, else the plan's value stays.

    def _threshold(self, raw: str) -> Decimal:
        """The qualifying score, checked only for target achievement."""
        if self._method() == Method.TARGET:
            return _threshold(raw)
        try:
            return _threshold(raw)
        except ValueError:
            return self._plan.params.threshold

    def _tiers(self, raw: str) -> Any:
        """The tiers, checked only for target achievement."""
        if self._method() == Method.TARGET:
            return parse_tiers(raw)
        try:
            return parse_tiers(raw)
        except ValueError:
            return list(self._plan.params.tiers)

    def _dimensions(self, raw: str) -> Any:
        """Dimensions, required only when the composite method is chosen."""
        if self._method() == Method.COMPOSITE:
            return parse_dimensions(raw, self._plan.params.dimensions)
        try:
            return parse_dimensions(raw, self._plan.params.dimensions)
        except ValueError:
            return []

    def _curve(self, raw: str) -> CurveSpec | None:
        """The curve, required only when the multiplier comes from it."""
        if self._mode() == FROM_CURVE:
            return parse_curve(raw)
        try:
            return parse_curve(raw)
        except ValueError:
            return None

    def _method(self) -> str:
        value = self.field("method").widget
        assert isinstance(value, Select)
        return str(value.value)

    def _mode(self) -> str:
        value = self.field("multiplier_mode").widget
        assert isinstance(value, Select)
        return str(value.value)

    def on_mount(self) -> None:
        self._show_relevant()
        super().on_mount()

    @on(Select.Changed)
    def _method_or_mode_changed(self) -> None:
        self._show_relevant()
        for name in ("threshold", "tiers", "dimensions", "curve"):
            self.check_field(self.field(name).widget)

    def _show_relevant(self) -> None:
        """Show the fields of the chosen method and multiplier mode, hide the rest."""
        method = self._method()
        shown = set(METHOD_FIELDS[method])
        if self._mode() == FROM_CURVE:
            shown.add("curve")
        # A class, not `display`: set on the error line, `display` would show it
        # empty (a blank row) where the style sheet hides it until there is one.
        for name in ("threshold", "tiers", "dimensions", "curve"):
            for part in self._parts(name):
                part.set_class(name not in shown, "-irrelevant")
        hint = self._parts("method")[-1]
        hint.update(METHOD_HINTS[method])

    def _parts(self, name: str) -> list[Any]:
        """The label, widget, error line and hint that make up one field."""
        children = list(self.query_one("#form").children)
        widget = self.field(name).widget
        at = children.index(widget)
        parts = children[at - 1 : at + 2]
        if at + 2 < len(children) and children[at + 2].has_class("field-hint"):
            parts.append(children[at + 2])
        return parts

    def build(self, values: dict[str, Any]) -> BonusPlan:
        """The plan with the chosen method and parameters (other inputs kept)."""
        plan = self._plan
        params = PlanParams(
            threshold=values["threshold"],
            tiers=values["tiers"],
            dimensions=values["dimensions"] or plan.params.dimensions,
        )
        by_hand = values["multiplier_mode"] == BY_HAND
        update = {
            "method": values["method"],
            "params": params.model_dump(),
            "multiplier": (plan.multiplier or Decimal(1)) if by_hand else None,
            "curve": None if values["curve"] is None else values["curve"].model_dump(),
        }
        return BonusPlan.model_validate(plan.model_dump() | update)

    def preview(self, values: dict[str, Any]) -> str:
        """What the split would be with these values, or why it cannot be made."""
        line = self.query_one("#form-preview")
        try:
            plan = self.build(values)
            sheet = compute_sheet(self._store, self._cycle, plan)
        except ValueError as exc:  # CalcError and ValidationError alike
            line.add_class("-warning")
            return f"Not yet: {message(exc)}"
        line.remove_class("-warning")
        shared = sum(1 for row in sheet.rows if row.amount)
        return (
            f"{amount_text(sheet.distributed, sheet.currency)} {sheet.currency} "
            f"to {shared} of {len(sheet.rows)} members"
            + (
                f"; {amount_text(sheet.undistributed, sheet.currency)} undistributed"
                if sheet.undistributed
                else ""
            )
        )

    def commit(self, value: BonusPlan) -> BonusPlan:
        """Save the plan.

        A plan the calculation cannot split yet is saved all the same (a composite
        plan has no dimension values until members are assessed); the bonus screen
        says what is missing.
        """
        return self._store.save_bonus_plan(value)
