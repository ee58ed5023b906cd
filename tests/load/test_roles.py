"""Least privilege: the BI reader sees marts only and creates nothing; the loader cannot touch
marts or delete history; the transformer reads raw and owns the dbt schemas."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from psycopg import errors
from sqlalchemy.engine import URL

from scorecard.settings import Settings

Connect = Callable[[URL], psycopg.Connection[Any]]


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


@pytest.mark.parametrize(
    "statement",
    [
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
)
def test_reader_is_confined_to_reading_marts(
    statement: str, mart: str, scratch_warehouse: Settings, connect: Connect
) -> None:
    _denied(scratch_warehouse.reader_url, connect, statement)


@pytest.mark.parametrize(
    "statement",
    [
        "alter table marts.fct_probe add column x int",
        "insert into marts.fct_probe values (2)",
        "drop table marts.fct_probe",
        "create table marts.loader_scratch (id int)",
        "delete from raw.measures",
        "truncate raw.reports",
        "alter table raw.reports add column x int",
        "create table raw.loader_scratch (id int)",
    ],
)
def test_loader_cannot_alter_marts_or_destroy_history(
    statement: str, mart: str, scratch_warehouse: Settings, connect: Connect
) -> None:
    _denied(scratch_warehouse.loader_url, connect, statement)


def test_transformer_reads_raw_but_cannot_write_it(
    scratch_warehouse: Settings, connect: Connect
) -> None:
    with connect(scratch_warehouse.transformer_url) as conn:
        assert conn.execute("select count(*) from raw.measures").fetchone() == (0,)
        conn.execute("create view staging.stg_probe as select * from raw.reports")
    _denied(scratch_warehouse.transformer_url, connect, "delete from raw.reports")
