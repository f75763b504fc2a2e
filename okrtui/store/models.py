"""The records okrtui keeps, as pydantic models that refuse bad values.

One model per table: `Member`, `Cycle`, `Objective`, `KeyResult`, `CheckIn` and
`BonusPlan`, plus the small models a bonus plan is made of. Each refusal is a
`pydantic.ValidationError` located at the field it concerns, whose message is a
sentence naming that field; `okrtui.store.errors.message` turns it into one line.

Numbers that must be exact (FTE, start, target, weights, money) are `Decimal`s. They
are accepted as `Decimal`, `int` or text, never as `float`, because a binary float
cannot hold 0.1 exactly, and they must be smaller than 10^15 in size with at most 12
decimals (`okrtui.calc.check_magnitude`). Dates are local calendar dates; time stamps
are UTC.

Text has a maximum length, in characters, so that it fits the tables and forms:

- 80 (`NAME_MAX`): a member's name and role, a dimension's label;
- 40 (`CYCLE_NAME_MAX`): a cycle's name, a dimension's key;
- 300 (`TITLE_MAX`): an objective's or key result's title, an action item, an
  override reason, a recognition;
- 60 (`UNIT_MAX`): a key result's unit;
- 2000 (`NOTE_MAX`): a check-in note, a one-on-one note.

The longest titles in the published OKR sets kept for testing are 200 (objective) and
238 (key result) characters, and the longest unit 40.

The size and length limits apply to what is saved. Rows read back from the file are
validated with the `STORED` context, which lets an older file that holds a longer text
or a larger number still open; saving such a record again asks for a shorter one.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from okrtui.calc.bonus import Method, PayoutCurve
from okrtui.calc.errors import CalcError
from okrtui.calc.limits import MAX_ABS, check_magnitude
from okrtui.calc.money import minor_units
from okrtui.calc.progress import KRKind, check_kr
from okrtui.store.errors import label

__all__ = [
    "ActionItem",
    "BonusPlan",
    "CheckIn",
    "CurveSpec",
    "Cycle",
    "CycleStatus",
    "DimensionSpec",
    "KRKind",
    "KeyResult",
    "Member",
    "MemberLevel",
    "CYCLE_NAME_MAX",
    "MemberPlanInput",
    "NAME_MAX",
    "NOTE_MAX",
    "STORED",
    "TITLE_MAX",
    "UNIT_MAX",
    "Method",
    "Objective",
    "ObjectiveLevel",
    "OneOnOne",
    "PlanParams",
    "PlanStatus",
    "TierSpec",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")

NAME_MAX = 80
"""Characters in a member's name or role, or a dimension's label."""

CYCLE_NAME_MAX = 40
"""Characters in a cycle's name, or a dimension's key."""

TITLE_MAX = 300
"""Characters in an objective's or key result's title, an action item, an override
reason or a recognition."""

UNIT_MAX = 60
"""Characters in a key result's unit."""

NOTE_MAX = 2000
"""Characters in a check-in note or a one-on-one note."""

STORED = {"stored": True}
"""Validation context for rows read back from the file: sizes and lengths that
newer rules refuse are let through, so an older file still opens."""


def _refuse(text: str) -> PydanticCustomError:
    """An error whose message is exactly `text` (no "Value error, " prefix)."""
    return PydanticCustomError("okrtui", text)


def _field_label(info: ValidationInfo) -> str:
    return label(info.field_name or "value")


def _stored(info: ValidationInfo) -> bool:
    """Whether the value is being read back from the file (see `STORED`)."""
    context = info.context
    return isinstance(context, dict) and bool(context.get("stored"))


def _to_decimal(value: object, info: ValidationInfo) -> object:
    """Accept a Decimal, an int or text; refuse floats, booleans, non-finite
    numbers, and numbers too large or too fine (`calc.check_magnitude`)."""
    return _decimal(value, _field_label(info), info)


