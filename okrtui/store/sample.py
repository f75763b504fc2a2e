"""The sample team: a customer-success team in the middle of a quarter.

It follows the seed article's example: a company objective to grow recurring
revenue, and the team objectives "提升客户满意度" (satisfaction score to 90, complaint
rate below 5 %) and "增加客户续约率" (renewal rate to 85 %, high-value renewals to
90 %), plus individual objectives. Six members at the article's three levels, in
two scripts, one part-time and one who joined mid-quarter; weekly check-ins with
confidence and notes, one stale key result and one corrected check-in; a closed
previous quarter; a draft bonus plan of CNY 120,000.00 split by performance.

Everything is derived from `today`, with no randomness, so two builds for the same
day hold the same data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from okrtui.store.db import Store
from okrtui.store.errors import StoreError
from okrtui.store.models import (
    ActionItem,
    BonusPlan,
    CheckIn,
    Cycle,
    CycleStatus,
    DimensionSpec,
    KeyResult,
    KRKind,
    Member,
    MemberLevel,
    MemberPlanInput,
    Method,
    Objective,
    ObjectiveLevel,
    OneOnOne,
    PlanParams,
    TierSpec,
)

CYCLE_DAYS = 92
"""A quarter: the current cycle runs from `today − 45` for 92 days."""

DAYS_BEFORE_TODAY = 45


def quarter_name(day: date) -> str:
    """The name of the calendar quarter holding `day`, e.g. "2026-Q4"."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A fixed UTC moment on `day`, so time stamps are the same on every build."""
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


@dataclass(frozen=True)
class _Week:
    """One planned check-in: weeks after the cycle's start, value, confidence, note."""

    week: int
    value: str
    confidence: int | None
    note: str


def build_sample(path: Path | str, today: date) -> Store:
    """Build the sample team in a new file and open it.

    The file is written under a temporary name and moved into place when complete,
    so a half-built sample is never left behind.

    Args:
        path: Where the sample database goes (normally `paths.sample_db_path()`);
            it must not exist yet, so a real database can never be overwritten.
        today: The day the sample is built around: the current quarter started 45
            days before it.

    Returns:
        The open store on `path`.

    Raises:
        StoreError: If `path` already exists.
    """
    target = Path(path).expanduser()
    if target.exists():
        raise StoreError(
            f"{target} already exists; the sample team is only built in a new file."
        )
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    try:
        with Store.open(partial, clock=lambda: _at(today, 9)) as store:
            with store.transaction():
                _fill(store, today)
        os.replace(partial, target)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return Store.open(target)


def _fill(store: Store, today: date) -> None:
    """Write the whole sample through the store's own checks."""
    first = today - timedelta(days=DAYS_BEFORE_TODAY)
    last = first + timedelta(days=CYCLE_DAYS - 1)
    previous_last = first - timedelta(days=1)
    previous_first = previous_last - timedelta(days=CYCLE_DAYS - 1)
    created = _at(previous_first, 8)

    members = _members(store, first, created)
    previous = store.save_cycle(
        Cycle(
            name=quarter_name(previous_first + timedelta(days=45)),
            first_day=previous_first,
            last_day=previous_last,
            status=CycleStatus.CLOSED,
            created_at=created,
        )
    )
    _previous_quarter(store, previous, members)
    current = store.save_cycle(
        Cycle(
            name=quarter_name(first + timedelta(days=45)),
            first_day=first,
            last_day=last,
            status=CycleStatus.ACTIVE,
            created_at=_at(first - timedelta(days=7), 9),
        )
    )
    _current_quarter(store, current, members)
    _one_on_ones(store, members, today)
    _bonus_draft(store, current, members, today)


