"""Import objectives and key results from an OKR JSON file into a cycle.

The file shape is the one of the real OKR sets kept for testing: an object with an
`objectives` list; each objective has `title`, `level` and `key_results`; each key
result has `title`, `kind`, `unit`, `start`, `target`, `current` and `score`, the
numbers possibly `null`.

Published OKRs often lack the numbers okrtui needs to score a key result, so the
import first makes a plan (`plan_import`, which writes nothing) that says what will
be created and every adjustment it had to make, then writes the whole plan in one
transaction (`import_okr_json`): all of it or, on any failure, nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from okrtui.calc.errors import CalcError
from okrtui.calc.limits import check_magnitude
from okrtui.calc.progress import check_kr
from okrtui.store.db import Store
from okrtui.store.errors import StoreError, message
from okrtui.store.models import (
    TITLE_MAX,
    UNIT_MAX,
    CheckIn,
    Cycle,
    KeyResult,
    KRKind,
    Objective,
    ObjectiveLevel,
)

IMPORTED_ACTUAL = "imported actual"
"""The note of a check-in made from a key result's `current` value."""

IMPORTED_GRADE = "imported published grade"
"""The note of a milestone check-in made from a published grade of 0 or 1."""

NEEDS_BASELINE = " (needs baseline)"
"""Appended to the title of a relative key result imported as a milestone."""

NEEDS_TARGET = " (needs target)"
"""Appended to the title of a key result of unknown kind imported as a milestone."""

_ZERO = Decimal(0)
_ONE = Decimal(1)
_GRADE_MAX = Decimal("1.5")
"""The highest published score read as a grade (some sources publish 110 %)."""


class ImportRefusedError(StoreError):
    """The file cannot be imported; nothing was written."""


@dataclass(frozen=True)
class PlannedKeyResult:
    """A key result to create, with the check-in to add and what was adjusted."""

    key_result: KeyResult
    """Its `objective_id` is filled in when the objective is written."""
    checkin: CheckIn | None
    """Its `kr_id` is filled in when the key result is written."""
    problems: tuple[str, ...]
    """What the import had to change or leave out, one sentence each."""


@dataclass(frozen=True)
class PlannedObjective:
    """An objective to create with its key results."""

    objective: Objective
    key_results: tuple[PlannedKeyResult, ...]
    problems: tuple[str, ...] = ()
    """What is worth knowing about the objective itself, one sentence each."""


@dataclass(frozen=True)
class ImportPlan:
    """What an import will create in a cycle; nothing is written yet."""

    source: Path
    cycle: Cycle
    objectives: tuple[PlannedObjective, ...]

    @property
    def problems(self) -> list[str]:
        """Every adjustment, in file order, each naming its objective or key
        result."""
        return [
            p
            for o in self.objectives
            for p in (*o.problems, *(q for k in o.key_results for q in k.problems))
        ]

    @property
    def key_result_count(self) -> int:
        """How many key results will be created."""
        return sum(len(o.key_results) for o in self.objectives)

    @property
    def checkin_count(self) -> int:
        """How many check-ins will be created."""
        return sum(
            1 for o in self.objectives for k in o.key_results if k.checkin is not None
        )


@dataclass(frozen=True)
class ImportResult:
    """What an import created."""

    objective_ids: tuple[int, ...]
    key_result_ids: tuple[int, ...]
    checkin_ids: tuple[int, ...]
    problems: tuple[str, ...]
    """The adjustments the import made, as `ImportPlan.problems`."""


def _short(title: str) -> str:
    return f"“{title if len(title) <= 60 else title[:59] + '…'}”"


def _shortened(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, the last one an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _same(title: str) -> str:
    """A title as compared with others: trimmed, spaces collapsed, any case."""
    return " ".join(title.split()).casefold()


def _too_long(name: str) -> str:
    return (
        f"{name} is longer than {TITLE_MAX} characters; its title was shortened to fit."
    )


def _kind_of(raw: Any) -> str:
    """Name the kind of a JSON value in a message, without quoting all of it."""
    if isinstance(raw, str):
        return f"the text {_short(raw)}"
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, dict):
        return "an object"
    return repr(raw)


