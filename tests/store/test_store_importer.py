"""Importing the real OKR sets: all of each file, or nothing."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

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


def _write(tmp_path: Path, krs: list[dict[str, Any]], title: str = "O") -> Path:
    path = tmp_path / "okrs.json"
    data = {"objectives": [{"title": title, "level": "team", "key_results": krs}]}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_deeply_nested_file_is_refused_with_a_sentence(
    store: Store, tmp_path: Path
) -> None:
    cycle_id = _cycle(store)
    before = dump(store)
    path = tmp_path / "deep.json"
    for text in (
        "[" * 100_000 + "]" * 100_000,
        '{"objectives": [{"title": "O", "key_results": ' + "[" * 100_000,
    ):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ImportRefusedError) as caught:
            plan_import(store, path, cycle_id)
        assert str(caught.value) == "deep.json is nested too deeply to be an OKR file."
        with pytest.raises(ImportRefusedError):
            import_okr_json(store, path, cycle_id)
    assert dump(store) == before


def test_importing_a_file_twice_lists_the_objectives_already_there(
    store: Store,
) -> None:
    cycle_id = _cycle(store, "2026-Q4")
    path = REAL_INPUTS / "sourcegraph-support-fy22q4.json"
    first = import_okr_json(store, path, cycle_id, today=TODAY)
    assert first.problems == ()
    plan = plan_import(store, path, cycle_id, today=TODAY)
    title = store.objectives(cycle_id)[0].title
    assert plan.problems == [
        f"“{title[:59]}…” is already in 2026-Q4: importing adds it a second time."
    ]
    # It is still imported: the person decides from the dry run or the preview.
    second = import_okr_json(store, path, cycle_id, today=TODAY)
    assert second.problems == tuple(plan.problems)
    assert [o.title for o in store.objectives(cycle_id)] == [title, title]


def test_an_objective_already_there_is_found_in_any_case(
    store: Store, tmp_path: Path
) -> None:
    cycle_id = _cycle(store, "2026-Q4")
    store.save_objective(Objective(cycle_id=cycle_id, title="Happy  Customers"))
    path = _write(tmp_path, [], title=" happy customers ")
    [problem] = plan_import(store, path, cycle_id).problems
    assert problem == (
        "“happy customers” is already in 2026-Q4: importing adds it a second time."
    )
    other = _cycle(store, "2027-Q1")
    assert plan_import(store, path, other).problems == []


@pytest.mark.parametrize("score", [-0.25, 1.6, 110])
def test_a_published_score_out_of_range_is_listed_and_ignored(
    store: Store, tmp_path: Path, score: float
) -> None:
    cycle_id = _cycle(store)
    path = _write(tmp_path, [{"title": "Ship it", "kind": "milestone", "score": score}])
    result = import_okr_json(store, path, cycle_id, today=TODAY)
    assert result.problems == (
        f"“Ship it”: its published score {score} is not a grade from 0 to 1.5; "
        "it was ignored.",
    )
    [kr] = store.key_results(cycle_id)
    assert store.checkins(kr.id or 0) == []


@pytest.mark.parametrize("score", ["1e999", "NaN", "0.00000000000001"])
def test_a_published_score_not_to_be_read_is_listed_and_ignored(
    store: Store, tmp_path: Path, score: str
) -> None:
    cycle_id = _cycle(store)
    path = tmp_path / "okrs.json"
    path.write_text(
        '{"objectives": [{"title": "O", "key_results": '
        f'[{{"title": "Ship it", "kind": "milestone", "score": {score}}}]}}]}}',
        encoding="utf-8",
    )
    result = import_okr_json(store, path, cycle_id, today=TODAY)
    assert result.problems == (
        "“Ship it”: its published score is not a grade from 0 to 1.5; it was ignored.",
    )


def test_published_scores_up_to_one_and_a_half_are_kept(
    store: Store, tmp_path: Path
) -> None:
    cycle_id = _cycle(store)
    krs = [
        {"title": "Done", "kind": "milestone", "score": 1.0},
        {"title": "Over", "kind": "milestone", "score": 1.5},
    ]
    result = import_okr_json(store, _write(tmp_path, krs), cycle_id, today=TODAY)
    assert not any("not a grade" in p for p in result.problems)


def test_start_equal_to_target_says_so(store: Store, tmp_path: Path) -> None:
    cycle_id = _cycle(store)
    krs = [{"title": "Flat", "kind": "increase", "start": 5, "target": 5}]
    result = import_okr_json(store, _write(tmp_path, krs), cycle_id, today=TODAY)
    assert result.problems == (
        "“Flat”: start and target are both 5; nothing to measure: imported as a "
        "milestone marked “(needs target)”; enter its start and target to score it.",
    )
    assert not any("no target" in p for p in result.problems)
    [kr] = store.key_results(cycle_id)
    assert (kr.title, kr.kind) == ("Flat" + NEEDS_TARGET, KRKind.MILESTONE)


def test_a_key_result_the_wrong_way_round_says_what_it_was(
    store: Store, tmp_path: Path
) -> None:
    cycle_id = _cycle(store)
    krs = [{"title": "Down", "kind": "increase", "start": 10, "target": 5}]
    result = import_okr_json(store, _write(tmp_path, krs), cycle_id, today=TODAY)
    assert result.problems == (
        "“Down” cannot be scored as given (increase from 10 to 5): imported as a "
        "milestone marked “(needs target)”; enter its start and target to score it.",
    )


def test_long_titles_and_units_are_shortened_and_listed(
    store: Store, tmp_path: Path
) -> None:
    cycle_id = _cycle(store)
    krs = [
        {"title": "K" * 400, "kind": "milestone"},
        {"title": "U", "kind": "at_least", "target": 3, "unit": "u" * 70},
    ]
    result = import_okr_json(
        store, _write(tmp_path, krs, title="O" * 100_000), cycle_id, today=TODAY
    )
    [objective] = store.objectives(cycle_id)
    assert objective.title == "O" * 299 + "…"
    # Imported again, it is found as the same objective, though shortened.
    again = plan_import(store, tmp_path / "okrs.json", cycle_id, today=TODAY)
    assert again.problems[0] == (
        f"“{'O' * 59}…” is already in Imported: importing adds it a second time."
    )
    by_position = store.key_results(cycle_id)
    assert by_position[0].title == "K" * 299 + "…"
    assert by_position[1].unit == "u" * 59 + "…"
    assert result.problems == (
        f"“{'O' * 59}…” is longer than 300 characters; its title was shortened to fit.",
        f"“{'K' * 59}…” is longer than 300 characters; its title was shortened to fit.",
        f"“U”: its unit is longer than 60 characters; it was shortened to "
        f"“{'u' * 59}…”.",
    )


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("1e999", "Objective 1, key result 1: target is too large"),
        ("1" + "0" * 5000, "Objective 1, key result 1: target is too large"),
        ("0.00000000000001", "Objective 1, key result 1: target has more than 12"),
        ("NaN", "Objective 1, key result 1: target must be a finite number."),
        (
            "[[[1]]]",
            "Objective 1, key result 1: target must be a number or null, not a list.",
        ),
    ],
    ids=["1e999", "5001 digits", "too fine", "NaN", "a list"],
)
def test_numbers_out_of_range_refuse_the_file(
    store: Store, tmp_path: Path, raw: str, text: str
) -> None:
    cycle_id = _cycle(store)
    before = dump(store)
    path = tmp_path / "big.json"
    path.write_text(
        '{"objectives": [{"title": "O", "key_results": '
        f'[{{"title": "K", "kind": "at_least", "target": {raw}}}]}}]}}',
        encoding="utf-8",
    )
    with pytest.raises(ImportRefusedError) as caught:
        import_okr_json(store, path, cycle_id)
    assert str(caught.value).startswith(text)
    assert dump(store) == before
