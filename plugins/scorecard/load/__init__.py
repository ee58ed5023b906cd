"""Load validated extractions into the warehouse's ``raw`` schema.

- :mod:`scorecard.load.loader`: one report per transaction, COPY through a temp table, idempotent
  by file sha256, re-issues supersede earlier versions without deleting them.
- :mod:`scorecard.load.steps`: the SQL steps of one load (lock, state, insert, COPY, currency).
- :mod:`scorecard.load.provenance`: which file a report's content came from (sha256 recomputed).
- :mod:`scorecard.load.errors`: why a report was not loaded.

The schema it loads into and the validation trail its gate reads are the warehouse's
(:mod:`scorecard.warehouse`).

Nothing heavy is imported here (no pandas, no Great Expectations), so a DAG file may import it.
"""

from __future__ import annotations

from scorecard.load.errors import ContentMismatch, LoadError, NotValidated
from scorecard.load.loader import Loader, LoadHook, LoadResult, load_extraction
from scorecard.load.provenance import Provenance
from scorecard.warehouse.rows import extraction_sha256

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
]
