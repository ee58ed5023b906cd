"""
### scorecard_ingest: one quarter's Council Scorecard report into the warehouse

One run per financial quarter (Q1 ends 30 Jun ... Q4 ends 31 Mar), due a publication lag after
the quarter ends. Within a run, **each council** the sources file lists is its own unit of
work: **councils** lists them and the steps below are mapped over them (map index = council),
so one council's late, refused or failed report never holds up another's. Catch-up is on: a new deployment runs every quarter since the first one.
Scheduled and manual run ids carry the quarter (`scheduled__2017Q4`); backfill run ids are
Airflow's own (`backfill__<the date the run was due>`); every run's data interval is its quarter.

**Quarters are independent.** Up to `SCORECARD_MAX_ACTIVE_QUARTERS` runs at once (loads of one
quarter are serialised in the warehouse). A report not published yet is waited for in
reschedule mode (no worker slot held) only while the quarter is recent: once it is more than
`SCORECARD_WAIT_HORIZON_DAYS` past due, the run ends at once as **not available** (its
`wait_for_report` task skipped; `scorecard status` lists it).

1. **wait_for_report**: a sensor in reschedule mode; "not published yet" is a normal state.
2. **fetch**: every published version lands in the landing area by sha256; it returns the
   versions not loaded yet, and when there is none the rest of this path is skipped.
3. **extract**: pdfplumber, every measure and its commentary.
4. **validate**: the Great Expectations suite in `expectations/`, recorded in
   `audit.validation_runs`.
5. **load**: one transaction per report into `raw`; updates the `scorecard_raw` asset, which
   schedules `scorecard_transform`.

Beside it, the **re-extraction** path, for reports loaded by an older extractor:
**find_outdated** (landed files whose loaded version an older extractor read; none: the path is
skipped), **reextract** (the same extraction; only files whose data now read differently go on),
then **revalidate** and **reload**, the same steps as a first load, loading a new version.

**Errors no retry can fix fail at once, with one attempt**: a bad `period_end`, a report that is
refused (not a PDF, too large, a 4xx) or fails extraction or validation. Retries (backing off
from `SCORECARD_RETRY_DELAY_SECONDS`) are for transient faults only. Every task has an
`execution_timeout` (`SCORECARD_TASK_TIMEOUT_MINUTES`). All settings: `scorecard.settings`.

Manual runs: trigger with `{"period_end": "2018-03-31"}` (`uv run scorecard trigger 2017Q4`
checks the quarter first). The quarter is never taken from the clock: a manual run without
`period_end` uses its data interval, and fails at once if it has none.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from airflow.sdk import Param, dag, task, task_group

from scorecard.orchestration.assets import RAW_REPORTS
from scorecard.orchestration.defaults import notify_not_available, task_defaults
from scorecard.orchestration.runs import task_outcome
from scorecard.orchestration.sensor import ReportSensor
from scorecard.orchestration.timetable import QuarterlyTimetable
from scorecard.quarters import Quarter
from scorecard.settings import get_schedule
from scorecard.settings.limits import EXTRACT_POOL

SCHEDULE = get_schedule()
FIRST = Quarter.parse(SCHEDULE.first_quarter)
LAST = Quarter.parse(SCHEDULE.last_quarter) if SCHEDULE.last_quarter else None

Items = list[dict]  # type: ignore[type-arg]
Unit = dict  # type: ignore[type-arg]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


@dag(
    dag_id="scorecard_ingest",
    schedule=QuarterlyTimetable(publication_lag=timedelta(days=SCHEDULE.publication_lag_days)),
    start_date=_midnight(FIRST.period_start),
    end_date=_midnight(LAST.period_start) if LAST else None,
    catchup=True,
    max_active_runs=SCHEDULE.max_active_quarters,
    default_args={
        **task_defaults(
            retries=3,
            retry_delay=timedelta(seconds=SCHEDULE.retry_delay_seconds),
            timeout=timedelta(minutes=SCHEDULE.task_timeout_minutes),
        ),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(hours=1),
    },
    params={
        "period_end": Param(
            None,
            type=["null", "string"],
            format="date",
            description="Quarter end to ingest (YYYY-MM-DD), e.g. 2018-03-31. Empty: the run's quarter.",
        ),
        "wait": Param(
            True,
            type="boolean",
            description="Wait for a report not published yet (false: it is not available now).",
        ),
    },
    tags=["scorecard", "ingest"],
    doc_md=__doc__,
)
def scorecard_ingest() -> None:
    @task
    def councils() -> list[str | None]:
        from scorecard.ingest.sources import load_councils

        with task_outcome():
            return [sources.council for sources in load_councils()]

    @task_group(prefix_group_id=False)
    def council_quarter(council: str | None) -> None:
        """One council's report for the quarter: an independent unit of work (a map index per
        council; the tasks keep their plain names)."""
        wait_for_report = ReportSensor(
            task_id="wait_for_report",
            schedule=SCHEDULE,
            council=council,
            poke_interval=SCHEDULE.poke_seconds,
            # a backstop: the sensor itself ends as "not available" once the horizon has passed
            timeout=(SCHEDULE.publication_lag_days + SCHEDULE.wait_horizon_days + 1) * 86400,
            mode="reschedule",
            on_skipped_callback=notify_not_available,  # a notice: the quarter is not available
        )
        load(validate(extract(fetch(wait_for_report.output))))

    @task(pool=EXTRACT_POOL)
    def fetch(unit: Unit) -> Items:
        from scorecard.orchestration.lineage import fetched
        from scorecard.orchestration.pipeline import fetch_quarter

        with task_outcome():
            items = fetch_quarter(unit["period_end"], council=unit["council"])
            fetched(items)
            return items

    @task(pool=EXTRACT_POOL)
    def extract(items: Items) -> Items:
        from airflow.sdk.exceptions import AirflowSkipException

        from scorecard.orchestration.lineage import read_landed
        from scorecard.orchestration.pipeline import extract_reports

        if not items:  # skipped, and with it the council's later tasks (no asset event)
            raise AirflowSkipException("every published version is loaded already")
        with task_outcome():
            read_landed(items)
            return extract_reports(items)

    @task
    def validate(items: Items) -> Items:
        from scorecard.orchestration.lineage import read_landed
        from scorecard.orchestration.pipeline import validate_reports

        with task_outcome():
            read_landed(items)
            return validate_reports(items)

    @task(outlets=[RAW_REPORTS])
    def load(items: Items) -> Items:
        from scorecard.orchestration.lineage import loaded
        from scorecard.orchestration.pipeline import load_reports

        with task_outcome():
            results = load_reports(items)
            loaded(items)
            return results

    @task.short_circuit
    def find_outdated() -> Items:
        from airflow.sdk import get_current_context

        from scorecard.orchestration.reextract import find_outdated as outdated
        from scorecard.orchestration.runs import period_end_of_run

        with task_outcome():
            return outdated(period_end_of_run(get_current_context()))

    @task.short_circuit(pool=EXTRACT_POOL)
    def reextract(items: Items) -> Items:
        from scorecard.orchestration.pipeline import extract_reports
        from scorecard.orchestration.reextract import keep_changed

        with task_outcome():
            return keep_changed(extract_reports(items))

    council_quarter.expand(council=councils())
    reload = load.override(task_id="reload")
    revalidate = validate.override(task_id="revalidate")
    reload(revalidate(reextract(find_outdated())))


scorecard_ingest()
