"""Importing the real OKR sets: all of each file, or nothing."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from store_helpers import dump

from okrtui.importer import (
    IMPORTED_ACTUAL,
    IMPORTED_GRADE,
    NEEDS_BASELINE,
    NEEDS_TARGET,
    ImportRefusedError,
    import_okr_json,
    plan_import,
)
from okrtui.store import Cycle, KRKind, NotFoundError, Objective, Store

REAL_INPUTS = Path(__file__).resolve().parents[1] / "data" / "real-inputs"
FILES = sorted(REAL_INPUTS.glob("*.json"))
TODAY = date(2026, 11, 18)


def test_the_six_real_inputs_are_kept_with_the_tests() -> None:
    assert [p.name for p in FILES] == [
        "gitlab-customer-success-fy20q4.json",
        "gitlab-sales-marketing-fy20q4.json",
        "gitlab-support-cs-2018q3.json",
        "ourai-personal-2025q1.json",
        "posthog-customer-success-q1.json",
        "sourcegraph-support-fy22q4.json",
    ]
    assert (REAL_INPUTS / "README.md").is_file()


def _cycle(store: Store, name: str = "Imported") -> int:
    c = store.save_cycle(
        Cycle(name=name, first_day="2026-10-01", last_day="2026-12-31")
    )
    assert c.id is not None
    return c.id


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_real_file_imports_whole(store: Store, path: Path) -> None:
    cycle_id = _cycle(store)
    data = json.loads(path.read_text(encoding="utf-8"))
    result = import_okr_json(store, path, cycle_id, today=TODAY)

    objectives = store.objectives(cycle_id)
    assert len(objectives) == len(data["objectives"]) == len(result.objective_ids)
    krs = store.key_results(cycle_id)
    source_krs = [k for o in data["objectives"] for k in o["key_results"]]
    assert len(krs) == len(source_krs) == len(result.key_result_ids)
    for o, raw in zip(objectives, data["objectives"], strict=True):
        assert o.title == raw["title"].strip()
        assert o.level.value == raw["level"]
    for k, raw in zip(krs, source_krs, strict=True):
        assert k.title.startswith(raw["title"].strip())
        assert k.unit == (raw["unit"] or "")
    # Every imported key result can be scored.
    scores = store.cycle_scores(cycle_id)
    assert set(scores.kr) == {k.id for k in krs}
    actuals = sum(
        1
        for raw in source_krs
        if raw["current"] is not None and raw["kind"] != "unknown"
    )
    notes = [c.note for k in krs for c in store.checkins(k.id or 0)]
    assert notes.count(IMPORTED_ACTUAL) == actuals
    assert all(c.day == TODAY for k in krs for c in store.checkins(k.id or 0))


def test_all_real_inputs_together(store: Store) -> None:
    cycle_id = _cycle(store)
    for path in FILES:
        import_okr_json(store, path, cycle_id, today=TODAY)
    # README: 27 objectives, 74 key results in all.
    assert len(store.objectives(cycle_id)) == 27
    assert len(store.key_results(cycle_id)) == 74
    positions = [o.position for o in store.objectives(cycle_id)]
    assert positions == sorted(positions) and len(set(positions)) == 27


def test_how_numbers_that_cannot_be_scored_are_imported(store: Store) -> None:
    cycle_id = _cycle(store)
    path = REAL_INPUTS / "gitlab-support-cs-2018q3.json"
    result = import_okr_json(store, path, cycle_id, today=TODAY)
    krs = {k.title: k for k in store.key_results(cycle_id)}

    relative = krs[
        "reduce number of manual license key replacements by 30%" + NEEDS_BASELINE
    ]
    assert relative.kind is KRKind.MILESTONE
    to_target = krs["Increase SMB gross retention to 90%"]
    assert (to_target.kind, to_target.target) == (KRKind.AT_LEAST, Decimal(90))
    threshold = krs["Self-managed: 95% on CSAT, 95% on Premium SLAs"]
    assert (threshold.kind, threshold.start, threshold.target) == (
        KRKind.AT_LEAST,
        Decimal(0),
        Decimal(95),
    )
    [actual] = store.checkins(threshold.id or 0)
    assert (actual.value, actual.note) == (Decimal(95), IMPORTED_ACTUAL)
    assert len(result.problems) == 4
    assert any("no baseline" in p and "at least 90" in p for p in result.problems)


def test_unknown_kind_and_milestone_grades(store: Store) -> None:
    cycle_id = _cycle(store)
    result = import_okr_json(
        store, REAL_INPUTS / "gitlab-sales-marketing-fy20q4.json", cycle_id, today=TODAY
    )
    krs = store.key_results(cycle_id)
    unknown = [k for k in krs if k.title.endswith(NEEDS_TARGET)]
    assert len(unknown) == 1 and unknown[0].kind is KRKind.MILESTONE
    assert store.checkins(unknown[0].id or 0) == []
    assert any("100 was not imported" in p for p in result.problems)
    graded = [
        c for k in krs for c in store.checkins(k.id or 0) if c.note == IMPORTED_GRADE
    ]
    assert {c.value for c in graded} == {Decimal(1)}
    cost = next(k for k in krs if k.title.startswith("Decrease cost-per-lead"))
    assert (cost.kind, cost.target) == (KRKind.AT_MOST, Decimal(230))


def test_chinese_titles_and_done_milestones(store: Store) -> None:
    cycle_id = _cycle(store)
    import_okr_json(
        store, REAL_INPUTS / "ourai-personal-2025q1.json", cycle_id, today=TODAY
    )
    krs = store.key_results(cycle_id)
    assert krs[0].title == "结合 OpenBuild 贡献成长体系制定方案"
    assert krs[1].unit == "名团队成员"
    scores = store.cycle_scores(cycle_id)
    done = [k for k in krs if k.kind is KRKind.MILESTONE and scores.kr[k.id or 0].score]
    assert len(done) == 3


def test_actuals_outside_the_cycle_go_on_its_last_day(store: Store) -> None:
    cycle_id = _cycle(store)
    import_okr_json(
        store,
        REAL_INPUTS / "sourcegraph-support-fy22q4.json",
        cycle_id,
        today=date(2027, 6, 1),
    )
    days = {
        c.day for k in store.key_results(cycle_id) for c in store.checkins(k.id or 0)
    }
    assert days == {date(2026, 12, 31)}
    scores = store.cycle_scores(cycle_id)
    # 96 % ≥ 95 % and 87 % ≥ 60 % met; 80 % < 90 % missed.
    assert [p.score for p in scores.kr.values()] == [1, 1, 0]


def test_plan_import_writes_nothing(store: Store) -> None:
    cycle_id = _cycle(store)
    before = dump(store)
    plan = plan_import(
        store,
        REAL_INPUTS / "gitlab-customer-success-fy20q4.json",
        cycle_id,
        today=TODAY,
    )
    assert len(plan.objectives) == 8 and plan.key_result_count == 22
    assert plan.checkin_count == 1
    assert dump(store) == before


def test_a_failure_midway_changes_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    cycle_id = _cycle(store)
    store.save_objective(Objective(cycle_id=cycle_id, title="Already here"))
    before = dump(store)
    calls = {"n": 0}
    real = store.add_checkin

    def fail_on_third(c):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(c)

    monkeypatch.setattr(store, "add_checkin", fail_on_third)
    with pytest.raises(RuntimeError):
        import_okr_json(
            store, REAL_INPUTS / "gitlab-support-cs-2018q3.json", cycle_id, today=TODAY
        )
    assert calls["n"] == 3
    assert dump(store) == before


def test_a_malformed_file_changes_nothing(store: Store, tmp_path: Path) -> None:
    cycle_id = _cycle(store)
    before = dump(store)
    good_kr = {"title": "Fine", "kind": "milestone", "unit": "milestone"}
    bad = {
        "objectives": [
            {"title": "First", "level": "team", "key_results": [good_kr]},
            {"title": "Second", "level": "team", "key_results": [{"kind": "increase"}]},
        ]
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ImportRefusedError, match="Objective 2, key result 1: title"):
        import_okr_json(store, path, cycle_id, today=TODAY)
    assert dump(store) == before

    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ImportRefusedError, match="not valid JSON"):
        import_okr_json(store, path, cycle_id)
    path.write_text('{"objectives": 3}', encoding="utf-8")
    with pytest.raises(ImportRefusedError, match="no list of objectives"):
        import_okr_json(store, path, cycle_id)
    with pytest.raises(ImportRefusedError, match="cannot be read"):
        import_okr_json(store, tmp_path / "missing.json", cycle_id)
    with pytest.raises(NotFoundError):
        import_okr_json(store, path, 999)
    assert dump(store) == before


def test_numbers_as_given_and_odd_cases(store: Store, tmp_path: Path) -> None:
    cycle_id = _cycle(store)
    krs = [
        {"title": "Up", "kind": "increase", "start": 10, "target": 20.5, "current": 15},
        {"title": "Wrong way", "kind": "increase", "start": 10, "target": 5},
        {"title": "Zero cap", "kind": "at_most", "start": None, "target": 0},
        {"title": "Half", "kind": "milestone", "current": 0.5},
        {"title": "Graded", "kind": "milestone", "score": 0.0},
    ]
    path = tmp_path / "odd.json"
    path.write_text(
        json.dumps({"objectives": [{"title": "O", "level": "x", "key_results": krs}]}),
        encoding="utf-8",
    )
    result = import_okr_json(store, path, cycle_id, today=TODAY)
    got = {k.title: k for k in store.key_results(cycle_id)}
    assert store.objectives(cycle_id)[0].level.value == "team"
    assert (got["Up"].start, got["Up"].target) == (Decimal(10), Decimal("20.5"))
    assert store.checkins(got["Up"].id or 0)[0].value == Decimal(15)
    assert got["Wrong way" + NEEDS_TARGET].kind is KRKind.MILESTONE
    assert (got["Zero cap"].start, got["Zero cap"].target) == (Decimal(1), Decimal(0))
    assert store.checkins(got["Half"].id or 0) == []
    [graded] = store.checkins(got["Graded"].id or 0)
    assert (graded.value, graded.note) == (Decimal(0), IMPORTED_GRADE)
    assert any("Wrong way" in p and "cannot be scored" in p for p in result.problems)
    assert any("0.5 is neither done" in p for p in result.problems)
