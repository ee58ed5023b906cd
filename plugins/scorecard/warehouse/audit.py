"""The audit trail of validation: one ``audit.validation_runs`` row per run, pass or fail.

Written as the validator role (which the loader does not hold) in its own short transaction, so
a failed report leaves a trace even though nothing of it reaches ``raw``. Each run records the
sha256 of the extraction's content (:func:`extraction_sha256`), and a passing run keeps the very
rows it validated (:class:`Staged`, in ``audit.validated_reports`` / ``validated_measures``):
the loader cannot write ``raw`` itself, it asks the database (``raw.load_validated``) to load the
rows the latest validation of that file and content kept, before they expire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import psycopg

from scorecard.errors import Refused
from scorecard.settings import Settings, get_settings, libpq_url
from scorecard.warehouse.migrations import ensure_migrated
from scorecard.warehouse.roles import refuse_superuser
from scorecard.warehouse.rows import STAGED_MEASURE_COLUMNS, STAGED_REPORT_COLUMNS

InputKind = Literal["pdf", "json-untrusted"]
"""Where an extraction's content came from: its report's PDF, or a JSON nobody vouches for."""


@dataclass(frozen=True)
class ValidationRun:
    """The facts of one validation run, as stored in ``audit.validation_runs``."""

    report_sha256: str | None
    source_uri: str | None
    period_end: date | None
    suite_name: str
    success: bool
    evaluated: int
    successful: int
    unsuccessful: int
    run_at: datetime
    result_path: str | None
    failed_expectations: tuple[str, ...] = ()
    extraction_sha256: str | None = None
    input_kind: InputKind = "pdf"


@dataclass(frozen=True)
class Staged:
    """The rows a passing validation keeps (``scorecard.warehouse.rows.staged_rows``) and for
    how long a load may use them."""

    report: tuple[Any, ...]
    measures: list[tuple[Any, ...]]
    hours: float


class Unstorable(Refused):
    """Validated content the warehouse cannot store (a NUL byte in a text, a number out of
    range); the run is recorded as failed and nothing of it is kept."""


def record_validation_run(
    run: ValidationRun, settings: Settings | None = None, staged: Staged | None = None
) -> str:
    """Insert one run (own transaction, validator role), with the rows a passing run keeps;
    return its ``run_id``. Rows the warehouse cannot store raise :class:`Unstorable` and nothing
    is recorded."""
    s = settings or get_settings()
    ensure_migrated(s)
    with psycopg.connect(libpq_url(s.validator_url)) as conn:
        refuse_superuser(conn, "SCORECARD_VALIDATOR_URL")
        try:
            with conn.transaction():
                run_id = _insert_run(conn, run)
                if staged is not None and run.success:
                    _stage(conn, run_id, staged)
        except psycopg.DataError as error:
            reason = str(error).strip().splitlines()[0]
            raise Unstorable(
                f"{run.source_uri}: the warehouse cannot store this content ({reason})"
            ) from None
    return run_id


def _insert_run(conn: psycopg.Connection[Any], run: ValidationRun) -> str:
    row = conn.execute(
        """
        insert into audit.validation_runs (
            report_sha256, source_uri, period_end, suite_name, success,
            evaluated_expectations, successful_expectations, unsuccessful_expectations,
            run_at, result_path, failed_expectations, extraction_sha256, input_kind
        ) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
        returning run_id
        """,
        (
            run.report_sha256,
            run.source_uri,
            run.period_end,
            run.suite_name,
            run.success,
            run.evaluated,
            run.successful,
            run.unsuccessful,
            run.run_at,
            run.result_path,
            list(run.failed_expectations),
            run.extraction_sha256,
            run.input_kind,
        ),
    ).fetchone()
    assert row is not None
    return str(row[0])


def _stage(conn: psycopg.Connection[Any], run_id: str, staged: Staged) -> None:
    """Keep the validated rows under the run, expiring ``staged.hours`` from now."""

    columns = ", ".join(STAGED_REPORT_COLUMNS)
    marks = ", ".join(["%s"] * len(STAGED_REPORT_COLUMNS))
    conn.execute(
        f"insert into audit.validated_reports (run_id, {columns}, expires_at)"
        f" values (%s, {marks}, now() + make_interval(secs => %s))",
        (run_id, *staged.report, staged.hours * 3600),
    )
    measure_columns = ", ".join(STAGED_MEASURE_COLUMNS)
    with conn.cursor().copy(
        f"copy audit.validated_measures (run_id, {measure_columns}) from stdin"
    ) as copy:
        for row in staged.measures:
            copy.write_row((run_id, *row))
