"""Load validated extractions into the warehouse's ``raw`` schema.

- :mod:`scorecard.load.migrations`: versioned SQL migrations (schemas, tables, roles, grants),
  run as the admin connection, recorded in ``audit.schema_migrations``.
- :mod:`scorecard.load.loader`: one report per transaction, COPY through a temp table, idempotent
  by file sha256, re-issues supersede earlier versions without deleting them.
- :mod:`scorecard.load.steps`: the SQL steps of one load (lock, state, insert, COPY, currency).
- :mod:`scorecard.load.provenance`: which file a report's content came from (sha256 recomputed).
- :mod:`scorecard.load.audit`: the ``audit.validation_runs`` trail written by validation, keyed
  on the extraction's content hash.

Nothing heavy is imported here (no pandas, no Great Expectations), so a DAG file may import it.
"""

from __future__ import annotations

from scorecard.load.audit import extraction_sha256
from scorecard.load.errors import ContentMismatch, LoadError, NotValidated
from scorecard.load.loader import Loader, LoadHook, LoadResult, load_extraction
from scorecard.load.migrations import migrate
from scorecard.load.provenance import Provenance

__all__ = [
    "ContentMismatch",
    "LoadError",
    "LoadHook",
    "LoadResult",
    "Loader",
    "NotValidated",
    "Provenance",
    "extraction_sha256",
    "load_extraction",
    "migrate",
]
