"""Shared fixtures for tests that touch the warehouse or the sample corpus.

The repository-root ``conftest.py`` points the whole session at a test database
(``SCORECARD_DB_NAME``, default ``scorecard_test``) and a test landing area; anything already in
the environment wins. Run a suite against its own database when others test in parallel::

    SCORECARD_DB_NAME=scorecard_test_load uv run pytest tests/load tests/validate

Fixtures (all against the real embedded PostgreSQL, never a mock):

- ``warehouse`` (session): the :class:`~scorecard.settings.Settings` of the test database, with
  the embedded server running and the migrations applied. Use it to read or write shared state
  that other tests may also see (e.g. a dbt run over loaded samples).
- ``scratch_warehouse`` (function): a brand-new, migrated, empty database for one test; the
  environment (``SCORECARD_DB_NAME``) points at it for the duration of the test, so code that
  calls ``get_settings()`` uses it too. Dropped afterwards. Use it when a test compares tables
  before/after or needs to start from nothing.
- ``sample_paths`` / ``sample_extractions`` (session): the sample PDFs of ``samples/reports``
  and their extraction dicts, extracted by ``scorecard.extract`` from the PDFs (cached on disk
  under ``.scorecard/test/extract-cache``, keyed by PDF sha256 and the extractor's source, so a
  second session does not re-extract; ``SCORECARD_TEST_EXTRACTIONS=truth`` reads the truth
  JSONs instead).
- ``two_councils`` (session): a database of its own with the Derby samples and a second,
  made-up council's reports (through extract, validate and load) built by dbt, incrementally
  and by a full refresh (:mod:`councilkit`): the tests that check two councils never mix.
- ``table_dump`` (function-free callable): ``table_dump(settings, "raw")`` returns every row of
  every table of a schema, ordered by all columns: compare two dumps for "byte-for-byte equal".
- ``connect`` (callable): ``connect(url)`` opens a psycopg connection from a SQLAlchemy URL.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from councilkit import TwoCouncils, build_two_councils
from dbtkit import drop_database, recreate_database
from samplekit import SAMPLES_DIR, cached_extraction, dump_schema
from sqlalchemy.engine import URL

from scorecard import warehouse as wh
from scorecard.settings import Settings, get_settings, libpq_url

_scratch_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def warehouse() -> Settings:
    """The session's test database: server running, migrations applied."""
    from scorecard.warehouse.migrations import migrate

    settings = get_settings()
    wh.ensure_running(settings)
    migrate(settings)
    return settings


@pytest.fixture
def scratch_warehouse(warehouse: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """A fresh, migrated, empty database for one test (env points at it); dropped afterwards."""
    from scorecard.warehouse.migrations import migrate

    name = f"{warehouse.db_name}_scratch_{os.getpid()}_{next(_scratch_numbers)}"[:63]
    recreate_database(warehouse, name)
    monkeypatch.setenv("SCORECARD_DB_NAME", name)
    settings = get_settings()
    migrate(settings)
    yield settings
    drop_database(warehouse, name)


@pytest.fixture(scope="session")
def two_councils(warehouse: Settings, tmp_path_factory: pytest.TempPathFactory) -> TwoCouncils:
    """Two councils' reports in one warehouse, built by dbt (one build shared by every test)."""
    return build_two_councils(warehouse, tmp_path_factory.mktemp("dbt-councils"))


@pytest.fixture(scope="session")
def connect() -> Callable[[URL], psycopg.Connection[Any]]:
    """``connect(url)``: a psycopg connection (autocommit) for a SQLAlchemy URL."""

    def _connect(url: URL) -> psycopg.Connection[Any]:
        return psycopg.connect(libpq_url(url), autocommit=True)

    return _connect


@pytest.fixture(scope="session")
def table_dump() -> Callable[[Settings, str], dict[str, list[tuple[Any, ...]]]]:
    """``table_dump(settings, schema)``: see :func:`dump_schema`."""
    return dump_schema


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    """The sample report PDFs, in file-name order (the corpus is committed: none is a failure)."""
    paths = sorted(SAMPLES_DIR.glob("derby-scorecard-*.pdf"))
    if not paths:
        pytest.fail(f"no sample reports in {SAMPLES_DIR}: run `uv run python -m samples.generate`")
    return paths


@pytest.fixture(scope="session")
def sample_extractions(sample_paths: list[Path]) -> dict[str, dict[str, Any]]:
    """File stem -> extraction dict of each sample PDF (extracted once, cached on disk).

    ``SCORECARD_TEST_EXTRACTIONS=truth`` uses the truth JSON beside each PDF instead (the same
    dict by contract): for working on later stages while the extractor is being changed.
    """
    if os.environ.get("SCORECARD_TEST_EXTRACTIONS") == "truth":
        return {
            path.stem: json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            for path in sample_paths
        }
    return {path.stem: cached_extraction(path) for path in sample_paths}