def _decimal(value: object, name: str, info: ValidationInfo) -> object:
    """`_to_decimal`, naming the number `name` in its messages."""
    if value is None or isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        raise _refuse(f"{name} must be a number, not yes or no.")
    elif isinstance(value, int):
        # Refused before converting: a huge int is slow to turn into a Decimal.
        if value.bit_length() > MAX_ABS.adjusted() * 4 and not _stored(info):
            raise _refuse(_too_large(name))
        number = Decimal(value)
    elif isinstance(value, float):
        raise _refuse(
            f"{name} must be given as text or a Decimal, not a float "
            "(a float cannot hold most decimals exactly)."
        )
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace("_", "")
        if _GROUPED.match(text):
            text = text.replace(",", "")
        if not text:
            raise _refuse(f"{name} is required.")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise _refuse(
                f"{name} must be a number; “{value.strip()}” is not."
            ) from None
    else:
        raise _refuse(f"{name} must be a number.")
    if number is not None and not number.is_finite():
        raise _refuse(f"{name} must be a finite number.")
    if number is not None and not _stored(info):
        try:
            check_magnitude(number, name)
        except CalcError as exc:
            raise _refuse(str(exc)) from None
    return number


def _too_large(name: str) -> str:
    """The message `check_magnitude` gives for a number too large in size."""
    try:
        check_magnitude(MAX_ABS, name)
    except CalcError as exc:
        return str(exc)
    raise AssertionError("MAX_ABS itself must be refused")  # pragma: no cover


def _to_day(value: object, info: ValidationInfo) -> object:
    """Accept a date or `YYYY-MM-DD` text; refuse date-times and numbers."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    name = _field_label(info)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise _refuse(f"{name} must be a date written YYYY-MM-DD.") from None
    raise _refuse(f"{name} must be a calendar date (YYYY-MM-DD).")


def _to_text(value: object, info: ValidationInfo) -> object:
    """Trim text; `None` becomes empty text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    raise _refuse(f"{_field_label(info)} must be text.")


def _to_name(value: object, info: ValidationInfo) -> object:
    """Trim a name or title, which must not be empty (any script is fine)."""
    text = _to_text(value, info)
    if not text:
        raise _refuse(f"{_field_label(info)} must not be empty.")
    return text


def _at_most(limit: int) -> AfterValidator:
    """Refuse text longer than `limit` characters, saying how long it is."""

    def check(value: str, info: ValidationInfo) -> str:
        if len(value) > limit and not _stored(info):
            raise _refuse(
                f"{_field_label(info)} is too long: keep it to {limit:,} characters "
                f"(this one has {len(value):,})."
            )
        return value

    return AfterValidator(check)


def _to_json(value: object) -> object:
    """Parse JSON text stored in a column; leave other values to the field type."""
    if isinstance(value, str | bytes):
        return json.loads(value) if value.strip() else None
    return value


def _non_negative(value: Decimal | None, info: ValidationInfo) -> Decimal | None:
    if value is not None and value < _ZERO:
        raise _refuse(f"{_field_label(info)} must not be negative.")
    return value


def _unit_interval(value: Decimal | None, info: ValidationInfo) -> Decimal | None:
    if value is not None and not _ZERO <= value <= _ONE:
        raise _refuse(f"{_field_label(info)} must be between 0 and 1.")
    return value


_SQL_INT_MAX = 2**63 - 1
"""The largest whole number an SQLite column holds."""


def _sql_int(value: int | None, info: ValidationInfo) -> int | None:
    """Refuse a whole number SQLite cannot hold (ids, positions, days)."""
    if value is not None and not -_SQL_INT_MAX <= value <= _SQL_INT_MAX:
        field = info.field_name or ""
        if field == "inputs":
            name = "A member id in the inputs"
        elif field == "id":
            name = "The id"
        elif field.endswith("_id") or field in ("superseded_by", "based_on"):
            name = f"{_field_label(info)} id"
        else:
            name = _field_label(info)
        raise _refuse(f"{name} is out of range.")
    return value


