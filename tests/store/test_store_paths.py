"""Where the database lives: --db, then $OKRTUI_DB, then the user data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.paths import (
    DB_ENV_VAR,
    data_dir,
    default_db_path,
    resolve_db_path,
    sample_db_path,
)


def test_cli_value_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DB_ENV_VAR, str(tmp_path / "env.db"))
    assert resolve_db_path(str(tmp_path / "cli.db")) == tmp_path / "cli.db"


def test_environment_beats_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DB_ENV_VAR, str(tmp_path / "env.db"))
    assert resolve_db_path(None) == tmp_path / "env.db"
    assert resolve_db_path("  ") == tmp_path / "env.db"


def test_default_is_in_the_user_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DB_ENV_VAR, raising=False)
    monkeypatch.setenv(DB_ENV_VAR, "")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "okrtui"
    assert resolve_db_path(None) == default_db_path() == data_dir() / "okrtui.db"


def test_sample_has_its_own_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DB_ENV_VAR, raising=False)
    assert sample_db_path() == data_dir() / "sample.db"
    assert sample_db_path() != resolve_db_path(None)


def test_home_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_db_path("~/team.db") == tmp_path / "team.db"
    monkeypatch.setenv(DB_ENV_VAR, "~/env.db")
    assert resolve_db_path(None) == tmp_path / "env.db"
