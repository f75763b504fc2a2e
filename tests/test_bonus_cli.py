"""`okrtui bonus` on the command line: the same amounts as the screen, to the cent."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from okrtui import bonus_service as service
from okrtui.cli import main
from okrtui.store import Store

CYCLE = "2026-Q4"


def glue_amounts(db: Path) -> dict[str, Decimal]:
    """The amounts the bonus screen shows, by member name, from the shared glue."""
    with Store.open(db) as store:
        cycle = next(c for c in store.cycles() if c.name == CYCLE)
        plan = store.bonus_plan(cycle.id or 0)
        assert plan is not None
        sheet = service.compute_sheet(store, cycle, plan)
    return {row.name: row.amount for row in sheet.rows}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_csv_agrees_with_the_screen(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys, "bonus", "--db", str(sample_db), "--cycle", CYCLE, "--format", "csv"
    )
    assert status == 0 and err == ""
    # Written to a file (not a terminal), the CSV starts with a byte-order mark.
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    members = {r["member"]: Decimal(r["amount"]) for r in rows[:-1]}
    assert members == glue_amounts(sample_db)
    assert rows[-1]["member"] == "Total"
    assert Decimal(rows[-1]["amount"]) == sum(members.values()) == Decimal("120000.00")


def test_json_agrees_with_the_screen(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --db before the subcommand works as well as after it.
    status, out, _ = run(
        capsys, "--db", str(sample_db), "bonus", "--cycle", CYCLE, "--format", "json"
    )
    assert status == 0
    sheet = service.sheet_from_json(out)
    assert sheet.status == "draft"
    assert {r.name: r.amount for r in sheet.rows} == glue_amounts(sample_db)
    assert json.loads(out)["pool"] == "120000.00"


def test_table_agrees_with_the_screen(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "bonus", "--db", str(sample_db), "--cycle", CYCLE)
    assert status == 0
    assert "draft, not published" in out
    for name, amount in glue_amounts(sample_db).items():
        line = next(line for line in out.splitlines() if line.startswith(name))
        assert service.amount_text(amount, "CNY") in line
    total = next(line for line in out.splitlines() if line.startswith("Total"))
    assert "120,000.00" in total


def test_markdown(sample_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "bonus",
        "--db",
        str(sample_db),
        "--cycle",
        CYCLE,
        "--format",
        "markdown",
    )
    assert status == 0
    assert out.startswith(f"# Bonus {CYCLE}: draft, not published")
    assert "| 张伟 |" in out


def test_overrides_apply_to_this_run_only(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = glue_amounts(sample_db)
    status, out, _ = run(
        capsys,
        "bonus",
        "--db",
        str(sample_db),
        "--cycle",
        CYCLE,
        "--format",
        "json",
        "--pool",
        "1,000",
        "--currency",
        "jpy",
        "--method",
        "contribution",
    )
    assert status == 0
    data = json.loads(out)
    assert (data["currency"], data["pool"], data["method"]) == (
        "JPY",
        "1000",
        "contribution",
    )
    assert sum(Decimal(r["amount"]) for r in data["rows"]) == Decimal(1000)
    assert glue_amounts(sample_db) == before


def test_published_versions(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(sample_db) as store:
        cycle = next(c for c in store.cycles() if c.name == CYCLE)
        plan = store.bonus_plan(cycle.id or 0)
        assert plan is not None
        published = service.publish(store, cycle, plan)
    base = ("bonus", "--db", str(sample_db), "--cycle", CYCLE, "--format", "json")
    status, out, _ = run(capsys, *base, "--published", "latest")
    assert status == 0
    assert service.sheet_from_json(out) == published
    status, out, _ = run(capsys, *base, "--published", "1")
    assert status == 0 and service.sheet_from_json(out) == published
    # After publishing there is no draft: the latest published version is shown.
    status, out, err = run(capsys, *base)
    assert (status, err) == (0, "")
    assert service.sheet_from_json(out) == published
    table = ("bonus", "--db", str(sample_db), "--cycle", CYCLE)
    status, out, err = run(capsys, *table)
    assert (status, err) == (0, "")
    assert out.startswith(
        f"Bonus {CYCLE}: {published.status_text()} (the latest version; no draft)\n"
    )
    status, out, _ = run(capsys, *table, "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert {r["status"] for r in rows} == {published.status_text()}
    # Trying other values needs a draft.
    status, out, err = run(capsys, *table, "--pool", "5")
    assert status == 1 and out == "" and err.count("\n") == 1
    assert "no draft" in err and "never changes" in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--cycle", "1999-Q1"), "no cycle called"),
        (("--pool", "12,34.5x"), "not an amount"),
        (("--pool", "-5"), "negative"),
        (("--pool", "10.005"), "decimals"),
        (("--pool", "123456789012345678901234567"), "too large"),
        (("--pool", "1,000,000,000,000,000"), "too large"),
        (("--pool", "1e999"), "not an amount"),
        (("--currency", "XXX"), "not a currency"),
        (("--format", "xlsx"), "unknown format"),
        (("--method", "lottery"), "unknown method"),
        (("--published", "7"), "no published"),
        (("--published", "latest", "--pool", "5"), "never changes"),
    ],
)
def test_bad_input_is_one_line_on_stderr(
    sample_db: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    says: str,
) -> None:
    status, out, err = run(capsys, "bonus", "--db", str(sample_db), *args)
    assert status != 0
    assert out == ""
    assert err.startswith("okrtui bonus: ") and err.count("\n") == 1
    assert says in err


def test_no_plan_and_no_database(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(sample_db) as store:
        cycle = next(c for c in store.cycles() if c.name == CYCLE)
        plan = store.bonus_plan(cycle.id or 0)
        assert plan is not None and plan.id is not None
        store.discard_draft(plan.id)
    status, _, err = run(capsys, "bonus", "--db", str(sample_db), "--cycle", CYCLE)
    assert status == 1 and "no draft bonus plan" in err and err.count("\n") == 1
    missing = tmp_path / "nowhere.db"
    status, _, err = run(capsys, "bonus", "--db", str(missing))
    assert status == 1 and "no database" in err
    assert not missing.exists()


SAMPLE_OKRS = {
    "objectives": [
        {
            "title": "Faster answers",
            "key_results": [
                {"title": "First reply", "kind": "decrease", "start": 8, "target": 4}
            ],
        }
    ]
}


@pytest.mark.parametrize(
    "argv",
    [
        ("--sample", "bonus", "--format", "json"),
        ("bonus", "--sample", "--format", "json"),
        ("--today", "2026-11-18", "bonus", "--format", "json", "--sample"),
    ],
)
def test_sample_selects_the_sample_team(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    from okrtui.paths import resolve_db_path, sample_db_path

    sample = sample_db_path()
    assert not sample.exists()
    status, out, err = run(capsys, *argv)
    assert (status, err) == (0, "")
    # Built as the app builds it, in its own file; the real database is untouched.
    assert sample.exists()
    assert not resolve_db_path(None).exists()
    names = {row.name for row in service.sheet_from_json(out).rows}
    assert {"张伟", "Anna Berg"} <= names
    # Run again: the sample is opened, not built afresh.
    status, again, _ = run(capsys, *argv)
    assert status == 0
    assert {r.name for r in service.sheet_from_json(again).rows} == names


def test_db_wins_over_sample(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from okrtui.paths import sample_db_path

    status, out, _ = run(
        capsys, "--sample", "bonus", "--db", str(sample_db), "--format", "json"
    )
    assert status == 0 and service.sheet_from_json(out).rows
    assert not sample_db_path().exists()


@pytest.mark.parametrize("where", ["before", "after"])
def test_import_with_sample(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from okrtui.paths import sample_db_path

    file = tmp_path / "okrs.json"
    file.write_text(json.dumps(SAMPLE_OKRS), encoding="utf-8")
    argv = ["import", str(file), "--dry-run", "--cycle", CYCLE]
    argv = ["--sample", *argv] if where == "before" else [*argv, "--sample"]
    # The sample is built around today; this day makes its quarter 2026-Q4.
    status, out, err = run(capsys, "--today", "2026-11-18", *argv)
    assert (status, err) == (0, "")
    assert f"would import 1 objective and 1 key result into {CYCLE}" in out
    assert sample_db_path().exists()


def test_messages_quote_names_one_way(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "okrs.json"
    file.write_text(json.dumps(SAMPLE_OKRS), encoding="utf-8")
    db = ("--db", str(sample_db))
    runs = [
        ("bonus", *db, "--cycle", "NOPE"),
        ("import", str(file), *db, "--cycle", "NOPE", "--dry-run"),
    ]
    for argv in runs:
        status, _, err = run(capsys, *argv)
        assert status == 1 and err.count("\n") == 1, argv
        assert "no cycle called “NOPE” (cycles: 2026-Q4" in err, err
        assert "'" not in err, err
    with pytest.raises(SystemExit):
        main(["--today", "2026-13-01", "bonus", *db])
    assert "“2026-13-01” is not a date" in capsys.readouterr().err
    # Cycle names match whatever the case, in both commands.
    status, out, _ = run(capsys, "import", str(file), *db, "--cycle", "2026-q4")
    assert status == 0 and "into 2026-Q4" in out
    status, _, _ = run(capsys, "bonus", *db, "--cycle", "2026-q4")
    assert status == 0


def test_reset_sample_never_deletes_the_db_file(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from okrtui.paths import sample_db_path

    argv = ("--sample", "--reset-sample", "--db", str(sample_db), "bonus")
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == "" and "never deletes" in err
    assert sample_db.exists()
    # The app refuses it too, before it starts.
    status, _, err = run(capsys, "--sample", "--reset-sample", "--db", str(sample_db))
    assert status == 2 and "never deletes" in err and sample_db.exists()
    # The sample's own file is rebuilt: a change made to it is gone.
    run(capsys, "--sample", "bonus")
    with Store.open(sample_db_path()) as store:
        member = store.members()[0]
        store.save_member(member.model_copy(update={"name": "Changed"}))
    status, _, _ = run(capsys, "--sample", "--reset-sample", "bonus")
    assert status == 0
    with Store.open(sample_db_path()) as store:
        assert "Changed" not in {m.name for m in store.members()}
