"""The CSV export opened by a real spreadsheet (LibreOffice), when one is installed.

The round trip CSV → xlsx → CSV must keep every amount, and a name that looks like a
formula must come back as text, not as the formula's result.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from okrtui.bonus_service import compute_sheet
from okrtui.export import to_csv
from okrtui.store import Store
from okrtui.store.models import Member
from tests.conftest import TODAY

SOFFICE = shutil.which("soffice")

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed")

# CSV options: comma, double quote, UTF-8.
OPTIONS = "44,34,76"


def _convert(source: Path, to: str, out: Path) -> Path:
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--headless",
            f"--infilter=CSV:{OPTIONS}",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out / (source.stem + "." + to.split(":")[0])


def test_csv_survives_a_spreadsheet(sample_db: Path, tmp_path: Path) -> None:
    store = Store.open(sample_db)
    try:
        store.save_member(
            Member(name="=1+1", role="@SUM(A1)", level="frontline", fte=Decimal(1))
        )
        cycle = store.current_cycle(TODAY)
        assert cycle is not None and cycle.id is not None
        sheet = compute_sheet(store, cycle, store.bonus_plan(cycle.id))
    finally:
        store.close()
    exported = tmp_path / "bonus.csv"
    exported.write_text(to_csv(sheet), encoding="utf-8-sig")

    book = _convert(exported, "xlsx", tmp_path / "xlsx")
    back = _convert(
        book, f"csv:Text - txt - csv (StarCalc):{OPTIONS}", tmp_path / "csv"
    )
    rows = list(csv.DictReader(back.read_text(encoding="utf-8-sig").splitlines()))

    amounts = {
        r["member"]: Decimal(r["amount"]) for r in rows if r["member"] != "Total"
    }
    expected = {r.name: r.amount for r in sheet.rows}
    assert {k.lstrip("'"): v for k, v in amounts.items()} == expected
    total = next(r for r in rows if r["member"] == "Total")
    assert Decimal(total["amount"]) == sum(expected.values())
    # The formula-looking name is text; "=1+1" evaluated would read "2".
    assert "'=1+1" in amounts or "=1+1" in amounts
    assert "2" not in amounts
