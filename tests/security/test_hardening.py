"""The PostgreSQL checks people run on a database like this one, against the migrated warehouse:
no functions or operators in ``public`` or ``pg_temp``, no ``SECURITY DEFINER`` function with a
search path a caller could steer, functions executable only by whom they are for, no role that
may create in ``public`` or make temp objects without need, and default privileges that keep
new objects as private as the old ones."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from gatekit import AsRole

from scorecard.settings import ROLE_KEYS, Settings, libpq_url
from scorecard.warehouse import role_settings

SAFE_PATH = "search_path=pg_catalog, pg_temp"


def _rows(settings: Settings, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(libpq_url(settings.owner_url)) as conn:
        return conn.execute(query, params or None).fetchall()


def test_no_functions_or_operators_in_public_or_pg_temp(scratch_warehouse: Settings) -> None:
    found = _rows(
        scratch_warehouse,
        "select n.nspname, p.proname from pg_proc as p join pg_namespace as n"
        " on n.oid = p.pronamespace where n.nspname = 'public' or n.nspname like 'pg_temp%'"
        " union all select n.nspname, o.oprname from pg_operator as o join pg_namespace as n"
        " on n.oid = o.oprnamespace where n.nspname = 'public' or n.nspname like 'pg_temp%'",
    )
    assert found == []


def test_every_function_of_ours_pins_its_search_path_with_pg_temp_last(
    scratch_warehouse: Settings,
) -> None:
    functions = _rows(
        scratch_warehouse,
        "select n.nspname || '.' || p.proname, p.prosecdef, p.proconfig from pg_proc as p"
        " join pg_namespace as n on n.oid = p.pronamespace"
        " where n.nspname not in ('pg_catalog', 'information_schema')"
        " and n.nspname not like 'pg_toast%'",
    )
    assert {name for name, _, _ in functions} >= {"raw.load_validated", "raw.refresh_currency"}
    for name, _, config in functions:
        assert SAFE_PATH in (config or []), name
    assert [name for name, definer, _ in functions if definer] == ["raw.load_validated"]


def test_functions_run_only_for_whom_they_are_meant(scratch_warehouse: Settings) -> None:
    executable = {
        key: sorted(
            row[0]
            for row in _rows(
                scratch_warehouse,
                "select n.nspname || '.' || p.proname from pg_proc as p"
                " join pg_namespace as n on n.oid = p.pronamespace"
                " where n.nspname in ('raw', 'audit')"
                " and has_function_privilege(%s, p.oid, 'execute')",
                scratch_warehouse.role_name(key),
            )
        )
        for key in ROLE_KEYS
        if key != "owner"
    }
    assert executable == {
        "loader": ["raw.load_validated"],
        "validator": [],
        "transformer": [],
        "reader": [],
    }


@pytest.mark.parametrize("key", ROLE_KEYS)
def test_who_may_create_in_public_or_make_temp_objects(
    scratch_warehouse: Settings, key: str
) -> None:
    role = scratch_warehouse.role_name(key)
    (public, temp), *_ = _rows(
        scratch_warehouse,
        "select has_schema_privilege(%s, 'public', 'create'),"
        " has_database_privilege(%s, current_database(), 'temporary')",
        role,
        role,
    )
    # the owner owns the database, and so its public schema (PostgreSQL 15+); nobody else may
    # put anything where every role's search path looks
    assert public == (key == "owner")
    # dbt (the transformer) builds through temp tables
    assert temp == (key in ("owner", "transformer"))


def test_new_objects_are_as_private_as_the_old(
    scratch_warehouse: Settings, as_role: AsRole
) -> None:
    """Default privileges: what the owner adds to raw and audit later (tables, functions) is
    readable by the transformer only and executable by nobody else; what dbt adds to marts is
    readable by the reader."""
    owner = as_role("owner", autocommit=True)
    owner.execute("create table raw.later (id int)")
    owner.execute("create table audit.later (id int)")
    owner.execute("create function raw.later_fn() returns int language sql as 'select 1'")
    as_role("transformer", autocommit=True).execute("create table marts.later (id int)")
    grants = {
        (key, what): _rows(scratch_warehouse, query, scratch_warehouse.role_name(key))[0][0]
        for key in ("loader", "validator", "transformer", "reader")
        for what, query in {
            "raw": "select has_table_privilege(%s, 'raw.later', 'select, insert')",
            "audit": "select has_table_privilege(%s, 'audit.later', 'select, insert')",
            "fn": "select has_function_privilege(%s, 'raw.later_fn()', 'execute')",
            "marts": "select has_table_privilege(%s, 'marts.later', 'select')",
        }.items()
    }
    assert {grant for grant, allowed in grants.items() if allowed} == {
        ("transformer", "raw"),
        ("transformer", "audit"),
        ("transformer", "marts"),
        ("reader", "marts"),
    }


def test_every_role_starts_with_its_session_limits(
    scratch_warehouse: Settings, as_role: AsRole
) -> None:
    with psycopg.connect(libpq_url(scratch_warehouse.superuser_url)) as conn:
        assert role_settings.pending(scratch_warehouse, role_settings.current(conn)) == []
    shown = {
        key: as_role(key)
        .execute(
            "select current_setting('lock_timeout'), current_setting('statement_timeout'),"
            " current_setting('idle_in_transaction_session_timeout')"
        )
        .fetchone()
        for key in ROLE_KEYS
    }
    assert shown["reader"] == ("0", "5min", "1min")
    assert {shown[key] for key in ("owner", "loader", "validator", "transformer")} == {
        ("1min", "30min", "30min")
    }
