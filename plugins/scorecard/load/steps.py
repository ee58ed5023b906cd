"""The SQL steps of one load, each run inside the load's transaction (see :mod:`.loader`).

Lock the quarter, read what the warehouse knows of the file, insert the report row, COPY the
measures through a temp table, recompute which version of the quarter is current.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import psycopg

from scorecard.load.errors import NotValidated
from scorecard.load.rows import MEASURE_COLUMNS, REPORT_COLUMNS

LoadHook = Callable[[int, int], None]
"""``hook(rows_sent, rows_total)``: called inside the transaction after each measure row is sent
to COPY. Used for progress bars; raising from it aborts the load (the transaction rolls back),
which is how the tests inject a failure half-way through."""

LOAD_LOCK_NAMESPACE = 7_311_005
"""First key of the per-quarter advisory lock; the second is the period end as YYYYMMDD."""


def lock_quarter(conn: psycopg.Connection[Any], period_end: date) -> None:
    """Wait for, then hold until commit, the advisory lock of one quarter."""
    key = period_end.year * 10_000 + period_end.month * 100 + period_end.day
    conn.execute("select pg_advisory_xact_lock(%s, %s)", (LOAD_LOCK_NAMESPACE, key))


@dataclass(frozen=True)
class ReportState:
    """What the warehouse knows of one file: loaded? current? the latest validation of the
    content being loaded."""

    loaded: bool
    current: bool
    validated: bool | None  # None: this content was never validated


def report_state(
    conn: psycopg.Connection[Any], sha: str, content_sha: str, input_kind: str = "pdf"
) -> ReportState:
    """One query (after the lock, so it sees any load that just committed)."""
    row = conn.execute(
        """
        select
            exists (select from raw.reports where report_sha256 = %(sha)s),
            coalesce((select is_current from raw.reports where report_sha256 = %(sha)s), false),
            (select success from audit.validation_runs
             where report_sha256 = %(sha)s and extraction_sha256 = %(content)s
               and input_kind = %(kind)s
             order by run_at desc limit 1)
        """,
        {"sha": sha, "content": content_sha, "kind": input_kind},
    ).fetchone()
    assert row is not None
    return ReportState(loaded=row[0], current=row[1], validated=row[2])


def check_validated(state: ReportState, source_uri: str) -> None:
    """Raise :class:`NotValidated` unless the latest validation of this content passed."""
    if state.validated is None:
        raise NotValidated(
            f"{source_uri}: not validated yet (no run of this exact content in "
            "audit.validation_runs); validate it, then load"
        )
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
