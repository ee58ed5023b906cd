"""The pipeline's steps as the Airflow tasks call them: one function per task.

Each function takes and returns JSON-friendly values (they travel through XCom) and does one
stage by calling that stage's module: :mod:`scorecard.fetch`, :mod:`scorecard.extract`,
:mod:`scorecard.validate`, :mod:`scorecard.load`, :mod:`scorecard.transform`. Data flows one
way; the only look across stages is :func:`fetch_quarter` asking the warehouse whether an
unchanged file is already loaded, so that a file landed but never loaded (say, it failed
validation before the suite was fixed) is processed again rather than skipped forever.

Heavy libraries (pdfplumber, pandas, great_expectations, dbt) are imported inside the functions:
DAG files import this module at parse time.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from scorecard.quarters import Quarter, QuarterError, parse_period_end
from scorecard.settings import Schedule, Settings, get_schedule, get_settings

log = logging.getLogger(__name__)

EXTRACTED_DIR = "extracted"
"""Folder of the landing area holding each report's extraction JSON, by sha256."""


class NothingToProcess(Exception):
    """Every published version of the quarter is already loaded: the run has nothing to do."""


class BadReport(Exception):
    """The report itself is wrong (unreadable PDF, failed validation): retrying cannot help."""


class ReportNotAvailable(Exception):
    """The quarter's report was due so long ago (beyond the wait horizon) that it is not waited
    for: the run ends at once as "not available" instead of holding a run for months."""


@dataclass(frozen=True)
class RunQuarter:
    """The quarter a DAG run works on."""

    quarter: Quarter
    source: str
    """``"param"`` (manual run or backfill) or ``"schedule"`` (the run's data interval)."""


def quarter_for_run(period_end_param: str | None, data_interval_end: datetime | None) -> RunQuarter:
    """The quarter of a run: the ``period_end`` param when given, else the data interval.

    Manual runs must say which quarter they are for: a manual run without ``period_end`` never
    falls back to the clock, it fails with a message saying what to pass.
    """
    if period_end_param:
        return RunQuarter(Quarter.from_period_end(parse_period_end(period_end_param)), "param")
    if data_interval_end is None:
        raise QuarterError(
            "this run has no period_end param and no data interval: trigger it with "
            '{"period_end": "YYYY-MM-DD"} (a quarter end, e.g. 2018-03-31)'
        )
    return RunQuarter(Quarter.from_period_end(data_interval_end.date()), "schedule")


def period_end_of_run(context: Any) -> str:
    """The ISO period end of the quarter a task's run works on (see :func:`quarter_for_run`)."""
    params = context.get("params") or {}
    run = quarter_for_run(params.get("period_end"), context.get("data_interval_end"))
    return run.quarter.period_end.isoformat()


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
) -> bool:
    """Sensor poke: is any version of the quarter's report published yet?

    Raises :class:`ReportNotAvailable` when it is not and its wait horizon has passed.
    """
    from scorecard.fetch import NotPublished, check_published

    outcome = check_published(date.fromisoformat(period_end), settings=settings)
    if not isinstance(outcome, NotPublished):
        log.info("published: %s", outcome)
        return True
    quarter = Quarter.from_period_end(date.fromisoformat(period_end))
    plan = schedule or get_schedule()
    until = wait_ends(quarter, plan)
    if (now or datetime.now(UTC)) >= until:
        raise ReportNotAvailable(
            f"{quarter.label} (period end {period_end}): not available: no report published "
            f"and it was due by {report_due(quarter, plan):%Y-%m-%d}, more than "
            f"{plan.wait_horizon_days} days ago ({outcome.reason}); add its URL to sources.yml "
            "and trigger the quarter again"
        )
    log.info("not published yet (waiting until %s): %s", f"{until:%Y-%m-%d}", outcome.reason)
    return False


def is_permanent(error: BaseException) -> bool:
    """True for errors a retry cannot fix: a bad quarter, a refused or invalid report.

    Transient faults (network errors after the fetcher's own retries, 5xx, a warehouse that is
    briefly down) stay retryable.
    """
    from scorecard.fetch.errors import (
        DecodingError,
        FetchFailed,
        NotAPdf,
        Refused,
        TooLarge,
        TooManyRedirects,
    )
    from scorecard.load.loader import NotValidated
    from scorecard.sources import SourcesError

    if isinstance(error, FetchFailed):
        return error.status is not None and 400 <= error.status < 500 and error.status != 429
    refused = NotAPdf | TooLarge | Refused | TooManyRedirects | DecodingError
    return isinstance(error, BadReport | QuarterError | SourcesError | NotValidated | refused)


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
    except (NothingToProcess, ReportNotAvailable) as done:
        raise AirflowSkipException(str(done)) from done
    except Exception as error:
        if is_permanent(error):
            raise AirflowFailException(str(error)) from error
        raise


def fetch_quarter(period_end: str, settings: Settings | None = None) -> list[dict[str, Any]]:
    """Land every published version; return those that still need processing, in issue order.

    Raises :class:`NothingToProcess` when every version is unchanged and already loaded.
    """
    from scorecard.fetch import NotPublished, fetch_all

    s = settings or get_settings()
    results = fetch_all(date.fromisoformat(period_end), settings=s)
    if isinstance(results, NotPublished):
        raise RuntimeError(
            f"report for {period_end} withdrawn since the sensor saw it: {results.reason}"
        )
    loaded = _already_loaded([r.sha256 for r in results], s)
    todo = [r.to_dict() for r in results if not (r.unchanged and r.sha256 in loaded)]
    for result in results:
        state = "to process" if result.sha256 not in loaded else "already loaded"
        log.info(
            "version %d %s %s: %s", result.version, result.sha256[:12], result.source_uri, state
        )
    if not todo:
        raise NothingToProcess(f"{period_end}: every published version is already loaded")
    return todo


