"""Shared fixtures: every test works on a temporary database, never the user's."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

# The date the app treats as today in tests, so that pace, staleness and snapshots
# do not change with the calendar.
TODAY = date(2026, 11, 18)

SIZE = (120, 36)
"""The terminal size of every snapshot test."""


@pytest.fixture(autouse=True)
def _no_user_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point the default locations at a temporary folder for every test."""
    monkeypatch.setenv("OKRTUI_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    yield


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    """A fresh sample-team database file, built for TODAY."""
    from okrtui.store.sample import build_sample

    path = tmp_path / "sample.db"
    build_sample(path, TODAY).close()
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """The path of a database that does not exist yet."""
    return tmp_path / "team.db"


@pytest.fixture
def make_app() -> Callable[..., object]:
    """Build the app the way the console script does, pinned to TODAY."""
    from okrtui.app import create_app

    def make(path: Path, **kwargs: object) -> object:
        return create_app(path, today=TODAY, **kwargs)  # type: ignore[arg-type]

    return make


async def no_blink(pilot: object) -> None:
    """Stop every input's cursor from blinking, so snapshots are stable."""
    from textual.widgets import Input

    app = pilot.app  # type: ignore[attr-defined]
    for screen in app.screen_stack:
        for widget in screen.query(Input):
            widget.cursor_blink = False
    await pilot.pause()  # type: ignore[attr-defined]
