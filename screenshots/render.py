"""Render the README's pictures from the sample team, with the app's own code.

Run from the repository root: `python screenshots/render.py`. Each picture is an SVG
taken from the real app, at a fixed terminal size and a fixed "today", so that the
pictures change only when the screens do.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from okrtui.app import create_app  # noqa: E402
from okrtui.store.sample import build_sample  # noqa: E402
from okrtui.widgets.okr_tree import NodeRef, OkrTree  # noqa: E402

TODAY = date(2026, 11, 18)
SIZE = (120, 36)

Steps = Callable[[Any], Awaitable[None]]


async def _still(pilot: Any) -> None:
    from textual.widgets import Input

    for screen in pilot.app.screen_stack:
        for widget in screen.query(Input):
            widget.cursor_blink = False
    await pilot.pause()


async def _on_kr(pilot: Any) -> None:
    app = pilot.app
    kr = next(k for k in app.store.key_results(app.cycle_id) if k.kind == "increase")
    app.screen.query_one(OkrTree).select_ref(NodeRef("key_result", kr.id))
    await pilot.pause()


async def tree(pilot: Any) -> None:
    await _on_kr(pilot)


async def check_in(pilot: Any) -> None:
    await _on_kr(pilot)
    await pilot.press("c", *"88.5", "tab", "tab", *"8", "tab", *"Two renewals closed")


async def bonus(pilot: Any) -> None:
    await pilot.press("b")
    await pilot.pause(0.3)
    await pilot.press("down", "down")


async def review(pilot: Any) -> None:
    await pilot.press("m", "down", "down", "r")


SHOTS: dict[str, Steps] = {
    "tree": tree,
    "check-in": check_in,
    "bonus": bonus,
    "review": review,
}


async def shoot(name: str, steps: Steps, folder: Path) -> Path:
    """Open the sample team, run `steps`, and save the screen as `<name>.svg`."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sample.db"
        build_sample(db, TODAY).close()
        app = create_app(db, today=TODAY, sample=True)
        app.sub_title = "sample team"
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await steps(pilot)
            await _still(pilot)
            target = folder / f"{name}.svg"
            target.write_text(app.export_screenshot(title=f"okrtui · {name}"))
    return target


async def main() -> None:
    """Render every picture into this folder."""
    for name, steps in SHOTS.items():
        print(await shoot(name, steps, HERE))


if __name__ == "__main__":
    asyncio.run(main())
