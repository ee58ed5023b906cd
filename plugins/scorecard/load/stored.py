"""What ``raw`` already holds, for the stages that decide what still needs loading.

Read as the loader role, after the migrations, so a first run on an empty warehouse answers
"nothing" rather than failing on a missing table.
"""

from __future__ import annotations

from collections.abc import Iterable

import psycopg

from scorecard.settings import Settings, get_settings, libpq_url
from scorecard.warehouse.migrations import ensure_migrated


def loaded_files(sha256s: Iterable[str], settings: Settings | None = None) -> set[str]:
    """Which of these report files (by sha256) are in ``raw.reports``."""
    s = settings or get_settings()
    ensure_migrated(s)
    with psycopg.connect(libpq_url(s.loader_url)) as conn:
        rows = conn.execute(
            "select report_sha256 from raw.reports where report_sha256 = any(%s)",
            (list(sha256s),),
        ).fetchall()
    return {row[0] for row in rows}