def _number(raw: Any, where: str) -> Decimal | None:
    """Read a JSON number (parsed as Decimal) or `null`."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, Decimal | int):
        raise ImportRefusedError(
            f"{where} must be a number or null, not {_kind_of(raw)}."
        )
    value = Decimal(raw)
    try:
        check_magnitude(value, where)
    except CalcError as exc:
        raise ImportRefusedError(str(exc)) from None
    return value


def _grade(raw: Any, where: str, name: str, problems: list[str]) -> Decimal | None:
    """Read a published score: a number from 0 to 1.5, else listed and ignored.

    Raises:
        ImportRefusedError: If the score is neither a number nor `null`.
    """
    ignored = f"is not a grade from 0 to {_GRADE_MAX}; it was ignored."
    if isinstance(raw, Decimal):
        try:
            check_magnitude(raw, where)
        except CalcError:
            # NaN, or too large or too fine to quote.
            problems.append(f"{name}: its published score {ignored}")
            return None
    grade = _number(raw, where)
    if grade is not None and not _ZERO <= grade <= _GRADE_MAX:
        problems.append(f"{name}: its published score {grade} {ignored}")
        return None
    return grade


def _text(raw: Any, where: str, *, required: bool) -> str:
    if raw is None and not required:
        return ""
    if not isinstance(raw, str) or (required and not raw.strip()):
        raise ImportRefusedError(f"{where} must be non-empty text.")
    return raw.strip()


def _checkin_day(cycle: Cycle, today: date) -> date:
    """Today when it lies within the cycle, else the cycle's last day."""
    return today if cycle.contains(today) else cycle.last_day


def _plan_key_result(
    raw: Mapping[str, Any], where: str, position: int, cycle: Cycle, today: date
) -> PlannedKeyResult:
    """Decide how one key result of the file is imported.

    See `import_okr_json` for the rules.
    """
    title = _text(raw.get("title"), f"{where}: title", required=True)
    kind_text = _text(raw.get("kind"), f"{where}: kind", required=False).lower()
    unit = _text(raw.get("unit"), f"{where}: unit", required=False)
    start = _number(raw.get("start"), f"{where}: start")
    target = _number(raw.get("target"), f"{where}: target")
    current = _number(raw.get("current"), f"{where}: current")
    name = _short(title)
    problems: list[str] = []
    grade = _grade(raw.get("score"), f"{where}: score", name, problems)
    if len(unit) > UNIT_MAX:
        unit = _shortened(unit, UNIT_MAX)
        problems.append(
            f"{name}: its unit is longer than {UNIT_MAX} characters; it was "
            f"shortened to “{unit}”."
        )

    kind: KRKind | None = None
    suffix = ""
    if kind_text == KRKind.MILESTONE:
        kind, start, target = KRKind.MILESTONE, _ZERO, _ONE
    elif kind_text in (KRKind.AT_LEAST, KRKind.AT_MOST):
        if target is None:
            suffix = NEEDS_TARGET
        else:
            kind = KRKind(kind_text)
            # A threshold scores 0 or 1 whatever its start; 0 stands in for a
            # missing baseline (1 when the target itself is 0).
            if start is None:
                start = _ONE if target == _ZERO else _ZERO
    elif kind_text in (KRKind.INCREASE, KRKind.DECREASE):
        if target is None:
            suffix = NEEDS_BASELINE
        elif start is None:
            kind = KRKind.AT_LEAST if kind_text == KRKind.INCREASE else KRKind.AT_MOST
            start = _ONE if target == _ZERO else _ZERO
            words = "at least" if kind is KRKind.AT_LEAST else "at most"
            amount = f"{target} {unit}".strip()
            problems.append(
                f"{name} has no baseline, so it was imported as “{words} {amount}”; "
                f"enter a start value to score it as {kind_text}."
            )
        else:
            kind = KRKind(kind_text)
    else:
        suffix = NEEDS_TARGET

    # Why a key result cannot be scored as given, as the start of a sentence.
    why = (
        f"{name} has a relative target with no baseline"
        if suffix == NEEDS_BASELINE
        else f"{name} cannot be scored (kind {kind_text or 'missing'}, no target)"
    )
    if kind is not None and kind is not KRKind.MILESTONE:
        assert start is not None and target is not None
        try:
            check_kr(kind, start, target)
        except CalcError:
            if start == target:
                why = f"{name}: start and target are both {target}; nothing to measure"
            else:
                why = (
                    f"{name} cannot be scored as given ({kind_text} from {start} "
                    f"to {target})"
                )
            kind, suffix = None, NEEDS_TARGET

    if kind is None:
        kind, start, target = KRKind.MILESTONE, _ZERO, _ONE
        problems.append(
            f"{why}: imported as a milestone marked “{suffix.strip()}”; enter its "
            "start and target to score it."
        )
        if current is not None:
            problems.append(f"{name}: its actual value {current} was not imported.")
            current = None
        grade = None

    assert start is not None and target is not None
    full_title = _shortened(title, TITLE_MAX - len(suffix)) + suffix
    if len(title) + len(suffix) > TITLE_MAX:
        problems.append(_too_long(name))
    key_result = KeyResult(
        objective_id=0,
        title=full_title,
        kind=kind,
        unit=unit,
        start=start,
        target=target,
        position=position,
    )

    value, note = None, ""
    if current is not None:
        if kind is KRKind.MILESTONE and current not in (_ZERO, _ONE):
            problems.append(
                f"{name}: its actual value {current} is neither done (1) nor not "
                "done (0); it was not imported."
            )
        else:
            value, note = current, IMPORTED_ACTUAL
    elif kind is KRKind.MILESTONE and grade is not None:
        if grade in (_ZERO, _ONE):
            value, note = grade, IMPORTED_GRADE
        else:
            problems.append(
                f"{name}: its published grade {grade} is partial, but a milestone "
                "is done or not done; the grade was not imported."
            )
    checkin = (
        None
        if value is None
        else CheckIn(kr_id=0, day=_checkin_day(cycle, today), value=value, note=note)
    )
    return PlannedKeyResult(key_result, checkin, tuple(problems))


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ImportRefusedError(f"{path} cannot be read ({exc.strerror}).") from exc
    except UnicodeDecodeError:
        raise ImportRefusedError(f"{path} is not UTF-8 text.") from None
    try:
        # Every number as a Decimal: exact, and no limit on the digits of an int.
        data = json.loads(
            text, parse_float=Decimal, parse_int=Decimal, parse_constant=Decimal
        )
    except json.JSONDecodeError as exc:
        raise ImportRefusedError(
            f"{path.name} is not valid JSON (line {exc.lineno}: {exc.msg})."
        ) from None
    except RecursionError:
        raise ImportRefusedError(
            f"{path.name} is nested too deeply to be an OKR file."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("objectives"), list):
        raise ImportRefusedError(f"{path.name} has no list of objectives.")
    return data