def _to_utc(value: datetime | None) -> datetime | None:
    """Make a time stamp timezone-aware in UTC (a naive one is taken as UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


Dec = Annotated[Decimal, BeforeValidator(_to_decimal)]
"""An exact number given as Decimal, int or text."""

OptDec = Annotated[Decimal | None, BeforeValidator(_to_decimal)]
"""An exact number, or nothing."""

NonNeg = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_non_negative)]
"""An exact number ≥ 0 (weights, amounts)."""

OptNonNeg = Annotated[
    Decimal | None, BeforeValidator(_to_decimal), AfterValidator(_non_negative)
]
"""An exact number ≥ 0, or nothing."""

Share = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_unit_interval)]
"""An exact number from 0 to 1."""

OptShare = Annotated[
    Decimal | None, BeforeValidator(_to_decimal), AfterValidator(_unit_interval)
]
"""An exact number from 0 to 1, or nothing."""

Int = Annotated[int, AfterValidator(_sql_int)]
"""A whole number that fits an SQLite column (an id, a position)."""

OptInt = Annotated[int | None, AfterValidator(_sql_int)]
"""A whole number that fits an SQLite column, or nothing."""

Day = Annotated[date, BeforeValidator(_to_day)]
"""A local calendar date, stored as `YYYY-MM-DD`."""

OptDay = Annotated[date | None, BeforeValidator(_to_day)]
"""A local calendar date, or nothing."""

Stamp = Annotated[datetime | None, AfterValidator(_to_utc)]
"""A moment in UTC, or nothing (set by the store)."""

Text = Annotated[str, BeforeValidator(_to_text)]
"""Free text, trimmed; may be empty (and no longer than a check would allow)."""

ShortText = Annotated[str, BeforeValidator(_to_text), _at_most(NAME_MAX)]
"""Free text of a table cell (a role, a label), trimmed; may be empty."""

LongText = Annotated[str, BeforeValidator(_to_text), _at_most(TITLE_MAX)]
"""Free text of about a sentence (a reason, a recognition), trimmed."""

Note = Annotated[str, BeforeValidator(_to_text), _at_most(NOTE_MAX)]
"""A note, trimmed; may be empty."""

Unit = Annotated[str, BeforeValidator(_to_text), _at_most(UNIT_MAX)]
"""A key result's unit, trimmed; may be empty."""

Name = Annotated[str, BeforeValidator(_to_name), _at_most(NAME_MAX)]
"""A person's name: trimmed, not empty."""

CycleName = Annotated[str, BeforeValidator(_to_name), _at_most(CYCLE_NAME_MAX)]
"""A cycle's name ("2026-Q4") or a dimension's key: trimmed, not empty."""

Title = Annotated[str, BeforeValidator(_to_name), _at_most(TITLE_MAX)]
"""A title (objective, key result, action item): trimmed, not empty."""


class Record(BaseModel):
    """Base of every stored record: unknown fields are refused, assignment checked."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    def checked(self) -> Self:
        """Return a copy validated again (`model_copy(update=...)` skips checks).

        Raises:
            ValidationError: If a value is refused.
        """
        return type(self).model_validate(self.model_dump())


class MemberLevel(StrEnum):
    """A member's level, as the seed article's FAQ names the tiers of a team."""

    FRONTLINE = "frontline"
    MIDDLE = "middle"
    SENIOR = "senior"


class CycleStatus(StrEnum):
    """Where a cycle is in its life: planning, then active, then closed."""

    PLANNING = "planning"
    ACTIVE = "active"
    CLOSED = "closed"


class ObjectiveLevel(StrEnum):
    """Whose objective it is: the company's, the team's or one person's."""

    COMPANY = "company"
    TEAM = "team"
    INDIVIDUAL = "individual"


class PlanStatus(StrEnum):
    """A bonus plan is a draft until published; a published plan never changes."""

    DRAFT = "draft"
    PUBLISHED = "published"


class Member(Record):
    """A person on the team."""

    id: OptInt = None
    """Database id; `None` until saved."""
    name: Name
    """Any script: 张伟 and Anna Berg alike."""
    role: ShortText = ""
    """Free text, e.g. "Customer success manager"."""
    level: MemberLevel = MemberLevel.FRONTLINE
    fte: Dec = _ONE
    """Full-time equivalent, 0 < FTE ≤ 1 (0.5 is half time)."""
    joined: OptDay = None
    """First day with the team, if known."""
    left: OptDay = None
    """Last day with the team, if they left."""
    created_at: Stamp = None
    """When the member was added (UTC); the store sets it."""

    @field_validator("fte")
    @classmethod
    def _fte_range(cls, value: Decimal) -> Decimal:
        if not _ZERO < value <= _ONE:
            raise _refuse("FTE must be greater than 0 and at most 1.")
        return value

    @field_validator("left")
    @classmethod
    def _left_after_joined(
        cls, value: date | None, info: ValidationInfo
    ) -> date | None:
        joined = info.data.get("joined")
        if value is not None and joined is not None and value < joined:
            raise _refuse("Left must be on or after the day the member joined.")
        return value


