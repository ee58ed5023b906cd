"""``scorecard status`` and ``scorecard trigger``: the scheduler's view of the quarters.

``status`` lists every quarter with the state of its latest ``scorecard_ingest`` run (loaded,
waiting, not available, failed, no run, ...). ``trigger`` starts a manual run for one quarter,
checking the quarter first so a mistake is one line, not Airflow's traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import click

from scorecard.quarters import Quarter, QuarterError


@click.command()
@click.option(
    "--no-freshness", is_flag=True, help="Skip dbt source freshness of raw (a dbt run, seconds)."
)
def status(no_freshness: bool) -> None:
    """Every quarter and the state of its latest ingest run (Airflow's REST API: `make airflow`),
    then whether the newest quarter loaded is as fresh as the schedule expects (dbt source
    freshness)."""
    from scorecard.orchestration.api import AirflowApi
    from scorecard.orchestration.health import deployment_health
    from scorecard.orchestration.status import quarter_statuses, schedule_bounds

    with AirflowApi() as api:
        health = deployment_health(api)
    click.echo(health.line())
    first, latest = schedule_bounds()
    statuses = quarter_statuses(first, latest, can_start=health.ok)
    click.echo(f"{'quarter':<11} {'code':<7} {'period end':<10}  {'state':<13} run")
    for line in (s.line() for s in statuses):
        click.echo(line)
    counts: dict[str, int] = {}
    for item in statuses:
        counts[item.state] = counts.get(item.state, 0) + 1
    click.echo(", ".join(f"{state}: {n}" for state, n in sorted(counts.items())))
    if not no_freshness:
        from scorecard import warehouse
        from scorecard.transform.freshness import source_freshness

        warehouse.ensure_running()
        click.echo(source_freshness().describe())
    if not health.ok:
        raise SystemExit(4)  # a deployment that cannot start tasks (the README's exit codes)


@click.command()
@click.argument("quarter")
def trigger(quarter: str) -> None:
    """Start a manual scorecard_ingest run for QUARTER (2017Q4, 2018-03-31 or Q4 2017/18)."""
    try:
        chosen = Quarter.parse(quarter)
    except QuarterError as error:
        raise click.ClickException(str(error)) from None
    run_id = f"manual__{chosen.code}__{datetime.now(UTC):%Y%m%dT%H%M%S}"
    conf = json.dumps({"period_end": chosen.period_end.isoformat()})
    airflow = os.path.join(os.path.dirname(sys.executable), "airflow")
    result = subprocess.run(
        [airflow, "dags", "trigger", "scorecard_ingest", "--conf", conf, "--run-id", run_id],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        raise click.ClickException(f"airflow refused the run: {lines[-1] if lines else '?'}")
    click.echo(f"triggered {run_id} for {chosen.label} (period end {chosen.period_end})")
