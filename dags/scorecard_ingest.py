"""
### scorecard_ingest: one quarter's Council Scorecard report into the warehouse

One run per financial quarter (Q1 ends 30 Jun ... Q4 ends 31 Mar), created a publication lag
after the quarter ends (`SCORECARD_PUBLICATION_LAG_DAYS`, 60 by default). Catchup is on, so a
new deployment backfills every quarter since Q1 2016/17.

1. **wait_for_report**: a sensor in reschedule mode; "not published yet" is a normal state.
2. **fetch**: every published version lands in the landing area by sha256; versions already
   loaded are skipped (the run then ends here, skipped, and no asset event is emitted).
3. **extract**: pdfplumber, every measure and its commentary.
4. **validate**: the Great Expectations suite in `expectations/`; failures are recorded in
   `audit.validation_runs` and fail the run without retries.
5. **load**: one transaction per report into `raw`; publishes the `scorecard_raw` asset, which
   schedules `scorecard_transform`.

Manual runs: trigger with `{"period_end": "2018-03-31"}`. The quarter is never taken from the
clock: a manual run without `period_end` uses its data interval, which Airflow gives it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from airflow.sdk import Param, dag, get_current_context, task

from scorecard.assets import RAW_REPORTS
from scorecard.pipeline import log_failure
from scorecard.timetable import QuarterlyTimetable

POKE_SECONDS = int(os.environ.get("SCORECARD_SENSOR_POKE_SECONDS", str(6 * 3600)))
WAIT_DAYS = int(os.environ.get("SCORECARD_SENSOR_TIMEOUT_DAYS", "120"))
LAG_DAYS = int(os.environ.get("SCORECARD_PUBLICATION_LAG_DAYS", "60"))
RETRY_DELAY = timedelta(seconds=int(os.environ.get("SCORECARD_RETRY_DELAY_SECONDS", "300")))


def _period_end() -> str:
    from scorecard.pipeline import quarter_for_run

    context = get_current_context()
    run = quarter_for_run(context["params"].get("period_end"), context.get("data_interval_end"))
    return run.quarter.period_end.isoformat()


@dag(
    dag_id="scorecard_ingest",
    schedule=QuarterlyTimetable(publication_lag=timedelta(days=LAG_DAYS)),
    start_date=datetime(2016, 4, 1, tzinfo=UTC),
    catchup=True,
    max_active_runs=1,
    default_args={
        "owner": "performance-data",
        "retries": 3,
        "retry_delay": RETRY_DELAY,
        "retry_exponential_backoff": True,
        "on_failure_callback": log_failure,
    },
    params={
        "period_end": Param(
            None,
            type=["null", "string"],
            format="date",
            description="Quarter end to ingest (YYYY-MM-DD), e.g. 2018-03-31. Empty: the run's quarter.",
        )
    },
    tags=["scorecard", "ingest"],
    doc_md=__doc__,
)
def scorecard_ingest() -> None:
    @task.sensor(poke_interval=POKE_SECONDS, timeout=WAIT_DAYS * 86400, mode="reschedule")
    def wait_for_report():  # type: ignore[no-untyped-def]
        from airflow.sdk.bases.sensor import PokeReturnValue

        from scorecard.pipeline import report_published

        period_end = _period_end()
        return PokeReturnValue(is_done=report_published(period_end), xcom_value=period_end)

    @task
    def fetch(period_end: str) -> list[dict]:  # type: ignore[type-arg]
        from airflow.sdk.exceptions import AirflowSkipException

        from scorecard.pipeline import NothingToProcess, fetch_quarter

        try:
            return fetch_quarter(period_end)
        except NothingToProcess as unchanged:
            raise AirflowSkipException(str(unchanged)) from unchanged

    @task
    def extract(fetched: list[dict]) -> list[dict]:  # type: ignore[type-arg]
        from airflow.sdk.exceptions import AirflowFailException

        from scorecard.pipeline import BadReport, extract_reports

        try:
            return extract_reports(fetched)
        except BadReport as bad:
            raise AirflowFailException(str(bad)) from bad

    @task
    def validate(extracted: list[dict]) -> list[dict]:  # type: ignore[type-arg]
        from airflow.sdk.exceptions import AirflowFailException

        from scorecard.pipeline import BadReport, validate_reports

        try:
            return validate_reports(extracted)
        except BadReport as bad:
            raise AirflowFailException(str(bad)) from bad

    @task(outlets=[RAW_REPORTS])
    def load(validated: list[dict]) -> list[dict]:  # type: ignore[type-arg]
        from scorecard.pipeline import load_reports

        return load_reports(validated)

    load(validate(extract(fetch(wait_for_report()))))


scorecard_ingest()
