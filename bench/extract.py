"""Benchmark: our extractor against pdfplumber's own ``extract_words()`` on the same pages.

    uv run python bench/extract.py [PDF ...] [--repeat N]

For the sample corpus (or the PDFs given), in one process: milliseconds per page for
``extract_report`` (open, parse every page, build the measures) and for opening the same PDF
with pdfplumber and calling ``page.extract_words()`` on every page - the floor we measure
against. Each is run N times per file; the median is reported. Goal: ratio <= 1.3.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
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


def median_seconds(pdfs: list[Path], repeat: int) -> tuple[float, float, int]:
    """Median total seconds for all PDFs, floor then ours, rounds interleaved so that a busy
    machine slows both alike; and the page count."""
    floor_times: list[float] = []
    our_times: list[float] = []
    pages = 0
    for _ in range(repeat):
        for run, times in ((words_floor, floor_times), (ours, our_times)):
            start = time.perf_counter()
            pages = sum(run(pdf) for pdf in pdfs)
            times.append(time.perf_counter() - start)
    return statistics.median(floor_times), statistics.median(our_times), pages


def main(argv: list[str] | None = None) -> int:
    """Print ms/page for both, and the ratio; exit 1 if the ratio is over the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--goal", type=float, default=1.3)
    args = parser.parse_args(argv)
    pdfs = args.pdfs or sorted(SAMPLES.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs found in {SAMPLES}", file=sys.stderr)
        return 2
    ours(pdfs[0])  # warm imports and caches for both
    words_floor(pdfs[0])
    floor_s, ours_s, pages = median_seconds(pdfs, args.repeat)
    ratio = ours_s / floor_s
    print(f"{len(pdfs)} PDFs, {pages} pages, median of {args.repeat} rounds")
    print(f"pdfplumber extract_words(): {1000 * floor_s / pages:7.1f} ms/page")
    print(f"scorecard extract_report(): {1000 * ours_s / pages:7.1f} ms/page")
    print(f"ratio: {ratio:.2f} (goal <= {args.goal})")
    return 0 if ratio <= args.goal else 1


if __name__ == "__main__":
    sys.exit(main())
