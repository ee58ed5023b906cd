"""Load one validated extraction into ``raw.reports`` / ``raw.measures``, atomically.

One report is one transaction, run as the loader role (``settings.loader_url``):

1. take a transaction-scoped advisory lock for the report's quarter, so two loads of one
   quarter run one after the other (a second load of the same file then finds it loaded);
2. a file whose sha256 is already in ``raw.reports`` changes nothing (outcome ``unchanged``;
   its ``loaded_at`` stays, so a reload leaves the tables identical);
3. otherwise insert the report row, COPY the measures into a temp table and insert them into
   ``raw.measures`` from there;
4. recompute which report is current for the quarter (latest ``time_fetched``, then
   ``loaded_at``, then sha256), point each older version's ``superseded_by`` at the next one
   and record each new supersession in ``raw.report_supersessions``. Rows are never deleted.

A reader therefore sees the quarter before or after the load, never a mix; an exception or a
killed process anywhere in between rolls the whole report back.

By default a report is loaded only when its latest validation run (``audit.validation_runs``,
written by :func:`scorecard.validate.validate_extraction`) succeeded: the gate holds even when
the validate and load steps run in different processes (Airflow tasks).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import metadata
from typing import Any, Literal

import psycopg

from scorecard.load.migrations import ensure_migrated
from scorecard.settings import Settings, get_settings, libpq_url

LoadHook = Callable[[int, int], None]
"""``hook(rows_sent, rows_total)``: called inside the transaction after each measure row is sent
to COPY. Used for progress bars; raising from it aborts the load (the transaction rolls back),
which is how the tests inject a failure half-way through."""

Outcome = Literal["inserted", "superseded", "older", "unchanged"]
"""``inserted``: first report for its quarter. ``superseded``: a re-issue, now current, earlier
versions kept. ``older``: a new file for the quarter, kept but not current (a later issue is
already loaded). ``unchanged``: this file (same sha256) was already loaded."""

LOAD_LOCK_NAMESPACE = 7_311_005
"""First key of the per-quarter advisory lock; the second is the period end as YYYYMMDD."""

REPORT_COLUMNS: tuple[str, ...] = (
    "report_sha256",
    "source_uri",
    "period_end",
    "financial_year",
    "quarter",
    "council",
    "report_name",
    "data_source",
    "time_fetched",
    "fetched_at",
    "page_count",
    "measure_count",
    "extractor_version",
)
"""Columns of ``raw.reports`` the loader writes (``loaded_at``, ``is_current``,
``superseded_by`` are set by the database / the currency step)."""

MEASURE_COLUMNS: tuple[str, ...] = (
    "report_sha256",
    "measure_code",
    "period_end",
    "measure_ordinal",
    "directorate",
    "measure_title",
    "quarterly_status",
    "forecast_status",
    "quarterly_target_text",
    "quarterly_actual_text",
    "forecast_target_text",
    "forecast_actual_text",
    "quarterly_target",
    "quarterly_actual",
    "forecast_target",
    "forecast_actual",
    "unit",
    "direction_of_travel",
    "context",
    "improvement_actions",
    "intervention_review",
    "first_page",
    "last_page",
    "pages",
)
"""Columns of ``raw.measures``, in table order."""

_MEASURE_FIELDS = MEASURE_COLUMNS[4:21]  # directorate .. intervention_review, as extracted


class LoadError(RuntimeError):
    """A report could not be loaded; the message names the file and the reason."""


class NotValidated(LoadError):
    """The report has no successful validation run, so it is not loaded."""


@dataclass(frozen=True)
class LoadResult:
    """What one load did; ``describe()`` is the line the CLI prints."""

    report_sha256: str
    period_end: date
    source_uri: str
    outcome: Outcome
    rows: int
    is_current: bool
    superseded: tuple[str, ...] = field(default=())
    seconds: float = 0.0

    def describe(self) -> str:
        """One human line: what happened to which quarter and file."""
        head = f"{self.outcome:<10} {self.period_end.isoformat()} {self.report_sha256[:12]}"
        if self.outcome == "unchanged":
            return f"{head} already loaded, nothing changed"
        text = f"{head} {self.rows} measures"
        if self.superseded:
            text += f"; supersedes {', '.join(sha[:12] for sha in self.superseded)}"
        if self.outcome == "older":
            text += "; kept as history (a later issue of this quarter is current)"
        return text


def as_dict(extraction: Any) -> dict[str, Any]:
    """Accept an :class:`~scorecard.extract.Extraction` or its ``to_dict()`` form."""
    if hasattr(extraction, "to_dict"):
        return dict(extraction.to_dict())
    if isinstance(extraction, Mapping):
        return dict(extraction)
    raise TypeError(f"expected an Extraction or its dict, got {type(extraction).__name__}")


def extractor_version() -> str:
    """The extractor's declared version if it has one, else the package version."""
    try:
        module = importlib.import_module("scorecard.extract")
        declared = getattr(module, "EXTRACTOR_VERSION", None) or getattr(
            module, "__version__", None
        )
        if declared:
            return str(declared)
    except ImportError:
        pass
    try:
        return metadata.version("council-scorecard")
    except metadata.PackageNotFoundError:
        return "unknown"


