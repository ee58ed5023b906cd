"""Benchmark: dbt on the sample history and on a synthetic history 100x longer, today's project
against the project before this round of the marts (comparisons, contracts and keys).

    uv run python bench/dbt_marts.py [--scale 100] [--repeat 5] [--keep]

In one process, against the embedded warehouse (databases of their own, dropped afterwards
unless ``--keep``), for today's dbt project and for the baseline's (:data:`BASELINE`, taken
from git into a temporary folder and built into databases of its own):

Each project's builds run twice at each scale, in the order baseline, today, today, baseline, and
each side's times are averaged.

1. **1x**: the sample corpus loaded through ``scorecard.load`` except its last quarter;
   ``dbt build --full-refresh`` and a plain build (both copies of the marts up to date, as two
   quarterly runs leave them); then the last quarter is loaded and ``dbt build`` runs
   incrementally. Every build publishes (the schema swap).
2. **Nx** (default 100x): the same corpus copied N times back in time (each copy shifted by
   3 years: 12 quarters x N, every measure, commentary and re-issue included), written straight
   into ``raw`` (not committed, not through the loader: it is the dbt side being measured);
   the same builds.
3. Two typical BI queries on today's Nx marts, as the BI reader, timed with EXPLAIN ANALYZE
   (median of ``--repeat``): one measure's full history with targets; one quarter's
   directorate summary.

Goals: today's builds cost <= 1.3x the baseline's at each scale (wall time of the whole
``dbt build``); the incremental build at Nx costs <= 1.5x the incremental build at 1x (wall
time, and the SQL time of the incremental models alone); each BI query < 50 ms. Figures are
printed and written to ``bench/out/dbt.json``. Exit 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "kit"))
SAMPLES = ROOT / "samples" / "reports"
OUT = ROOT / "bench" / "out"
LAST_QUARTER = "derby-scorecard-2019-03-31"
BASELINE = "d85b1957842a17a9ac61fb65bd5ea16b68fd7baa"
"""The commit whose dbt project is the baseline (before this round of the marts)."""
BASELINE_GOAL = 1.3
"""Today's builds against the baseline's, at each scale."""
INCREMENTAL_MODELS = (
    "fct_measure_quarter",
    "fct_measure_quarter_versions",
    "fct_directorate_quarter",
)

HISTORY_QUERY = """
select
    q.quarter_label, f.period_end, f.quarterly_status, f.quarterly_target, f.quarterly_actual,
    f.variance, f.variance_better_pct, f.is_on_target, f.forecast_target, f.forecast_actual,
    f.consecutive_red_quarters
from marts.fct_measure_quarter as f
inner join marts.dim_quarter as q
    on q.council_id = f.council_id and q.period_end = f.period_end
where f.measure_code = %s
order by f.period_end
"""

DIRECTORATE_QUERY = """
select
    d.directorate, d.measure_count, d.red_count, d.amber_count, d.green_count, d.blue_count,
    d.on_target_count, d.assessed_count, d.on_target_share
from marts.fct_directorate_quarter as d
inner join marts.dim_quarter as q
    on q.council_id = d.council_id and q.period_end = d.period_end
where q.quarter_label = %s
order by d.directorate
"""


@dataclass
class BuildTimes:
    scale: int
    measure_rows: int
    full_refresh_s: float
    incremental_s: float
    incremental_models_sql_s: float
    merged_rows: dict[str, str]
    slowest_nodes: list[tuple[str, float]]


def settings_for(db_name: str) -> Any:
    """Settings of one bench database, with dbt's connection following it."""
    from dbtkit import point_at

    return point_at(db_name)


def admin_conninfo(settings: Any, database: str | None = None) -> str:
    from scorecard.settings import libpq_url

    url = settings.warehouse_url
    return libpq_url(url.set(database=database) if database else url)


def recreate(settings: Any) -> None:
    from dbtkit import recreate_database

    from scorecard.warehouse.migrations import migrate

    recreate_database(settings, settings.db_name)
    migrate(settings)


