"""Time `allocate()` for 10,000 members with each method.

Run from the repository root:

    .venv/bin/python -m benchmarks.bench_allocate [--members 10000] [--runs 5]

Prints the median of several runs per method, and its ratio to two baselines
measured in the same run, so the numbers compare across machines: summing the
members' weights as plain `Fraction`s, and `allocate()` for 100 members (scaled
to the same number of members, so a ratio near 1 means linear growth).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from okrtui.calc import (
    BonusParams,
    Dimension,
    MemberInput,
    Method,
    Tier,
    allocate,
)

FIRST = date(2026, 10, 1)
LAST = date(2026, 12, 31)


def team(size: int, seed: int = 7) -> list[MemberInput]:
    """A team with the variety a real one has, at any size.

    Scores are weighted means of key-result progress, so their denominators vary
    (thirds, sevenths, hundredths); some members are part-time, joined late or
    left early, have no score, or carry a cap.
    """
    rng = random.Random(seed)
    members = []
    for i in range(size):
        denominator = rng.choice([4, 10, 100, 3, 7, 12, 30])
        score = (
            None
            if rng.random() < 0.03
            else Fraction(rng.randint(0, denominator), denominator)
        )
        joined = left = None
        if rng.random() < 0.1:
            joined = FIRST + timedelta(days=rng.randint(0, 60))
        elif rng.random() < 0.05:
            left = LAST - timedelta(days=rng.randint(0, 60))
        cap = Decimal(rng.randint(50, 400)) if rng.random() < 0.2 else None
        members.append(
            MemberInput(
                member_id=i + 1,
                name=f"Member {i + 1}",
                order=i + 1,
                fte=rng.choice(
                    [Decimal(1), Decimal(1), Decimal("0.8"), Decimal("0.5")]
                ),
                joined=joined,
                left=left,
                okr_score=score,
                points=Decimal(rng.randint(0, 100)),
                dimensions={
                    "workload": Decimal(rng.randint(20, 160)),
                    **(
                        {"satisfaction": Decimal(rng.randint(1, 50)) / 10}
                        if rng.random() < 0.9
                        else {}
                    ),
                },
                cap_amount=cap,
            )
        )
    return members


def plan(method: Method, size: int) -> BonusParams:
    """Bonus parameters scaled with the team: about 150.00 per member."""
    return BonusParams(
        method=method,
        currency="USD",
        base_pool=Decimal(150 * size) + Decimal("0.37"),
        tiers=(
            Tier(Fraction(7, 10), Decimal(1)),
            Tier(Fraction(9, 10), Decimal("1.5")),
        ),
        dimensions=(
            Dimension("workload", "Workload", Decimal(30), "target", Decimal(100)),
            Dimension("satisfaction", "Satisfaction", Decimal(40), "max"),
            Dimension("okr", "OKR score", Decimal(30), "target", Decimal(1)),
        ),
    )


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """The median wall time of `runs` calls of `work`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    size, runs = args.members, args.runs
    small = 100

    big_team = team(size)
    small_team = team(small)
    weights = [m.okr_score or Fraction(0) for m in big_team]
    fraction_sum = median_seconds(lambda: sum(weights, Fraction(0)), runs)

    print(f"allocate() for {size:,} members, median of {runs} runs")
    print(f"baseline: sum of {size:,} Fractions: {fraction_sum * 1000:.1f} ms")
    print()
    header = f"{'method':<14}{'time':>10}{'per member':>13}{'× Fraction sum':>16}"
    print(header + f"{f'× {small} members':>18}")
    for method in Method:
        big = median_seconds(
            lambda m=method: allocate(plan(m, size), big_team, FIRST, LAST), runs
        )
        little = median_seconds(
            lambda m=method: allocate(plan(m, small), small_team, FIRST, LAST), runs * 4
        )
        linear = little * size / small
        print(
            f"{method.value:<14}{big * 1000:>8.0f} ms{big / size * 1e6:>10.1f} µs"
            f"{big / fraction_sum:>16.1f}{big / linear:>18.2f}"
        )


if __name__ == "__main__":
    main()