def report_row(
    extraction: Mapping[str, Any],
    *,
    source_uri: str,
    fetched_at: datetime | None,
    version: str,
) -> tuple[Any, ...]:
    """The ``raw.reports`` values (in :data:`REPORT_COLUMNS` order) of one extraction."""
    report = extraction["report"]
    return (
        report["source_sha256"],
        source_uri,
        date.fromisoformat(report["period_end"]),
        report["financial_year"],
        report["quarter"],
        report["council"],
        report["report_name"],
        report.get("data_source"),
        _timestamp(report.get("time_fetched")),
        fetched_at,
        report["page_count"],
        len(extraction["measures"]),
        version,
    )


def measure_rows(extraction: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The ``raw.measures`` values (in :data:`MEASURE_COLUMNS` order), ordinal = report order."""
    report = extraction["report"]
    sha = report["source_sha256"]
    period_end = date.fromisoformat(report["period_end"])
    rows = []
    for ordinal, measure in enumerate(extraction["measures"], start=1):
        pages = [int(page) for page in measure.get("pages") or []]
        rows.append(
            (
                sha,
                measure["measure_code"],
                period_end,
                ordinal,
                *(measure.get(name) for name in _MEASURE_FIELDS),
                min(pages) if pages else None,
                max(pages) if pages else None,
                pages,
            )
        )
    return rows


def _timestamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def load_extraction(
    extraction: Any,
    *,
    source_uri: str,
    fetched_at: datetime | None = None,
    settings: Settings | None = None,
    hook: LoadHook | None = None,
    require_validated: bool = True,
    version: str | None = None,
) -> LoadResult:
    """Load one report (an Extraction or its dict) into ``raw``; idempotent by file sha256.

    ``source_uri`` is where the file came from (landing-area URL or path); ``fetched_at`` when
    the pipeline fetched it. Migrations are applied first (once per process). Raises
    :class:`NotValidated` when ``require_validated`` and the report's latest validation run did
    not succeed; any error rolls the report back entirely. To load many reports, a
    :class:`Loader` reuses one connection (each report is still its own transaction).
    """
    with Loader(settings) as loader:
        return loader.load(
            extraction,
            source_uri=source_uri,
            fetched_at=fetched_at,
            hook=hook,
            require_validated=require_validated,
            version=version,
        )


class Loader:
    """One loader-role connection for a series of loads: ``with Loader() as l: l.load(...)``."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        ensure_migrated(self.settings)
        self.conn: psycopg.Connection[Any] = psycopg.connect(libpq_url(self.settings.loader_url))

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (an open transaction, if any, is rolled back)."""
        self.conn.close()

    def load(
        self,
        extraction: Any,
        *,
        source_uri: str,
        fetched_at: datetime | None = None,
        hook: LoadHook | None = None,
        require_validated: bool = True,
        version: str | None = None,
    ) -> LoadResult:
        """Load one report in its own transaction; see :func:`load_extraction`."""
        started = time.perf_counter()
        data = as_dict(extraction)
        report = report_row(
            data,
            source_uri=source_uri,
            fetched_at=fetched_at,
            version=version or extractor_version(),
        )
        sha, period_end = report[0], report[2]
        rows = measure_rows(data)
        superseded: list[tuple[str, str]] = []
        with self.conn.transaction():
            lock_quarter(self.conn, period_end)
            state = report_state(self.conn, sha)
            if state.loaded:
                outcome: Outcome = "unchanged"
                current = state.current
            else:
                if require_validated:
                    check_validated(state, source_uri)
                insert_report(self.conn, report)
                copy_measures(self.conn, rows, hook=hook)
                current, superseded = refresh_currency(self.conn, period_end, sha)
                outcome = _classify(sha, current, superseded)
        return LoadResult(
            report_sha256=sha,
            period_end=period_end,
            source_uri=source_uri,
            outcome=outcome,
            rows=0 if outcome == "unchanged" else len(rows),
            is_current=current,
            superseded=tuple(old for old, new in superseded if new == sha),
            seconds=time.perf_counter() - started,
        )


def _classify(sha: str, current: bool, superseded: list[tuple[str, str]]) -> Outcome:
    if not current:
        return "older"
    if any(new == sha for _, new in superseded):
        return "superseded"
    return "inserted"


def lock_quarter(conn: psycopg.Connection[Any], period_end: date) -> None:
    """Wait for, then hold until commit, the advisory lock of one quarter."""
    key = period_end.year * 10_000 + period_end.month * 100 + period_end.day
    conn.execute("select pg_advisory_xact_lock(%s, %s)", (LOAD_LOCK_NAMESPACE, key))


@dataclass(frozen=True)
class ReportState:
    """What the warehouse knows of one file: loaded? current? its latest validation."""

    loaded: bool
    current: bool
    validated: bool | None  # None: never validated


def report_state(conn: psycopg.Connection[Any], sha: str) -> ReportState:
    """One query (after the lock, so it sees any load that just committed)."""
    row = conn.execute(
        """
        select
            exists (select from raw.reports where report_sha256 = %(sha)s),
            coalesce((select is_current from raw.reports where report_sha256 = %(sha)s), false),
            (select success from audit.validation_runs where report_sha256 = %(sha)s
             order by run_at desc limit 1)
        """,
        {"sha": sha},
    ).fetchone()
    assert row is not None
    return ReportState(loaded=row[0], current=row[1], validated=row[2])


def check_validated(state: ReportState, source_uri: str) -> None:
    """Raise :class:`NotValidated` unless the latest validation run of this report passed."""
    if state.validated is None:
        raise NotValidated(f"{source_uri}: not validated yet (no run in audit.validation_runs)")
    if not state.validated:
        raise NotValidated(f"{source_uri}: its latest validation failed; it is not loaded")


def insert_report(conn: psycopg.Connection[Any], report: Sequence[Any]) -> None:
    """Insert the ``raw.reports`` row (not current yet; the currency step decides)."""
    columns = ", ".join(REPORT_COLUMNS)
    placeholders = ", ".join(["%s"] * len(REPORT_COLUMNS))
    conn.execute(f"insert into raw.reports ({columns}) values ({placeholders})", report)


def copy_measures(
    conn: psycopg.Connection[Any],
    rows: Sequence[Sequence[Any]],
    *,
    hook: LoadHook | None = None,
) -> None:
    """COPY the rows into a temp table, then insert them into ``raw.measures`` in one statement."""
    columns = ", ".join(MEASURE_COLUMNS)
    # created once per connection (a Loader reuses it), emptied at every commit
    conn.execute(
        "create temp table if not exists load_measures"
        " (like raw.measures including defaults) on commit delete rows"
    )
    total = len(rows)
    with conn.cursor() as cursor, cursor.copy(f"copy load_measures ({columns}) from stdin") as copy:
        for done, row in enumerate(rows, start=1):
            copy.write_row(row)
            if hook is not None:
                hook(done, total)
    conn.execute(
        f"insert into raw.measures ({columns}) select {columns} from load_measures"
        " order by measure_ordinal"
    )


_ORDERED_VERSIONS = """
select report_sha256,
       lead(report_sha256) over versions as next_sha256,
       row_number() over versions = count(*) over () as latest
from raw.reports
where period_end = %(period_end)s
window versions as (order by time_fetched asc nulls first, loaded_at asc, report_sha256 asc)
"""


def refresh_currency(
    conn: psycopg.Connection[Any], period_end: date, sha: str
) -> tuple[bool, list[tuple[str, str]]]:
    """Recompute ``is_current``/``superseded_by`` of a quarter's versions; record supersessions.

    Two statements: first the reports that stop being current (so the one-current-per-quarter
    index never sees two), then the rest of the changes plus the supersession rows. Returns
    whether ``sha`` is now current and the new (superseded, superseding) pairs.
    """
    params = {"period_end": period_end}
    conn.execute(
        f"""
        with ordered as ({_ORDERED_VERSIONS})
        update raw.reports as r set is_current = false
        from ordered as o
        where r.report_sha256 = o.report_sha256 and r.is_current and not o.latest
        """,
        params,
    )
    changed = conn.execute(
        f"""
        with ordered as ({_ORDERED_VERSIONS}),
        changed as (
            update raw.reports as r
            set is_current = o.latest, superseded_by = o.next_sha256
            from ordered as o
            where r.report_sha256 = o.report_sha256
              and (r.is_current, r.superseded_by) is distinct from (o.latest, o.next_sha256)
            returning r.report_sha256, r.superseded_by, r.is_current
        ),
        recorded as (
            insert into raw.report_supersessions
                (period_end, superseded_sha256, superseding_sha256)
            select %(period_end)s, report_sha256, superseded_by
            from changed
            where superseded_by is not null
            on conflict do nothing
        )
        select report_sha256, superseded_by, is_current from changed
        """,
        params,
    ).fetchall()
    pairs = sorted((old, new) for old, new, _ in changed if new is not None)
    current = any(row_sha == sha and now_current for row_sha, _, now_current in changed)
    return current, pairs
