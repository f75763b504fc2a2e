"""Objective scores, grades, pace, staleness and a member's OKR score.

An objective's score is the weighted mean of its key results and its aligned child
objectives. A member's OKR score is the weighted mean of the objectives they own,
or else of the key results they own. Nothing to count means no score (`None`, shown
as "—"), never a silent 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from okrtui.calc.display import as_fraction
from okrtui.calc.errors import CalcError
from okrtui.calc.progress import KRKind, Progress, kr_progress

_ZERO = Fraction(0)
_ONE = Fraction(1)

COMMITTED_EXPECTED = Fraction(1)
"""The score a committed objective is expected to reach."""
ASPIRATIONAL_EXPECTED = Fraction(7, 10)
"""The score an aspirational objective is expected to reach."""


def weighted_mean(
    items: Iterable[tuple[Fraction | Decimal, Fraction | None]],
) -> Fraction | None:
    """The weighted mean `Σ w·s / Σ w` of scores, exact.

    Args:
        items: Pairs of (weight, score). Pairs with weight 0 or score `None` are
            left out.

    Returns:
        The mean, or `None` when nothing is left to count.

    Raises:
        CalcError: If a weight is negative.
    """
    total_weight = _ZERO
    total = _ZERO
    for weight, score in items:
        w = as_fraction(weight)
        if w < 0:
            raise CalcError("Weights cannot be negative.")
        if w == 0 or score is None:
            continue
        total_weight += w
        total += w * as_fraction(score)
    return None if total_weight == 0 else total / total_weight


def weight_shares(weights: Sequence[Fraction | Decimal]) -> list[Fraction]:
    """Each weight's share of the total, exact; the shares add up to exactly 1.

    Weights 72.68, 10.93, 2.73 and 13.66 give shares that make exactly 100 %.

    Args:
        weights: The weights, each ≥ 0.

    Returns:
        One share per weight, in the same order; all 0 when the weights sum to 0.

    Raises:
        CalcError: If a weight is negative.
    """
    values = [as_fraction(w) for w in weights]
    if any(v < 0 for v in values):
        raise CalcError("Weights cannot be negative.")
    total = sum(values, _ZERO)
    return [_ZERO if total == 0 else v / total for v in values]


class Grade(StrEnum):
    """The colour band of a score."""

    RED = "red"
    """Below 0.4."""
    YELLOW = "yellow"
    """From 0.4 up to (not including) 0.7."""
    GREEN = "green"
    """0.7 and above."""


def grade(score: Fraction) -> Grade:
    """The grade band of a score: [0, 0.4) red, [0.4, 0.7) yellow, [0.7, 1] green.

    Args:
        score: A score in [0, 1].

    Returns:
        The band.

    Raises:
        CalcError: If the score is outside [0, 1].
    """
    value = as_fraction(score)
    if not _ZERO <= value <= _ONE:
        raise CalcError("A score must be between 0 and 1.")
    if value < Fraction(4, 10):
        return Grade.RED
    if value < Fraction(7, 10):
        return Grade.YELLOW
    return Grade.GREEN


def expected_score(committed: bool) -> Fraction:
    """The score an objective is expected to reach: 1.0 committed, 0.7 aspirational.

    Args:
        committed: Whether the objective is committed rather than aspirational.

    Returns:
        The expected score.
    """
    return COMMITTED_EXPECTED if committed else ASPIRATIONAL_EXPECTED


def cycle_days(first: date, last: date) -> int:
    """The number of calendar days in a cycle, both ends included.

    Args:
        first: The cycle's first day.
        last: The cycle's last day.

    Returns:
        `last − first + 1`.

    Raises:
        CalcError: If the last day is before the first.
    """
    if last < first:
        raise CalcError("The cycle's last day cannot be before its first day.")
    return (last - first).days + 1


def elapsed(first: date, last: date, day: date) -> Fraction:
    """How much of a cycle has passed by the end of `day`, in calendar days.

    `clamp((day − first + 1) / (last − first + 1), 0, 1)`: the first day counts as
    one day passed, the last day as all of them.

    Args:
        first: The cycle's first day.
        last: The cycle's last day.
        day: The day to measure on (today).

    Returns:
        A fraction in [0, 1].

    Raises:
        CalcError: If the last day is before the first.
    """
    ratio = Fraction((day - first).days + 1, cycle_days(first, last))
    return min(max(ratio, _ZERO), _ONE)


class Pace(StrEnum):
    """Whether a score keeps up with the time passed."""

    ON_TRACK = "on track"
    """Score at least 0.95 of the time elapsed."""
    AT_RISK = "at risk"
    """Score at least 0.75 of the time elapsed."""
    OFF_TRACK = "off track"
    """Anything less."""


def pace(score: Fraction, first: date, last: date, day: date) -> Pace:
    """Compare a score with the share of the cycle elapsed on `day`.

    On track when `score ≥ 0.95·elapsed`, at risk when `score ≥ 0.75·elapsed`,
    otherwise off track. (Closed cycles show the final grade instead.)

    Args:
        score: The score in [0, 1].
        first: The cycle's first day.
        last: The cycle's last day.
        day: The day to measure on (today).

    Returns:
        The pace.

    Raises:
        CalcError: If the last day is before the first.
    """
    value = as_fraction(score)
    passed = elapsed(first, last, day)
    if value >= Fraction(95, 100) * passed:
        return Pace.ON_TRACK
    if value >= Fraction(75, 100) * passed:
        return Pace.AT_RISK
    return Pace.OFF_TRACK


def is_stale(
    last_checkin: date | None, day: date, cadence_days: int, first: date
) -> bool:
    """Whether a key result has gone without a check-in for longer than the cadence.

    With a check-in, it is stale when more than `cadence_days` days have passed
    since it (a weekly check-in made last Monday is due, not stale, this Monday).
    Without one, it is stale once the cycle has run more than `cadence_days` days,
    counting its first day.

    Args:
        last_checkin: The day of the latest check-in, or `None`.
        day: The day to measure on (today).
        cadence_days: The check-in cadence in days (7 is weekly).
        first: The cycle's first day.

    Returns:
        `True` when stale.

    Raises:
        CalcError: If the cadence is less than one day.
    """
    if cadence_days < 1:
        raise CalcError("The check-in cadence must be at least one day.")
    if last_checkin is None:
        return (day - first).days + 1 > cadence_days
    return (day - last_checkin).days > cadence_days


@dataclass(frozen=True)
class KRInput:
    """A key result and its latest value, as the scoring needs it."""

    id: int
    objective_id: int
    kind: KRKind
    start: Decimal
    target: Decimal
    weight: Decimal
    owner_id: int | None
    current: Decimal | None
    """The latest checked-in value; `None` when there is no check-in."""


@dataclass(frozen=True)
class ObjectiveInput:
    """An objective, as the scoring needs it."""

    id: int
    parent_id: int | None
    """The objective it aligns to; `None` (or one outside the cycle) for a root."""
    weight: Decimal
    owner_id: int | None
    """The owning member; `None` when the team owns it."""


@dataclass(frozen=True)
class CycleScores:
    """Every score of one cycle, computed once and read by every screen."""

    kr: dict[int, Progress]
    """Progress by key-result id."""
    objective: dict[int, Fraction | None]
    """Score by objective id; `None` when it has nothing to count."""
    objective_inputs: tuple[ObjectiveInput, ...] = field(default=(), repr=False)
    """The objectives the scores were computed from."""
    kr_inputs: tuple[KRInput, ...] = field(default=(), repr=False)
    """The key results the scores were computed from."""

    def member_score(self, member_id: int) -> Fraction | None:
        """A member's OKR score for the cycle.

        The weighted mean of the scores of the objectives the member owns; when
        that gives nothing (owns none, or none can be scored), the weighted mean of
        the key results the member owns; otherwise `None`.

        Args:
            member_id: The member.

        Returns:
            The score, or `None` when the member owns nothing that can be scored.
        """
        return self.member_score_and_source(member_id)[0]

    def member_score_and_source(self, member_id: int) -> tuple[Fraction | None, str]:
        """A member's OKR score and where it comes from, in words.

        Args:
            member_id: The member.

        Returns:
            (score, source): source is "objectives", "key results", or, with a
            `None` score, the reason, "owns no objectives or key results".
        """
        from_objectives = weighted_mean(
            (o.weight, self.objective.get(o.id))
            for o in self.objective_inputs
            if o.owner_id == member_id
        )
        if from_objectives is not None:
            return from_objectives, "objectives"
        from_krs = weighted_mean(
            (k.weight, self.kr[k.id].score)
            for k in self.kr_inputs
            if k.owner_id == member_id
        )
        if from_krs is not None:
            return from_krs, "key results"
        return None, "owns no objectives or key results"

    def team_score(self) -> Fraction | None:
        """The team's OKR score: the weighted mean of the root objectives' scores.

        This is the score a payout curve turns into the pool multiplier.

        Returns:
            The score, or `None` when no root objective can be scored.
        """
        ids = {o.id for o in self.objective_inputs}
        return weighted_mean(
            (o.weight, self.objective.get(o.id))
            for o in self.objective_inputs
            if o.parent_id is None or o.parent_id not in ids
        )


def score_cycle(
    objectives: Sequence[ObjectiveInput], krs: Sequence[KRInput]
) -> CycleScores:
    """Score every key result and objective of a cycle.

    An objective's score is the weighted mean over its key results and its aligned
    child objectives, each with its own weight. A key result without a check-in
    counts with score 0.

    Args:
        objectives: The cycle's objectives.
        krs: The cycle's key results with their latest values.

    Returns:
        The scores.

    Raises:
        CalcError: If a key result cannot be scored, or objectives align in a loop.
    """
    progress: dict[int, Progress] = {}
    for k in krs:
        try:
            progress[k.id] = kr_progress(k.kind, k.start, k.target, k.current)
        except CalcError as exc:
            raise CalcError(f"Key result #{k.id} cannot be scored: {exc}") from exc

    by_id = {o.id: o for o in objectives}
    children: dict[int, list[ObjectiveInput]] = {o.id: [] for o in objectives}
    for o in objectives:
        if o.parent_id is not None and o.parent_id in children:
            children[o.parent_id].append(o)
    krs_of: dict[int, list[KRInput]] = {o.id: [] for o in objectives}
    for k in krs:
        if k.objective_id in krs_of:
            krs_of[k.objective_id].append(k)

    scores: dict[int, Fraction | None] = {}
    # Iterative post-order walk: alignment trees can be deep, and a loop must be
    # reported rather than recursed into.
    visiting: set[int] = set()
    for root in by_id:
        stack: list[tuple[int, bool]] = [(root, False)]
        while stack:
            oid, expanded = stack.pop()
            if oid in scores:
                continue
            if expanded:
                items: list[tuple[Fraction | Decimal, Fraction | None]] = [
                    (k.weight, progress[k.id].score) for k in krs_of[oid]
                ]
                items += [(c.weight, scores[c.id]) for c in children[oid]]
                scores[oid] = weighted_mean(items)
                visiting.discard(oid)
                continue
            if oid in visiting:
                raise CalcError("Objectives cannot be aligned in a loop.")
            visiting.add(oid)
            stack.append((oid, True))
            stack.extend((c.id, False) for c in children[oid] if c.id not in scores)

    return CycleScores(progress, scores, tuple(objectives), tuple(krs))
