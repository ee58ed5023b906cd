"""The standing adversarial suite: every attack found on this pipeline, replayed against the real
embedded warehouse with each role's own password, and the PostgreSQL hardening checks.

Each test starts from a scratch database (``scratch_warehouse``); ``as_role(role)`` connects with
the connection string ``scorecard warehouse url --role ROLE --show-password`` prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from gatekit import AsRole, role_url

from scorecard.settings import Settings


@pytest.fixture
def as_role(scratch_warehouse: Settings) -> Iterator[AsRole]:
    """``as_role("loader", autocommit=True)``: a connection as that role (closed afterwards)."""
    opened: list[psycopg.Connection[Any]] = []

    def connect(role: str, **options: Any) -> psycopg.Connection[Any]:
        conn = psycopg.connect(role_url(role), **options)
        opened.append(conn)
        return conn

    yield connect
    for conn in opened:
        conn.close()