def _members(store: Store, first: date, created: datetime) -> dict[str, int]:
    """Six members: three levels, two scripts, one part-time, one joined late."""
    people = [
        ("张伟", "Customer success lead", MemberLevel.SENIOR, "1", date(2021, 3, 1)),
        (
            "Anna Berg",
            "Senior customer success manager",
            MemberLevel.MIDDLE,
            "1",
            date(2022, 6, 13),
        ),
        (
            "李娜",
            "Customer success manager",
            MemberLevel.MIDDLE,
            "1",
            date(2023, 2, 20),
        ),
        ("王芳", "Support specialist", MemberLevel.FRONTLINE, "1", date(2024, 4, 8)),
        ("Tom Okafor", "Support specialist", MemberLevel.FRONTLINE, "0.5", None),
        (
            "陈静",
            "Onboarding specialist",
            MemberLevel.FRONTLINE,
            "1",
            first + timedelta(days=30),
        ),
    ]
    ids: dict[str, int] = {}
    for n, (name, role, level, fte, joined) in enumerate(people):
        saved = store.save_member(
            Member(
                name=name,
                role=role,
                level=level,
                fte=Decimal(fte),
                joined=joined,
                created_at=created + timedelta(minutes=n),
            )
        )
        assert saved.id is not None
        ids[name] = saved.id
    return ids


def _objective(
    store: Store,
    cycle: Cycle,
    title: str,
    level: ObjectiveLevel,
    *,
    position: int,
    parent: Objective | None = None,
    owner: int | None = None,
    committed: bool = True,
    weight: str = "1",
) -> Objective:
    assert cycle.id is not None
    return store.save_objective(
        Objective(
            cycle_id=cycle.id,
            title=title,
            level=level,
            owner_id=owner,
            parent_id=None if parent is None else parent.id,
            committed=committed,
            weight=Decimal(weight),
            position=position,
            created_at=_at(cycle.first_day, 10, position),
        )
    )


def _key_result(
    store: Store,
    objective: Objective,
    title: str,
    kind: KRKind,
    unit: str,
    start: str,
    target: str,
    *,
    position: int,
    owner: int | None = None,
    weight: str = "1",
) -> KeyResult:
    assert objective.id is not None and objective.created_at is not None
    return store.save_key_result(
        KeyResult(
            objective_id=objective.id,
            title=title,
            kind=kind,
            unit=unit,
            start=Decimal(start),
            target=Decimal(target),
            weight=Decimal(weight),
            owner_id=owner,
            position=position,
            created_at=objective.created_at + timedelta(seconds=position + 1),
        )
    )


def _check_ins(
    store: Store, kr: KeyResult, first: date, weeks: list[_Week]
) -> list[CheckIn]:
    """Weekly check-ins, made late afternoon on the day they report."""
    assert kr.id is not None
    saved = []
    for n, w in enumerate(weeks):
        day = first + timedelta(days=7 * w.week)
        saved.append(
            store.add_checkin(
                CheckIn(
                    kr_id=kr.id,
                    day=day,
                    value=Decimal(w.value),
                    confidence=w.confidence,
                    note=w.note,
                    created_at=_at(day, 9, n % 60) + timedelta(hours=8),
                )
            )
        )
    return saved


def _previous_quarter(store: Store, cycle: Cycle, m: dict[str, int]) -> None:
    """The closed quarter before: the same themes, ended with final check-ins."""
    company = _objective(
        store,
        cycle,
        "Grow recurring revenue through customer success",
        ObjectiveLevel.COMPANY,
        position=0,
    )
    satisfaction = _objective(
        store,
        cycle,
        "提升客户满意度 Raise customer satisfaction",
        ObjectiveLevel.TEAM,
        position=1,
        parent=company,
    )
    renewals = _objective(
        store,
        cycle,
        "Raise renewals 增加客户续约率",
        ObjectiveLevel.TEAM,
        position=2,
        parent=company,
        committed=False,
    )
    plans = [
        (
            satisfaction,
            "客户满意度调查得分 Survey score",
            KRKind.INCREASE,
            "pts",
            "78",
            "82",
            m["李娜"],
            [
                _Week(6, "80.0", 6, "Mid-quarter survey wave."),
                _Week(12, "81.5", 7, "Final wave of the quarter."),
            ],
        ),
        (
            satisfaction,
            "客户投诉率 Complaint rate",
            KRKind.DECREASE,
            "%",
            "10",
            "8",
            m["王芳"],
            [
                _Week(6, "9.1", 6, ""),
                _Week(12, "8.0", 8, "Target reached in the last month."),
            ],
        ),
        (
            renewals,
            "续约率 Renewal rate",
            KRKind.INCREASE,
            "%",
            "74",
            "78",
            m["Anna Berg"],
            [
                _Week(6, "75.5", 5, ""),
                _Week(12, "78.2", 7, "Two late renewals closed in the final week."),
            ],
        ),
    ]
    for position, (
        objective,
        title,
        kind,
        unit,
        start,
        target,
        owner,
        weeks,
    ) in enumerate(plans):
        kr = _key_result(
            store,
            objective,
            title,
            kind,
            unit,
            start,
            target,
            position=position,
            owner=owner,
        )
        _check_ins(store, kr, cycle.first_day, weeks)


