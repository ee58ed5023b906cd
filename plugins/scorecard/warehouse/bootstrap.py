"""Bootstrap of the embedded warehouse: the only work its superuser ever does.

Creates (or re-keys) the pipeline's login roles, each with its own secret from the project home,
and the project's database owned by the owner role; a database made by an earlier version (its
``raw`` and ``audit`` owned by the superuser) is handed to the owner. Everything after this, the
migrations included, runs as the roles themselves: the owner migrates, the loader loads, the
validator records validations, the transformer runs dbt, the reader reads.

The owner gets ``createdb`` and ``pg_signal_backend`` so it can make and drop scratch databases
(tests, benchmarks) and admin option on the transformer, whose schemas it hands over. None of the
roles is a superuser or a member of ``pg_execute_server_program``, ``pg_read_server_files`` or
``pg_write_server_files``: ``COPY ... TO PROGRAM`` and server-side file access are refused.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from scorecard.settings import ROLE_KEYS, Settings, libpq_url

_ADOPT_LEGACY = """
do $$
declare
    item record;
begin
    for item in
        select nspname from pg_namespace
        where nspname in ('raw', 'audit') and nspowner = (select oid from pg_roles where rolname = current_user)
    loop
        execute format('alter schema %I owner to %I', item.nspname, %(owner)s::text);
    end loop;
    for item in
        select c.oid::regclass::text as relation from pg_class as c
        join pg_namespace as n on n.oid = c.relnamespace
        where n.nspname in ('raw', 'audit') and c.relkind in ('r', 'p')
          and c.relowner = (select oid from pg_roles where rolname = current_user)
    loop
        execute format('alter table %s owner to %I', item.relation, %(owner)s::text);
    end loop;
end
$$;
"""


def bootstrap(settings: Settings) -> None:
    """Roles with their secrets, the project database owned by the owner (idempotent)."""
    superuser = settings.superuser_url
    with psycopg.connect(libpq_url(superuser.set(database="postgres")), autocommit=True) as conn:
        for key in ROLE_KEYS:
            _login_role(conn, settings.role_name(key), settings.role_url(key).password or "")
        owner = sql.Identifier(settings.owner_role)
        conn.execute(sql.SQL("alter role {} createdb").format(owner))
        conn.execute(sql.SQL("grant pg_signal_backend to {}").format(owner))
        conn.execute(
            sql.SQL("grant {} to {} with admin option").format(
                sql.Identifier(settings.transformer_role), owner
            )
        )
        name = sql.Identifier(settings.db_name)
        exists = conn.execute(
            "select 1 from pg_database where datname = %s", (settings.db_name,)
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("create database {} owner {}").format(name, owner))
        else:
            conn.execute(sql.SQL("alter database {} owner to {}").format(name, owner))
    with psycopg.connect(libpq_url(superuser), autocommit=True) as conn:
        conn.execute(_ADOPT_LEGACY.replace("%(owner)s", sql.quote(settings.owner_role)))


def _login_role(conn: psycopg.Connection[Any], role: str, password: str) -> None:
    """Create the role if missing; (re)set its login, password and the absence of any power."""
    found = conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone()
    verb = "alter" if found else "create"
    conn.execute(
        sql.SQL(
            verb + " role {} login nosuperuser nocreaterole noreplication nobypassrls password {}"
        ).format(sql.Identifier(role), sql.Literal(password))
    )
