"""Builders for bonus inputs, shared by the calculation tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from okrtui.calc import BonusParams, MemberInput, Method

FIRST = date(2026, 10, 1)
LAST = date(2026, 12, 31)
"""A cycle of 92 days."""


def member(member_id: int, score: str | None = "1", **changes: Any) -> MemberInput:
    """A full-time member employed all cycle, with an OKR score (text, exact)."""
    values: dict[str, Any] = {
        "member_id": member_id,
        "name": f"Member {member_id}",
        "order": member_id,
        "fte": Decimal(1),
        "joined": None,
        "left": None,
        "okr_score": None if score is None else Fraction(score),
    }
    values.update(changes)
    return MemberInput(**values)


def params(method: Method, pool: str = "1000.00", **changes: Any) -> BonusParams:
    """Bonus parameters in USD with the multiplier 1 unless changed."""
    values: dict[str, Any] = {
        "method": method,
        "currency": "USD",
        "base_pool": Decimal(pool),
    }
    values.update(changes)
    return BonusParams(**values)
