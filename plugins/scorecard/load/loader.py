"""Load one validated extraction into ``raw.reports`` / ``raw.measures``: one transaction a report.

Idempotent and atomic: under a per-quarter advisory lock, a file already loaded (same sha256)
changes nothing; otherwise the report row is inserted, its measures COPYed in, and the
quarter's current version recomputed (earlier issues are kept, pointed at their successor).
A reader sees the quarter before or after a load, never a mix. The gate is keyed on content:
the report's identity is the landed file's recomputed sha256 (:class:`Provenance`), and the
load needs a passing latest validation of exactly the content loaded, which the database also
enforces for the loader role.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import psycopg

from scorecard.extract.model import as_dict
from scorecard.load.errors import LoadError
from scorecard.load.provenance import Provenance
from scorecard.load.rows import REPORT_COLUMNS, extractor_version, measure_rows, report_row
from scorecard.load.steps import (
    LoadHook,
    check_validated,
    copy_measures,
    insert_report,
    lock_quarter,
    refresh_currency,
    report_state,
)
from scorecard.settings import Settings, get_settings, libpq_url
from scorecard.warehouse.migrations import ensure_migrated
from scorecard.warehouse.roles import refuse_superuser

Outcome = Literal["inserted", "superseded", "older", "unchanged"]
"""``inserted``: first report for its quarter. ``superseded``: a re-issue, now current, earlier
versions kept. ``older``: a new file for the quarter, kept but not current (a later issue is
already loaded). ``unchanged``: this file (same sha256) was already loaded."""


@dataclass(frozen=True)
class LoadResult:
    """What one load did; ``describe()`` is the line the CLI prints."""

    report_sha256: str
    period_end: date
    source_uri: str
    outcome: Outcome
    rows: int
    is_current: bool
    superseded: tuple[str, ...] = field(default=())
    seconds: float = 0.0

    def describe(self) -> str:
        """One human line: what happened to which quarter and file."""
        head = f"{self.outcome:<10} {self.period_end.isoformat()} {self.report_sha256[:12]}"
        if self.outcome == "unchanged":
            return f"{head} already loaded, nothing changed"
        text = f"{head} {self.rows} measures"
        if self.superseded:
            text += f"; supersedes {', '.join(sha[:12] for sha in self.superseded)}"
        if self.outcome == "older":
            text += "; kept as history (a later issue of this quarter is current)"
        return text


def load_extraction(
    extraction: Any, *, settings: Settings | None = None, **options: Any
) -> LoadResult:
    """Load one report with a :class:`Loader` of its own; ``options`` are :meth:`Loader.load`'s
    (``source_uri`` is required). A series of loads reuses one ``Loader`` instead."""
    with Loader(settings) as loader:
        return loader.load(extraction, **options)


class Loader:
    """One loader-role connection for a series of loads: ``with Loader() as l: l.load(...)``.

    The pending migrations are applied first (once per process and database)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        ensure_migrated(self.settings)
        self.conn: psycopg.Connection[Any] = psycopg.connect(libpq_url(self.settings.loader_url))
        refuse_superuser(self.conn, "SCORECARD_LOADER_URL")
        self._owner_conn: psycopg.Connection[Any] | None = None

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections (an open transaction, if any, is rolled back)."""
        self.conn.close()
        if self._owner_conn is not None:
            self._owner_conn.close()

    def _connection(self, require_validated: bool) -> psycopg.Connection[Any]:
        """The loader's connection; the owner's for a load that skips validation."""
        if require_validated:
            return self.conn
        if self._owner_conn is None:
            self._owner_conn = psycopg.connect(libpq_url(self.settings.warehouse_url))
        return self._owner_conn

    def load(
        self,
        extraction: Any,
        *,
        source_uri: str,
        fetched_at: datetime | None = None,
        hook: LoadHook | None = None,
        require_validated: bool = True,
        version: str | None = None,
        pdf: str | Path | None = None,
        provenance: Provenance | None = None,
        source_details: Mapping[str, Any] | None = None,
    ) -> LoadResult:
        """Load one report (an Extraction or its dict) into ``raw`` in its own transaction;
        idempotent by file sha256.

        ``pdf`` is the landed report file (its sha256 is recomputed and must match the
        extraction's claim), or ``provenance`` says where the content came from
        (``Provenance.untrusted_json``). ``source_uri`` is where the file came from;
        ``fetched_at`` when the pipeline fetched it; ``source_details`` how it was found (kept in
        ``raw.reports.source_details``). Raises :class:`NotValidated` unless the
        latest validation of exactly this content passed; any error rolls the report back.
        ``require_validated=False`` (fixtures and benchmarks) loads as the owner, which the gate
        does not hold; the loader role itself cannot skip it.
        """
        started = time.perf_counter()
        data = as_dict(extraction)
        origin = _provenance(data, source_uri, pdf, provenance, require_validated)
        report = report_row(
            data,
            source_uri=source_uri,
            fetched_at=fetched_at,
            version=version or extractor_version(),
            provenance=origin,
            source_details=source_details,
        )
        columns = dict(zip(REPORT_COLUMNS, report, strict=True))
        sha, period_end = columns["report_sha256"], columns["period_end"]
        rows = measure_rows(data, sha)
        superseded: list[tuple[str, str]] = []
        conn = self._connection(require_validated)
        with conn.transaction():
            lock_quarter(conn, period_end)
            state = report_state(conn, sha, columns["extraction_sha256"], columns["input_kind"])
            if state.loaded:
                outcome: Outcome = "unchanged"
                current = state.current
            else:
                if require_validated:
                    check_validated(state, source_uri)
                insert_report(conn, report)
                copy_measures(conn, rows, hook=hook)
                current, superseded = refresh_currency(conn, period_end, sha)
                outcome = _classify(sha, current, superseded)
        return LoadResult(
            report_sha256=sha,
            period_end=period_end,
            source_uri=source_uri,
            outcome=outcome,
            rows=0 if outcome == "unchanged" else len(rows),
            is_current=current,
            superseded=tuple(old for old, new in superseded if new == sha),
            seconds=time.perf_counter() - started,
        )


def _provenance(
    data: Mapping[str, Any],
    source_uri: str,
    pdf: str | Path | None,
    provenance: Provenance | None,
    require_validated: bool,
) -> Provenance | None:
    """Where the content came from: the PDF (recomputed), a given provenance, or (unvalidated
    fixture loads only) the extraction's own claim."""
    if pdf is not None:
        return Provenance.of_pdf(pdf, data)
    if provenance is not None or not require_validated:
        return provenance
    raise LoadError(
        f"{source_uri}: a load needs the report's PDF (its sha256 is computed from the file), "
        "or an explicitly untrusted JSON; nothing was loaded"
    )


def _classify(sha: str, current: bool, superseded: list[tuple[str, str]]) -> Outcome:
    if not current:
        return "older"
    if any(new == sha for _, new in superseded):
        return "superseded"
    return "inserted"
