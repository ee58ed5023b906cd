"""The SQL steps of one load, each run inside the load's transaction (see :mod:`.loader`).

As the loader role there is one step that writes: ``raw.load_validated``, the database's own
function that loads exactly the rows the latest validation of the file and content kept (the
loader holds no other write privilege on ``raw``, nor temp tables). The owner's loads (fixtures
and benchmarks, without validation) lock the quarter, insert the report row, COPY the measures
through a temp table and recompute which version of the quarter is current (``raw.refresh_currency``,
the same function the validated path uses).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import psycopg

from scorecard.load.errors import NotValidated, QuarterBusy
from scorecard.warehouse.rows import MEASURE_COLUMNS, REPORT_COLUMNS

LoadHook = Callable[[int, int], None]
"""``hook(rows_done, rows_total)``: called inside the transaction as the measure rows go in (for
progress bars); raising from it aborts the load (the transaction rolls back), which is how the
tests inject a failure half-way through."""


def lock_quarter(conn: psycopg.Connection[Any], period_end: date) -> None:
    """Wait for, then hold until commit, the quarter's row in ``audit.load_locks`` (a lock only
    the owner can take directly; the loader takes it inside ``raw.load_validated``)."""
    conn.execute(
        "insert into audit.load_locks (period_end) values (%s)"
        " on conflict (period_end) do update set locked_at = excluded.locked_at",
        (period_end,),
    )


@dataclass(frozen=True)
class ReportState:
    """What the warehouse knows of one file: loaded? current? the latest validation of the
    content being loaded, and whether it kept its rows and until when."""

    loaded: bool
    current: bool
    validated: bool | None  # None: this content was never validated
    kept: bool = False
    expires_at: datetime | None = None


def report_state(
    conn: psycopg.Connection[Any], sha: str, content_sha: str, input_kind: str = "pdf"
) -> ReportState:
    """One query: the file in ``raw`` and the latest validation of this content."""
    row = conn.execute(
        """
        select
            exists (select from raw.reports where report_sha256 = %(sha)s),
            coalesce((select is_current from raw.reports where report_sha256 = %(sha)s), false),
            v.success, s.run_id is not null, s.expires_at
        from (select 1) as one
        left join lateral (
            select run_id, success from audit.validation_runs
            where report_sha256 = %(sha)s and extraction_sha256 = %(content)s
              and input_kind = %(kind)s
            order by run_at desc limit 1
        ) as v on true
        left join audit.validated_reports as s on s.run_id = v.run_id
        """,
        {"sha": sha, "content": content_sha, "kind": input_kind},
    ).fetchone()
    assert row is not None
    return ReportState(row[0], row[1], row[2], bool(row[3]), row[4])


def check_validated(state: ReportState, source_uri: str, now: datetime) -> None:
    """Raise :class:`NotValidated` unless the latest validation of this content passed and its
    rows are kept and have not expired (the database checks the same again)."""
    if state.validated is None:
        raise NotValidated(
            f"{source_uri}: not validated yet (no run of this exact content in "
            "audit.validation_runs); validate it, then load"
        )
    if not state.validated:
        raise NotValidated(f"{source_uri}: its latest validation failed; it is not loaded")
    if not state.kept:
        raise NotValidated(
            f"{source_uri}: its latest validation kept no rows to load (it ran before the "
            "warehouse kept them); validate it again, then load"
        )
    if state.expires_at is not None and state.expires_at <= now:
        raise NotValidated(
            f"{source_uri}: its validation expired at {state.expires_at:%Y-%m-%d %H:%M %Z} "
            "(SCORECARD_VALIDATION_TTL_HOURS); validate it again, then load"
        )


def load_validated(
    conn: psycopg.Connection[Any],
    identity: tuple[str, str, str],
    fetched_at: datetime | None,
    version: str,
    source_uri: str,
    source_details: Any = None,
) -> tuple[bool, bool, list[str]]:
    """Load what the latest validation of (file sha256, content sha256, input kind) kept:
    (loaded now, current, reports it supersedes); ``loaded`` is False if it was already in."""
    try:
        with conn.transaction():  # a savepoint: the error below leaves the connection usable
            row = conn.execute(
                "select loaded, now_current, superseded"
                " from raw.load_validated(%s, %s, %s, %s, %s, %s)",
                (*identity, fetched_at, version, source_details),
            ).fetchone()
    except psycopg.errors.InsufficientPrivilege as error:
        reason = error.diag.message_primary or str(error)
        raise NotValidated(f"{source_uri}: refused by the warehouse: {reason}") from None
    except (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled) as error:
        raise QuarterBusy(
            f"{source_uri}: another load of its quarter held the lock past "
            f"lock_timeout ({error.diag.message_primary}); it will be retried"
        ) from None
    assert row is not None
    return bool(row[0]), bool(row[1]), list(row[2] or [])


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
    """COPY the rows into a temp table, then insert them into ``raw.measures`` in one statement
    (the owner's loads only: the loader role has no temp tables)."""
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


def refresh_currency(
    conn: psycopg.Connection[Any], period_end: date, sha: str
) -> tuple[bool, list[str]]:
    """Recompute the quarter's current version (``raw.refresh_currency``): whether ``sha`` is
    now current and the reports it supersedes."""
    row = conn.execute(
        "select now_current, superseded from raw.refresh_currency(%s, %s)", (period_end, sha)
    ).fetchone()
    assert row is not None
    return bool(row[0]), list(row[1] or [])
