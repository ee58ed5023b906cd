"""Least privilege, tested by connecting as each role: the BI reader sees marts only and creates
nothing; the loader cannot touch marts, delete history, rewrite a loaded report, add to one,
write raw except through the database's own load of validated rows, or write audit; the validator (which the loader does not hold) records
validations; the transformer reads raw and owns the dbt schemas; no role runs programs on the
server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from psycopg import errors
from samplekit import BASE_SAMPLE, SAMPLES_DIR
from sqlalchemy.engine import URL

from scorecard.load import load_extraction
from scorecard.settings import Settings, libpq_url
from scorecard.warehouse.rows import REPORT_COLUMNS, report_row

Connect = Callable[[URL], psycopg.Connection[Any]]
Attest = Callable[..., str]


@pytest.fixture
def mart(scratch_warehouse: Settings, connect: Connect) -> Iterator[str]:
    """A table the transformer creates in marts after the migrations (as dbt would)."""
    with connect(scratch_warehouse.transformer_url) as conn:
        conn.execute("create table marts.fct_probe (id int)")
        conn.execute("insert into marts.fct_probe values (1)")
    yield "marts.fct_probe"


def _denied(url: URL, connect: Connect, statement: str) -> None:
    with (
        connect(url) as conn,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        conn.execute(statement)


def test_reader_selects_marts_created_later(
    mart: str, scratch_warehouse: Settings, connect: Connect
) -> None:
    with connect(scratch_warehouse.reader_url) as conn:
        assert conn.execute(f"select id from {mart}").fetchall() == [(1,)]


DENIED = {
    # the BI reader reads marts only and creates nothing
    "reader": [
        "select * from raw.reports",
        "select * from raw.measures",
        "select * from audit.validation_runs",
        "create table marts.bi_scratch (id int)",
        "create table public.bi_scratch (id int)",
        "create temp table bi_scratch (id int)",
        "create schema bi_scratch",
        "insert into marts.fct_probe values (2)",
        "select * from staging.anything",
    ],
    # the loader cannot alter marts or destroy history
    "loader": [
        "alter table marts.fct_probe add column x int",
        "insert into marts.fct_probe values (2)",
        "drop table marts.fct_probe",
        "create table marts.loader_scratch (id int)",
        "delete from raw.measures",
        "truncate raw.reports",
        "alter table raw.reports add column x int",
        "create table raw.loader_scratch (id int)",
    ],
}


@pytest.mark.parametrize(
    ("role", "statement"),
    [(role, statement) for role, statements in DENIED.items() for statement in statements],
)
def test_role_is_denied(
    role: str, statement: str, mart: str, scratch_warehouse: Settings, connect: Connect
) -> None:
    _denied(scratch_warehouse.role_url(role), connect, statement)


def test_transformer_reads_raw_but_cannot_write_it(
    scratch_warehouse: Settings, connect: Connect
) -> None:
    with connect(scratch_warehouse.transformer_url) as conn:
        assert conn.execute("select count(*) from raw.measures").fetchone() == (0,)
        conn.execute("create view staging.stg_probe as select * from raw.reports")
    _denied(scratch_warehouse.transformer_url, connect, "delete from raw.reports")


ROLE_KEYS = ("owner", "loader", "validator", "transformer", "reader")


def test_no_role_is_a_superuser_or_runs_programs_on_the_server(
    scratch_warehouse: Settings, connect: Connect
) -> None:
    for role in ROLE_KEYS:
        url = scratch_warehouse.role_url(role)
        with connect(url) as conn:
            superuser = conn.execute(
                "select rolsuper from pg_roles where rolname = current_user"
            ).fetchone()
        assert superuser == (False,), role
        _denied(url, connect, "copy (select 1) to program 'id'")
        _denied(url, connect, "copy (select 1) to '/tmp/scorecard-copy-probe'")
        _denied(url, connect, "select pg_read_file('postgresql.conf')")


def test_each_role_logs_in_with_its_own_secret_only(scratch_warehouse: Settings) -> None:
    loader, reader = scratch_warehouse.loader_url, scratch_warehouse.reader_url
    assert loader.password != reader.password
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(libpq_url(loader.set(password=reader.password)))


@pytest.fixture
def loaded(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]], attest: Attest
) -> dict[str, Any]:
    """The base sample loaded as the loader role, through the validated path."""
    extraction = sample_extractions[BASE_SAMPLE]
    attest(extraction)
    load_extraction(
        extraction, source_uri="file:///base.pdf", pdf=SAMPLES_DIR / f"{BASE_SAMPLE}.pdf"
    )
    return extraction


LOADER_REFUSED = [
    "update raw.reports set council = 'Elsewhere'",
    "update raw.reports set loaded_at = now()",
    "update raw.reports set is_current = not is_current",
    "insert into raw.report_supersessions (period_end, superseded_sha256, superseding_sha256)"
    " select period_end, report_sha256, report_sha256 from raw.reports",
    "update raw.measures set quarterly_status = 'Green'",
    "insert into audit.validation_runs (report_sha256, suite_name, success,"
    " evaluated_expectations, successful_expectations, unsuccessful_expectations)"
    " values ('x', 'forged', true, 1, 1, 0)",
    "update audit.validation_runs set success = true",
    "delete from audit.validation_runs",
]


def test_loader_cannot_rewrite_reports_or_write_audit(
    loaded: dict[str, Any], scratch_warehouse: Settings, connect: Connect
) -> None:
    for statement in LOADER_REFUSED:
        _denied(scratch_warehouse.loader_url, connect, statement)


def test_loader_cannot_add_measures_to_a_loaded_report(
    loaded: dict[str, Any], scratch_warehouse: Settings, connect: Connect
) -> None:
    sha = loaded["report"]["source_sha256"]
    _denied(
        scratch_warehouse.loader_url,
        connect,
        "insert into raw.measures (report_sha256, measure_code, period_end, measure_ordinal,"
        f" measure_title) values ('{sha}', 'FORGED 1', '2018-03-31', 999, 'forged')",
    )


def test_loader_cannot_insert_a_report_itself_even_with_a_passing_validation(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]], attest: Attest
) -> None:
    """Only raw.load_validated writes raw for the loader: a direct insert is refused."""
    extraction = sample_extractions[BASE_SAMPLE]
    attest(extraction)
    row = report_row(extraction, source_uri="file:///forged.pdf", fetched_at=None, version="forged")
    columns = ", ".join(REPORT_COLUMNS)
    with (
        psycopg.connect(libpq_url(scratch_warehouse.loader_url)) as conn,
        pytest.raises(errors.InsufficientPrivilege, match="permission denied for table reports"),
    ):
        conn.execute(
            f"insert into raw.reports ({columns}) values ({', '.join(['%s'] * len(row))})", row
        )


def test_validator_writes_audit_only_and_the_loader_does_not_hold_it(
    scratch_warehouse: Settings, connect: Connect
) -> None:
    with connect(scratch_warehouse.validator_url) as conn:
        conn.execute(
            "insert into audit.validation_runs (report_sha256, suite_name, success,"
            " evaluated_expectations, successful_expectations, unsuccessful_expectations)"
            " values ('x', 'probe', false, 1, 0, 1)"
        )
    _denied(scratch_warehouse.validator_url, connect, "select * from raw.reports")
    with connect(scratch_warehouse.loader_url) as conn:
        held = conn.execute(
            "select pg_has_role(current_user, %s, 'member')", (scratch_warehouse.validator_role,)
        ).fetchone()
    assert held == (False,)