def _current_quarter(store: Store, cycle: Cycle, m: dict[str, int]) -> None:
    """The quarter in progress: six weeks of check-ins, one stale, one corrected."""
    first = cycle.first_day
    company = _objective(
        store,
        cycle,
        "Grow recurring revenue through customer success",
        ObjectiveLevel.COMPANY,
        position=0,
    )
    satisfaction = _objective(
        store,
        cycle,
        "提升客户满意度 Raise customer satisfaction",
        ObjectiveLevel.TEAM,
        position=1,
        parent=company,
        weight="1",
    )
    renewals = _objective(
        store,
        cycle,
        "Raise renewals 增加客户续约率",
        ObjectiveLevel.TEAM,
        position=2,
        parent=company,
        committed=False,
        weight="1",
    )
    coaching = _objective(
        store,
        cycle,
        "Coach the team through renewal conversations",
        ObjectiveLevel.INDIVIDUAL,
        position=3,
        parent=renewals,
        owner=m["张伟"],
    )
    onboarding = _objective(
        store,
        cycle,
        "新客户快速上线 Onboard new accounts faster",
        ObjectiveLevel.INDIVIDUAL,
        position=4,
        parent=satisfaction,
        owner=m["Anna Berg"],
    )

    survey = _key_result(
        store,
        satisfaction,
        "客户满意度调查得分达到90分以上 Survey score to 90",
        KRKind.INCREASE,
        "pts",
        "82",
        "90",
        position=0,
        owner=m["李娜"],
        weight="2",
    )
    _check_ins(
        store,
        survey,
        first,
        [
            _Week(1, "82.5", 7, "First pulse survey after the new follow-up script."),
            _Week(2, "83.4", 7, ""),
            _Week(3, "84.0", 6, "两家大客户反馈响应慢。Two large accounts unhappy."),
            _Week(4, "84.8", 7, ""),
            _Week(5, "85.1", 6, "Holiday week, fewer responses."),
            _Week(6, "85.9", 7, "Back on pace."),
        ],
    )

    complaints = _key_result(
        store,
        satisfaction,
        "客户投诉率降低至5%以下 Complaint rate below 5 %",
        KRKind.DECREASE,
        "%",
        "8",
        "5",
        position=1,
        owner=m["王芳"],
    )
    entered = _check_ins(
        store,
        complaints,
        first,
        [
            _Week(1, "7.8", 6, ""),
            _Week(2, "7.5", 6, "Escalation path documented."),
            _Week(3, "7.4", 5, ""),
            _Week(4, "6.0", 7, "Big drop this week."),
            _Week(5, "6.8", 6, ""),
            _Week(6, "6.5", 6, "Halfway there: 8 % to 5 %, now 6.5 %."),
        ],
    )
    wrong = entered[3]
    assert wrong.id is not None and wrong.created_at is not None
    store.correct_checkin(
        wrong.id,
        wrong.model_copy(
            update={
                "value": Decimal("7.0"),
                "note": "Corrected: 6.0 was last month's figure.",
                "created_at": wrong.created_at + timedelta(days=1),
            }
        ),
    )

    response = _key_result(
        store,
        satisfaction,
        "First response within 4 hours (median)",
        KRKind.AT_MOST,
        "h",
        "6",
        "4",
        position=2,
        owner=m["Tom Okafor"],
    )
    _check_ins(
        store,
        response,
        first,
        [
            _Week(1, "5.6", 5, ""),
            _Week(2, "5.1", 5, ""),
            _Week(3, "4.6", 6, "Shared inbox rota in place."),
            _Week(4, "4.3", 7, ""),
            _Week(5, "4.1", 7, ""),
            _Week(6, "3.9", 8, "Under 4 h for the first time."),
        ],
    )

    renewal_rate = _key_result(
        store,
        renewals,
        "续约率达到85%以上 Renewal rate to 85 %",
        KRKind.INCREASE,
        "%",
        "78",
        "85",
        position=0,
        owner=m["Anna Berg"],
        weight="2",
    )
    # The stale one: no check-in for more than three weeks.
    _check_ins(
        store,
        renewal_rate,
        first,
        [
            _Week(1, "78.4", 6, ""),
            _Week(2, "79.1", 5, "Renewal data now from the billing export."),
            _Week(3, "79.5", 4, "Waiting for finance to reconcile churned accounts."),
        ],
    )

    high_value = _key_result(
        store,
        renewals,
        "高价值客户续约率达到90%以上 High-value renewal rate to 90 %",
        KRKind.INCREASE,
        "%",
        "80",
        "90",
        position=1,
        owner=m["张伟"],
    )
    _check_ins(
        store,
        high_value,
        first,
        [
            _Week(1, "81", 7, ""),
            _Week(2, "82.5", 7, "Executive sponsor calls started."),
            _Week(3, "83", 6, ""),
            _Week(4, "84.5", 7, ""),
            _Week(5, "86", 8, "Two strategic accounts renewed early."),
            _Week(6, "87", 8, ""),
        ],
    )

    playbook = _key_result(
        store,
        renewals,
        "Publish the renewal playbook 发布续约手册",
        KRKind.MILESTONE,
        "",
        "0",
        "1",
        position=2,
        owner=m["陈静"],
    )
    joined_week = 5
    _check_ins(
        store,
        playbook,
        first,
        [
            _Week(joined_week, "0", 6, "Outline shared with the team."),
            _Week(6, "0", 7, "First draft in review."),
        ],
    )

    sessions = _key_result(
        store,
        coaching,
        "Run 6 renewal coaching sessions",
        KRKind.INCREASE,
        "sessions",
        "0",
        "6",
        position=0,
        owner=m["张伟"],
    )
    _check_ins(
        store,
        sessions,
        first,
        [
            _Week(2, "1", 8, "Pricing objections."),
            _Week(4, "2", 7, ""),
            _Week(6, "4", 8, "Two sessions this fortnight."),
        ],
    )

    onboarding_days = _key_result(
        store,
        onboarding,
        "Median onboarding time 上线时间中位数",
        KRKind.DECREASE,
        "days",
        "21",
        "14",
        position=0,
        owner=m["Anna Berg"],
    )
    _check_ins(
        store,
        onboarding_days,
        first,
        [
            _Week(1, "20", 6, ""),
            _Week(2, "19", 6, ""),
            _Week(3, "19", 5, "Two accounts blocked on SSO setup."),
            _Week(4, "18", 6, ""),
            _Week(5, "17", 7, ""),
            _Week(6, "16", 7, ""),
        ],
    )
    checklist = _key_result(
        store,
        onboarding,
        "Onboarding checklist live in the help centre",
        KRKind.MILESTONE,
        "",
        "0",
        "1",
        position=1,
        owner=m["Anna Berg"],
    )
    _check_ins(
        store,
        checklist,
        first,
        [
            _Week(2, "0", 6, "Draft with support."),
            _Week(4, "0", 7, "In review with the help-centre editors."),
            _Week(6, "1", 9, "Live. 已上线。"),
        ],
    )


