"""Write-audit-publish of the marts: dbt writes and tests them out of sight, then they swap in.

dbt builds the mart models into ``marts_audit`` (see ``dbt_project/macros/generate_schema_name.sql``),
a schema the BI reader has no usage on, and runs every test there. :func:`publish_marts` is
called only after every model and test passed: in one transaction it renames ``marts`` to
``marts_audit`` and ``marts_audit`` to ``marts``, and moves the reader's usage grant with them.
A reader sees the old marts or the new ones, never a half-built or failing set, and a failed
test leaves ``marts`` exactly as it was.

The two schemas take turns: after a swap the audit schema holds the previous good marts, which
the next build brings up to date (the incremental facts merge every quarter whose report
history differs from what that copy holds, so a copy one build behind catches up correctly).
After a full refresh, :func:`discard_audit_copy` drops that previous copy: it may have another
shape (a model's columns changed), which an incremental build refuses; the next build then
creates it afresh.

A BI client must never stall publishing, nor publishing the BI clients: the swap waits for its
locks at most :data:`TRY_LOCK_TIMEOUT` at a time (so readers never queue behind it for longer),
retries with backoff for ``SCORECARD_PUBLISH_WAIT_SECONDS``, and then fails as a transient
error naming the sessions in its way (role, application, pid). Publishers are serialised by a
row of ``audit.publish_lock``, which only the transformer may lock.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any

from scorecard.errors import StepFailed, TransientError
from scorecard.settings import Settings, get_settings, libpq_url

MARTS_SCHEMA = "marts"
"""What the BI reader reads."""

AUDIT_SCHEMA = "marts_audit"
"""Where dbt builds and tests the marts (``generate_schema_name`` maps ``marts`` here)."""

_SWAP_SCHEMA = "marts_swap"
"""A name used only inside the publishing transaction."""

TRY_LOCK_TIMEOUT = "500ms"
"""How long one try waits for a lock (readers queue behind a waiting swap at most this long)."""

APPLICATION = "scorecard publish"
"""The swap's ``application_name``, so a DBA sees who is waiting."""


class PublishError(StepFailed):
    """The audited marts could not be published; the reader still sees the previous marts."""


class PublishBlocked(TransientError):
    """Other sessions held locks the swap needs for longer than its retry budget; the reader
    still sees the previous marts and a later try (the task's retry) publishes them."""


@dataclass(frozen=True)
class PublishResult:
    """What a swap published."""

    tables: tuple[str, ...]
    seconds: float

    def describe(self) -> str:
        return f"published {len(self.tables)} mart tables in {self.seconds * 1000:.0f} ms"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _tables(conn: object, schema: str) -> tuple[str, ...]:
    rows = conn.execute(  # type: ignore[attr-defined]
        "select table_name from information_schema.tables where table_schema = %s order by 1",
        (schema,),
    ).fetchall()
    return tuple(row[0] for row in rows)


def publish_marts(settings: Settings | None = None) -> PublishResult:
    """Swap the audited marts in for the reader, atomically, as the transformer role.

    Raises :class:`PublishError` (nothing changed) when there is nothing audited to publish or
    it lacks a table the reader has now, and :class:`PublishBlocked` when other sessions held
    its locks past the retry budget (see the module docstring).
    """
    import psycopg

    s = settings or get_settings()
    started = time.perf_counter()
    url = libpq_url(s.transformer_url)
    budget = s.sessions.publish_wait_seconds
    seen: dict[int, str] = {}
    delay, tries = 0.05, 0
    with (
        psycopg.connect(url, application_name=APPLICATION) as conn,
        psycopg.connect(url, autocommit=True, application_name=f"{APPLICATION} (watch)") as watch,
    ):
        while True:
            tries += 1
            tables = _watched_try(conn, watch, s, seen)
            if tables is not None:
                return PublishResult(tables=tables, seconds=time.perf_counter() - started)
            if time.perf_counter() - started + delay > budget:
                raise PublishBlocked(_blocked_message(tries, time.perf_counter() - started, seen))
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def _watched_try(
    conn: Any, watch: Any, settings: Settings, seen: dict[int, str]
) -> tuple[str, ...] | None:
    """One try of the swap; meanwhile note who blocks it (``pg_blocking_pids``). ``None``: a
    lock was not granted within :data:`TRY_LOCK_TIMEOUT` (nothing changed)."""
    import psycopg

    pid = conn.info.backend_pid
    with ThreadPoolExecutor(max_workers=1) as pool:
        attempt = pool.submit(_swap, conn, settings)
        while not attempt.done():
            for blocker, role, application in watch.execute(
                "select a.pid, a.usename, a.application_name from pg_catalog.pg_stat_activity as a"
                " where a.pid = any(pg_catalog.pg_blocking_pids(%s))",
                (pid,),
            ).fetchall():
                seen[blocker] = f"{role} (application {application or '(none)'!r}, pid {blocker})"
            time.sleep(0.05)
        try:
            return attempt.result()
        except psycopg.errors.LockNotAvailable:
            return None


