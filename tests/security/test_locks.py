"""A BI reader cannot stall the pipeline: the third attack (advisory locks taken and held as the
reader, a BI tool's long read during a publish) and the session limits every role starts with."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from gatekit import AsRole, attest, role_url
from psycopg import errors
from samplekit import BASE_SAMPLE, SAMPLES_DIR

from scorecard.load import load_extraction
from scorecard.load.errors import QuarterBusy
from scorecard.settings import Settings, get_settings, libpq_url
from scorecard.transform.publish import PublishBlocked, publish_marts
from scorecard.warehouse import role_settings
from scorecard.warehouse.migrations import migrate

OLD_ADVISORY_KEYS = ("7311004", "7311005", "7311005, 20180331")
"""The advisory keys migrations, loads and publishing used to wait for (any login may take them)."""


@pytest.fixture
def short_sessions(
    scratch_warehouse: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    """Every role's session limits cut to a second or two (as ``ALTER ROLE ... SET``, by the
    superuser, as the embedded warehouse's start does), then put back: new sessions of the test
    start with them."""
    for name, value in {
        "SCORECARD_PIPELINE_LOCK_TIMEOUT_SECONDS": "1",
        "SCORECARD_READER_IDLE_IN_TRANSACTION_SECONDS": "1",
        "SCORECARD_PUBLISH_WAIT_SECONDS": "2",
    }.items():
        monkeypatch.setenv(name, value)
    _apply(get_settings())
    try:
        yield get_settings()
    finally:
        monkeypatch.undo()
        _apply(get_settings())


def _apply(settings: Settings) -> None:
    with psycopg.connect(libpq_url(settings.superuser_url)) as conn:
        role_settings.apply(conn, settings)


def _marts(settings: Settings) -> None:
    """Marts and their audited copy, as a dbt build leaves them (the transformer's)."""
    with psycopg.connect(role_url("transformer"), autocommit=True) as conn:
        conn.execute("create schema if not exists marts_audit")
        for schema in ("marts", "marts_audit"):
            conn.execute(f"create table {schema}.dim_measure (measure_id int)")
            conn.execute(f"insert into {schema}.dim_measure values (1)")


def _load(settings: Settings, extraction: dict[str, Any]) -> str:
    attest(settings, extraction)
    pdf = SAMPLES_DIR / f"{BASE_SAMPLE}.pdf"
    return load_extraction(extraction, source_uri="file:///q.pdf", pdf=pdf).outcome


def test_the_old_advisory_keys_held_by_the_reader_stall_nothing(
    scratch_warehouse: Settings, as_role: AsRole, sample_extractions: dict[str, Any]
) -> None:
    reader = as_role("reader", autocommit=True)
    for key in OLD_ADVISORY_KEYS:
        reader.execute(f"select pg_advisory_lock({key})")
    assert migrate(scratch_warehouse) == []
    assert _load(scratch_warehouse, sample_extractions[BASE_SAMPLE]) == "inserted"
    _marts(scratch_warehouse)
    assert publish_marts(scratch_warehouse).tables == ("dim_measure",)


@pytest.mark.parametrize("role", ["reader", "loader", "validator"])
def test_pipeline_locks_are_rows_only_pipeline_roles_may_lock(as_role: AsRole, role: str) -> None:
    conn = as_role(role)
    for statement in (
        "lock table audit.load_locks in exclusive mode",
        "select from audit.publish_lock for update",
        "lock table audit.schema_migrations in share row exclusive mode",
    ):
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(statement)
        conn.rollback()


def test_a_long_bi_read_delays_publishing_at_most_the_retry_budget(
    short_sessions: Settings, as_role: AsRole
) -> None:
    """A BI tool's long read never blocks the swap; a session that does block it holds the
    publish back at most SCORECARD_PUBLISH_WAIT_SECONDS, is named in the error, and readers
    are never queued behind the waiting swap."""
    _marts(short_sessions)
    long_read = as_role("reader")
    long_read.execute("select count(*) from marts.dim_measure").fetchall()  # left open
    assert publish_marts(short_sessions).tables == ("dim_measure",)
    assert publish_marts(short_sessions).tables == ("dim_measure",)  # it now holds the old copy
    hog = psycopg.connect(role_url("transformer"), application_name="BI extract (hog)")
    try:
        hog.execute("select from audit.publish_lock for update")
        outcome: list[BaseException] = []
        publishing = threading.Thread(target=lambda: _publish(short_sessions, outcome))
        publishing.start()
        reads = 0
        while publishing.is_alive():  # readers go on while the publish retries
            with psycopg.connect(role_url("reader"), autocommit=True) as reader:
                reads += reader.execute("select count(*) from marts.dim_measure").fetchone()[0]
        publishing.join()
    finally:
        hog.close()
    assert reads >= 1
    assert isinstance(outcome[0], PublishBlocked)
    message = str(outcome[0])
    assert "scorecard_transformer (application 'BI extract (hog)'" in message
    assert "SCORECARD_PUBLISH_WAIT_SECONDS" in message and "\n" not in message


def _publish(settings: Settings, outcome: list[BaseException]) -> None:
    try:
        publish_marts(settings)
    except BaseException as error:  # reported by the test
        outcome.append(error)


def test_a_load_waits_for_its_quarter_at_most_the_lock_timeout(
    short_sessions: Settings, sample_extractions: dict[str, Any]
) -> None:
    extraction = sample_extractions[BASE_SAMPLE]
    with psycopg.connect(role_url("owner")) as holder:
        holder.execute(
            "insert into audit.load_locks (period_end) values (%s) on conflict (period_end)"
            " do update set locked_at = now()",
            (extraction["report"]["period_end"],),
        )
        with pytest.raises(QuarterBusy, match="lock_timeout"):
            _load(short_sessions, extraction)
    assert _load(short_sessions, extraction) == "inserted"


def test_an_idle_bi_transaction_is_ended_by_the_server(
    short_sessions: Settings, as_role: AsRole
) -> None:
    _marts(short_sessions)
    reader = as_role("reader")
    reader.execute("select count(*) from marts.dim_measure").fetchall()
    time.sleep(1.5)  # longer than the reader's idle-in-transaction limit (1 s here)
    with pytest.raises(errors.IdleInTransactionSessionTimeout):
        reader.execute("select 1").fetchall()
