"""Load validated extractions into the warehouse's ``raw`` schema (issue 4).

- :mod:`scorecard.load.migrations`: versioned SQL migrations (schemas, tables, roles, grants),
  run as the admin connection, recorded in ``audit.schema_migrations``.
- :mod:`scorecard.load.loader`: one report per transaction, COPY through a temp table, idempotent
  by file sha256, re-issues supersede earlier versions without deleting them.
- :mod:`scorecard.load.audit`: the ``audit.validation_runs`` trail written by validation.

Nothing heavy is imported here (no pandas, no Great Expectations), so a DAG file may import it.
"""

from __future__ import annotations

from scorecard.load.loader import (
    Loader,
    LoadError,
    LoadHook,
    LoadResult,
    NotValidated,
    load_extraction,
)
from scorecard.load.migrations import migrate

__all__ = [
    "LoadError",
    "LoadHook",
    "LoadResult",
    "Loader",
    "NotValidated",
    "load_extraction",
    "migrate",
]
