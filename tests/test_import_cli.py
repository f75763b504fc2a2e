"""`okrtui import` on the real OKR sets, and its refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrtui.cli import main
from okrtui.store import Store
from okrtui.store.models import Cycle

REAL = Path(__file__).resolve().parent / "data" / "real-inputs"


@pytest.fixture
def team_db(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    store = Store.open(path)
    store.save_cycle(
        Cycle(
            name="FY20-Q4",
            first_day=date(2019, 11, 1),
            last_day=date(2020, 1, 31),
            status="active",
        )
    )
    store.close()
    return path


def _counts(path: Path) -> tuple[int, int]:
    store = Store.open(path)
    try:
        cycle = store.cycles()[0].id or 0
        return len(store.objectives(cycle)), len(store.key_results(cycle))
    finally:
        store.close()


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.glob("*.json")))
def test_every_real_set_imports(
    name: str, team_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["--db", str(team_db), "import", str(REAL / name), "--cycle", "FY20-Q4"]
    )
    out = capsys.readouterr().out
    assert code == 0
    objectives, krs = _counts(team_db)
    assert objectives > 0 and krs > 0
    assert f"imported {objectives} objective" in out


def test_dry_run_writes_nothing(
    team_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = REAL / "gitlab-customer-success-fy20q4.json"
    code = main(["--db", str(team_db), "import", str(file), "--dry-run"])
    assert code == 0
    assert "would import 8 objectives and 22 key results" in capsys.readouterr().out
    assert _counts(team_db) == (0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"objectives": [{"title": "x", "key_results": [{"kind": 5}]}]}', ""),
    ],
)
def test_bad_file_is_refused_and_writes_nothing(
    content: str,
    message: str,
    team_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    code = main(["--db", str(team_db), "import", str(bad)])
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("okrtui import: ") and err.count("\n") == 1
    assert message in err
    assert _counts(team_db) == (0, 0)


def test_unknown_cycle(team_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = REAL / "ourai-personal-2025q1.json"
    assert main(["--db", str(team_db), "import", str(file), "--cycle", "X"]) == 1
    assert "no cycle called “X”" in capsys.readouterr().err


def test_a_closed_cycle_takes_no_import(
    team_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(team_db)
    cycle = store.cycles()[0]
    store.save_cycle(cycle.model_copy(update={"status": type(cycle.status)("closed")}))
    store.close()
    file = REAL / "ourai-personal-2025q1.json"
    assert main(["--db", str(team_db), "import", str(file)]) == 1
    assert "is closed" in capsys.readouterr().err
    assert _counts(team_db) == (0, 0)
