"""Benchmark of the scorecard site: ``uv run python bench/site.py`` (after ``make run``).

In one process, against the marts of the configured warehouse (read as the BI reader):

1. reading every mart row the site draws on (:func:`scorecard.site.data.read_site_data`),
   the baseline: the least any site over these marts must spend;
2. building the whole site from those rows into a temporary folder, the first time (chart
   specs written with Altair and compiled to Vega once) and again (drawing only);
3. the ratio of each build to the read, the time per chart, and the CPU time of a build (all
   threads of the process: on a shared machine, closer to what an idle one would take).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from scorecard import warehouse as wh
from scorecard.settings import get_settings
from scorecard.site.build import write_site
from scorecard.site.data import read_site_data

ROUNDS = 3


def main() -> None:
    settings = get_settings()
    wh.ensure_running(settings)
    read_site_data(settings)  # connection and plans warm
    reads = []
    for _ in range(5):
        started = time.perf_counter()
        data = read_site_data(settings)
        reads.append(time.perf_counter() - started)
    read = statistics.median(reads)
    builds, cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(ROUNDS):
            started = time.process_time()
            result = write_site(data, Path(tmp) / f"site{round_}")
            builds.append(result.seconds)
            cpu.append(time.process_time() - started)
        charts = sum(1 for _ in Path(tmp, "site0").rglob("*.html"))
        svgs = sum(p.read_text().count("<svg") for p in Path(tmp, "site0").rglob("*.html"))
    again = statistics.median(builds[1:])
    print(
        f"marts: {len(data.facts)} measure-quarters, {len(data.measures)} measures, "
        f"{len(data.quarters)} quarters; site: {charts} pages, {svgs} charts"
    )
    print(f"read the marts as the BI reader (median of 5): {read * 1000:8.1f} ms   1.0x")
    print(
        f"build the site, first in the process:          {builds[0] * 1000:8.1f} ms "
        f"{builds[0] / read:6.1f}x"
    )
    print(
        f"build the site again (median of {ROUNDS - 1}):           {again * 1000:8.1f} ms "
        f"{again / read:6.1f}x   ({again / svgs * 1000:.0f} ms per chart)"
    )
    print(
        f"CPU time of a build (median of {ROUNDS - 1}, all threads):  "
        f"{statistics.median(cpu[1:]) * 1000:8.1f} ms"
    )


if __name__ == "__main__":
    main()
