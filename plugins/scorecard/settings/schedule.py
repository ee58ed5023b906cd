"""How the DAGs are scheduled, wait and retry: read by the DAG files at parse time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from scorecard.settings.env import declare

_GROUP = "schedule"
PUBLICATION_LAG_DAYS = declare(
    "SCORECARD_PUBLICATION_LAG_DAYS",
    "60",
    "a quarter's run is due this long after the quarter ends",
    group=_GROUP,
)
WAIT_HORIZON_DAYS = declare(
    "SCORECARD_WAIT_HORIZON_DAYS",
    "365",
    'how long after it is due a missing report is waited for; then "not available"',
    group=_GROUP,
)
SENSOR_POKE_SECONDS = declare(
    "SCORECARD_SENSOR_POKE_SECONDS",
    str(6 * 3600),
    "how often a waiting quarter looks for its report",
    group=_GROUP,
)
RETRY_DELAY_SECONDS = declare(
    "SCORECARD_RETRY_DELAY_SECONDS",
    "300",
    "first retry delay of a transient fault (doubling, capped at an hour)",
    group=_GROUP,
)
TASK_TIMEOUT_MINUTES = declare(
    "SCORECARD_TASK_TIMEOUT_MINUTES",
    "30",
    "`execution_timeout` of every ingest task (one poke of the sensor)",
    group=_GROUP,
)
MAX_ACTIVE_QUARTERS = declare(
    "SCORECARD_MAX_ACTIVE_QUARTERS",
    "16",
    "quarters that may run at once (waiting ones included)",
    group=_GROUP,
)
FIRST_QUARTER = declare(
    "SCORECARD_FIRST_QUARTER",
    "2016Q1",
    "first quarter the schedule covers (catch-up starts here)",
    group=_GROUP,
)
LAST_QUARTER = declare(
    "SCORECARD_LAST_QUARTER",
    None,
    "last quarter the schedule covers",
    group=_GROUP,
    shown="unset: open-ended",
)
DBT_THREADS = declare(
    "SCORECARD_DBT_THREADS", "4", "dbt threads of the one `dbt build`", group=_GROUP
)
DBT_TASK_TIMEOUT_MINUTES = declare(
    "SCORECARD_DBT_TASK_TIMEOUT_MINUTES",
    "30",
    "`execution_timeout` of every transform task",
    group=_GROUP,
)


@dataclass(frozen=True)
class Schedule:
    """How ``scorecard_ingest`` is scheduled and how long it waits."""

    publication_lag_days: int
    wait_horizon_days: int
    poke_seconds: int
    retry_delay_seconds: int
    task_timeout_minutes: int
    max_active_quarters: int
    first_quarter: str
    last_quarter: str | None


def get_schedule() -> Schedule:
    """Read the scheduling settings now (DAG files call this at parse time)."""
    return Schedule(
        publication_lag_days=PUBLICATION_LAG_DAYS.integer(),
        wait_horizon_days=WAIT_HORIZON_DAYS.integer(),
        poke_seconds=SENSOR_POKE_SECONDS.integer(),
        retry_delay_seconds=RETRY_DELAY_SECONDS.integer(),
        task_timeout_minutes=TASK_TIMEOUT_MINUTES.integer(),
        max_active_quarters=MAX_ACTIVE_QUARTERS.integer(),
        first_quarter=FIRST_QUARTER.text(),
        last_quarter=LAST_QUARTER.raw(),
    )


@dataclass(frozen=True)
class TransformSettings:
    """How ``scorecard_transform`` runs dbt; a failed build retries after
    ``SCORECARD_RETRY_DELAY_SECONDS``, as the ingest tasks do."""

    threads: int
    task_timeout: timedelta
    retry_delay: timedelta


def get_transform_settings() -> TransformSettings:
    """Read the transform settings now."""
    return TransformSettings(
        threads=DBT_THREADS.integer(),
        task_timeout=timedelta(minutes=DBT_TASK_TIMEOUT_MINUTES.number()),
        retry_delay=timedelta(seconds=RETRY_DELAY_SECONDS.integer()),
    )