class Cycle(Record):
    """A period the team sets OKRs for, usually a quarter."""

    id: OptInt = None
    name: CycleName
    """For example "2026-Q4"."""
    first_day: Day
    last_day: Day
    """Inclusive."""
    cadence_days: Int = 7
    """Days between expected check-ins; 7 is weekly."""
    status: CycleStatus = CycleStatus.PLANNING
    created_at: Stamp = None
    """When the cycle was added (UTC); the store sets it."""

    @field_validator("last_day")
    @classmethod
    def _last_after_first(cls, value: date, info: ValidationInfo) -> date:
        first = info.data.get("first_day")
        if first is not None and value < first:
            raise _refuse("Last day must be on or after the first day.")
        return value

    @field_validator("cadence_days", mode="before")
    @classmethod
    def _cadence_whole(cls, value: object) -> object:
        if isinstance(value, bool | float):
            raise _refuse("Check-in cadence must be a whole number of days.")
        return value

    @field_validator("cadence_days")
    @classmethod
    def _cadence_positive(cls, value: int) -> int:
        if value < 1:
            raise _refuse("Check-in cadence must be at least 1 day.")
        return value

    def contains(self, day: date) -> bool:
        """Whether `day` lies within the cycle, both ends included."""
        return self.first_day <= day <= self.last_day


