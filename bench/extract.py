"""Benchmark: our extractor against pdfplumber's own ``extract_words()`` on the same pages.

    uv run python bench/extract.py [PDF ...] [--repeat N]

For the sample corpus (or the PDFs given), in one process: milliseconds per page for
``extract_report`` (open, parse every page, build the measures) and for opening the same PDF
with pdfplumber and calling ``page.extract_words()`` on every page - the floor we measure
against. The two alternate, N runs each per file; per-file medians are summed. The clock is
this process's CPU time by default (the build machines are shared; ``--wall`` for wall-clock).
Goal: ratio <= 1.3.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from scorecard.extract import extract_report

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "reports"


def words_floor(pdf: Path) -> int:
    """pdfplumber's word extraction on every page (a fresh open, like the extractor's)."""
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            page.extract_words()
            page.close()
        return len(doc.pages)


def ours(pdf: Path) -> int:
    """The full extraction of one report."""
    return extract_report(pdf).report.page_count


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


def main(argv: list[str] | None = None) -> int:
    """Print ms/page for both, and the ratio; exit 1 if the ratio is over the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--goal", type=float, default=1.3)
    parser.add_argument(
        "--wall", action="store_true", help="wall-clock time instead of this process's CPU time"
    )
    args = parser.parse_args(argv)
    pdfs = args.pdfs or sorted(SAMPLES.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs found in {SAMPLES}", file=sys.stderr)
        return 2
    ours(pdfs[0])  # warm imports and caches for both
    words_floor(pdfs[0])
    clock = time.perf_counter if args.wall else time.process_time
    floor_s, ours_s, pages = median_seconds(pdfs, args.repeat, clock)
    ratio = ours_s / floor_s
    kind = "wall-clock" if args.wall else "CPU"
    print(f"{len(pdfs)} PDFs, {pages} pages, {kind} time, median of {args.repeat} runs per PDF")
    print(f"pdfplumber extract_words(): {1000 * floor_s / pages:7.1f} ms/page")
    print(f"scorecard extract_report(): {1000 * ours_s / pages:7.1f} ms/page")
    print(f"ratio: {ratio:.2f} (goal <= {args.goal})")
    return 0 if ratio <= args.goal else 1


if __name__ == "__main__":
    sys.exit(main())
