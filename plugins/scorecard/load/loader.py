"""Load one validated extraction into ``raw.reports`` / ``raw.measures``: one transaction a report.

Idempotent and atomic: under a per-quarter lock (a row only pipeline roles can lock), a file
already loaded (same sha256) changes nothing; otherwise the report row and its measures go in
and the quarter's current version is recomputed (earlier issues are kept, pointed at their
successor). A reader sees the quarter before or after a load, never a mix. The gate is keyed on
content and enforced by the database: the report's identity is the landed file's recomputed
sha256 (:class:`Provenance`), and the loader role can only ask ``raw.load_validated`` to load
the very rows that the latest validation of that file and content kept (it has no other way to
write ``raw``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import psycopg

from scorecard.extract.model import as_dict
from scorecard.load.errors import LoadError
from scorecard.load.provenance import Provenance
from scorecard.load.steps import (
    LoadHook,
    check_validated,
    copy_measures,
    insert_report,
    load_validated,
    lock_quarter,
    refresh_currency,
    report_state,
)
from scorecard.settings import Settings, get_settings, libpq_url
from scorecard.warehouse.migrations import ensure_migrated
from scorecard.warehouse.roles import refuse_superuser
from scorecard.warehouse.rows import REPORT_COLUMNS, extractor_version, measure_rows, report_row

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
            report_sha256=origin.report_sha256 if origin else None,
            input_kind=origin.input_kind if origin else "pdf",
            source_details=source_details,
        )
        columns = dict(zip(REPORT_COLUMNS, report, strict=True))
        sha, period_end = columns["report_sha256"], columns["period_end"]
        identity = (sha, columns["extraction_sha256"], columns["input_kind"])
        rows = measure_rows(data, sha)
        with self._connection(require_validated).transaction() as tx:
            if require_validated:
                step = _validated(tx.connection, identity, columns, source_uri, len(rows), hook)
            else:
                step = _as_owner(tx.connection, identity, report, rows, hook)
        loaded, current, superseded = step
        outcome: Outcome = _classify(current, superseded) if loaded else "unchanged"
        return LoadResult(
            report_sha256=sha,
            period_end=period_end,
            source_uri=source_uri,
            outcome=outcome,
            rows=0 if outcome == "unchanged" else len(rows),
            is_current=current,
            superseded=tuple(superseded),
            seconds=time.perf_counter() - started,
        )


Step = tuple[bool, bool, list[str]]
"""What a load step did: loaded the report now, whether it is current, which it supersedes."""


def _validated(
    conn: psycopg.Connection[Any],
    identity: tuple[str, str, str],
    columns: Mapping[str, Any],
    source_uri: str,
    count: int,
    hook: LoadHook | None,
) -> Step:
    """As the loader: the database loads the rows the latest validation kept, if any."""
    state = report_state(conn, *identity)
    if state.loaded:
        return False, state.current, []
    check_validated(state, source_uri, datetime.now(UTC))
    version = columns["extractor_version"]
    step = load_validated(
        conn, identity, columns["fetched_at"], version, source_uri, columns["source_details"]
    )
    if step[0] and hook is not None:
        for done in range(1, count + 1):
            hook(done, count)
    return step


def _as_owner(
    conn: psycopg.Connection[Any],
    identity: tuple[str, str, str],
    report: tuple[Any, ...],
    rows: list[tuple[Any, ...]],
    hook: LoadHook | None,
) -> Step:
    """As the owner, without validation (fixtures and benchmarks): the rows as given."""
    sha, period_end = identity[0], report[REPORT_COLUMNS.index("period_end")]
    lock_quarter(conn, period_end)
    state = report_state(conn, *identity)
    if state.loaded:
        return False, state.current, []
    insert_report(conn, report)
    copy_measures(conn, rows, hook=hook)
    return (True, *refresh_currency(conn, period_end, sha))


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


def _classify(current: bool, superseded: list[str]) -> Outcome:
    if not current:
        return "older"
    return "superseded" if superseded else "inserted"
