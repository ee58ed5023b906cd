"""What a ``scorecard_ingest`` run is for, when it stops waiting, and how its tasks end.

- the run's quarter: :func:`scorecard.orchestration.timetable.run_quarter` (its ``period_end``
  param, else its data interval, never the clock);
- waiting: a quarter's report is due a publication lag after the quarter ends and is waited for
  until the wait horizon after that; then the quarter is "not available" (:func:`report_published`);
- outcomes (:func:`task_outcome`): nothing to do or not available skips the task; an error no
  retry can fix (:func:`is_permanent`) fails it at once; anything else is retried.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from scorecard.errors import NotAvailable, category_of
from scorecard.quarters import Quarter
from scorecard.settings import Schedule, Settings, get_schedule

log = logging.getLogger(__name__)


class ReportNotAvailable(NotAvailable):
    """The quarter's report was due so long ago (beyond the wait horizon) that it is not waited
    for: the run ends at once as "not available" instead of holding a run for months."""


def period_end_of_run(context: Any) -> str:
    """The ISO period end of the quarter a task's run works on."""
    from scorecard.orchestration.timetable import run_quarter

    params = context.get("params") or {}
    quarter = run_quarter(params.get("period_end"), context.get("data_interval_end"))
    return quarter.period_end.isoformat()


def report_due(quarter: Quarter, schedule: Schedule) -> datetime:
    """When a quarter's report is due: the end of its last day plus the publication lag."""
    end = datetime.combine(quarter.period_end, datetime.min.time(), tzinfo=UTC)
    return end + timedelta(days=1 + schedule.publication_lag_days)


def wait_ends(quarter: Quarter, schedule: Schedule) -> datetime:
    """Until when a missing report is waited for: its due date plus the wait horizon."""
    return report_due(quarter, schedule) + timedelta(days=schedule.wait_horizon_days)


def report_published(
    period_end: str,
    settings: Settings | None = None,
    *,
    schedule: Schedule | None = None,
    now: datetime | None = None,
    wait: bool = True,
    council: str | None = None,
) -> bool:
    """Sensor poke: is any version of the council's (``None``: the only council's) report for
    the quarter published yet?

    Raises :class:`ReportNotAvailable` when it is not and its wait horizon has passed, or at
    once when the run does not ``wait``.
    """
    from scorecard.ingest.fetch import NotPublished, check_published

    outcome = check_published(date.fromisoformat(period_end), settings=settings, council=council)
    if not isinstance(outcome, NotPublished):
        log.info("published: %s", outcome)
        return True
    quarter = Quarter.from_period_end(date.fromisoformat(period_end))
    whose = f"{council}: " if council else ""
    plan = schedule or get_schedule()
    until = wait_ends(quarter, plan)
    if not wait:
        raise ReportNotAvailable(
            f"{whose}{quarter.label} (period end {period_end}): no report published "
            f"({outcome.reason}); this run does not wait for it"
        )
    if (now or datetime.now(UTC)) >= until:
        raise ReportNotAvailable(
            f"{whose}{quarter.label} (period end {period_end}): not available: no report published "
            f"and it was due by {report_due(quarter, plan):%Y-%m-%d}, more than "
            f"{plan.wait_horizon_days} days ago ({outcome.reason}); add its URL to sources.yml "
            "and trigger the quarter again"
        )
    log.info("not published yet (waiting until %s): %s", f"{until:%Y-%m-%d}", outcome.reason)
    return False


def is_permanent(error: BaseException) -> bool:
    """True for errors a retry cannot fix: their category (:mod:`scorecard.errors`) says so.

    Transient faults (a 5xx or timeout after the fetcher's own retries, a warehouse briefly
    down) and errors that are not the project's (a library's, or a bug) stay retryable.
    """
    category = category_of(error)
    return category is not None and not category.retried


@contextlib.contextmanager
def task_outcome() -> Iterator[None]:
    """Run a task's step so Airflow records the right outcome at once.

    Nothing to do or not available: the task is skipped (the quarter's later tasks too). An
    error no retry can fix: the task fails without retries, its message on one line. Anything
    else propagates and is retried.
    """
    from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException

    try:
        yield
    except Exception as error:
        category = category_of(error)
        if category is not None and category.skipped:
            raise AirflowSkipException(str(error)) from error
        if is_permanent(error):
            raise AirflowFailException(str(error)) from error
        raise
