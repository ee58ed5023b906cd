"""The sample reports as the tests see them: paths, extractions (cached per session and on disk),
doctored copies, table dumps. (A module of its own, not ``conftest.py``: several folders have a conftest, and
``from conftest import ...`` would pick whichever pytest imported last.)"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql

from scorecard.settings import PROJECT_DIR, Settings, libpq_url

if TYPE_CHECKING:
    from scorecard.extract import Extraction

SAMPLES_DIR = PROJECT_DIR / "samples" / "reports"
EXTRACT_CACHE = PROJECT_DIR / ".scorecard" / "test" / "extract-cache"
REAL_SAMPLE = SAMPLES_DIR / "derby-scorecard-2018-03-31.pdf"
"""The transcription of the real report."""


def sample_pdfs() -> list[Path]:
    """The committed sample reports (default style)."""
    return sorted(SAMPLES_DIR.glob("derby-scorecard-*.pdf"))


@cache
def extracted(pdf: Path) -> Extraction:
    """Extract a PDF once per test session (several tests read the same sample)."""
    from scorecard.extract import extract_report

    return extract_report(pdf)


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


def _extractor_fingerprint() -> str:
    """Hash of the extractor's source files and the layout profiles: a change invalidates
    cached extractions."""
    digest = hashlib.sha256()
    package = PROJECT_DIR / "plugins" / "scorecard"
    sources = [*(package / "extract").rglob("*.py"), *(package / "profiles").rglob("*.py")]
    for source in sorted([*sources, *(PROJECT_DIR / "profiles").glob("*.yml")]):
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