class Objective(Record):
    """What the team (or one member, or the company) wants to achieve in a cycle."""

    id: OptInt = None
    cycle_id: Int
    title: Title
    level: ObjectiveLevel = ObjectiveLevel.TEAM
    owner_id: OptInt = None
    """The owning member; `None` means the team owns it."""
    parent_id: OptInt = None
    """The objective this one aligns to (same cycle); `None` for a root."""
    committed: bool = True
    """Committed (expected at 1.0) rather than aspirational (expected at 0.7)."""
    weight: NonNeg = _ONE
    """Relative weight in its parent's score; 0 leaves it out."""
    position: Int = 0
    """Order among its siblings."""
    created_at: Stamp = None
    """When the objective was added (UTC); the store sets it."""

    @field_validator("parent_id")
    @classmethod
    def _not_own_parent(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and value == info.data.get("id"):
            raise _refuse("Parent objective cannot be the objective itself.")
        return value


class KeyResult(Record):
    """A measurable result that says how far an objective got.

    A milestone has start 0 and target 1 whatever is passed (done is 1).
    """

    id: OptInt = None
    objective_id: Int
    title: Title
    kind: KRKind = KRKind.INCREASE
    unit: Unit = ""
    """Free text: %, pts, count, ¥ …"""
    start: Dec = _ZERO
    target: Dec
    weight: NonNeg = _ONE
    """Relative weight in its objective's score; 0 leaves it out."""
    owner_id: OptInt = None
    """The member answerable for it, if any."""
    position: Int = 0
    """Order among the objective's key results."""
    created_at: Stamp = None
    """When the key result was added (UTC); the store sets it."""

    @model_validator(mode="before")
    @classmethod
    def _milestone_numbers(cls, data: Any) -> Any:
        if isinstance(data, dict) and str(data.get("kind", "")) == KRKind.MILESTONE:
            return {**data, "start": _ZERO, "target": _ONE}
        return data

    @field_validator("target")
    @classmethod
    def _scorable(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        kind, start = info.data.get("kind"), info.data.get("start")
        if kind is not None and start is not None:
            try:
                check_kr(kind, start, value)
            except CalcError as exc:
                raise _refuse(str(exc)) from None
        return value


class CheckIn(Record):
    """One progress report on a key result.

    History is kept: a correction is a new check-in, and the one it replaces points
    to it through `superseded_by`.
    """

    id: OptInt = None
    kr_id: Int
    day: Day
    """The local calendar date the value was true on."""
    value: Dec
    """The measured value; for a milestone 1 is done and 0 not done."""
    confidence: int | None = None
    """How sure the reporter is of reaching the target, 0 to 10."""
    note: Note = ""
    created_at: Stamp = None
    """When it was recorded (UTC); the store sets it."""
    superseded_by: OptInt = None
    """The check-in that corrected this one; `None` while it counts."""

    @field_validator("confidence", mode="before")
    @classmethod
    def _confidence_whole(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, bool | float):
            raise _refuse("Confidence must be a whole number from 0 to 10.")
        return value

    @field_validator("confidence")
    @classmethod
    def _confidence_range(cls, value: int | None) -> int | None:
        if value is not None and not 0 <= value <= 10:
            raise _refuse("Confidence must be a whole number from 0 to 10.")
        return value

    @property
    def active(self) -> bool:
        """Whether this check-in still counts (no correction replaced it)."""
        return self.superseded_by is None


class CurveSpec(Record):
    """A payout curve: team OKR score in, pool multiplier out.

    At or below `threshold` the multiplier is 0; it rises linearly to 1 at
    `target`, then linearly to `cap_payout` at `cap`, and stays there.
    """

    threshold: NonNeg
    target: NonNeg
    cap: NonNeg
    cap_payout: NonNeg

    @model_validator(mode="after")
    def _readable(self) -> CurveSpec:
        try:
            self.to_calc().check()
        except CalcError as exc:
            raise _refuse(str(exc)) from None
        return self

    def to_calc(self) -> PayoutCurve:
        """The curve as the bonus calculation takes it."""
        return PayoutCurve(
            Fraction(self.threshold),
            Fraction(self.target),
            Fraction(self.cap),
            Fraction(self.cap_payout),
        )


class TierSpec(Record):
    """A tier of the target-achievement method: from `min_score`, pay × multiplier."""

    min_score: Share
    multiplier: NonNeg


class DimensionSpec(Record):
    """One dimension of the composite method (workload, satisfaction, …).

    The key "okr" means the member's OKR score.
    """

    key: CycleName
    label: ShortText = ""
    weight: NonNeg
    """Relative weight among the dimensions."""
    rule: Literal["target", "max"] = "max"
    """How a value becomes [0, 1]: value / target capped at 1, or value / team max."""
    target: OptDec = None
    """The value that scores 1 under the "target" rule."""

    @field_validator("target")
    @classmethod
    def _target_for_rule(
        cls, value: Decimal | None, info: ValidationInfo
    ) -> Decimal | None:
        if info.data.get("rule") == "target" and (value is None or value <= _ZERO):
            raise _refuse("Target must be greater than 0 for a dimension scored by it.")
        return value


class PlanParams(Record):
    """The parameters of a bonus method (the ones a method does not use are kept)."""

    threshold: Share = Decimal("0.7")
    """Target achievement: the score from which a member qualifies (inclusive)."""
    tiers: list[TierSpec] = Field(default_factory=list)
    """Target achievement: higher tiers pay a multiple."""
    dimensions: list[DimensionSpec] = Field(default_factory=list)
    """Composite: the dimensions and their weights."""

    @field_validator("dimensions")
    @classmethod
    def _unique_keys(cls, value: list[DimensionSpec]) -> list[DimensionSpec]:
        keys = [d.key for d in value]
        if len(keys) != len(set(keys)):
            raise _refuse("Each dimension needs its own key.")
        return value


class MemberPlanInput(Record):
    """What the manager enters for one member in a bonus plan."""

    points: OptNonNeg = None
    """Team contribution: relative points (≥ 0)."""
    override: OptNonNeg = None
    """Performance: a basis that replaces the member's OKR score."""
    override_reason: Annotated[LongText, Field(validate_default=True)] = ""
    """Why the override; required with one, shown in the table."""
    dimensions: dict[str, Dec] = Field(default_factory=dict)
    """Composite: the member's value per dimension key; a missing key re-weights."""
    cap_amount: OptNonNeg = None
    """The most this member can get, as an amount."""
    cap_share: OptShare = None
    """The most this member can get, as a share of the pool (0 to 1)."""
    recognition: LongText = ""
    """A recognition that is not money (promotion, training), shown beside it."""

    @field_validator("dimensions", mode="before")
    @classmethod
    def _dimension_numbers(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, dict):
            return {
                key: _decimal(number, f"Dimension {key}", info)
                for key, number in value.items()
            }
        return value

    @field_validator("dimensions")
    @classmethod
    def _dimension_values(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        for key, number in value.items():
            if number < _ZERO:
                raise _refuse(f"Dimension {key} must not be negative.")
        return value

    @field_validator("override_reason")
    @classmethod
    def _reason_given(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("override") is not None and not value:
            raise _refuse("Override reason is required with an override.")
        return value


class BonusPlan(Record):
    """How one cycle's bonus pool is split: a draft, or published and frozen."""

    id: OptInt = None
    cycle_id: Int
    currency: Annotated[str, Field(min_length=3, max_length=3)] = "CNY"
    """ISO 4217 code; the amounts have its number of decimals."""
    base_pool: Dec = _ZERO
    """The pool before the multiplier, ≥ 0."""
    multiplier: OptNonNeg = _ONE
    """Pool multiplier set by hand; `None` derives it from `curve` and team score."""
    curve: CurveSpec | None = None
    method: Method = Method.PERFORMANCE
    params: PlanParams = Field(default_factory=PlanParams)
    inputs: dict[Int, MemberPlanInput] = Field(default_factory=dict)
    """Per-member inputs by member id."""
    status: PlanStatus = PlanStatus.DRAFT
    published_at: Stamp = None
    """When it was published (UTC)."""
    allocation: str | None = None
    """The published allocation as JSON text, exactly as frozen."""
    based_on: OptInt = None
    """The plan this draft was copied from, if any."""
    created_at: Stamp = None

    @field_validator("curve", "params", "inputs", mode="before")
    @classmethod
    def _parse_json(cls, value: object) -> object:
        return _to_json(value)

    @field_validator("currency", mode="before")
    @classmethod
    def _currency_known(cls, value: object) -> object:
        if not isinstance(value, str):
            raise _refuse("Currency must be a three-letter code such as CNY.")
        code = value.strip().upper()
        try:
            minor_units(code)
        except CalcError:
            raise _refuse(
                f"Currency {code or '(empty)'} is not a known ISO 4217 code."
            ) from None
        return code

    @field_validator("base_pool")
    @classmethod
    def _pool_amount(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        if value < _ZERO:
            raise _refuse("Base pool must not be negative.")
        currency = info.data.get("currency")
        if currency is not None:
            digits = minor_units(currency)
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > digits:
                raise _refuse(
                    f"Base pool can have at most {digits} decimals in {currency}."
                )
        return value

    @model_validator(mode="after")
    def _curve_when_derived(self) -> BonusPlan:
        if self.multiplier is None and self.curve is None:
            raise _refuse(
                "Multiplier is needed, or a payout curve to derive it from the "
                "team's score."
            )
        if self.status is PlanStatus.PUBLISHED and (
            self.published_at is None or self.allocation is None
        ):
            raise _refuse("A published plan needs its allocation and publishing time.")
        return self

    @model_validator(mode="after")
    def _pool_in_bounds(self, info: ValidationInfo) -> BonusPlan:
        if _stored(info):
            return self
        if self.multiplier is not None:
            top, what = self.multiplier, "multiplier"
        elif self.curve is not None:
            top, what = self.curve.cap_payout, "the curve's cap payout"
        else:
            return self
        if Fraction(self.base_pool) * Fraction(top) >= Fraction(MAX_ABS):
            raise _refuse(
                f"The pool (base pool × {what}) is too large: keep it below "
                f"{MAX_ABS:,.0f}."
            )
        return self

    @field_validator("allocation")
    @classmethod
    def _allocation_json(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                json.loads(value)
            except ValueError:
                raise _refuse("Allocation must be valid JSON text.") from None
        return value

    @property
    def recognitions(self) -> dict[int, str]:
        """Recognitions that are not money, by member id (from `inputs`)."""
        return {mid: i.recognition for mid, i in self.inputs.items() if i.recognition}

    @property
    def allocation_data(self) -> Any:
        """The published allocation parsed from JSON; `None` for a draft."""
        return None if self.allocation is None else json.loads(self.allocation)

    @property
    def is_published(self) -> bool:
        """Whether the plan is published (and so never changes)."""
        return self.status is PlanStatus.PUBLISHED


class OneOnOne(Record):
    """A note from a one-on-one meeting with a member."""

    id: OptInt = None
    member_id: Int
    day: Day
    text: Note = ""
    created_at: Stamp = None


class ActionItem(Record):
    """Something agreed in a one-on-one; it carries over until it is done."""

    id: OptInt = None
    member_id: Int
    one_on_one_id: OptInt = None
    """The meeting it came from, if any."""
    text: Title
    done_on: OptDay = None
    """The day it was done; `None` while open."""
    created_at: Stamp = None

    @property
    def done(self) -> bool:
        """Whether the item is done."""
        return self.done_on is not None
