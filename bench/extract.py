"""Benchmark: our extractor against pdfplumber's own ``extract_words()`` on the same pages.

    uv run python bench/extract.py [PDF ...] [--repeat N] [--no-zoo]

For the sample corpus, the style zoo's bench sample (the real report rendered by reportlab,
WeasyPrint and fpdf2 in two styles) and the zoo's table layouts that read (LibreOffice Writer and
Calc exports, each read with its layout profile), or for the PDFs given, in one process: milliseconds per
page for ``extract_report`` (open, parse every page, build the measures) and for opening the
same PDF with pdfplumber and calling ``page.extract_words()`` on every page - the floor we
measure against - printed side by side per set. The two alternate, N runs each per file;
per-file medians are summed. The clock is this process's CPU time by default (the build
machines are shared; ``--wall`` for wall-clock). Goal: ratio <= 1.3 on every set.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber

from scorecard.extract import extract_report

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "reports"


def words_floor(pdf: Path) -> int:
    """pdfplumber's word extraction on every page (a fresh open, like the extractor's)."""
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            page.extract_words()
            page.close()
        return len(doc.pages)


PROFILES: dict[Path, Any] = {}
"""The layout profile of a PDF that is not in the default layout."""


def ours(pdf: Path) -> int:
    """The full extraction of one report."""
    return extract_report(pdf, PROFILES.get(pdf)).report.page_count


def median_seconds(
    pdfs: list[Path], repeat: int, clock: Callable[[], float]
) -> tuple[float, float, int]:
    """Total over the PDFs of the per-PDF median seconds, for the floor and for ours, and the
    page count. Floor and ours alternate on each PDF, so a busy machine slows both alike."""
    floor_total = ours_total = 0.0
    pages = 0
    for pdf in pdfs:
        floor_times: list[float] = []
        our_times: list[float] = []
        for _ in range(repeat):
            for run, times in ((words_floor, floor_times), (ours, our_times)):
                start = clock()
                count = run(pdf)
                times.append(clock() - start)
        floor_total += statistics.median(floor_times)
        ours_total += statistics.median(our_times)
        pages += count
    return floor_total, ours_total, pages


def zoo_sample() -> list[Path]:
    """The style zoo's bench sample PDFs (rendered once under .scorecard/zoo/bench)."""
    sys.path.insert(0, str(ROOT))
    from samples.zoo import bench_sample

    return bench_sample()


def layout_sample() -> list[Path]:
    """The zoo's committed office renderings that read, with their profiles noted."""
    sys.path.insert(0, str(ROOT))
    from samples.zoo.layout_check import COMMITTED, LayoutCase, committed
    from samples.zoo.layouts import EXACT

    paths = []
    for name in COMMITTED:
        case = LayoutCase.parse(name)
        if case.table.outcome == EXACT:
            path, _ = committed(case)
            PROFILES[path] = case.profile()
            paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Print ms/page for both, and the ratio, per set; exit 1 if a ratio is over the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--goal", type=float, default=1.3)
    parser.add_argument("--no-zoo", action="store_true", help="the sample corpus only")
    parser.add_argument(
        "--wall", action="store_true", help="wall-clock time instead of this process's CPU time"
    )
    args = parser.parse_args(argv)
    sets = {"given": args.pdfs} if args.pdfs else {"corpus": sorted(SAMPLES.glob("*.pdf"))}
    if not args.pdfs and not args.no_zoo:
        sets["zoo sample"] = zoo_sample()
        sets["layouts"] = layout_sample()
    if not all(sets.values()):
        print(f"no PDFs found in {SAMPLES}", file=sys.stderr)
        return 2
    first = next(iter(sets.values()))[0]
    ours(first)  # warm imports and caches for both
    words_floor(first)
    clock = time.perf_counter if args.wall else time.process_time
    kind = "wall-clock" if args.wall else "CPU"
    print(f"{kind} time, median of {args.repeat} runs per PDF, ms per page")
    print(
        f"{'set':<12} {'PDFs':>5} {'pages':>6} {'extract_words()':>16} {'extract_report()':>17} {'ratio':>6}"
    )
    ok = True
    for name, pdfs in sets.items():
        floor_s, ours_s, pages = median_seconds(pdfs, args.repeat, clock)
        ratio = ours_s / floor_s
        ok = ok and ratio <= args.goal
        print(
            f"{name:<12} {len(pdfs):>5} {pages:>6} {1000 * floor_s / pages:>16.1f}"
            f" {1000 * ours_s / pages:>17.1f} {ratio:>6.2f}"
        )
    print(f"goal: ratio <= {args.goal} on every set")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