def plan_import(
    store: Store, path: Path | str, cycle_id: int, *, today: date | None = None
) -> ImportPlan:
    """Read an OKR JSON file and decide what importing it would create.

    Nothing is written. The rules are those of `import_okr_json`.

    Args:
        store: The open store (read only).
        path: The JSON file.
        cycle_id: The cycle to import into.
        today: The day an imported actual is dated when it lies in the cycle;
            default the local date.

    Returns:
        The plan, with every adjustment in `problems`.

    Raises:
        ImportRefusedError: If the file cannot be read, is not JSON (or is nested
            too deeply), has the wrong shape, or holds a number that is not
            finite, too large or too fine (`calc.check_magnitude`).
        NotFoundError: If there is no such cycle.
    """
    source = Path(path)
    cycle = store.cycle(cycle_id)
    if cycle.status == "closed":
        raise ImportRefusedError(
            f"{cycle.name} is closed; reopen it under Cycles before importing into it."
        )
    day = today or date.today()
    data = _read(source)
    existing = store.objectives(cycle_id)
    position = 1 + max((o.position for o in existing), default=-1)
    titles = {_same(o.title) for o in existing}
    planned: list[PlannedObjective] = []
    for i, raw in enumerate(data["objectives"], start=1):
        where = f"Objective {i}"
        if not isinstance(raw, dict):
            raise ImportRefusedError(f"{where} is not an object.")
        title = _text(raw.get("title"), f"{where}: title", required=True)
        level_text = _text(raw.get("level"), f"{where}: level", required=False)
        level = (
            ObjectiveLevel(level_text)
            if level_text in {lv.value for lv in ObjectiveLevel}
            else ObjectiveLevel.TEAM
        )
        krs_raw = raw.get("key_results", [])
        if not isinstance(krs_raw, list):
            raise ImportRefusedError(f"{where}: key_results must be a list.")
        problems = []
        if _same(_shortened(title, TITLE_MAX)) in titles:
            problems.append(
                f"{_short(title)} is already in {cycle.name}: importing adds it a "
                "second time."
            )
        if len(title) > TITLE_MAX:
            problems.append(_too_long(_short(title)))
        try:
            objective = Objective(
                cycle_id=cycle_id,
                title=_shortened(title, TITLE_MAX),
                level=level,
                position=position + i - 1,
            )
            krs = []
            for j, kr_raw in enumerate(krs_raw, start=1):
                if not isinstance(kr_raw, dict):
                    raise ImportRefusedError(
                        f"{where}, key result {j} is not an object."
                    )
                krs.append(
                    _plan_key_result(kr_raw, f"{where}, key result {j}", j, cycle, day)
                )
        except ValidationError as exc:
            raise ImportRefusedError(f"{where}: {message(exc)}") from exc
        planned.append(PlannedObjective(objective, tuple(krs), tuple(problems)))
    return ImportPlan(source, cycle, tuple(planned))


