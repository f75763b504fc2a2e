"""Time okrtui's start-up on the sample team against a bare Textual app.

Run from the repository root:

    .venv/bin/python -m benchmarks.bench_startup [--runs 7]

Each run starts a fresh interpreter that builds the app, runs it headless until the
first screen is shown, and exits. The baseline is the same for an empty Textual app,
measured in the same run, so the ratio says what okrtui adds to Textual's own start.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import asyncio
from textual.app import App
from textual.widgets import Footer, Header

class Bare(App[None]):
    def compose(self):
        yield Header()
        yield Footer()

async def main():
    async with Bare().run_test(size=(120, 36)) as pilot:
        await pilot.pause()

asyncio.run(main())
"""

OKRTUI = """
import asyncio, sys
from datetime import date
from okrtui.app import create_app

async def main():
    app = create_app(sys.argv[1], sample=True, today=date(2026, 11, 18))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()

asyncio.run(main())
"""


def timed(code: str, *args: str) -> float:
    """Seconds one fresh interpreter takes to run `code`."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True)
    return time.perf_counter() - start


def main() -> None:
    """Print the median start-up of both apps and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "sample.db")
        timed(OKRTUI, db)  # builds the sample file, and warms the disk cache
        timed(BARE)
        bare = [timed(BARE) for _ in range(args.runs)]
        okr = [timed(OKRTUI, db) for _ in range(args.runs)]
    b, o = statistics.median(bare), statistics.median(okr)
    print(f"bare Textual app   median {b * 1000:7.1f} ms")
    print(f"okrtui sample team median {o * 1000:7.1f} ms   ratio {o / b:.2f}")


if __name__ == "__main__":
    main()
