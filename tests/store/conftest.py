"""Fixtures for the store tests: a fresh database file per test, and a small team."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from okrtui.store import (
    Cycle,
    CycleStatus,
    KeyResult,
    KRKind,
    Member,
    Objective,
    ObjectiveLevel,
    Store,
)

FIRST = date(2026, 10, 1)
LAST = date(2026, 12, 31)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's database goes (it does not exist yet)."""
    return tmp_path / "data" / "team.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """An open, empty store on a temporary file."""
    s = Store.open(db_path)
    yield s
    s.close()


@dataclass
class Team:
    """A small team with one cycle, a team objective, an individual one and KRs."""

    store: Store
    anna: Member
    wei: Member
    cycle: Cycle
    team_objective: Objective
    own_objective: Objective
    csat: KeyResult
    complaints: KeyResult
    playbook: KeyResult


@pytest.fixture
def team(store: Store) -> Team:
    """A small team in `store`, cycle 2026-Q4 (Oct 1 to Dec 31)."""
    anna = store.save_member(Member(name="Anna Berg", level="middle"))
    wei = store.save_member(Member(name="张伟", level="senior", fte="0.5"))
    cycle = store.save_cycle(
        Cycle(name="2026-Q4", first_day=FIRST, last_day=LAST, status=CycleStatus.ACTIVE)
    )
    assert cycle.id is not None
    team_objective = store.save_objective(
        Objective(cycle_id=cycle.id, title="提升客户满意度", level=ObjectiveLevel.TEAM)
    )
    own_objective = store.save_objective(
        Objective(
            cycle_id=cycle.id,
            title="Renewal playbook",
            level=ObjectiveLevel.INDIVIDUAL,
            owner_id=anna.id,
            parent_id=team_objective.id,
        )
    )
    assert team_objective.id is not None and own_objective.id is not None
    csat = store.save_key_result(
        KeyResult(
            objective_id=team_objective.id,
            title="Survey score to 90",
            kind=KRKind.INCREASE,
            unit="pts",
            start=Decimal(82),
            target=Decimal(90),
            owner_id=wei.id,
        )
    )
    complaints = store.save_key_result(
        KeyResult(
            objective_id=team_objective.id,
            title="Complaint rate below 5 %",
            kind=KRKind.DECREASE,
            unit="%",
            start=Decimal(8),
            target=Decimal(5),
            position=1,
        )
    )
    playbook = store.save_key_result(
        KeyResult(
            objective_id=own_objective.id,
            title="Publish the renewal playbook",
            kind=KRKind.MILESTONE,
            owner_id=anna.id,
            target=Decimal(1),
        )
    )
    return Team(
        store,
        anna,
        wei,
        cycle,
        team_objective,
        own_objective,
        csat,
        complaints,
        playbook,
    )
