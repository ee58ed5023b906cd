"""Bootstrap of the embedded warehouse: the only work its superuser ever does.

Creates (or re-keys) the pipeline's login roles, each with its own secret from the project home,
and the project's database owned by the owner role; a database made by an earlier version (its
``raw`` and ``audit`` owned by the superuser) is handed to the owner. Everything after this, the
migrations included, runs as the roles themselves: the owner migrates, the loader loads, the
validator records validations, the transformer runs dbt, the reader reads.

A role's password is set when the role is made (or has none yet) and never silently changed
afterwards: a secret file that no longer matches its role is refused, naming the file
(``scorecard warehouse rekey ROLE`` gives a role a new secret on purpose). Each role's session
limits are set here too (:mod:`scorecard.warehouse.role_settings`).

The owner gets ``createdb`` and ``pg_signal_backend`` so it can make and drop scratch databases
(tests, benchmarks) and admin option on the transformer, whose schemas it hands over. None of the
roles is a superuser or a member of ``pg_execute_server_program``, ``pg_read_server_files`` or
``pg_write_server_files``: ``COPY ... TO PROGRAM`` and server-side file access are refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import psycopg
from psycopg import sql

from scorecard.errors import ConfigurationError
from scorecard.settings import ROLE_KEYS, Settings, libpq_url
from scorecard.settings.embedded import secret_path
from scorecard.warehouse import role_settings

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
            login_role(conn, settings, key)
        role_settings.apply(conn, settings)
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


class SecretMismatch(ConfigurationError):
    """A role's secret file no longer holds the password the role has; the message names it."""


def login_role(conn: psycopg.Connection[Any], settings: Settings, key: str) -> None:
    """Create the role if missing; (re)set its login and the absence of any power; give it its
    secret only when it has no password yet, and refuse a secret that does not match."""
    role, password = settings.role_name(key), settings.role_url(key).password or ""
    found = conn.execute("select rolpassword from pg_authid where rolname = %s", (role,)).fetchone()
    powers = "login nosuperuser nocreaterole noreplication nobypassrls"
    if found is not None and found[0] is not None:
        if not password_matches(found[0], role, password):
            raise SecretMismatch(
                f"{secret_path(settings.home, key)} does not hold role {role}'s password; "
                f"restore it, or give the role a new secret: scorecard warehouse rekey {key}"
            )
        conn.execute(sql.SQL(f"alter role {{}} {powers}").format(sql.Identifier(role)))
        return
    verb = "alter" if found else "create"
    conn.execute(
        sql.SQL(verb + f" role {{}} {powers} password {{}}").format(
            sql.Identifier(role), sql.Literal(password)
        )
    )


def rekey(settings: Settings, key: str, password: str) -> None:
    """Give one role a new password (the caller has written it to the role's secret file)."""
    superuser = settings.superuser_url.set(database="postgres")
    with psycopg.connect(libpq_url(superuser), autocommit=True) as conn:
        conn.execute(
            sql.SQL("alter role {} password {}").format(
                sql.Identifier(settings.role_name(key)), sql.Literal(password)
            )
        )


def password_matches(stored: str, role: str, password: str) -> bool:
    """Whether ``password`` is the one a ``pg_authid.rolpassword`` verifier was made from
    (SCRAM-SHA-256 as PostgreSQL stores it, or a legacy md5 hash)."""
    if stored.startswith("md5"):
        digest = hashlib.md5((password + role).encode(), usedforsecurity=False).hexdigest()
        return hmac.compare_digest(stored, "md5" + digest)
    try:
        method, rest = stored.split("$", 1)
        parameters, keys = rest.split("$", 1)
        iterations, salt = parameters.split(":", 1)
        stored_key = base64.b64decode(keys.split(":", 1)[0])
        salted = hashlib.pbkdf2_hmac(
            "sha256", password.encode(), base64.b64decode(salt), int(iterations)
        )
    except ValueError:
        return False
    if method != "SCRAM-SHA-256":
        return False
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return hmac.compare_digest(hashlib.sha256(client_key).digest(), stored_key)
