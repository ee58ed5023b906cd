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
- ``table_dump`` (function-free callable): ``table_dump(settings, "raw")`` returns every row of
  every table of a schema, ordered by all columns: compare two dumps for "byte-for-byte equal".
- ``connect`` (callable): ``connect(url)`` opens a psycopg connection from a SQLAlchemy URL.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import URL

from scorecard import warehouse as wh
from scorecard.settings import PROJECT_DIR, Settings, get_settings, libpq_url

SAMPLES_DIR = PROJECT_DIR / "samples" / "reports"
EXTRACT_CACHE = PROJECT_DIR / ".scorecard" / "test" / "extract-cache"

_scratch_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def warehouse() -> Settings:
    """The session's test database: server running, migrations applied."""
    from scorecard.load.migrations import migrate

    settings = get_settings()
    wh.ensure_running(settings)
    migrate(settings)
    return settings


@pytest.fixture
def scratch_warehouse(warehouse: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """A fresh, migrated, empty database for one test (env points at it); dropped afterwards."""
    from scorecard.load.migrations import migrate

    name = f"{warehouse.db_name}_scratch_{os.getpid()}_{next(_scratch_numbers)}"[:63]
    admin = libpq_url(warehouse.warehouse_url.set(database="postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    monkeypatch.setenv("SCORECARD_DB_NAME", name)
    settings = get_settings()
    migrate(settings)
    yield settings
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="session")
def connect() -> Callable[[URL], psycopg.Connection[Any]]:
    """``connect(url)``: a psycopg connection (autocommit) for a SQLAlchemy URL."""

    def _connect(url: URL) -> psycopg.Connection[Any]:
        return psycopg.connect(libpq_url(url), autocommit=True)

    return _connect


def dump_schema(settings: Settings, schema: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in ``schema`` (as admin), each table ordered by all columns."""
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "select table_name from information_schema.tables"
                " where table_schema = %s and table_type = 'BASE TABLE' order by table_name",
                (schema,),
            )
        ]
        dump: dict[str, list[tuple[Any, ...]]] = {}
        for table in tables:
            query = sql.SQL("select * from {}.{} order by 1").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
            rows = conn.execute(query).fetchall()
            dump[table] = sorted(rows, key=repr)
        return dump


@pytest.fixture(scope="session")
def table_dump() -> Callable[[Settings, str], dict[str, list[tuple[Any, ...]]]]:
    """``table_dump(settings, schema)``: see :func:`dump_schema`."""
    return dump_schema


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    """The sample report PDFs, in file-name order (skips the session if there are none)."""
    paths = sorted(SAMPLES_DIR.glob("derby-scorecard-*.pdf"))
    if not paths:
        pytest.skip(f"no sample reports in {SAMPLES_DIR}: run `uv run python -m samples.generate`")
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


def _extractor_fingerprint() -> str:
    """Hash of the extractor's source files: a change invalidates cached extractions."""
    digest = hashlib.sha256()
    for source in sorted((PROJECT_DIR / "plugins" / "scorecard" / "extract").rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def cached_extraction(pdf: Path) -> dict[str, Any]:
    """``extract_report(pdf).to_dict()``, memoised under ``.scorecard/test/extract-cache``."""
    from scorecard.extract import extract_report

    key = f"{hashlib.sha256(pdf.read_bytes()).hexdigest()[:24]}-{_extractor_fingerprint()}"
    cached = EXTRACT_CACHE / f"{pdf.stem}-{key}.json"
    if cached.exists():
        data: dict[str, Any] = json.loads(cached.read_text(encoding="utf-8"))
        return data
    data = extract_report(pdf).to_dict()
    EXTRACT_CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(data), encoding="utf-8")
    return data


BASE_SAMPLE = "derby-scorecard-2018-03-31"
"""The sample the doctored extractions are made from."""


def doctor(extraction: dict[str, Any], case: str) -> dict[str, Any]:
    """A copy of ``extraction`` broken in one way (``case`` in :data:`DOCTORED_CASES`), with
    its own sha256 (a doctored file is a different file)."""
    data = json.loads(json.dumps(extraction))
    measures = data["measures"]
    if case == "status_purple":
        measures[0]["quarterly_status"] = "Purple"
    elif case == "non_numeric_actual":
        measures[0]["quarterly_actual"] = "nine hundred"
    elif case == "numeric_text_not_parsed":
        measures[0]["quarterly_actual"] = None
    elif case == "duplicated_code":
        measures[1]["measure_code"] = measures[0]["measure_code"]
    elif case == "empty_report":
        data["measures"] = []
    elif case == "not_quarter_end":
        data["report"]["period_end"] = "2018-03-30"
    else:
        raise ValueError(case)
    data["report"]["source_sha256"] = hashlib.sha256(f"doctored:{case}".encode()).hexdigest()
    return data


DOCTORED_CASES: dict[str, tuple[str, ...]] = {
    "status_purple": ("expect_column_values_to_be_in_set(quarterly_status)", "'Purple'"),
    "non_numeric_actual": (
        "expect_column_values_to_be_in_type_list(quarterly_actual)",
        "'nine hundred'",
    ),
    "numeric_text_not_parsed": (
        "expect_column_values_to_not_match_regex(quarterly_actual_text)"
        " where quarterly_actual is null",
    ),
    "duplicated_code": ("expect_column_values_to_be_unique(measure_code)",),
    "empty_report": ("expect_table_row_count_to_be_between", "observed 0"),
    "not_quarter_end": ("expect_column_values_to_match_regex(period_end)", "'2018-03-30'"),
}
"""Case -> fragments the ``ValidationFailed`` message must contain (besides measure codes)."""