def import_okr_json(
    store: Store, path: Path | str, cycle_id: int, *, today: date | None = None
) -> ImportResult:
    """Import a file's objectives and key results into a cycle, all or nothing.

    Objectives keep their title and level (an unknown level becomes team); they
    are owned by the team, committed, weight 1, and follow the cycle's existing
    objectives. Key results keep title, unit and kind where they can be scored:

    - `milestone`: start 0, target 1.
    - `at_least` / `at_most` with a target: a missing start becomes 0 (1 if the
      target is 0); a threshold's score does not depend on its start.
    - `increase` / `decrease` with start and target: as given.
    - `increase` / `decrease` with a target but no start ("increase retention to
      90 %"): no progress can be measured without a baseline, so it becomes
      `at_least` / `at_most` that target, which scores whether it was reached.
      The problem list says so; entering a start turns it back.
    - No target (relative targets such as "reduce … by 30 %", kind `unknown`, or
      numbers that cannot be scored): a milestone whose title ends in
      "(needs baseline)" or "(needs target)", so the tree shows what is missing;
      its actual value, if any, is not imported.

    A `current` value becomes a check-in dated today when today lies in the
    cycle, else on its last day, noted "imported actual". A milestone's published
    grade of exactly 0 or 1 becomes a check-in noted "imported published grade";
    other published grades are left out (okrtui computes its own scores), and a
    published score below 0 or above 1.5 is listed as a problem and ignored.

    A title longer than `models.TITLE_MAX` or a unit longer than `UNIT_MAX` is
    shortened, and the problem list says so. An objective whose title the cycle
    already has (ignoring case and spacing) is listed too, since importing the
    same file twice adds everything twice; it is still imported, so the person
    decides from the dry run or the preview.

    The whole import is one transaction: if anything fails, nothing is written.

    Args:
        store: The open store.
        path: The JSON file.
        cycle_id: The cycle to import into.
        today: The day an imported actual is dated when it lies in the cycle;
            default the local date.

    Returns:
        The ids created and the adjustments made.

    Raises:
        ImportRefusedError: If the file cannot be read or has the wrong shape.
        NotFoundError: If there is no such cycle.
        StoreError: If the store refuses a record (nothing is written).
    """
    plan = plan_import(store, path, cycle_id, today=today)
    objective_ids: list[int] = []
    kr_ids: list[int] = []
    checkin_ids: list[int] = []
    with store.transaction():
        for planned in plan.objectives:
            objective = store.save_objective(planned.objective)
            assert objective.id is not None
            objective_ids.append(objective.id)
            for item in planned.key_results:
                kr = store.save_key_result(
                    item.key_result.model_copy(update={"objective_id": objective.id})
                )
                assert kr.id is not None
                kr_ids.append(kr.id)
                if item.checkin is not None:
                    checkin = store.add_checkin(
                        item.checkin.model_copy(update={"kr_id": kr.id})
                    )
                    assert checkin.id is not None
                    checkin_ids.append(checkin.id)
    return ImportResult(
        tuple(objective_ids), tuple(kr_ids), tuple(checkin_ids), tuple(plan.problems)
    )
