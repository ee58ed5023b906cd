"""The guard every stage's connection passes: a pipeline stage never logs in as a superuser.

Each stage has its own role (owner, loader, validator, transformer, reader) so that the
database itself enforces what the stage may do; a superuser login would bypass all of it.
"""

from __future__ import annotations

from typing import Any

import psycopg

from scorecard.errors import ConfigurationError


class SuperuserLogin(ConfigurationError):
    """A stage's connection setting logs in as a superuser; the message names the setting."""


def refuse_superuser(conn: psycopg.Connection[Any], setting: str) -> None:
    """Refuse a connection that logs in as a superuser, naming the setting it came from."""
    row = conn.execute(
        "select current_user, rolsuper from pg_roles where rolname = current_user"
    ).fetchone()
    conn.rollback()
    if row and row[1]:
        raise SuperuserLogin(
            f"{setting} logs in as {row[0]}, a superuser; give this stage its own role "
            "(see the README's per-role connections)"
        )
