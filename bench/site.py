"""Benchmark of the scorecard site: ``uv run python bench/site.py`` (after ``make run``).

In one process, against the marts of the configured warehouse (read as the BI reader):

1. reading every mart row the site draws on (:func:`scorecard.site.data.read_site_data`);
2. building the whole site from those rows into a temporary folder with today's code (an
   overview of every quarter, a page per measure and per directorate, the CSV of every table);
3. building the site the project had before the overviews per quarter, the like-for-like
   comparisons and the narrow charts (:data:`BASELINE`: the ``plugins/scorecard/site`` package
   of that commit, taken from git into a temporary folder and imported under another name),
   from the same rows (with the two columns it read and the marts no longer have, derived
   here: the previous reported quarter's actual and the change since);

the two builds alternating, the first in the process (chart specs compiled) and again (drawing
only). It prints each time, the ratio of today's build to the baseline's (goal: at most
:data:`GOAL`), the pages and charts each wrote, and the CPU time of a build.
"""

from __future__ import annotations

import importlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scorecard.settings import get_settings
from scorecard.site.build import write_site
from scorecard.site.data import SiteData, read_site_data
from scorecard.warehouse import ensure_running

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "d85b1957842a17a9ac61fb65bd5ea16b68fd7baa"
"""The commit whose site is the baseline (before this round of the marts and the site)."""
ROUNDS = 3
GOAL = 1.3


def baseline_package(folder: Path) -> Any:
    """The baseline's ``scorecard.site`` package, importable as ``baseline_site``."""
    package = folder / "baseline_site"
    files = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", BASELINE, "plugins/scorecard/site"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        content = subprocess.run(
            ["git", "show", f"{BASELINE}:{name}"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        target = package / Path(name).relative_to("plugins/scorecard/site")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix == ".py":
            content = content.replace(b"scorecard.site", b"baseline_site")
        target.write_bytes(content)
    sys.path.insert(0, str(folder))
    return importlib.import_module("baseline_site.build")


def baseline_data(data: SiteData, module: Any) -> Any:
    """Today's rows in the baseline's shape: the columns it read and the marts no longer have
    (the previous reported quarter's actual, the change since) derived from the facts."""
    facts = []
    previous: dict[str, Any] = {}
    for row in data.facts:  # in measure and quarter order
        before = previous.get(row["measure_code"])
        actual = row["quarterly_actual"]
        facts.append(
            {
                **row,
                "previous_quarterly_actual": before,
                "quarterly_actual_change": (
                    actual - before if actual is not None and before is not None else None
                ),
            }
        )
        previous[row["measure_code"]] = actual
    site_data = importlib.import_module("baseline_site.data").SiteData
    return site_data(
        quarters=data.quarters,
        measures=data.measures,
        facts=facts,
        earlier_versions=data.earlier_versions,
        directorates=data.directorates,
    )


def timed(build: Any, rows: Any, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one build of the site."""
    wall, cpu = time.perf_counter(), time.process_time()
    build(rows, out)
    return time.perf_counter() - wall, time.process_time() - cpu


def counts(folder: Path) -> tuple[int, int, int]:
    pages = list(folder.rglob("*.html"))
    svgs = sum(page.read_text(encoding="utf-8").count("<svg") for page in pages)
    return len(pages), svgs, len(list(folder.rglob("*.csv")))


def main() -> int:
    settings = get_settings()
    ensure_running(settings)
    read_site_data(settings)  # connection and plans warm
    reads = []
    for _ in range(5):
        started = time.perf_counter()
        data = read_site_data(settings)
        reads.append(time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as tmp:
        old = baseline_package(Path(tmp) / "code")
        old_rows = baseline_data(data, old)
        times: dict[str, list[tuple[float, float]]] = {"baseline": [], "today": []}
        for round_ in range(ROUNDS):
            times["baseline"].append(
                timed(old.write_site, old_rows, Path(tmp) / f"baseline{round_}" / "site")
            )
            times["today"].append(timed(write_site, data, Path(tmp) / f"today{round_}" / "site"))
        shape = {name: counts(Path(tmp) / f"{name}0" / "site") for name in ("baseline", "today")}
    print(
        f"marts: {len(data.facts)} measure-quarters, {len(data.measures)} measures, "
        f"{len(data.quarters)} quarters; read as the BI reader (median of 5): "
        f"{statistics.median(reads) * 1000:.1f} ms"
    )
    for name, (pages, svgs, csvs) in shape.items():
        print(f"{name:>9}: {pages} pages, {svgs} charts, {csvs} CSV files")
    first = times["today"][0][0] / times["baseline"][0][0]
    again = {name: statistics.median(t[0] for t in runs[1:]) for name, runs in times.items()}
    cpu = {name: statistics.median(t[1] for t in runs[1:]) for name, runs in times.items()}
    ratio = again["today"] / again["baseline"]
    print(
        f"build, first in the process: baseline {times['baseline'][0][0]:6.2f} s, "
        f"today {times['today'][0][0]:6.2f} s   {first:.2f}x"
    )
    print(
        f"build again (median of {ROUNDS - 1}):     baseline {again['baseline']:6.2f} s, "
        f"today {again['today']:6.2f} s   {ratio:.2f}x (goal <= {GOAL}x)"
    )
    print(
        f"CPU time of a build (all threads): baseline {cpu['baseline']:6.2f} s, "
        f"today {cpu['today']:6.2f} s   {cpu['today'] / cpu['baseline']:.2f}x"
    )
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