def drop(settings: Any) -> None:
    from dbtkit import drop_database

    drop_database(settings, settings.db_name)


# Copy every report and measure of raw N times, copy k shifted back 3k years (12 quarters per
# copy, so the copies tile the calendar without overlap); sha256s are re-derived per copy.
# superseded_by is left null on the copies: the marts recompute currency from time_fetched.
MULTIPLY_SQL = """
insert into raw.reports
select
    encode(sha256(convert_to(r.report_sha256 || ':' || k, 'UTF8')), 'hex'),
    r.source_uri || '#copy' || k,
    (r.period_end - make_interval(years => 3 * k))::date,
    case
        when extract(month from r.period_end - make_interval(years => 3 * k)) >= 4
            then extract(year from r.period_end - make_interval(years => 3 * k))::int || '/'
                || lpad(((extract(year from r.period_end - make_interval(years => 3 * k))::int + 1)
                    % 100)::text, 2, '0')
        else (extract(year from r.period_end - make_interval(years => 3 * k))::int - 1) || '/'
            || lpad((extract(year from r.period_end - make_interval(years => 3 * k))::int
                % 100)::text, 2, '0')
    end,
    r.quarter, r.council, r.report_name, r.data_source,
    r.time_fetched - make_interval(years => 3 * k),
    r.fetched_at - make_interval(years => 3 * k),
    r.page_count, r.measure_count, r.extractor_version,
    r.loaded_at - make_interval(days => k),
    r.is_current,
    null
from raw.reports as r
cross join generate_series(1, %(copies)s - 1) as k;

insert into raw.measures
select
    encode(sha256(convert_to(m.report_sha256 || ':' || k, 'UTF8')), 'hex'),
    m.measure_code,
    (m.period_end - make_interval(years => 3 * k))::date,
    m.measure_ordinal, m.directorate, m.measure_title, m.quarterly_status, m.forecast_status,
    m.quarterly_target_text, m.quarterly_actual_text, m.forecast_target_text,
    m.forecast_actual_text, m.quarterly_target, m.quarterly_actual, m.forecast_target,
    m.forecast_actual, m.unit, m.direction_of_travel, m.context, m.improvement_actions,
    m.intervention_review, m.first_page, m.last_page, m.pages
from raw.measures as m
cross join generate_series(1, %(copies)s - 1) as k;

analyze raw.reports;
analyze raw.measures;
"""


def multiply(settings: Any, copies: int) -> None:
    with psycopg.connect(admin_conninfo(settings)) as conn, conn.transaction():
        # several statements: no server-side parameters; copies is an int
        conn.execute(MULTIPLY_SQL.replace("%(copies)s", str(int(copies))).encode())


def measure_rows(settings: Any) -> int:
    with psycopg.connect(admin_conninfo(settings)) as conn:
        row = conn.execute("select count(*) from raw.measures").fetchone()
        return int(row[0]) if row else 0


