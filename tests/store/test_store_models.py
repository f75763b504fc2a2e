"""The models refuse bad values, and `errors.message` says why in one sentence."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from okrtui.calc.errors import CalcError
from okrtui.store import (
    BonusPlan,
    CheckIn,
    CurveSpec,
    Cycle,
    KeyResult,
    KRKind,
    Member,
    MemberPlanInput,
    NotFoundError,
    Objective,
    PlanParams,
    message,
)


def _refusal(model: type[BaseModel], **values: Any) -> tuple[str, tuple[Any, ...]]:
    with pytest.raises(ValidationError) as caught:
        model(**values)
    return message(caught.value), tuple(caught.value.errors()[0]["loc"])


@pytest.mark.parametrize(
    ("values", "text", "field"),
    [
        ({"name": "  "}, "Name must not be empty.", "name"),
        ({"name": "A", "fte": "0"}, "FTE must be greater than 0 and at most 1.", "fte"),
        (
            {"name": "A", "fte": "1.01"},
            "FTE must be greater than 0 and at most 1.",
            "fte",
        ),
        ({"name": "A", "fte": 0.5}, "FTE must be given as text or a Decimal", "fte"),
        ({"name": "A", "fte": "half"}, "FTE must be a number", "fte"),
        ({"name": "A", "fte": "NaN"}, "FTE must be a finite number.", "fte"),
        (
            {"name": "A", "joined": "2026-05-01", "left": "2026-04-30"},
            "Left must be on or after the day the member joined.",
            "left",
        ),
        ({"name": "A", "joined": "1 May"}, "Joined must be a date written", "joined"),
        (
            {"name": "A", "level": "boss"},
            "Level must be 'frontline', 'middle'",
            "level",
        ),
        ({"name": "A", "nickname": "x"}, "Nickname is not a field", "nickname"),
    ],
)
def test_member_refusals(values: dict[str, Any], text: str, field: str) -> None:
    said, loc = _refusal(Member, **values)
    assert said.startswith(text)
    assert said.endswith(".")
    assert loc == (field,)


def test_member_accepts_any_script_and_trims() -> None:
    m = Member(name="  张伟 ", role=" Lead ", fte="0.5", joined=date(2026, 1, 5))
    assert (m.name, m.role, m.fte) == ("张伟", "Lead", Decimal("0.5"))
    assert Member(name="Anna", fte=1).fte == Decimal(1)


def test_cycle_refusals() -> None:
    said, loc = _refusal(Cycle, name="Q", first_day="2026-10-02", last_day="2026-10-01")
    assert said == "Last day must be on or after the first day."
    assert loc == ("last_day",)
    said, _ = _refusal(
        Cycle, name="Q", first_day="2026-10-01", last_day="2026-12-31", cadence_days=0
    )
    assert said == "Check-in cadence must be at least 1 day."
    said, _ = _refusal(Cycle, name="Q", last_day="2026-12-31")
    assert said == "First day is required."
    one_day = Cycle(name="Q", first_day="2026-10-01", last_day="2026-10-01")
    assert one_day.contains(date(2026, 10, 1))


def test_key_result_rules_come_from_calc() -> None:
    said, loc = _refusal(
        KeyResult, objective_id=1, title="x", kind="increase", start=5, target=5
    )
    assert said == "Target must differ from start."
    assert loc == ("target",)
    said, _ = _refusal(
        KeyResult, objective_id=1, title="x", kind="increase", start=5, target=3
    )
    assert said.startswith("An increasing key result needs a target above its start")
    said, _ = _refusal(
        KeyResult, objective_id=1, title="x", kind="decrease", start=5, target=8
    )
    assert said.startswith("A decreasing key result needs a target below its start")
    said, _ = _refusal(KeyResult, objective_id=1, title="x", kind="x", target=1)
    assert said.startswith("Kind must be 'increase'")
    said, _ = _refusal(
        KeyResult, objective_id=1, title="x", target=9, start=1, weight="-1"
    )
    assert said == "Weight must not be negative."
    assert KeyResult(objective_id=1, title="x", kind="at_most", start=8, target=5)


def test_milestone_is_zero_to_one_whatever_is_passed() -> None:
    k = KeyResult(objective_id=1, title="Ship", kind=KRKind.MILESTONE, target=7)
    assert (k.start, k.target) == (Decimal(0), Decimal(1))


def test_checkin_refusals() -> None:
    said, loc = _refusal(CheckIn, kr_id=1, day="2026-10-05", value="1", confidence=11)
    assert said == "Confidence must be a whole number from 0 to 10."
    assert loc == ("confidence",)
    said, _ = _refusal(CheckIn, kr_id=1, day="2026-10-05", value="1", confidence=True)
    assert said == "Confidence must be a whole number from 0 to 10."
    said, _ = _refusal(CheckIn, kr_id=1, day="05/10/2026", value="1")
    assert said == "Date must be a date written YYYY-MM-DD."
    said, _ = _refusal(CheckIn, kr_id=1, day="2026-10-05", value=float("inf"))
    assert said.startswith("Value must be given as text or a Decimal")
    c = CheckIn(kr_id=1, day="2026-10-05", value="1,250.5", confidence="")
    assert (c.value, c.confidence) == (Decimal("1250.5"), None)


def test_objective_refusals() -> None:
    said, _ = _refusal(Objective, id=3, cycle_id=1, title="x", parent_id=3)
    assert said == "Parent objective cannot be the objective itself."
    said, _ = _refusal(Objective, cycle_id=1, title="x", weight="-0.1")
    assert said == "Weight must not be negative."
    said, _ = _refusal(Objective, cycle_id=1, title="")
    assert said == "Title must not be empty."


def test_bonus_plan_refusals() -> None:
    said, loc = _refusal(BonusPlan, cycle_id=1, currency="XYZ")
    assert said == "Currency XYZ is not a known ISO 4217 code."
    assert loc == ("currency",)
    said, _ = _refusal(BonusPlan, cycle_id=1, currency="JPY", base_pool="100.5")
    assert said == "Base pool can have at most 0 decimals in JPY."
    said, _ = _refusal(BonusPlan, cycle_id=1, base_pool="-1")
    assert said == "Base pool must not be negative."
    said, _ = _refusal(BonusPlan, cycle_id=1, multiplier=None)
    assert said.startswith("Multiplier is needed, or a payout curve")
    said, loc = _refusal(MemberPlanInput, override="0.9")
    assert said == "Override reason is required with an override."
    assert loc == ("override_reason",)
    said, _ = _refusal(MemberPlanInput, cap_share="1.5")
    assert said == "Cap share must be between 0 and 1."
    said, _ = _refusal(MemberPlanInput, dimensions={"workload": "-3"})
    assert said == "Dimension workload must not be negative."
    said, _ = _refusal(PlanParams, threshold="1.2")
    assert said == "Threshold must be between 0 and 1."
    said, _ = _refusal(
        CurveSpec, threshold="0.7", target="0.3", cap="1", cap_payout="1"
    )
    assert said.startswith("A payout curve needs")


def test_bonus_plan_reads_its_json_columns() -> None:
    plan = BonusPlan.model_validate(
        {
            "cycle_id": 1,
            "currency": " cny ",
            "base_pool": "120,000.00",
            "params": '{"threshold": "0.8"}',
            "inputs": '{"4": {"points": "3", "recognition": "Promotion"}}',
            "curve": None,
        }
    )
    assert plan.currency == "CNY"
    assert plan.base_pool == Decimal("120000.00")
    assert plan.params.threshold == Decimal("0.8")
    assert plan.inputs[4].points == Decimal(3)
    assert plan.recognitions == {4: "Promotion"}


def test_model_copy_is_checked_again() -> None:
    m = Member(name="Anna").model_copy(update={"fte": Decimal(2)})
    with pytest.raises(ValidationError):
        m.checked()


def test_message_for_other_errors() -> None:
    assert message(CalcError("Target must differ from start.")) == (
        "Target must differ from start."
    )
    assert message(NotFoundError("There is no member #4")) == "There is no member #4."
    assert message(sqlite3.OperationalError("database is locked")) == (
        "The database is busy in another window; try again."
    )
    assert message(sqlite3.IntegrityError("FOREIGN KEY constraint failed")) == (
        "The database refused the change (FOREIGN KEY constraint failed)."
    )
    assert message(KeyError()) == "KeyError was raised."
