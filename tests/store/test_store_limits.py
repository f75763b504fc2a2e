"""Numbers too large or too fine, and text too long, are refused with a sentence."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
from conftest import Team
from pydantic import BaseModel, ValidationError
from store_helpers import dump

from okrtui.calc import CalcError, parse_amount
from okrtui.store import (
    BonusPlan,
    CheckIn,
    CurveSpec,
    Cycle,
    DimensionSpec,
    KeyResult,
    Member,
    MemberPlanInput,
    Objective,
    OneOnOne,
    PlanParams,
    Store,
    TierSpec,
    message,
)
from okrtui.store.models import (
    CYCLE_NAME_MAX,
    NAME_MAX,
    NOTE_MAX,
    TITLE_MAX,
    UNIT_MAX,
    ActionItem,
)

HUGE = ["1e999", "1e10000000", 10**400, Decimal("1e999"), "-1e16", "1" * 5000]


def _refusal(model: type[BaseModel], **values: Any) -> tuple[str, tuple[Any, ...]]:
    started = time.monotonic()
    with pytest.raises(ValidationError) as caught:
        model(**values)
    assert time.monotonic() - started < 1
    return message(caught.value), tuple(caught.value.errors()[0]["loc"])


# Every decimal field, with the other values its model needs.
DECIMAL_FIELDS: list[tuple[type[BaseModel], str, str, dict[str, Any]]] = [
    (Member, "fte", "FTE", {"name": "A"}),
    (KeyResult, "start", "Start", {"objective_id": 1, "title": "K", "target": 1}),
    (KeyResult, "target", "Target", {"objective_id": 1, "title": "K"}),
    (KeyResult, "weight", "Weight", {"objective_id": 1, "title": "K", "target": 1}),
    (Objective, "weight", "Weight", {"cycle_id": 1, "title": "O"}),
    (CheckIn, "value", "Value", {"kr_id": 1, "day": "2026-10-01"}),
    (BonusPlan, "base_pool", "Base pool", {"cycle_id": 1}),
    (BonusPlan, "multiplier", "Multiplier", {"cycle_id": 1}),
    (MemberPlanInput, "points", "Points", {}),
    (MemberPlanInput, "override", "Override", {"override_reason": "why"}),
    (MemberPlanInput, "cap_amount", "Cap amount", {}),
    (MemberPlanInput, "cap_share", "Cap share", {}),
    (TierSpec, "multiplier", "Multiplier", {"min_score": "0.9"}),
    (TierSpec, "min_score", "Minimum score", {"multiplier": 1}),
    (DimensionSpec, "weight", "Weight", {"key": "w"}),
    (DimensionSpec, "target", "Target", {"key": "w", "weight": 1}),
    (PlanParams, "threshold", "Threshold", {}),
    (
        CurveSpec,
        "cap_payout",
        "Cap payout",
        {"threshold": "0.5", "target": "0.8", "cap": 1},
    ),
]


@pytest.mark.parametrize("huge", HUGE, ids=str)
@pytest.mark.parametrize(
    ("model", "field", "name", "others"),
    DECIMAL_FIELDS,
    ids=[f"{m.__name__}.{f}" for m, f, _, _ in DECIMAL_FIELDS],
)
def test_numbers_too_large_are_refused_quickly_naming_the_field(
    model: type[BaseModel], field: str, name: str, others: dict[str, Any], huge: Any
) -> None:
    text, loc = _refusal(model, **others, **{field: huge})
    assert text == f"{name} is too large: keep it below 1,000,000,000,000,000."
    assert loc[0] == field


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("0.0000000000001", "Target has more than 12 decimals."),
        (Decimal("1e-99999999"), "Target has more than 12 decimals."),
        ("NaN", "Target must be a finite number."),
        ("-Infinity", "Target must be a finite number."),
        (
            "1e99999999999999999999999",
            "Target must be a number; “1e99999999999999999999999” is not.",
        ),
    ],
)
def test_numbers_too_fine_or_not_finite(value: Any, text: str) -> None:
    assert _refusal(KeyResult, objective_id=1, title="K", target=value) == (
        text,
        ("target",),
    )


def test_numbers_within_bounds_are_kept() -> None:
    kr = KeyResult(
        objective_id=1,
        title="K",
        start="-999999999999999",
        target="999,999,999,999,999.000000000001",
    )
    assert kr.target == Decimal("999999999999999.000000000001")
    assert KeyResult(objective_id=1, title="K", target="1.50000000000000000").target


def test_dimension_values_name_the_dimension() -> None:
    text, loc = _refusal(MemberPlanInput, dimensions={"satisfaction": "1e20"})
    assert text == (
        "Dimension satisfaction is too large: keep it below 1,000,000,000,000,000."
    )
    assert loc == ("dimensions",)


def test_multiplier_and_pool_are_bounded(team: Team) -> None:
    cycle_id = team.cycle.id or 0
    before = dump(team.store)
    for values in (
        {"multiplier": "1e999"},
        {"multiplier": Decimal("1E+999")},
        {"base_pool": "100000000", "multiplier": "10000000"},
        {"base_pool": "100000000", "multiplier": None, "curve": _curve("1e8")},
    ):
        with pytest.raises(ValidationError) as caught:
            team.store.save_bonus_plan(BonusPlan(cycle_id=cycle_id, **values))
        assert "too large" in message(caught.value)
    assert message(caught.value) == (
        "The pool (base pool × the curve's cap payout) is too large: keep it below "
        "1,000,000,000,000,000."
    )
    assert dump(team.store) == before
    plan = team.store.save_bonus_plan(
        BonusPlan(cycle_id=cycle_id, base_pool="999999999.99", multiplier="1000")
    )
    assert plan.multiplier == Decimal(1000)


def _curve(cap_payout: str) -> CurveSpec:
    return CurveSpec(threshold="0.5", target="0.8", cap=1, cap_payout=cap_payout)


def test_allocating_an_unchecked_plan_refuses_a_huge_multiplier(team: Team) -> None:
    plan = BonusPlan(cycle_id=team.cycle.id or 0, base_pool="1000")
    # model_copy(update=...) skips validation, as a caller may do.
    unchecked = plan.model_copy(update={"multiplier": Decimal("1e10000000")})
    with pytest.raises(CalcError, match="pool multiplier is too large"):
        team.store.allocate_plan(unchecked)
    inputs = {
        team.anna.id or 0: MemberPlanInput.model_construct(points=Decimal("1e999"))
    }
    with pytest.raises(CalcError, match="Points is too large"):
        team.store.allocate_plan(plan.model_copy(update={"inputs": inputs}))


@pytest.mark.parametrize(
    "text",
    [
        "123456789012345678901234567",
        "123,456,789,012,345,678,901,234,567.00",
        "1" * 5000,
        "1,000,000,000,000,000",
    ],
)
def test_parse_amount_refuses_amounts_too_large(text: str) -> None:
    with pytest.raises(CalcError) as caught:
        parse_amount(text, "USD")
    assert str(caught.value) == (
        "The amount is too large: keep it below 1,000,000,000,000,000."
    )


def test_parse_amount_keeps_the_largest_amount_allowed() -> None:
    assert parse_amount("999,999,999,999,999.99", "USD") == Decimal(
        "999999999999999.99"
    )
    assert parse_amount("999999999999999", "BHD") == Decimal("999999999999999.000")


ODD = [
    "1e999",
    "-1e999",
    "1e-999",
    "1e9999999999999999999999",
    "NaN",
    "sNaN",
    "Infinity",
    10**400,
    "9" * 40,
    "0." + "0" * 40 + "1",
    "1,000,000,000,000,000,000",
    "",
    "abc",
]


@pytest.mark.parametrize("value", ODD, ids=str)
def test_the_store_refuses_odd_numbers_with_a_sentence(team: Team, value: Any) -> None:
    """Whatever the number, a refusal is a ValueError with a sentence: never a
    decimal.InvalidOperation or Overflow (which are ArithmeticErrors)."""
    s = team.store
    cycle_id = team.cycle.id or 0
    before = dump(s)
    attempts = [
        lambda: s.save_member(Member(name="X", fte=value)),
        lambda: s.save_key_result(
            KeyResult(objective_id=team.team_objective.id or 0, title="K", target=value)
        ),
        lambda: s.add_checkin(
            CheckIn(kr_id=team.csat.id or 0, day="2026-10-02", value=value)
        ),
        lambda: s.save_bonus_plan(BonusPlan(cycle_id=cycle_id, base_pool=value)),
        lambda: s.save_bonus_plan(BonusPlan(cycle_id=cycle_id, multiplier=value)),
        lambda: s.save_bonus_plan(
            BonusPlan(
                cycle_id=cycle_id,
                inputs={team.anna.id or 0: MemberPlanInput(cap_amount=value)},
            )
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValueError) as caught:
            attempt()
        assert not isinstance(caught.value, ArithmeticError)
        text = message(caught.value)
        assert text.endswith(".") and len(text) < 200
    assert dump(s) == before


# -- text ----------------------------------------------------------------------------


TEXT_FIELDS: list[tuple[type[BaseModel], str, str, int, dict[str, Any]]] = [
    (Member, "name", "Name", NAME_MAX, {}),
    (Member, "role", "Role", NAME_MAX, {"name": "A"}),
    (
        Cycle,
        "name",
        "Name",
        CYCLE_NAME_MAX,
        {"first_day": "2026-10-01", "last_day": "2026-12-31"},
    ),
    (Objective, "title", "Title", TITLE_MAX, {"cycle_id": 1}),
    (KeyResult, "title", "Title", TITLE_MAX, {"objective_id": 1, "target": 1}),
    (
        KeyResult,
        "unit",
        "Unit",
        UNIT_MAX,
        {"objective_id": 1, "title": "K", "target": 1},
    ),
    (CheckIn, "note", "Note", NOTE_MAX, {"kr_id": 1, "day": "2026-10-01", "value": 1}),
    (OneOnOne, "text", "Text", NOTE_MAX, {"member_id": 1, "day": "2026-10-01"}),
    (ActionItem, "text", "Text", TITLE_MAX, {"member_id": 1}),
    (MemberPlanInput, "recognition", "Recognition", TITLE_MAX, {}),
    (MemberPlanInput, "override_reason", "Override reason", TITLE_MAX, {"override": 1}),
    (DimensionSpec, "key", "Key", CYCLE_NAME_MAX, {"weight": 1}),
    (DimensionSpec, "label", "Label", NAME_MAX, {"key": "k", "weight": 1}),
]


@pytest.mark.parametrize(
    ("model", "field", "name", "limit", "others"),
    TEXT_FIELDS,
    ids=[f"{m.__name__}.{f}" for m, f, _, _, _ in TEXT_FIELDS],
)
def test_text_has_a_maximum_length(
    model: type[BaseModel], field: str, name: str, limit: int, others: dict[str, Any]
) -> None:
    fits = model(**others, **{field: "张" * limit})
    assert getattr(fits, field) == "张" * limit
    # Spaces around are trimmed before counting.
    assert model(**others, **{field: f"  {'x' * limit}  "})
    text, loc = _refusal(model, **others, **{field: "x" * (limit + 1)})
    assert text == (
        f"{name} is too long: keep it to {limit:,} characters "
        f"(this one has {limit + 1:,})."
    )
    assert loc == (field,)


def test_the_limits_chosen() -> None:
    assert (NAME_MAX, CYCLE_NAME_MAX, TITLE_MAX, UNIT_MAX, NOTE_MAX) == (
        80,
        40,
        300,
        60,
        2000,
    )


def test_a_long_name_or_title_is_refused_and_nothing_is_written(team: Team) -> None:
    s = team.store
    before = dump(s)
    with pytest.raises(ValidationError, match="keep it to 80 characters"):
        s.save_member(Member(name="A" * 318))
    with pytest.raises(ValidationError, match=r"this one has 100,000\)"):
        s.save_objective(Objective(cycle_id=team.cycle.id or 0, title="O" * 100_000))
    with pytest.raises(ValidationError, match="Name is too long"):
        s.save_member(team.anna.model_copy(update={"name": "A" * 81}))
    assert dump(s) == before


def test_an_older_file_with_longer_text_and_larger_numbers_still_opens(
    team: Team,
) -> None:
    """Limits apply to what is saved; rows already in a file are read as they are."""
    s = team.store
    anna = team.anna.id or 0
    s.db.execute("UPDATE members SET name = ? WHERE id = ?", ["A" * 318, anna])
    s.db.execute(
        "UPDATE key_results SET target = '1e20' WHERE id = ?", [team.csat.id or 0]
    )
    s.db.conn.commit()
    reopened = Store.open(s.path)
    try:
        assert reopened.member(anna).name == "A" * 318
        assert [m.id for m in reopened.members()][0] == anna
        assert reopened.key_result(team.csat.id or 0).target == Decimal("1e20")
        # Saving it again asks for a shorter name.
        with pytest.raises(ValidationError, match="Name is too long"):
            reopened.save_member(reopened.member(anna))
        saved = reopened.save_member(
            reopened.member(anna).model_copy(update={"name": "Anna"})
        )
        assert saved.name == "Anna"
    finally:
        reopened.close()


# -- whole numbers -------------------------------------------------------------------


def test_whole_numbers_sqlite_cannot_hold_are_refused_with_a_sentence(
    team: Team,
) -> None:
    """A whole number beyond 2**63 made SQLite raise OverflowError."""
    s = team.store
    big = 10**30
    cycle_id = team.cycle.id or 0
    before = dump(s)
    attempts: list[tuple[Any, str]] = [
        (
            lambda: s.save_cycle(team.cycle.model_copy(update={"cadence_days": big})),
            "Check-in cadence is out of range.",
        ),
        (
            lambda: s.save_objective(
                Objective(cycle_id=cycle_id, title="O", position=big)
            ),
            "Position is out of range.",
        ),
        (
            lambda: s.save_objective(Objective(cycle_id=-big, title="O")),
            "Cycle id is out of range.",
        ),
        (
            lambda: s.add_checkin(CheckIn(kr_id=big, day="2026-10-02", value=1)),
            "Key result id is out of range.",
        ),
        (
            lambda: s.save_bonus_plan(
                BonusPlan(cycle_id=cycle_id, inputs={big: MemberPlanInput(points=1)})
            ),
            "A member id in the inputs is out of range.",
        ),
        (
            lambda: s.member(big),
            f"There is no member #{big}; it may have been deleted.",
        ),
        (
            lambda: s.correct_checkin(big, CheckIn(kr_id=1, day="2026-10-02", value=1)),
            f"There is no check-in #{big}; it may have been deleted.",
        ),
        (
            lambda: s.delete_cycle(big),
            f"There is no cycle #{big}; it may have been deleted.",
        ),
        (
            lambda: s.publish_bonus_plan(big, "{}"),
            f"There is no bonus plan #{big}; it may have been deleted.",
        ),
    ]
    for attempt, text in attempts:
        with pytest.raises(ValueError) as caught:
            attempt()
        assert message(caught.value) == text
    assert s.objectives(big) == [] and s.bonus_plan(big) is None
    assert s.checkins(-big) == [] and s.published_plans(big) == []
    assert dump(s) == before