def baseline_project(folder: Path) -> Path:
    """The baseline's ``dbt_project`` folder, taken from git into ``folder``."""
    archive = subprocess.run(
        ["git", "archive", BASELINE, "dbt_project"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "dbt_project"


def build(
    settings: Any, target: Path, *, full_refresh: bool, project: Path | None = None
) -> tuple[float, float, dict[str, str], list[tuple[str, float]]]:
    """One ``dbt build`` and its publication (today's project, or the baseline's at
    ``project``): wall seconds, SQL seconds of the incremental models, their messages, the
    slowest nodes."""
    from scorecard import transform
    from scorecard.transform.dbt import run_dbt
    from scorecard.transform.publish import publish_marts

    started = time.perf_counter()
    if project is None:
        summary = transform.build(settings, full_refresh=full_refresh, target_path=target)
    else:
        args = ["build", "--full-refresh"] if full_refresh else ["build"]
        summary = run_dbt(args, settings, target_path=target, project_dir=project)
        publish_marts(settings)
    wall = time.perf_counter() - started
    models = {
        n.name: n
        for n in summary.nodes
        if n.resource_type == "model" and n.name in INCREMENTAL_MODELS
    }
    slowest = sorted(((n.name, round(n.seconds, 3)) for n in summary.nodes), key=lambda x: -x[1])
    return (
        wall,
        sum(n.seconds for n in models.values()),
        {name: n.message or "" for name, n in models.items()},
        slowest[:10],
    )


def bench_scale(
    copies: int, target: Path, keep: bool, project: Path | None = None
) -> tuple[BuildTimes, Any]:
    """Build the marts for the corpus x ``copies``, then add one quarter incrementally (with
    today's project, or the baseline's at ``project``)."""
    from dbtkit import load_truths

    suffix = "_baseline" if project is not None else ""
    settings = settings_for(f"scorecard_bench_dbt_{copies}x{suffix}")
    recreate(settings)
    paths = sorted(SAMPLES.glob("derby-scorecard-*.json"))
    if not paths:
        sys.exit(f"no sample truth files in {SAMPLES}: run `uv run python -m samples.generate`")
    early = [p for p in paths if p.stem != LAST_QUARTER]
    last = [p for p in paths if p.stem == LAST_QUARTER]
    load_truths(settings, early)
    if copies > 1:
        multiply(settings, copies)
    full_wall, _, _, _ = build(settings, target, full_refresh=True, project=project)
    build(settings, target, full_refresh=False, project=project)  # the other copy of the marts
    load_truths(settings, last)  # the new quarter, through the loader (loaded_at = now)
    rows = measure_rows(settings)
    inc_wall, inc_sql, messages, slowest = build(
        settings, target, full_refresh=False, project=project
    )
    times = BuildTimes(copies, rows, full_wall, inc_wall, inc_sql, messages, slowest)
    if not keep and (copies == 1 or project is not None):
        drop(settings)  # today's Nx database stays for the BI queries (recreated by a next run)
    return times, settings


def abba(
    copies: int, project: Path, baseline_target: Path, target: Path, keep: bool
) -> tuple[BuildTimes, BuildTimes, Any]:
    """The baseline's times and today's at one scale, each the mean of two runs in the order
    baseline, today, today, baseline (a machine that speeds up or slows down through the runs
    weighs on both sides alike); and the settings of today's last database."""
    runs: dict[str, list[BuildTimes]] = {"baseline": [], "today": []}
    settings = None
    for side in ("baseline", "today", "today", "baseline"):
        if side == "baseline":
            times, _ = bench_scale(copies, baseline_target, keep, project)
        else:
            times, settings = bench_scale(copies, target, keep)
        runs[side].append(times)
    return mean_times(runs["baseline"]), mean_times(runs["today"]), settings


def mean_times(runs: list[BuildTimes]) -> BuildTimes:
    """The runs' mean build times (the rest from the last run)."""
    return replace(
        runs[-1],
        full_refresh_s=statistics.mean(r.full_refresh_s for r in runs),
        incremental_s=statistics.mean(r.incremental_s for r in runs),
        incremental_models_sql_s=statistics.mean(r.incremental_models_sql_s for r in runs),
    )


def explain_ms(conn: psycopg.Connection[Any], query: str, params: tuple[Any, ...]) -> float:
    plan = conn.execute("explain (analyze, format json) " + query, params).fetchone()
    assert plan is not None
    return float(plan[0][0]["Execution Time"])


def bench_queries(settings: Any, repeat: int) -> dict[str, dict[str, Any]]:
    """Median EXPLAIN ANALYZE execution time of the two BI queries, as the BI reader."""
    from scorecard.settings import libpq_url

    results: dict[str, dict[str, Any]] = {}
    with psycopg.connect(libpq_url(settings.reader_url), autocommit=True) as conn:
        cases = {
            "measure_history": (HISTORY_QUERY, ("CM PM09a",)),
            "directorate_summary": (DIRECTORATE_QUERY, ("Q4 2017/18",)),
        }
        for name, (query, params) in cases.items():
            rows = len(conn.execute(query, params).fetchall())
            times = [explain_ms(conn, query, params) for _ in range(repeat)]
            wall = []
            for _ in range(repeat):
                started = time.perf_counter()
                conn.execute(query, params).fetchall()
                wall.append((time.perf_counter() - started) * 1000)
            plan = conn.execute("explain " + query, params).fetchall()
            results[name] = {
                "rows": rows,
                "execution_ms": round(statistics.median(times), 3),
                "round_trip_ms": round(statistics.median(wall), 3),
                "plan": [line[0] for line in plan],
            }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="history multiple (default 100)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--goal", type=float, default=1.5)
    parser.add_argument("--query-goal-ms", type=float, default=50.0)
    parser.add_argument("--keep", action="store_true", help="keep the bench databases")
    args = parser.parse_args(argv)

    from scorecard.settings import apply_runtime_environment, get_settings
    from scorecard.warehouse import ensure_running

    apply_runtime_environment()
    ensure_running(get_settings())
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "dbt-target"

    from scorecard import transform

    transform.parse(target_path=target)  # warm dbt's partial parsing: time builds, not parsing
    with tempfile.TemporaryDirectory() as tmp:
        project = baseline_project(Path(tmp))
        baseline_target = OUT / "dbt-target-baseline"
        from scorecard.transform.dbt import run_dbt

        run_dbt(["parse"], target_path=baseline_target, project_dir=project)
        old_one, one, _ = abba(1, project, baseline_target, target, args.keep)
        old_many, many, settings = abba(args.scale, project, baseline_target, target, args.keep)
    queries = bench_queries(settings, args.repeat)
    if not args.keep:
        drop(settings)

    wall_ratio = many.incremental_s / one.incremental_s
    sql_ratio = many.incremental_models_sql_s / max(one.incremental_models_sql_s, 1e-9)
    print(f"{'':<28}{'1x':>12}{f'{args.scale}x':>12}")
    print(f"{'raw.measures rows':<28}{one.measure_rows:>12}{many.measure_rows:>12}")
    against = {}
    for label, today, before in (("1x", one, old_one), (f"{args.scale}x", many, old_many)):
        against[label] = {
            "full_refresh": today.full_refresh_s / before.full_refresh_s,
            "incremental": today.incremental_s / before.incremental_s,
        }
    for name, key in (
        ("dbt build --full-refresh", "full_refresh_s"),
        ("dbt build (incremental)", "incremental_s"),
    ):
        print(f"{name:<28}{getattr(one, key):>11.1f}s{getattr(many, key):>11.1f}s   today")
        print(f"{'':<28}{getattr(old_one, key):>11.1f}s{getattr(old_many, key):>11.1f}s   baseline")
    print(
        f"{'  incremental models SQL':<28}{one.incremental_models_sql_s:>11.2f}s"
        f"{many.incremental_models_sql_s:>11.2f}s   today"
    )
    for label, ratios in against.items():
        print(
            f"today / baseline at {label}: full refresh {ratios['full_refresh']:.2f}x, "
            f"incremental {ratios['incremental']:.2f}x (goal <= {BASELINE_GOAL}x)"
        )
    print(
        f"incremental {args.scale}x / 1x: wall {wall_ratio:.2f}x, models {sql_ratio:.2f}x (goal <= {args.goal}x)"
    )
    for name, result in queries.items():
        print(
            f"BI query {name}: {result['execution_ms']:.2f} ms execution, "
            f"{result['round_trip_ms']:.2f} ms round trip, {result['rows']} rows "
            f"(goal < {args.query_goal_ms:.0f} ms)"
        )
    report = {
        "scales": [asdict(one), asdict(many)],
        "baseline_scales": [asdict(old_one), asdict(old_many)],
        "today_over_baseline": against,
        "incremental_wall_ratio": wall_ratio,
        "incremental_models_ratio": sql_ratio,
        "queries": queries,
    }
    (OUT / "dbt.json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    ok = (
        wall_ratio <= args.goal
        and all(q["execution_ms"] < args.query_goal_ms for q in queries.values())
        and all(r <= BASELINE_GOAL for ratios in against.values() for r in ratios.values())
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
