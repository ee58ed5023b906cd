"""Run the style zoo: render every case, extract it, print pass rates per producer and axis.

    uv run python -m samples.zoo [--out DIR] [--producer NAME] [--sample ci|bench]
                                 [--case PRODUCER:REPORT:STYLE ...]

Exit status 1 when any rendering extracts to different data (WRONG); refusals are counted and
listed but are not data errors.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from samples.zoo.check import EXACT, REFUSED, WRONG, Case, Outcome, check, matrix
from samples.zoo.sample import bench_cases, ci_sample
from samples.zoo.styles import AXES

DEFAULT_OUT = Path(__file__).resolve().parents[2] / ".scorecard" / "zoo"


def table(title: str, groups: dict[str, Counter[str]]) -> list[str]:
    """Rows "name  exact/total  refused  WRONG" for each group."""
    lines = [f"{title:<34} {'exact':>9} {'rate':>7} {'refused':>8} {'WRONG':>6}"]
    for name, counts in groups.items():
        total = sum(counts.values())
        rate = 100 * counts[EXACT] / total
        lines.append(
            f"{name:<34} {counts[EXACT]:>4}/{total:<4} {rate:>6.1f}% {counts[REFUSED]:>8}"
            f" {counts[WRONG]:>6}"
        )
    return lines


def summary(outcomes: list[Outcome]) -> list[str]:
    """Pass rates per producer and per style axis value (cases showing that value)."""
    by_producer: dict[str, Counter[str]] = defaultdict(Counter)
    by_axis: dict[str, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        by_producer[o.case.producer][o.kind] += 1
        varied = o.case.style.varied()
        for axis in AXES:
            if axis in varied:
                by_axis[f"{axis}={varied[axis]}"][o.kind] += 1
        if not varied:
            by_axis[f"base ({o.case.report} report)"][o.kind] += 1
    ordered = {k: by_axis[k] for k in sorted(by_axis, key=lambda k: (not k.startswith("base"), k))}
    total: Counter[str] = sum(by_producer.values(), Counter())
    return [*table("producer", {**by_producer, "all": total}), "", *table("style axis", ordered)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--producer", action="append")
    parser.add_argument("--case", action="append", help="one case, e.g. reportlab:mini:base")
    parser.add_argument("--sample", choices=("ci", "bench"), help="only the CI or bench sample")
    args = parser.parse_args(argv)
    samples = {"ci": ci_sample, "bench": bench_cases}
    if args.case:
        cases = [Case.parse(c) for c in args.case]
    else:
        cases = samples[args.sample]() if args.sample else matrix()
    if args.producer:
        cases = [c for c in cases if c.producer in args.producer]
    outcomes = []
    for case in cases:
        outcome = check(case, args.out)
        outcomes.append(outcome)
        if outcome.kind != EXACT:
            print(
                f"{outcome.kind:<7} {case.name}\n        {outcome.path}\n        {outcome.detail}"
            )
    print()
    print("\n".join(summary(outcomes)))
    return 1 if any(o.kind == WRONG for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
