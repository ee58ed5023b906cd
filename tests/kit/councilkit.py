"""Two councils in one warehouse, for the tests that check they never mix.

The bundled Derby samples (their truth files, through the load stage, as the other dbt tests
load them) and the second, made-up council's four reports (``samples/councils/northfield/``)
through the real path: each PDF extracted by ``scorecard.extract``, validated by the committed
Great Expectations suite (recorded in the audit trail) and loaded by the loader role through
its validation gate. dbt then builds the marts the way quarterly runs would:

1. Derby's every report and Northfield's first three quarters; build, and build again (the
   write-audit-publish swap alternates two copies of the marts; see ``tests/dbt/conftest.py``);
2. Northfield's last quarter, 2018-03-31, a quarter Derby has too; an incremental build, which
   must merge Northfield's rows of that quarter and nothing of Derby's;
3. a ``--full-refresh`` build, whose marts must equal the incremental ones.

One database (``<test db>_councils``) and these builds serve every two-council test, in
``tests/dbt`` and ``tests/site`` alike (a session fixture in ``tests/conftest.py``).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from dbtkit import load_truths, on_database, recreate_database
from psycopg.rows import dict_row
from samplekit import cached_extraction, dump_schema

from scorecard.councils import council_id
from scorecard.settings import PROJECT_DIR, Settings, libpq_url

DERBY_DIR = PROJECT_DIR / "samples" / "reports"
NORTHFIELD_DIR = PROJECT_DIR / "samples" / "councils" / "northfield"
DERBY = council_id("Derby City Council")
NORTHFIELD = council_id("Northfield Borough Council")
LATE = "northfield-scorecard-2018-03-31"
"""Northfield's report loaded in the incremental step (Derby has that quarter too)."""


def northfield_pdfs() -> list[Path]:
    """The second council's four reports, in quarter order (committed: none is a failure)."""
    paths = sorted(NORTHFIELD_DIR.glob("northfield-scorecard-*.pdf"))
    if len(paths) != 4:
        raise AssertionError(f"expected four reports in {NORTHFIELD_DIR}: run samples.councils")
    return paths


def load_pdfs(settings: Settings, pdfs: list[Path]) -> None:
    """Extract, validate and load each PDF as the pipeline does (the loader's gate included)."""
    from scorecard.load import load_extraction
    from scorecard.validate import validate_extraction

    for pdf in pdfs:
        extraction = cached_extraction(pdf)
        uri = pdf.resolve().as_uri()
        validate_extraction(extraction, source_uri=uri, settings=settings)
        load_extraction(extraction, source_uri=uri, pdf=pdf, settings=settings)


@dataclass
class TwoCouncils:
    """The two-council warehouse after its builds, and what the tests compare it with."""

    settings: Settings
    incremental_build: Any
    incremental_marts: dict[str, list[tuple[Any, ...]]]
    full_refresh_marts: dict[str, list[tuple[Any, ...]]]
    truths: dict[str, dict[str, Any]]
    seconds: float

    def query(self, statement: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Rows of a query as the BI reader, as dicts."""
        with psycopg.connect(libpq_url(self.settings.reader_url), row_factory=dict_row) as conn:
            return conn.execute(statement, params).fetchall()

    def council_truths(self, council: str) -> dict[str, dict[str, Any]]:
        """period_end -> the truth of the council's current report for that quarter."""
        current: dict[str, dict[str, Any]] = {}
        for truth in self.truths.values():
            if council_id(truth["report"]["council"]) != council:
                continue
            period = truth["report"]["period_end"]
            held = current.get(period)
            if held is None or truth["report"]["time_fetched"] > held["report"]["time_fetched"]:
                current[period] = truth
        return current


def build_two_councils(warehouse: Settings, target: Path) -> TwoCouncils:
    """A fresh database with both councils loaded and built (see the module's docstring)."""
    from scorecard import transform
    from scorecard.warehouse.migrations import migrate

    started = time.perf_counter()
    name = f"{warehouse.db_name}_councils"[:63]
    recreate_database(warehouse, name)
    derby = sorted(DERBY_DIR.glob("derby-scorecard-*.json"))
    northfield = northfield_pdfs()
    early = [pdf for pdf in northfield if pdf.stem != LATE]
    late = [pdf for pdf in northfield if pdf.stem == LATE]
    with on_database(name) as settings:
        migrate(settings)
        load_truths(settings, derby)
        load_pdfs(settings, early)
        transform.build(settings, target_path=target)
        transform.build(settings, target_path=target)  # the other copy of the marts
        load_pdfs(settings, late)
        incremental = transform.build(settings, target_path=target)
        incremental_marts = dump_schema(settings, "marts")
        transform.build(settings, target_path=target, full_refresh=True)
        full_refresh_marts = dump_schema(settings, "marts")
    truths = {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in [*derby, *(pdf.with_suffix(".json") for pdf in northfield)]
    }
    return TwoCouncils(
        settings=settings,
        incremental_build=incremental,
        incremental_marts=incremental_marts,
        full_refresh_marts=full_refresh_marts,
        truths=truths,
        seconds=time.perf_counter() - started,
    )
