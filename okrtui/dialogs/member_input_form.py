"""The form for one member's bonus inputs: what the manager assesses.

The fields follow the plan's method: an override of the OKR score with its reason
(performance score, target achievement), contribution points (team contribution),
or a value per dimension (composite). Every method offers a cap, as an amount or as
a share of the pool, and a recognition that is not money, such as a promotion or a
training, shown beside the amount. The line under the form shows the member's
amount with the typed values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from textual import on
from textual.widgets import Input, Select

from okrtui.bonus_service import (
    amount_text,
    compute_sheet,
    one_line,
    parse_money,
)
from okrtui.calc.bonus import OKR_DIMENSION, Method
from okrtui.calc.display import format_score
from okrtui.calc.limits import check_magnitude
from okrtui.dialogs import parsers
from okrtui.dialogs.form import Field, FormDialog
from okrtui.store import BonusPlan, Cycle, MemberPlanInput, Store, message
from okrtui.widgets.cells import fit

RECOGNITION_KINDS: list[tuple[str, str]] = [
    ("None", ""),
    ("Promotion", "promotion"),
    ("Training", "training"),
    ("Other", "other"),
]
"""Recognitions that are not money, as the seed article suggests."""

TITLE_NAME_WIDTH = 48
"""Cells of the member's name kept in the form's title."""


def split_recognition(text: str) -> tuple[str, str]:
    """Split a stored recognition into its kind and its details.

    Args:
        text: Such as "promotion: to senior", "training" or "mentor for Q1".

    Returns:
        (kind, details): kind is "promotion", "training", "other" or "" for none.
    """
    text = (text or "").strip()
    if not text:
        return "", ""
    for kind in ("promotion", "training"):
        if text.lower() == kind or text.lower().startswith(kind + ":"):
            return kind, text[len(kind) :].lstrip(": ").strip()
    return "other", text


def join_recognition(kind: str, details: str) -> str:
    """The recognition to store: "promotion: to senior", or the details for other."""
    details = (details or "").strip()
    if not kind:
        return ""
    if kind == "other":
        return details or "other"
    return f"{kind}: {details}" if details else kind


def unit_score(raw: str) -> Decimal | None:
    """An optional score between 0 and 1."""
    value = parsers.optional_decimal(raw)
    if value is not None:
        check_magnitude(value, "The score")
    if value is not None and not 0 <= value <= 1:
        raise ValueError("A score is between 0 and 1, such as 0.85.")
    return value


def pool_share(raw: str) -> Decimal | None:
    """An optional share of the pool: 0.25 or 25 %."""
    text = (raw or "").strip()
    if not text:
        return None
    percent = text.endswith("%")
    # Bounded before dividing: 1e999999999 % must not overflow.
    value = check_magnitude(parsers.decimal(text.rstrip("%").strip()), "The share")
    if percent:
        value = value / 100
    if not 0 <= value <= 1:
        raise ValueError("A share of the pool is between 0 and 1 (or 0 % and 100 %).")
    return value


class MemberInputForm(FormDialog[BonusPlan]):
    """Edit one member's inputs to the draft plan; returns the saved plan."""

    def __init__(
        self,
        store: Store,
        cycle: Cycle,
        plan: BonusPlan,
        member_id: int,
        name: str,
        okr_score: Any = None,
    ) -> None:
        """Build the form.

        Args:
            store: Where the plan is saved, and read to preview the amount.
            cycle: The plan's cycle.
            plan: The draft plan.
            member_id: The member whose inputs are edited.
            name: The member's name, for the title.
            okr_score: The member's OKR score, shown beside the override.
        """
        self._store = store
        self._cycle = cycle
        self._plan = plan
        self._member_id = member_id
        # Not `_name`: Textual's widget init sets that one (to None).
        self._member_name = name
        self._okr_score = okr_score
        self._current = plan.inputs.get(member_id) or MemberPlanInput()
        self._dimension_keys = [
            d.key for d in plan.params.dimensions if d.key != OKR_DIMENSION
        ]
        self._before: Decimal | None = None
        # One line, however long the name: the table's trace shows all of it.
        title = fit(one_line(name), TITLE_NAME_WIDTH).rstrip()
        self.TITLE_TEXT = f"Bonus inputs: {title}"
        super().__init__()

    def fields(self) -> Iterable[Field]:
        """The method's inputs, then cap and recognition."""
        own = self._current
        method = Method(self._plan.method)
        if method in (Method.PERFORMANCE, Method.TARGET):
            yield Field(
                "override",
                "Override score (optional)",
                Input(_text(own.override), placeholder="0.85"),
                unit_score,
                hint=f"Replaces the OKR score ({format_score(self._okr_score)}); "
                "needs a reason, shown in the table.",
            )
            yield Field(
                "override_reason",
                "Reason for the override",
                Input(own.override_reason, placeholder="led the migration"),
                self._reason,
            )
        if method is Method.CONTRIBUTION:
            yield Field(
                "points",
                "Contribution points",
                Input(_text(own.points), placeholder="30"),
                _bounded(parsers.optional_non_negative, "The points"),
                hint="Relative: 30 and 15 split 2 : 1; they need not add up to 100.",
            )
        if method is Method.COMPOSITE:
            # The rule goes in the label, not a hint line under it: with a few
            # dimensions the form still fits a 36-row terminal.
            for index, key in enumerate(self._dimension_keys):
                yield Field(
                    f"dim{index}",
                    f"{key}: {self._dimension_rule(key)}",
                    Input(
                        _text(own.dimensions.get(key)),
                        placeholder="empty: missing, the others re-weighted",
                    ),
                    _bounded(parsers.optional_non_negative, "The value"),
                )
        currency = self._plan.currency
        yield Field(
            "cap_amount",
            f"Cap as an amount in {currency} (optional)",
            Input(_text(own.cap_amount), placeholder="30,000.00"),
            lambda raw: parse_money(raw, currency) if raw.strip() else None,
        )
        yield Field(
            "cap_share",
            "Cap as a share of the pool (optional)",
            Input(_text(own.cap_share), placeholder="0.25 or 25 %"),
            pool_share,
            hint="The excess goes to uncapped members, or stays undistributed.",
        )
        kind, details = split_recognition(own.recognition)
        yield Field(
            "recognition_kind",
            "Recognition (not money)",
            Select(RECOGNITION_KINDS, value=kind, allow_blank=False),
        )
        yield Field(
            "recognition_details",
            "Recognition details",
            Input(details, placeholder="to senior; negotiation course"),
            parsers.optional_text,
            hint="Shown beside the amount and in exports.",
        )

    def _dimension_rule(self, key: str) -> str:
        """How the dimension's value counts: "value / 100, up to 1"."""
        for d in self._plan.params.dimensions:
            if d.key == key:
                if d.rule == "target":
                    return f"counts as value / {d.target}, up to 1"
                return "counts as value / the team's largest"
        return "value"

    def _reason(self, raw: str) -> str:
        """The override's reason, required when an override is typed."""
        reason = parsers.optional_text(raw)
        try:
            override = unit_score(self.field("override").widget.value)  # type: ignore[attr-defined]
        except ValueError:
            return reason
        if override is not None and not reason:
            raise ValueError("Say why: the reason is shown in the table.")
        return reason

    @on(Input.Changed, "#field-override")
    def _recheck_reason(self) -> None:
        self.check_field(self.field("override_reason").widget)

    def build(self, values: dict[str, Any]) -> BonusPlan:
        """The plan with this member's inputs replaced (other methods' kept)."""
        own = self._current.model_dump()
        for name in (
            "override",
            "override_reason",
            "points",
            "cap_amount",
            "cap_share",
        ):
            if name in values:
                own[name] = values[name]
        if self._dimension_keys:
            dimensions = dict(own["dimensions"])
            for index, key in enumerate(self._dimension_keys):
                value = values.get(f"dim{index}")
                if value is None:
                    dimensions.pop(key, None)
                else:
                    dimensions[key] = value
            own["dimensions"] = dimensions
        own["recognition"] = join_recognition(
            values["recognition_kind"], values["recognition_details"]
        )
        inputs = {**self._plan.inputs, self._member_id: MemberPlanInput(**own)}
        return BonusPlan.model_validate(self._plan.model_dump() | {"inputs": inputs})

    def preview(self, values: dict[str, Any]) -> str:
        """The member's amount with the typed values, beside the current one."""
        line = self.query_one("#form-preview")
        try:
            after = compute_sheet(self._store, self._cycle, self.build(values))
        except ValueError as exc:
            line.add_class("-warning")
            return f"Not yet: {message(exc)}"
        line.remove_class("-warning")
        row = after.row(self._member_id)
        if row is None:
            return ""
        name = one_line(self._member_name)
        text = f"{name}: {amount_text(row.amount, after.currency)} {after.currency}"
        if self._before is None:
            self._before = self._amount_now()
        if self._before and self._before != row.amount:
            text += f" (now {amount_text(self._before, after.currency)})"
        return text

    def _amount_now(self) -> Decimal:
        """The member's amount under the saved plan (0 when it cannot be split)."""
        try:
            row = compute_sheet(self._store, self._cycle, self._plan).row(
                self._member_id
            )
        except ValueError:
            return Decimal(0)
        return Decimal(0) if row is None else row.amount

    def commit(self, value: BonusPlan) -> BonusPlan:
        """Save the plan."""
        return self._store.save_bonus_plan(value)


def _bounded(
    parse: Callable[[str], Decimal | None], what: str
) -> Callable[[str], Decimal | None]:
    """`parse`, then the bounds every typed number keeps (`calc.check_magnitude`)."""

    def run(raw: str) -> Decimal | None:
        value = parse(raw)
        return None if value is None else check_magnitude(value, what)

    return run


def _text(value: Decimal | None) -> str:
    return "" if value is None else str(value)