def _blocked_message(tries: int, seconds: float, seen: dict[int, str]) -> str:
    blockers = (
        ", ".join(seen.values()) or "sessions that had let go by the time they were looked up"
    )
    return (
        f"marts not published: {tries} tries over {seconds:.0f} s (SCORECARD_PUBLISH_WAIT_SECONDS) "
        f"each waited {TRY_LOCK_TIMEOUT} for a lock held by {blockers}; the reader still sees "
        "the previous marts, and a retry publishes them"
    )


def _swap(conn: Any, settings: Settings) -> tuple[str, ...]:
    """The swap itself, in one transaction whose lock waits end after :data:`TRY_LOCK_TIMEOUT`."""
    from psycopg import sql

    reader = sql.Identifier(settings.reader_role)
    marts, audit, swap = (sql.Identifier(n) for n in (MARTS_SCHEMA, AUDIT_SCHEMA, _SWAP_SCHEMA))
    with conn.transaction():
        conn.execute(f"set local lock_timeout = '{TRY_LOCK_TIMEOUT}'")
        conn.execute("select from audit.publish_lock where lock_name = 'marts' for update")
        audited = _tables(conn, AUDIT_SCHEMA)
        if not audited:
            raise PublishError(
                f"nothing to publish: schema {AUDIT_SCHEMA} has no tables (run `scorecard transform`)"
            )
        missing = sorted(set(_tables(conn, MARTS_SCHEMA)) - set(audited))
        if missing:
            raise PublishError(
                f"not publishing: {AUDIT_SCHEMA} lacks {', '.join(missing)}, which the reader has "
                "in marts (drop them from marts by hand if the models were removed on purpose)"
            )
        for statement in (
            "alter schema {marts} rename to {swap}",
            "alter schema {audit} rename to {marts}",
            "alter schema {swap} rename to {audit}",
            "grant usage on schema {marts} to {reader}",
            "revoke all on schema {audit} from {reader}",
            "alter default privileges in schema {marts} grant select on tables to {reader}",
            "alter default privileges in schema {audit} revoke select on tables from {reader}",
        ):
            conn.execute(
                sql.SQL(statement).format(marts=marts, audit=audit, swap=swap, reader=reader)
            )
    return audited


def discard_audit_copy(settings: Settings | None = None) -> tuple[str, ...]:
    """Drop the tables left in the audit schema (the marts before the last publish), as the
    transformer role; return their names. The reader never sees that schema, and the next
    build creates its tables afresh, in the shape the models have now."""
    import psycopg
    from psycopg import sql

    s = settings or get_settings()
    url = libpq_url(s.transformer_url)
    with psycopg.connect(url, application_name=APPLICATION) as conn, conn.transaction():
        # the publishers' lock: no swap runs while the copy is dropped
        conn.execute("select from audit.publish_lock where lock_name = 'marts' for update")
        tables = _tables(conn, AUDIT_SCHEMA)
        if tables:
            conn.execute(
                sql.SQL("drop table if exists {} cascade").format(
                    sql.SQL(", ").join(sql.Identifier(AUDIT_SCHEMA, t) for t in tables)
                )
            )
    return tables
