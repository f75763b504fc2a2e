"""Exports of a bonus allocation: CSV safe in spreadsheets, Markdown, JSON."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from okrtui import export
from okrtui.bonus_service import (
    BonusSheet,
    sheet_from_allocation,
    sheet_from_json,
    sheet_to_json,
)
from okrtui.calc.bonus import BonusParams, MemberInput, Method, allocate
from okrtui.store.models import BonusPlan, Cycle, MemberPlanInput

FIRST, LAST = date(2026, 10, 1), date(2026, 12, 31)

NAMES = ["=SUM(A1)", "+1", "@x", "张伟", "-Anna", "\tTab", "Ola | Nordmann"]
"""Names a spreadsheet would run as formulas, CJK, and a Markdown pipe."""


def make_sheet(
    names: list[str] = NAMES, pool: str = "1000.00", currency: str = "CNY"
) -> BonusSheet:
    """A draft sheet over equal members, computed by the real calculation."""
    cycle = Cycle(id=1, name="2026-Q4", first_day=FIRST, last_day=LAST)
    plan = BonusPlan(
        id=1,
        cycle_id=1,
        currency=currency,
        base_pool=Decimal(pool),
        inputs={1: MemberPlanInput(recognition="promotion to senior")},
    )
    inputs = [
        MemberInput(
            member_id=i + 1,
            name=name,
            order=i,
            fte=Decimal(1),
            joined=None,
            left=None,
            okr_score=Fraction(4, 5),
        )
        for i, name in enumerate(names)
    ]
    params = BonusParams(Method.PERFORMANCE, currency, Decimal(pool))
    allocation = allocate(params, inputs, FIRST, LAST)
    okr = {m.member_id: m.okr_score for m in inputs}
    return sheet_from_allocation(
        allocation, plan, cycle, okr, computed_at="2026-11-18T10:00:00"
    )


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_neutralises_formulas_and_keeps_amounts() -> None:
    sheet = make_sheet()
    rows = read_csv(export.to_csv(sheet))
    members = rows[: len(NAMES)]
    assert [r["member"] for r in members] == [
        "'=SUM(A1)",
        "'+1",
        "'@x",
        "张伟",
        "'-Anna",
        "'\tTab",
        "Ola | Nordmann",
    ]
    amounts = [Decimal(r["amount"]) for r in members]
    assert amounts == [r.amount for r in sheet.rows]
    assert sum(amounts) == Decimal("1000.00")
    assert rows[-1]["member"] == "Total"
    assert Decimal(rows[-1]["amount"]) == sheet.pool
    for row in rows:
        for value in row.values():
            assert not value.startswith(export.FORMULA_STARTS)


def test_csv_says_draft_and_recognitions() -> None:
    rows = read_csv(export.to_csv(make_sheet()))
    assert {r["status"] for r in rows} == {"draft, not published"}
    assert rows[0]["recognitions"] == "promotion to senior"


def test_csv_undistributed_row_when_nobody_qualifies() -> None:
    cycle = Cycle(id=1, name="2026-Q4", first_day=FIRST, last_day=LAST)
    plan = BonusPlan(id=1, cycle_id=1, base_pool=Decimal("500.00"))
    inputs = [
        MemberInput(1, "A", 0, Decimal(1), None, None, Fraction(0)),
        MemberInput(2, "B", 1, Decimal(1), None, None, None),
    ]
    params = BonusParams(Method.PERFORMANCE, "CNY", Decimal("500.00"))
    allocation = allocate(params, inputs, FIRST, LAST)
    okr = {m.member_id: m.okr_score for m in inputs}
    sheet = sheet_from_allocation(allocation, plan, cycle, okr, computed_at="x")
    rows = read_csv(export.to_csv(sheet))
    assert [r["member"] for r in rows] == ["A", "B", "Undistributed", "Total"]
    assert Decimal(rows[2]["amount"]) == Decimal("500.00")
    assert rows[2]["note"]
    assert Decimal(rows[3]["amount"]) == Decimal("500.00")


def test_safe_cell_rule() -> None:
    assert export.safe_cell("=1+1") == "'=1+1"
    assert export.safe_cell("\rx") == "'\rx"
    assert export.safe_cell("333.34") == "333.34"
    assert export.safe_cell("Anna") == "Anna"


def test_markdown_has_table_total_and_escapes_pipes() -> None:
    sheet = make_sheet()
    text = export.to_markdown(sheet)
    assert text.startswith("# Bonus 2026-Q4: draft, not published")
    assert "| 张伟 |" in text
    assert "Ola \\| Nordmann" in text
    total = next(line for line in text.splitlines() if line.startswith("| **Total**"))
    assert "1,000.00" in total
    for row in sheet.rows:
        assert row.trace[0] in text


def test_json_round_trip_is_exact() -> None:
    sheet = make_sheet(pool="6.13")
    text = export.to_json(sheet)
    data = json.loads(text)
    assert data["rows"][0]["amount"] == str(sheet.rows[0].amount)
    assert isinstance(data["pool"], str)
    assert sheet_from_json(text) == sheet
    assert sheet_to_json(sheet_from_json(text)) == text


def test_json_refuses_other_documents() -> None:
    with pytest.raises(ValueError):
        sheet_from_json('{"rows": []}')
    with pytest.raises(ValueError):
        sheet_from_json("not json")


def test_write_files(tmp_path: Path) -> None:
    sheet = make_sheet()
    written = export.write_files(sheet, tmp_path / "out")
    assert [p.name for p in written] == [
        "bonus-2026-Q4-draft.csv",
        "bonus-2026-Q4-draft.md",
        "bonus-2026-Q4-draft.json",
    ]
    with written[0].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [Decimal(r["amount"]) for r in rows[: len(NAMES)]] == [
        r.amount for r in sheet.rows
    ]
    assert sheet_from_json(written[2].read_text(encoding="utf-8")) == sheet


def test_text_table_aligns_wide_names() -> None:
    from rich.cells import cell_len

    text = export.to_text(make_sheet(names=["张伟", "Anna"]))
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Member"))
    zhang, anna = lines[header + 2], lines[header + 3]
    # The score column starts at the same terminal column on both rows.
    assert cell_len(zhang[: zhang.index("0.80")]) == cell_len(
        anna[: anna.index("0.80")]
    )


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_written_files_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    # They hold pay, like the database (0600), whatever the umask says.
    sheet = make_sheet()
    folder = tmp_path / "out"
    folder.mkdir()
    stale = folder / "bonus-2026-Q4-draft.csv"
    stale.write_text("old", encoding="utf-8")
    stale.chmod(0o644)
    old = os.umask(0o022)
    try:
        written = export.write_files(sheet, folder)
        fresh = export.write_files(sheet, tmp_path / "new")
    finally:
        os.umask(old)
    for path in written + fresh:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert not stale.read_text(encoding="utf-8-sig").startswith("old")
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="POSIX symbolic links")
def test_write_files_does_not_follow_a_planted_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "bonus-2026-Q4-draft.csv").symlink_to(victim)
    with pytest.raises(OSError):
        export.write_files(make_sheet(), folder)
    assert victim.read_text(encoding="utf-8") == "keep"


def test_export_folder_under_a_file_is_refused_in_the_form(tmp_path: Path) -> None:
    from okrtui.dialogs.export_form import folder

    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="is a file"):
        folder(str(blocker / "sub"))
    assert folder(str(tmp_path / "new" / "sub")) == tmp_path / "new" / "sub"
