"""Time `okrtui bonus` on the sample team, cold and warm, in every output format.

Run from the repository root:

    .venv/bin/python -m benchmarks.bench_bonus_cli [--runs 7]

Cold: a fresh interpreter runs `okrtui bonus`, as a shell script would; the
baseline is a fresh interpreter that only runs `python -c pass`, measured in the
same run, so the difference is what okrtui adds. Warm: `okrtui.cli.main` called
again in this process (imports done), which is the work itself: open the store,
score the cycle, split the pool, write the text.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

FORMATS = ("table", "csv", "json", "markdown")


def _median_seconds(run: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(run, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print cold and warm timings of `okrtui bonus`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from okrtui.cli import main as okrtui_main
    from okrtui.store.sample import build_sample

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "sample.db"
        build_sample(db, date(2026, 11, 18)).close()
        base = [sys.executable, "-c", "pass"]
        cold = [sys.executable, "-m", "okrtui", "bonus", "--db", str(db)]
        bare = _median_seconds(base, args.runs)
        whole = _median_seconds(cold, args.runs)
        print(f"interpreter alone       {bare * 1000:8.1f} ms")
        added = (whole - bare) * 1000
        print(f"okrtui bonus (cold)     {whole * 1000:8.1f} ms  (+{added:.1f})")

        for fmt in FORMATS:
            argv = ["bonus", "--db", str(db), "--format", fmt]
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                with contextlib.redirect_stdout(io.StringIO()):
                    okrtui_main(argv)
                times.append(time.perf_counter() - start)
            warm = statistics.median(times)
            print(f"okrtui bonus --format {fmt:<9}(warm) {warm * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
