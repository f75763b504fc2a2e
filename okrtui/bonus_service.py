"""The bonus split as the screen, the command line and the exports all see it.

This module is the glue between the store and the calculations: it turns a cycle's
bonus plan and the team's data into the inputs of `calc.bonus.allocate`, and turns
the resulting allocation into a `BonusSheet`, a plain record that holds everything
needed to show, export or publish the split later without computing it again
(inputs, method, parameters, time, and every row with its trace).

The screen and the `okrtui bonus` command both call `compute_sheet`, so they agree to
the cent. Nothing here imports Textual.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from okrtui.calc.bonus import (
    OKR_DIMENSION,
    Allocation,
    AllocationRow,
    PayoutCurve,
    explain,
)
from okrtui.calc.display import format_number, format_percent, format_score
from okrtui.calc.errors import CalcError
from okrtui.calc.limits import MAX_ABS, check_magnitude
from okrtui.calc.money import parse_amount
from okrtui.store.models import (
    BonusPlan,
    CurveSpec,
    Cycle,
    DimensionSpec,
    MemberPlanInput,
    TierSpec,
)

if TYPE_CHECKING:
    from okrtui.store import Store

SHEET_FORMAT = "okrtui-bonus-allocation"
"""The `format` field of a serialised sheet, so that a stray JSON file is refused."""

SHEET_VERSION = 1
"""The version of the serialised shape; bumped when a field changes meaning."""

DRAFT = "draft"
PUBLISHED = "published"


# ---- the sheet: one allocation, ready to show ----


@dataclass(frozen=True)
class SheetRow:
    """One member's line of the bonus table, with everything that explains it.

    Attributes:
        member_id: The member's id in the store.
        name: The member's name as it was when the sheet was made.
        okr_score: The member's OKR score in the cycle, or `None` when they own
            nothing scored.
        basis: What the method counts for the member (score, tier multiplier,
            points or composite score), or `None` when excluded.
        basis_note: How the basis was found, in words ("OKR score 0.82").
        proration: FTE × days employed within the cycle / days in the cycle.
        weight: basis × proration; the pool is shared in proportion to it.
        share: The member's part of the distributed pool, in [0, 1].
        exact: The exact amount before rounding, in currency units.
        amount: The amount paid, in currency units.
        adjustment: What rounding added (0 or one minor unit).
        cap: The member's cap as an amount, when there is one.
        capped: Whether the cap cut the member's amount.
        excluded_reason: Why the member gets nothing, when they are left out.
        notes: Other remarks (a re-weighted composite, for example).
        trace: The plain-language explanation of the amount, line by line.
        recognitions: Rewards that are not money (promotion, training).
        inputs: The member's inputs as they were used (FTE, dates, points …),
            as JSON-ready text values.
    """

    member_id: int
    name: str
    okr_score: Fraction | None
    basis: Fraction | None
    basis_note: str
    proration: Fraction
    weight: Fraction
    share: Fraction
    exact: Fraction
    amount: Decimal
    adjustment: Decimal
    cap: Decimal | None
    capped: bool
    excluded_reason: str | None
    notes: tuple[str, ...] = ()
    trace: tuple[str, ...] = ()
    recognitions: tuple[str, ...] = ()
    inputs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BonusSheet:
    """A whole allocation: the pool, the rule, the rows and when it was made.

    Attributes:
        status: "draft" (computed now from the plan) or "published" (frozen).
        plan_id: The bonus plan it was computed from.
        cycle_id: The cycle's id.
        cycle_name: The cycle's name ("2026-Q4").
        first_day: The cycle's first day.
        last_day: The cycle's last day.
        computed_at: When the allocation was computed (local time, ISO format).
        published_at: When it was published, for a published sheet.
        currency: The ISO 4217 code of the pool.
        base_pool: The base amount before the multiplier.
        multiplier: The pool multiplier that was applied.
        multiplier_note: Where the multiplier came from ("set by hand", or the
            team's OKR score through the payout curve).
        pool: The effective pool, base × multiplier rounded to the minor unit.
        distributed: The sum of the members' amounts.
        undistributed: What is left of the pool, with `undistributed_reason`.
        undistributed_reason: Why part of the pool is not shared, if any is.
        method: The method's key ("performance", "target" …).
        method_label: The method's name as shown.
        parameters: The method's parameters as JSON-ready values.
        summary: The rule in words, one line per parameter, as shown.
        rows: One row per member, in the team's order.
    """

    status: str
    plan_id: int | None
    cycle_id: int
    cycle_name: str
    first_day: date
    last_day: date
    computed_at: str
    published_at: str | None
    currency: str
    base_pool: Decimal
    multiplier: Decimal
    multiplier_note: str
    pool: Decimal
    distributed: Decimal
    undistributed: Decimal
    undistributed_reason: str | None
    method: str
    method_label: str
    parameters: Mapping[str, Any]
    summary: tuple[str, ...]
    rows: tuple[SheetRow, ...]

    @property
    def is_published(self) -> bool:
        """Whether this is a frozen, published allocation."""
        return self.status == PUBLISHED

    def row(self, member_id: int) -> SheetRow | None:
        """The row of a member, or `None` when the member is not in the sheet."""
        for row in self.rows:
            if row.member_id == member_id:
                return row
        return None

    def status_text(self) -> str:
        """ "published 2026-11-18 14:02" or "draft, not published"."""
        if self.is_published and self.published_at:
            return f"published {self.published_at[:16].replace('T', ' ')}"
        return "draft, not published"


# ---- how a row reads on screen and in exports ----

TABLE_COLUMNS: tuple[str, ...] = (
    "Member",
    "OKR score",
    "Basis",
    "Proration",
    "Weight",
    "Share",
    "Amount",
    "Recognition",
    "Note",
)
"""The columns of the bonus table, as the screen, the CLI and Markdown show them."""

NUMBER_COLUMNS = frozenset({1, 2, 3, 4, 5, 6})
"""The indexes of `TABLE_COLUMNS` that hold numbers (aligned right)."""


def row_note(row: SheetRow, currency: str) -> str:
    """The note column: excluded reason, cap, override reason, re-weighting.

    Args:
        row: The row.
        currency: The pool's currency, to write a cap amount.

    Returns:
        The remarks joined with "; ", or "" when there are none.
    """
    parts: list[str] = []
    if row.excluded_reason:
        parts.append(f"excluded: {row.excluded_reason}")
    if row.basis_note.startswith("override") or (
        row.basis == 0 and row.excluded_reason is None
    ):
        parts.append(row.basis_note)
    if row.capped and row.cap is not None:
        parts.append(f"capped at {amount_text(row.cap, currency)}")
    parts.extend(row.notes)
    return " · ".join(parts)


def amount_text(amount: Decimal, currency: str) -> str:
    """An amount with thousands separators and the currency's minor digits."""
    from okrtui.calc.money import format_amount

    return format_amount(amount, currency)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def one_line(text: str) -> str:
    """Text with tabs, line breaks and other control characters shown as spaces."""
    return _CONTROL.sub(" ", text)


def literal(text: str) -> str:
    """Text that console markup shows as written: every "[" escaped.

    For the screens (Textual markup). `rich.markup.escape` is not enough there: it
    leaves a "[" that does not look like a tag, such as the one in "Q4 [red", and
    Textual's parser can still read it as one when a real tag follows.
    """
    return text.replace("[", "\\[")


def pool_text(sheet: BonusSheet) -> str:
    """The pool and where it comes from, on one line.

    Returns:
        For example "120,000.00 CNY: base 120,000.00, multiplier set by hand: 1".
    """
    note = sheet.multiplier_note
    if note and not note.startswith("set by hand"):
        note = f"from the {note}"
    return (
        f"{amount_text(sheet.pool, sheet.currency)} {sheet.currency}: base "
        f"{amount_text(sheet.base_pool, sheet.currency)}, multiplier {note}"
    )


def _weight_text(weight: Fraction) -> str:
    """Two decimals, or four when two would show a positive weight as 0.00."""
    text = format_number(weight, 2)
    return format_number(weight, 4) if weight and Decimal(text) == 0 else text


def row_cells(row: SheetRow, currency: str) -> tuple[str, ...]:
    """The texts of a row, in `TABLE_COLUMNS` order (rounded for display only)."""
    return (
        one_line(row.name),
        format_score(row.okr_score),
        "—" if row.basis is None else format_number(row.basis, 2),
        format_percent(row.proration),
        _weight_text(row.weight),
        format_percent(row.share, 2),
        amount_text(row.amount, currency),
        one_line("; ".join(row.recognitions)),
        one_line(row_note(row, currency)),
    )


def footer_cells(sheet: BonusSheet) -> list[tuple[str, ...]]:
    """The rows under the members: undistributed (when any) and the total.

    The total row is always the effective pool: the members' amounts plus what is
    left undistributed. Each row has the cells of `TABLE_COLUMNS`.
    """
    blank = ("",) * 4
    rows: list[tuple[str, ...]] = []
    if sheet.undistributed:
        share = Fraction(sheet.undistributed) / Fraction(sheet.pool)
        amount = amount_text(sheet.undistributed, sheet.currency)
        reason = one_line(sheet.undistributed_reason or "")
        rows.append(
            ("Undistributed", *blank, format_percent(share, 2), amount, "", reason)
        )
    whole = format_percent(1 if sheet.pool else 0, 2)
    amount = amount_text(sheet.pool, sheet.currency)
    rows.append(("Total", *blank, whole, amount, "", "the pool"))
    return rows


# ---- JSON: the frozen form of a sheet ----


def _frac(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _to_frac(value: object) -> Fraction | None:
    return None if value is None else Fraction(str(value))


def _to_dec(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def sheet_to_dict(sheet: BonusSheet) -> dict[str, Any]:
    """The sheet as JSON-ready values: exact numbers as strings ("1/3", "333.34").

    Args:
        sheet: The sheet.

    Returns:
        A dict that `json.dumps` writes and `sheet_from_dict` reads back unchanged.
    """
    return {
        "format": SHEET_FORMAT,
        "version": SHEET_VERSION,
        "status": sheet.status,
        "plan_id": sheet.plan_id,
        "cycle": {
            "id": sheet.cycle_id,
            "name": sheet.cycle_name,
            "first_day": sheet.first_day.isoformat(),
            "last_day": sheet.last_day.isoformat(),
        },
        "computed_at": sheet.computed_at,
        "published_at": sheet.published_at,
        "currency": sheet.currency,
        "base_pool": str(sheet.base_pool),
        "multiplier": str(sheet.multiplier),
        "multiplier_note": sheet.multiplier_note,
        "pool": str(sheet.pool),
        "distributed": str(sheet.distributed),
        "undistributed": str(sheet.undistributed),
        "undistributed_reason": sheet.undistributed_reason,
        "method": sheet.method,
        "method_label": sheet.method_label,
        "parameters": dict(sheet.parameters),
        "summary": list(sheet.summary),
        "rows": [
            {
                "member_id": row.member_id,
                "name": row.name,
                "okr_score": _frac(row.okr_score),
                "basis": _frac(row.basis),
                "basis_note": row.basis_note,
                "proration": str(row.proration),
                "weight": str(row.weight),
                "share": str(row.share),
                "exact": str(row.exact),
                "amount": str(row.amount),
                "adjustment": str(row.adjustment),
                "cap": _dec(row.cap),
                "capped": row.capped,
                "excluded_reason": row.excluded_reason,
                "notes": list(row.notes),
                "trace": list(row.trace),
                "recognitions": list(row.recognitions),
                "inputs": dict(row.inputs),
            }
            for row in sheet.rows
        ],
    }


def sheet_to_json(sheet: BonusSheet) -> str:
    """The sheet as indented JSON text (UTF-8 names kept as they are)."""
    return json.dumps(sheet_to_dict(sheet), ensure_ascii=False, indent=2) + "\n"


def sheet_from_dict(data: Mapping[str, Any]) -> BonusSheet:
    """Read a sheet back from `sheet_to_dict`'s values.

    Raises:
        ValueError: If the data is not a bonus allocation okrtui wrote.
    """
    if data.get("format") != SHEET_FORMAT:
        raise ValueError("This is not a bonus allocation written by okrtui.")
    if int(data.get("version", 0)) > SHEET_VERSION:
        raise ValueError("This allocation was written by a newer okrtui.")
    try:
        cycle = data["cycle"]
        rows = tuple(
            SheetRow(
                member_id=int(r["member_id"]),
                name=str(r["name"]),
                okr_score=_to_frac(r.get("okr_score")),
                basis=_to_frac(r.get("basis")),
                basis_note=str(r.get("basis_note", "")),
                proration=Fraction(r["proration"]),
                weight=Fraction(r["weight"]),
                share=Fraction(r["share"]),
                exact=Fraction(r["exact"]),
                amount=Decimal(r["amount"]),
                adjustment=Decimal(r.get("adjustment", "0")),
                cap=_to_dec(r.get("cap")),
                capped=bool(r.get("capped", False)),
                excluded_reason=r.get("excluded_reason"),
                notes=tuple(r.get("notes", ())),
                trace=tuple(r.get("trace", ())),
                recognitions=tuple(r.get("recognitions", ())),
                inputs=dict(r.get("inputs", {})),
            )
            for r in data["rows"]
        )
        return BonusSheet(
            status=str(data["status"]),
            plan_id=data.get("plan_id"),
            cycle_id=int(cycle["id"]),
            cycle_name=str(cycle["name"]),
            first_day=date.fromisoformat(cycle["first_day"]),
            last_day=date.fromisoformat(cycle["last_day"]),
            computed_at=str(data["computed_at"]),
            published_at=data.get("published_at"),
            currency=str(data["currency"]),
            base_pool=Decimal(data["base_pool"]),
            multiplier=Decimal(data["multiplier"]),
            multiplier_note=str(data.get("multiplier_note", "")),
            pool=Decimal(data["pool"]),
            distributed=Decimal(data["distributed"]),
            undistributed=Decimal(data["undistributed"]),
            undistributed_reason=data.get("undistributed_reason"),
            method=str(data["method"]),
            method_label=str(data.get("method_label", data["method"])),
            parameters=dict(data.get("parameters", {})),
            summary=tuple(data.get("summary", ())),
            rows=rows,
        )
    except (KeyError, TypeError, ArithmeticError) as exc:
        raise ValueError(f"The stored allocation is damaged ({exc}).") from exc


def sheet_from_json(text: str) -> BonusSheet:
    """Read a sheet from `sheet_to_json`'s text.

    Raises:
        ValueError: If the text is not JSON or not a bonus allocation.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"The stored allocation is not JSON ({exc.msg}).") from exc
    if not isinstance(data, dict):
        raise ValueError("This is not a bonus allocation written by okrtui.")
    return sheet_from_dict(data)


def now_text() -> str:
    """The local time to the second, ISO format, for `computed_at`."""
    return datetime.now().replace(microsecond=0).isoformat()


# ---- the method in words, and its parameters as text ----

METHOD_LABELS: Mapping[str, str] = {
    "performance": "Performance score",
    "target": "Target achievement",
    "contribution": "Team contribution",
    "composite": "Composite score",
}
"""How each method is named on screen, in exports and in the method form."""

METHOD_HINTS: Mapping[str, str] = {
    "performance": "Each member's OKR score (or an override with a written reason).",
    "target": "1 for each member whose score reaches the threshold, or a tier's "
    "multiplier; 0 below it.",
    "contribution": "Contribution points you assign to each member (relative).",
    "composite": "A weighted mean of dimensions such as workload and satisfaction, "
    "each scaled to 0–1.",
}
"""What each method counts as the basis, in one sentence."""

_POINT = re.compile(r"^\s*([0-9.]+)\s*[=:→]\s*([0-9.]+)\s*$")


def parse_points(text: str, example: str) -> list[tuple[Decimal, Decimal]]:
    """Read pairs typed as "0.7=1.0, 0.9=1.5" (score=multiplier).

    Args:
        text: The pairs, separated by commas or semicolons.
        example: How to write them, for the message ("0.7=1.0, 0.9=1.5").

    Returns:
        The pairs in the order typed.

    Raises:
        ValueError: If a pair is not two numbers joined by "=".
    """
    points: list[tuple[Decimal, Decimal]] = []
    for part in re.split(r"[,;\n]", text or ""):
        if not part.strip():
            continue
        match = _POINT.match(part)
        try:
            if match is None:
                raise InvalidOperation
            pair = (Decimal(match.group(1)), Decimal(match.group(2)))
        except InvalidOperation:
            raise ValueError(
                f"“{part.strip()}” is not score=multiplier; write it like {example}."
            ) from None
        for number in pair:
            check_magnitude(number, f"A number in “{part.strip()}”")
        points.append(pair)
    return points


def parse_tiers(text: str) -> list[TierSpec]:
    """Read target-achievement tiers typed as "0.7=1.0, 0.9=1.5".

    Args:
        text: Pairs of lowest score and multiplier, separated by commas or
            semicolons; empty for no tiers (every qualifier gets 1).

    Returns:
        The tiers, lowest score first.

    Raises:
        ValueError: With a message to show beside the field.
    """
    tiers: list[TierSpec] = []
    for score, multiplier in parse_points(text, "0.7=1.0, 0.9=1.5"):
        if not 0 <= score <= 1:
            raise ValueError(f"Tier {score}={multiplier}: the score must be 0 to 1.")
        if tiers and score <= tiers[-1].min_score:
            raise ValueError("List the tiers by rising score: 0.7=1.0, 0.9=1.5.")
        tiers.append(_spec(TierSpec, min_score=score, multiplier=multiplier))
    return tiers


_Spec = TypeVar("_Spec", TierSpec, CurveSpec, DimensionSpec)


def _spec(kind: type[_Spec], **values: Any) -> _Spec:
    """Build a parameter model; its refusal becomes one sentence for the field."""
    from pydantic import ValidationError

    from okrtui.store.errors import message

    try:
        return kind(**values)
    except ValidationError as exc:
        raise ValueError(message(exc)) from None


def parse_money(text: str, currency: str, what: str = "The amount") -> Decimal:
    """An amount typed by a person, within the bounds every typed number keeps.

    `calc.parse_amount`, then `calc.check_magnitude`: never an arithmetic error,
    whatever was typed.

    Args:
        text: What was typed ("120,000.00").
        currency: The currency's code.
        what: How a refusal names the amount.

    Raises:
        CalcError: With a message to show beside the field.
    """
    try:
        amount = parse_amount(text, currency)
    except ArithmeticError:
        # More digits than a Decimal keeps exactly: far above the bound.
        amount = MAX_ABS
    return check_magnitude(amount, what)


def check_pool(base: Decimal, multiplier: Decimal) -> None:
    """Refuse an effective pool (base × multiplier) out of bounds.

    Each may be within bounds while their product is not; the amounts of such a
    pool would no longer be exact.

    Raises:
        CalcError: If the base, the multiplier or the pool is too large.
    """
    check_magnitude(base, "The base pool")
    check_magnitude(multiplier, "The multiplier")
    if base * multiplier >= MAX_ABS:
        raise CalcError(
            f"The pool (base × multiplier) is too large: keep it below {MAX_ABS:,f}."
        )


def tiers_text(tiers: Sequence[TierSpec]) -> str:
    """Tiers as `parse_tiers` reads them: "0.7=1.0, 0.9=1.5"."""
    return ", ".join(f"{t.min_score}={t.multiplier}" for t in tiers)


def parse_curve(text: str) -> CurveSpec:
    """Read a payout curve typed as three points: "0.3=0, 0.7=1, 1.0=1.5".

    The points are score=multiplier: the threshold (pays 0), the target (pays 1)
    and the cap (pays the cap payout, at least 1).

    Args:
        text: The three points, separated by commas.

    Returns:
        The curve.

    Raises:
        ValueError: With the message to show beside the field (the calculation's
            own message when the points are out of order).
    """
    example = "0.3=0, 0.7=1, 1.0=1.5"
    points = parse_points(text, example)
    if len(points) != 3:
        raise ValueError(f"The payout curve needs three points, such as {example}.")
    (threshold, zero), (target, one), (cap, payout) = points
    if zero != 0:
        raise ValueError("The first point is the threshold; it pays 0 (0.3=0).")
    if one != 1:
        raise ValueError("The second point is the target; it pays 1 (0.7=1).")
    try:
        PayoutCurve(
            Fraction(threshold), Fraction(target), Fraction(cap), Fraction(payout)
        ).check()
    except CalcError as exc:
        raise ValueError(str(exc)) from None
    return _spec(
        CurveSpec, threshold=threshold, target=target, cap=cap, cap_payout=payout
    )


def curve_text(curve: CurveSpec) -> str:
    """A curve as `parse_curve` reads it."""
    return f"{curve.threshold}=0, {curve.target}=1, {curve.cap}={curve.cap_payout}"


_KEY = re.compile(r"^[^\W\d][\w-]*$")


def parse_dimensions(
    text: str, known: Sequence[DimensionSpec] = ()
) -> list[DimensionSpec]:
    """Read composite dimensions typed as "workload 30 target 100; satisfaction 40 max".

    Each dimension, separated by ";" or a new line, is `NAME WEIGHT [max | target N]`:
    the name (one word, any script; "okr" is the member's OKR score), its relative
    weight, and how a value becomes 0–1: "max" divides by the team's largest value
    (the default), "target N" divides by N and stops at 1. The OKR score is already
    0–1, so "okr 30" needs no rule.

    Args:
        text: The dimensions.
        known: The plan's dimensions so far; a name typed again keeps its label
            ("satisfaction" stays "Customer satisfaction").

    Returns:
        The dimensions in the order typed.

    Raises:
        ValueError: With a message to show beside the field.
    """
    found: list[DimensionSpec] = []
    for part in re.split(r"[;\n]", text or ""):
        words = part.split()
        if not words:
            continue
        where = f"“{part.strip()}”"
        if len(words) < 2:
            raise ValueError(f"{where} needs a weight: write name weight, like okr 30.")
        key = words[0]
        if not _KEY.match(key):
            raise ValueError(f"{where}: the name must be one word, like workload.")
        try:
            weight = Decimal(words[1])
        except ArithmeticError:
            raise ValueError(
                f"{where}: the weight “{words[1]}” is not a number."
            ) from None
        if not weight.is_finite() or weight < 0:
            raise ValueError(f"{where}: the weight must be 0 or more.")
        check_magnitude(weight, f"{where}: the weight")
        rule, target = _dimension_rule(key, words[2:], where)
        if any(d.key == key for d in found):
            raise ValueError(f"The dimension {key} is listed twice.")
        label = next((d.label for d in known if d.key == key and d.label), key)
        found.append(
            _spec(
                DimensionSpec,
                key=key,
                label=label,
                weight=weight,
                rule=rule,
                target=target,
            )
        )
    if not found:
        raise ValueError("Name at least one dimension, like okr 30; workload 70 max.")
    if not any(d.weight > 0 for d in found):
        raise ValueError("Give at least one dimension a weight above 0.")
    return found


def _dimension_rule(
    key: str, words: Sequence[str], where: str
) -> tuple[Literal["target", "max"], Decimal | None]:
    """The rule words after a dimension's weight."""
    if not words:
        return ("target", Decimal(1)) if key == OKR_DIMENSION else ("max", None)
    if words[0].lower() == "max" and len(words) == 1:
        return "max", None
    if words[0].lower() == "target" and len(words) == 2:
        try:
            target = Decimal(words[1])
        except ArithmeticError:
            target = Decimal(-1)
        if not target.is_finite() or target <= 0:
            raise ValueError(f"{where}: the target must be a number above 0.")
        check_magnitude(target, f"{where}: the target")
        return "target", target
    raise ValueError(f"{where}: after the weight write max, or target and a number.")


def dimensions_text(dimensions: Sequence[DimensionSpec]) -> str:
    """Dimensions as `parse_dimensions` reads them."""
    parts = []
    for d in dimensions:
        if d.key == OKR_DIMENSION and d.rule == "target" and d.target == 1:
            parts.append(f"{d.key} {d.weight}")
        elif d.rule == "target":
            parts.append(f"{d.key} {d.weight} target {d.target}")
        else:
            parts.append(f"{d.key} {d.weight} max")
    return "; ".join(parts)


def method_summary(
    plan: BonusPlan, allocation: Allocation | None = None
) -> tuple[str, ...]:
    """The plan's rule in words, a line per point, as the screen and exports show it.

    Args:
        plan: The bonus plan.
        allocation: Its allocation, when computed: the caps line then says where
            what the caps cut off went (as the traces do).

    Returns:
        Lines such as "Basis: each member's OKR score …".
    """
    method = str(plan.method)
    lines = [f"Basis: {METHOD_HINTS[method]}"]
    params = plan.params
    if method == "target":
        lines.append(f"Qualifies from an OKR score of {params.threshold} (inclusive).")
        if params.tiers:
            tiers = ", ".join(
                f"from {t.min_score} ×{t.multiplier}" for t in params.tiers
            )
            lines.append(f"Tiers: {tiers}.")
    elif method == "composite":
        lines.append("Dimensions: " + _dimensions_words(params.dimensions) + ".")
    lines.append(
        "Weight = basis × proration (FTE × days employed in the cycle / days in it); "
        "the pool is shared in proportion to the weights."
    )
    caps = sum(
        1 for i in plan.inputs.values() if i.cap_amount is not None or i.cap_share
    )
    if caps:
        who = "1 member has a cap" if caps == 1 else f"{caps} members have caps"
        lines.append(f"Caps: {who}; {_caps_words(caps, allocation)}")
    return tuple(lines)


def _caps_words(caps: int, allocation: Allocation | None) -> str:
    """Where what the caps cut off goes, in words (the traces say the same)."""
    if allocation is None:
        return (
            "what a cap cuts off goes to the uncapped members with a share, or "
            "stays undistributed when there are none."
        )
    capped = sum(1 for row in allocation.rows if row.capped)
    if not capped:
        none = "it is not reached" if caps == 1 else "none is reached"
        return f"{none}, so nothing is cut off."
    if caps == 1:
        reached = "it is reached"
    else:
        reached = "1 reaches their cap" if capped == 1 else f"{capped} reach theirs"
    others = any(row.weight > 0 and not row.capped for row in allocation.rows)
    if others:
        return (
            f"{reached}, and what is cut off goes to the uncapped members with a "
            "share, in proportion to their weights."
        )
    from okrtui.calc.money import format_amount

    amount = format_amount(allocation.undistributed, allocation.currency)
    return (
        f"{reached}, and no one with a share is left to take what the caps cut "
        f"off, so {amount} {allocation.currency} stays undistributed."
    )


def _dimensions_words(dimensions: Sequence[DimensionSpec]) -> str:
    if not dimensions:
        return "none yet"
    words = []
    for d in dimensions:
        name = "OKR score" if d.key == OKR_DIMENSION else (d.label or d.key)
        if d.key == OKR_DIMENSION and d.rule == "target" and d.target == 1:
            rule = ""
        elif d.rule == "target":
            rule = f", value / {d.target} up to 1"
        else:
            rule = ", value / the team's largest"
        words.append(f"{name} {d.weight}{rule}")
    return "; ".join(words)


# ---- from the store to the calculation, and back ----


def compute_sheet(
    store: Store, cycle: Cycle, plan: BonusPlan, *, now: str | None = None
) -> BonusSheet:
    """Compute the split of a draft plan now, as the screen and the CLI show it.

    The store decides who takes part and builds the calculation's inputs
    (`Store.allocate_plan`); this adds the words, the traces and the scores.

    Args:
        store: The open store (read only).
        cycle: The plan's cycle.
        plan: The plan; it need not be saved (the CLI tries other values).
        now: The time to record as `computed_at`; default the local time now.

    Returns:
        The draft sheet.

    Raises:
        CalcError: If the calculation refuses an input (a number out of bounds
            included); the message says which. Never an arithmetic error.
    """
    assert cycle.id is not None
    multiplier = plan.multiplier
    if multiplier is None:
        multiplier = plan.curve.cap_payout if plan.curve is not None else Decimal(1)
    try:
        # A plan saved before the bounds existed may still hold an absurd number.
        check_pool(plan.base_pool, multiplier)
        allocation = store.allocate_plan(plan)
    except ArithmeticError as exc:
        raise CalcError(
            f"The numbers of this plan are too large to split ({type(exc).__name__})."
        ) from None
    scores = store.cycle_scores(cycle.id)
    okr = {row.member_id: scores.member_score(row.member_id) for row in allocation.rows}
    return sheet_from_allocation(
        allocation, plan, cycle, okr, computed_at=now or now_text()
    )


def sheet_from_allocation(
    allocation: Allocation,
    plan: BonusPlan,
    cycle: Cycle,
    okr_scores: Mapping[int, Fraction | None],
    *,
    computed_at: str,
) -> BonusSheet:
    """Wrap a computed allocation with everything needed to show it later.

    Args:
        allocation: What `calc.bonus.allocate` returned.
        plan: The plan it was computed from.
        cycle: The plan's cycle.
        okr_scores: Each member's OKR score in the cycle, by member id.
        computed_at: When it was computed.

    Returns:
        A draft sheet.
    """
    assert cycle.id is not None
    recognitions = plan.recognitions
    rows = []
    for row in allocation.rows:
        okr_score = okr_scores.get(row.member_id)
        rows.append(
            SheetRow(
                member_id=row.member_id,
                name=row.name,
                okr_score=okr_score,
                basis=row.basis,
                basis_note=row.basis_note,
                proration=row.proration,
                weight=row.weight,
                share=row.share,
                exact=row.exact,
                amount=row.amount,
                adjustment=row.adjustment,
                cap=row.cap,
                capped=row.capped,
                excluded_reason=row.excluded_reason,
                notes=row.notes,
                trace=tuple(explain(row, allocation)),
                recognitions=(
                    (recognitions[row.member_id],)
                    if row.member_id in recognitions
                    else ()
                ),
                inputs=_input_record(row, okr_score, plan),
            )
        )
    parameters: dict[str, Any] = {
        "params": plan.params.model_dump(mode="json"),
        "multiplier": None if plan.multiplier is None else str(plan.multiplier),
        "curve": None if plan.curve is None else plan.curve.model_dump(mode="json"),
    }
    return BonusSheet(
        status=DRAFT,
        plan_id=plan.id,
        cycle_id=cycle.id,
        cycle_name=cycle.name,
        first_day=cycle.first_day,
        last_day=cycle.last_day,
        computed_at=computed_at,
        published_at=None,
        currency=allocation.currency,
        base_pool=allocation.base_pool,
        multiplier=allocation.multiplier,
        multiplier_note=allocation.multiplier_note,
        pool=allocation.pool,
        distributed=allocation.distributed,
        undistributed=allocation.undistributed,
        undistributed_reason=allocation.undistributed_reason,
        method=str(plan.method),
        method_label=METHOD_LABELS[str(plan.method)],
        parameters=parameters,
        summary=method_summary(plan, allocation),
        rows=tuple(rows),
    )


def _input_record(
    row: AllocationRow, okr_score: Fraction | None, plan: BonusPlan
) -> dict[str, Any]:
    """A member's inputs as they were used, as JSON-ready values."""
    own = plan.inputs.get(row.member_id) or MemberPlanInput()
    record: dict[str, Any] = {
        "fte": str(row.fte),
        "days_employed": row.days_employed,
        "days_in_cycle": row.days_in_cycle,
        "okr_score": None if okr_score is None else str(okr_score),
    }
    record.update(own.model_dump(mode="json", exclude_defaults=True))
    return record


def published_sheet(plan: BonusPlan) -> BonusSheet:
    """The frozen sheet of a published plan, exactly as it was published.

    Args:
        plan: A published plan.

    Returns:
        The sheet, with the plan's publishing time.

    Raises:
        ValueError: If the plan is not published or its allocation is damaged.
    """
    if not plan.is_published or plan.allocation is None:
        raise ValueError("This bonus plan is not published.")
    sheet = sheet_from_json(plan.allocation)
    return dataclass_replace(sheet, status=PUBLISHED, plan_id=plan.id)


def published_sheets(store: Store, cycle_id: int) -> list[BonusSheet]:
    """Every published version of a cycle's split, oldest first (version 1 first)."""
    plans = sorted(
        store.published_plans(cycle_id),
        key=lambda p: (p.published_at or datetime.min, p.id or 0),
    )
    return [published_sheet(p) for p in plans]


def publish(
    store: Store, cycle: Cycle, plan: BonusPlan, *, now: str | None = None
) -> BonusSheet:
    """Compute the draft's split, freeze it and publish it.

    Args:
        store: The open store.
        cycle: The plan's cycle.
        plan: The saved draft plan.
        now: The local time to record as computed and published; default now.

    Returns:
        The published sheet.

    Raises:
        CalcError: If the split cannot be computed.
        StoreError: If the store refuses (the plan is already published, say).
    """
    assert plan.id is not None
    now = now or now_text()
    draft = compute_sheet(store, cycle, plan, now=now)
    frozen = dataclass_replace(draft, status=PUBLISHED, published_at=now)
    saved = store.publish_bonus_plan(plan.id, sheet_to_json(frozen))
    return published_sheet(saved)
