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
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from scorecard.errors import StepFailed
from scorecard.settings import Settings, get_settings, libpq_url

MARTS_SCHEMA = "marts"
"""What the BI reader reads."""

AUDIT_SCHEMA = "marts_audit"
"""Where dbt builds and tests the marts (``generate_schema_name`` maps ``marts`` here)."""

_SWAP_SCHEMA = "marts_swap"
"""A name used only inside the publishing transaction."""

PUBLISH_LOCK_KEY = 7_311_005
"""Advisory lock key serialising publishers (the migrations use 7_311_004)."""


class PublishError(StepFailed):
    """The audited marts could not be published; the reader still sees the previous marts."""


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
    it lacks a table the reader has now.
    """
    import psycopg
    from psycopg import sql

    s = settings or get_settings()
    started = time.perf_counter()
    reader = sql.Identifier(s.reader_role)
    marts, audit, swap = (sql.Identifier(n) for n in (MARTS_SCHEMA, AUDIT_SCHEMA, _SWAP_SCHEMA))
    with psycopg.connect(libpq_url(s.transformer_url)) as conn, conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (PUBLISH_LOCK_KEY,))
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
    return PublishResult(tables=audited, seconds=time.perf_counter() - started)


def discard_audit_copy(settings: Settings | None = None) -> tuple[str, ...]:
    """Drop the tables left in the audit schema (the marts before the last publish), as the
    transformer role; return their names. The reader never sees that schema, and the next
    build creates its tables afresh, in the shape the models have now."""
    import psycopg
    from psycopg import sql

    s = settings or get_settings()
    with psycopg.connect(libpq_url(s.transformer_url)) as conn, conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (PUBLISH_LOCK_KEY,))
        tables = _tables(conn, AUDIT_SCHEMA)
        if tables:
            conn.execute(
                sql.SQL("drop table if exists {} cascade").format(
                    sql.SQL(", ").join(sql.Identifier(AUDIT_SCHEMA, t) for t in tables)
                )
            )
    return tables