def _already_loaded(sha256s: list[str], settings: Settings) -> set[str]:
    """Which of these report files are in ``raw.reports`` (read as the loader role)."""
    import psycopg

    from scorecard.load.migrations import ensure_migrated
    from scorecard.settings import libpq_url

    ensure_migrated(settings)
    with psycopg.connect(libpq_url(settings.loader_url)) as conn:
        rows = conn.execute(
            "select report_sha256 from raw.reports where report_sha256 = any(%s)", (sha256s,)
        ).fetchall()
    return {row[0] for row in rows}


def _extracted_path(sha256: str, settings: Settings) -> Any:
    from scorecard.landing import landing_root

    return landing_root(settings) / EXTRACTED_DIR / f"{sha256}.json"


def extract_reports(
    fetched: list[dict[str, Any]], settings: Settings | None = None
) -> list[dict[str, Any]]:
    """Extract each landed report (in a resource-limited child process, see
    :mod:`scorecard.isolation`); keep the extraction JSON in the landing area (by sha256)."""
    from scorecard.extract import ExtractionError
    from scorecard.isolation import extract_isolated
    from scorecard.landing import local_copy

    s = settings or get_settings()
    extracted = []
    for item in fetched:
        with local_copy(item["landed_path"]) as pdf:
            try:
                data = extract_isolated(pdf, limits=s.limits)
            except ExtractionError as error:
                raise BadReport(f"{item['source_uri']}: {error}") from error
        if data["report"]["period_end"] != item["period_end"]:
            raise BadReport(
                f"{item['source_uri']}: the report is for period end {data['report']['period_end']}, "
                f"expected {item['period_end']} (check sources.yml)"
            )
        target = _extracted_path(item["sha256"], s)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1))
        extracted.append(
            {
                "sha256": item["sha256"],
                "period_end": item["period_end"],
                "source_uri": item["source_uri"],
                "fetched_at": item["fetched_at"],
                "extraction_path": str(target),
                "measures": len(data["measures"]),
                "pages": data["report"]["page_count"],
            }
        )
        log.info("extracted %s: %d measures", item["source_uri"], len(data["measures"]))
    return extracted


def _read_extraction(item: dict[str, Any], settings: Settings) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_extracted_path(item["sha256"], settings).read_text())
    return data


def validate_reports(
    extracted: list[dict[str, Any]], settings: Settings | None = None
) -> list[dict[str, Any]]:
    """Validate each extraction with the GX suite; a failure is recorded in ``audit`` and raised."""
    from scorecard.validate import ValidationFailed, validate_extraction

    s = settings or get_settings()
    validated = []
    for item in extracted:
        try:
            summary = validate_extraction(
                _read_extraction(item, s), source_uri=item["source_uri"], settings=s
            )
        except ValidationFailed as error:
            raise BadReport(str(error)) from error
        log.info("validated %s: %s", item["source_uri"], summary)
        validated.append(item)
    return validated


def load_reports(
    validated: list[dict[str, Any]], settings: Settings | None = None
) -> list[dict[str, Any]]:
    """Load each validated report into ``raw`` (one transaction per report), in issue order."""
    from scorecard.load.loader import load_extraction

    s = settings or get_settings()
    results = []
    for item in validated:
        result = load_extraction(
            _read_extraction(item, s),
            source_uri=item["source_uri"],
            fetched_at=datetime.fromisoformat(item["fetched_at"]),
            settings=s,
        )
        log.info("%s", result.describe())
        results.append(
            {
                "sha256": result.report_sha256,
                "period_end": result.period_end.isoformat(),
                "outcome": result.outcome,
                "rows": result.rows,
                "is_current": result.is_current,
                "line": result.describe(),
            }
        )
    return results


def publish_docs(settings: Settings | None = None) -> dict[str, str]:
    """Rebuild the GX Data Docs site and the dbt docs; return where each is."""
    from scorecard.transform import docs_generate
    from scorecard.validate.gx_runner import data_docs_dir

    s = settings or get_settings()
    dbt_docs = docs_generate(s)
    return {
        "data_docs": str(data_docs_dir(s) / "index.html"),
        "dbt_docs": str(dbt_docs),
    }


def describe_failure(context: dict[str, Any]) -> str:
    """One line saying which task of which quarter failed and why (for on_failure_callback)."""
    ti = context.get("task_instance") or context.get("ti")
    params = context.get("params") or {}
    error = context.get("exception")
    error = getattr(error, "__cause__", None) or error  # what task_outcome() wrapped
    reason = str(error).strip().splitlines()[0] if error else "unknown reason"
    task_id = getattr(ti, "task_id", "?")
    dag_id = getattr(ti, "dag_id", "?")
    period = params.get("period_end") or context.get("data_interval_end")
    scope = (
        f"for quarter {period}"
        if dag_id == "scorecard_ingest" and period
        else f"in run {getattr(ti, 'run_id', '?')}"
    )
    kind = type(error).__name__ if error else "Error"
    return f"{dag_id}.{task_id} failed {scope}: {kind}: {reason}"


def log_failure(context: dict[str, Any]) -> None:
    """``on_failure_callback``: log one actionable line."""
    log.error("%s", describe_failure(context))
