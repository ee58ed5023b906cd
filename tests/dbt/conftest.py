"""Fixtures for the dbt tests: a warehouse loaded with the sample corpus and built by dbt.

The whole chain is real: the load stage's migrations and loader (``scorecard.load``) write the
samples' truth files into ``raw`` of a database of their own (``<test db>_dbt``, e.g.
``scorecard_test_dbt``), then ``scorecard.transform.dbt.build`` runs ``dbt build`` as the
transformer role. To exercise the incremental path the way production does, the corpus goes in
two steps, as two quarterly runs would:

1. every report except the last quarter (2019-03-31) and the re-issue of 2018-09-30; build
   (the first build creates the incremental facts);
2. the re-issue and the last quarter; build again (incremental: merges 2018-09-30 onwards).

The marts are written and tested in ``marts_audit`` and swapped with ``marts`` after each whole
build (write-audit-publish), so the two schemas take turns and each holds the state of the
build before last. Each step therefore builds twice, as two quarterly runs with nothing new in
between would: both copies then hold the step's state, and the next build's merge covers only
what that step loaded.

``dbt_built`` then holds the marts after step 2 and after a ``--full-refresh`` build, so tests
can compare the two.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from dbtkit import load_truths, on_database, recreate_database
from samplekit import dump_schema

from scorecard.settings import PROJECT_DIR, Settings, libpq_url

SAMPLES_DIR = PROJECT_DIR / "samples" / "reports"
LATE_REPORTS = ("derby-scorecard-2018-09-30-v2", "derby-scorecard-2019-03-31")
"""Loaded in the second (incremental) run."""


def truth_files() -> list[Path]:
    """The samples' truth files (committed: none is a failure)."""
    paths = sorted(SAMPLES_DIR.glob("derby-scorecard-*.json"))
    if not paths:
        pytest.fail(
            f"no sample truth files in {SAMPLES_DIR}: run `uv run python -m samples.generate`"
        )
    return paths


@dataclass
class BuiltWarehouse:
    settings: Settings
    first_build: Any
    incremental_build: Any
    noop_build: Any
    incremental_marts: dict[str, list[tuple[Any, ...]]]
    full_refresh_marts: dict[str, list[tuple[Any, ...]]]
    truths: dict[str, dict[str, Any]]
    target_path: Path

    def query(self, statement: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Rows of a query as the admin user, as dicts."""
        with psycopg.connect(libpq_url(self.settings.warehouse_url)) as conn:
            cursor = conn.execute(statement, params)
            names = [c.name for c in cursor.description or []]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.fixture(scope="session")
def dbt_settings(warehouse: Settings) -> Iterator[Settings]:
    """Settings of a fresh, migrated database for the dbt tests; the dbt env follows it."""
    from scorecard.warehouse.migrations import migrate

    name = f"{warehouse.db_name}_dbt"[:63]
    recreate_database(warehouse, name)
    with on_database(name) as settings:
        migrate(settings)
        yield settings


@pytest.fixture(scope="session")
def dbt_built(dbt_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """Load the corpus in two quarterly steps with a dbt build after each, then full-refresh."""
    from scorecard import transform

    target = tmp_path_factory.mktemp("dbt-target")
    paths = truth_files()
    early = [p for p in paths if p.stem not in LATE_REPORTS]
    late = [p for p in paths if p.stem in LATE_REPORTS]
    assert len(late) == len(LATE_REPORTS), f"expected {LATE_REPORTS} in {SAMPLES_DIR}"

    load_truths(dbt_settings, early)
    first = transform.build(dbt_settings, target_path=target)
    transform.build(dbt_settings, target_path=target)  # the other copy of the marts
    load_truths(dbt_settings, late)
    incremental = transform.build(dbt_settings, target_path=target)
    transform.build(dbt_settings, target_path=target)  # the other copy of the marts
    noop = transform.build(dbt_settings, target_path=target, select=["path:models/marts"])
    incremental_marts = dump_schema(dbt_settings, "marts")
    transform.build(dbt_settings, target_path=target, full_refresh=True)
    full_refresh_marts = dump_schema(dbt_settings, "marts")
    truths = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in paths}
    return BuiltWarehouse(
        settings=dbt_settings,
        first_build=first,
        incremental_build=incremental,
        noop_build=noop,
        incremental_marts=incremental_marts,
        full_refresh_marts=full_refresh_marts,
        truths=truths,
        target_path=target,
    )
