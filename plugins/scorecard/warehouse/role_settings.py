"""Each role's session limits as role defaults (``ALTER ROLE ... SET``): see
:mod:`scorecard.settings.sessions` for what they are and why.

They are set for the role itself (every database, every client of that login, a BI tool's
included). The embedded warehouse sets them as its bootstrap superuser, at every start. Every
migration checks them as the owner (never the superuser): the owner may set its own, and for the
other roles it tries; where it may not, the migration stops with the statements a DBA runs once
(``deploy/postgres-init/01-databases.sh`` runs them for docker compose; for the embedded
warehouse, ``scorecard warehouse start`` does).
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from scorecard.errors import ConfigurationError
from scorecard.settings import ROLE_KEYS, Settings, libpq_url
from scorecard.settings.sessions import PIPELINE_ROLES, SETTING_OF


class RoleSettingsError(ConfigurationError):
    """A role lacks its session limits and the migrating login may not set them; the message
    names the role, the variable and the statement a DBA runs."""


def wanted(settings: Settings) -> dict[str, dict[str, str]]:
    """Role key -> the parameters its sessions must start with."""
    return {key: settings.sessions.role_parameters(key) for key in ROLE_KEYS}


def current(conn: psycopg.Connection[Any]) -> dict[str, dict[str, str]]:
    """Role name -> its role-wide defaults (``pg_db_role_setting``, any database)."""
    rows = conn.execute(
        "select r.rolname, s.setconfig from pg_catalog.pg_db_role_setting as s"
        " join pg_catalog.pg_roles as r on r.oid = s.setrole where s.setdatabase = 0"
    ).fetchall()
    found: dict[str, dict[str, str]] = {}
    for role, config in rows:
        pairs = (item.split("=", 1) for item in config or [])
        found[role] = {name: value for name, value in pairs}
    return found


def pending(
    settings: Settings, have: dict[str, dict[str, str]]
) -> list[tuple[str, str, sql.Composed]]:
    """(role key, parameter, ``ALTER ROLE ... SET`` statement) for every value that differs."""
    out = []
    for key, parameters in wanted(settings).items():
        role = settings.role_name(key)
        for name, value in parameters.items():
            if have.get(role, {}).get(name) != value:
                statement = sql.SQL("alter role {} set {} = {}").format(
                    sql.Identifier(role), sql.Identifier(name), sql.Literal(value)
                )
                out.append((key, name, statement))
    return out


def apply(conn: psycopg.Connection[Any], settings: Settings) -> int:
    """Set what differs, as a login allowed to (the embedded superuser); how many were set."""
    todo = pending(settings, current(conn))
    for _, _, statement in todo:
        conn.execute(statement)
    return len(todo)


def sync(settings: Settings) -> int:
    """Bring every role's session limits to the settings, as the owner (see the module
    docstring); how many were set."""
    with psycopg.connect(libpq_url(settings.warehouse_url), autocommit=True) as conn:
        todo = pending(settings, current(conn))
        refused = []
        for key, name, statement in todo:
            try:
                conn.execute(statement)
            except psycopg.errors.InsufficientPrivilege:
                refused.append((key, name, statement.as_string(conn)))
    if refused:
        key, name, _ = refused[0]
        variable = SETTING_OF["reader" if key == "reader" else "pipeline", name]
        fix = (
            "run `scorecard warehouse start`, which sets them"
            if settings.embedded
            else "as a DBA run: " + "; ".join(text for _, _, text in refused)
        )
        raise RoleSettingsError(
            f"role {settings.role_name(key)} lacks {name} (set by {variable}) and "
            f"{settings.owner_role} may not set it; {fix}"
        )
    return len(todo)


__all__ = ["PIPELINE_ROLES", "RoleSettingsError", "apply", "current", "pending", "sync"]
