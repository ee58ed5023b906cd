"""Helpers of the site tests (a module of its own: ``from conftest import`` is ambiguous)."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from scorecard.settings import Settings, libpq_url


def mart_rows(settings: Settings, query: str, *params: Any) -> list[dict[str, Any]]:
    """Rows of a query on the marts, as the BI reader."""
    with psycopg.connect(libpq_url(settings.reader_url), row_factory=dict_row) as conn:
        return conn.execute(query, params).fetchall()