def _one_on_ones(store: Store, m: dict[str, int], today: date) -> None:
    """Two recent one-on-ones with action items, one of them done."""
    notes: list[tuple[int, date, str, list[tuple[str, date | None]]]] = [
        (
            m["李娜"],
            today - timedelta(days=9),
            "Survey response rate is low in APAC; try a shorter survey.",
            [("Draft a three-question survey", today - timedelta(days=4))],
        ),
        (
            m["Anna Berg"],
            today - timedelta(days=3),
            "Renewal figures wait on finance; agree a weekly export.",
            [("Ask finance for a weekly churn export", None)],
        ),
    ]
    for member_id, day, text, items in notes:
        note = store.save_one_on_one(
            OneOnOne(member_id=member_id, day=day, text=text, created_at=_at(day, 7))
        )
        for item_text, done_on in items:
            store.save_action_item(
                ActionItem(
                    member_id=member_id,
                    one_on_one_id=note.id,
                    text=item_text,
                    done_on=done_on,
                    created_at=_at(day, 7, 30),
                )
            )


def _bonus_draft(store: Store, cycle: Cycle, m: dict[str, int], today: date) -> None:
    """A draft plan: CNY 120,000.00 split by performance.

    The other methods' inputs are filled in too, so switching method shows
    something.
    """
    assert cycle.id is not None
    workload = {"张伟": "34", "Anna Berg": "41", "李娜": "38", "王芳": "45"}
    workload |= {"Tom Okafor": "22", "陈静": "15"}
    satisfaction = {"张伟": "4.6", "Anna Berg": "4.4", "李娜": "4.7", "王芳": "4.2"}
    satisfaction |= {"Tom Okafor": "4.5"}
    points = {"张伟": "30", "Anna Berg": "25", "李娜": "20", "王芳": "20"}
    points |= {"Tom Okafor": "10", "陈静": "10"}
    inputs: dict[int, MemberPlanInput] = {}
    for name, member_id in m.items():
        dims = {"workload": Decimal(workload[name])}
        if name in satisfaction:
            dims["satisfaction"] = Decimal(satisfaction[name])
        inputs[member_id] = MemberPlanInput(
            points=Decimal(points[name]), dimensions=dims
        )
    inputs[m["陈静"]] = inputs[m["陈静"]].model_copy(
        update={
            "override": Decimal("0.6"),
            "override_reason": (
                "Joined mid-quarter and took over the onboarding queue; "
                "her milestone is due after the cycle."
            ),
        }
    )
    inputs[m["Tom Okafor"]] = inputs[m["Tom Okafor"]].model_copy(
        update={"recognition": "Training: advanced support certification"}
    )
    inputs[m["张伟"]] = inputs[m["张伟"]].model_copy(
        update={"cap_share": Decimal("0.3")}
    )
    store.save_bonus_plan(
        BonusPlan(
            cycle_id=cycle.id,
            currency="CNY",
            base_pool=Decimal("120000.00"),
            multiplier=Decimal(1),
            method=Method.PERFORMANCE,
            params=PlanParams(
                threshold=Decimal("0.7"),
                tiers=[
                    TierSpec(min_score=Decimal("0.7"), multiplier=Decimal("1.0")),
                    TierSpec(min_score=Decimal("0.9"), multiplier=Decimal("1.5")),
                ],
                dimensions=[
                    DimensionSpec(
                        key="workload", label="Workload", weight=Decimal(30), rule="max"
                    ),
                    DimensionSpec(
                        key="satisfaction",
                        label="Customer satisfaction",
                        weight=Decimal(40),
                        rule="target",
                        target=Decimal(5),
                    ),
                    DimensionSpec(
                        key="okr",
                        label="Project completion (OKR score)",
                        weight=Decimal(30),
                        rule="max",
                    ),
                ],
            ),
            inputs=inputs,
            created_at=_at(today - timedelta(days=1), 9),
        )
    )
