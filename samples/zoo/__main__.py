"""Run the style zoo: render every case, extract it, print pass rates per producer and axis,
then the table layouts per producer and per layout.

    uv run python -m samples.zoo [--out DIR] [--producer NAME] [--sample ci|bench]
                                 [--case PRODUCER:REPORT:STYLE ...] [--layouts-only | --no-layouts]
    uv run python -m samples.zoo --write-rendered   # the office renderings the tests read

Exit status 1 when any rendering extracts to different data (WRONG); refusals are counted and
listed but are not data errors (for a layout with a column or word its profile does not
declare, the refusal is the right answer). Without LibreOffice the office producers are skipped
with a note.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from samples.zoo import layout_check
from samples.zoo.check import EXACT, REFUSED, WRONG, Case, Outcome, check, matrix
from samples.zoo.layouts import LAYOUTS
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
    parser.add_argument("--layouts-only", action="store_true", help="only the table layouts")
    parser.add_argument("--no-layouts", action="store_true", help="only the styles")
    parser.add_argument("--write-rendered", action="store_true", help=layout_check.__doc__)
    args = parser.parse_args(argv)
    if args.write_rendered:
        for path in layout_check.write_committed():
            print(path)
        return 0
    wrong = False
    if not args.layouts_only:
        wrong = styles(args)
    if not args.no_layouts and not args.case and not args.sample:
        wrong = layouts(args) or wrong
    return 1 if wrong else 0


def layouts(args: argparse.Namespace) -> bool:
    """The table layouts per producer: print outcomes and the two tables; True if any WRONG."""
    from samples.zoo.office import NoLibreOffice, soffice

    producers = list(layout_check.LAYOUT_PRODUCERS)
    try:
        soffice()
    except NoLibreOffice as missing:
        print(f"skipped lo-writer and lo-calc: {missing}")
        producers = ["weasyprint"]
    outcomes = []
    for case in layout_check.matrix():
        if case.producer not in producers or (args.producer and case.producer not in args.producer):
            continue
        outcome = layout_check.check(case, args.out / "layouts")
        outcomes.append(outcome)
        expected = LAYOUTS[case.layout].outcome
        if outcome.kind != expected:
            print(f"{outcome.kind:<7} {case.name} (expected {expected})\n        {outcome.path}")
            print(f"        {outcome.detail}")
    by_producer: dict[str, Counter[str]] = defaultdict(Counter)
    by_layout: dict[str, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        by_producer[o.case.producer][o.kind] += 1
        by_layout[f"{o.case.layout} ({LAYOUTS[o.case.layout].outcome})"][o.kind] += 1
    print()
    print("\n".join([*table("layouts: producer", dict(by_producer)), ""]))
    print("\n".join(table("layout (right answer)", dict(by_layout))))
    return any(o.kind == WRONG for o in outcomes)


def styles(args: argparse.Namespace) -> bool:
    """The style matrix (or the cases asked for); True if any WRONG."""
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
    return any(o.kind == WRONG for o in outcomes)


if __name__ == "__main__":
    sys.exit(main())
