"""What ``raw`` already holds, for the stages that decide what still needs loading.

Read as the loader role, after the migrations, so a first run on an empty warehouse answers
"nothing" rather than failing on a missing table. The only reads of ``raw`` outside a load.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import psycopg

from scorecard.extract.model import EXTRAS, MEASURE_FIELDS
from scorecard.extract.model import REPORT_FIELDS as CONTRACT_REPORT_FIELDS
from scorecard.settings import Settings, get_settings, libpq_url
from scorecard.warehouse.migrations import ensure_migrated

REPORT_FIELDS = tuple(name for name in CONTRACT_REPORT_FIELDS if name != "source_sha256")
"""The report fields a reading is compared on (the file's identity is the key, not data)."""


@dataclass(frozen=True)
class StoredVersion:
    """The latest loaded version of a file: its key, the extractor that read it and the
    council it prints."""

    report_sha256: str
    extractor_version: str | None
    council: str = ""


def _connect(settings: Settings | None) -> psycopg.Connection[Any]:
    s = settings or get_settings()
    ensure_migrated(s)
    return psycopg.connect(libpq_url(s.loader_url))


def loaded_files(sha256s: Iterable[str], settings: Settings | None = None) -> set[str]:
    """Which of these report files (by sha256) are in ``raw.reports``."""
    with _connect(settings) as conn:
        rows = conn.execute(
            "select distinct file_sha256 from raw.reports where file_sha256 = any(%s)",
            (list(sha256s),),
        ).fetchall()
    return {row[0] for row in rows}


def latest_versions(
    file_sha256s: Iterable[str], settings: Settings | None = None
) -> dict[str, StoredVersion]:
    """file sha256 -> its latest loaded version, for the files that are loaded."""
    with _connect(settings) as conn:
        rows = conn.execute(
            "select distinct on (file_sha256) file_sha256, report_sha256, extractor_version, council"
            " from raw.reports where file_sha256 = any(%s)"
            " order by file_sha256, loaded_at desc, report_sha256",
            (list(file_sha256s),),
        ).fetchall()
    return {row[0]: StoredVersion(row[1], row[2], row[3]) for row in rows}


def loaded_content(report_sha256: str, settings: Settings | None = None) -> dict[str, Any]:
    """A loaded version in the form :func:`comparable` gives an extraction."""
    with _connect(settings) as conn:
        report = conn.execute(
            f"select {', '.join(REPORT_FIELDS)} from raw.reports where report_sha256 = %s",
            (report_sha256,),
        ).fetchone()
        measures = conn.execute(
            f"select {', '.join(MEASURE_FIELDS)}, coalesce(to_jsonb(m) -> 'extras', '{{}}')"
            " from raw.measures as m where report_sha256 = %s order by measure_ordinal",
            (report_sha256,),
        ).fetchall()
    if report is None:
        raise LookupError(f"no loaded report {report_sha256}")
    return _normalised(
        dict(zip(REPORT_FIELDS, report, strict=True)),
        [dict(zip((*MEASURE_FIELDS, EXTRAS), row, strict=True)) for row in measures],
    )


def comparable(extraction: Mapping[str, Any]) -> dict[str, Any]:
    """The loaded fields of an extraction, normalised as the warehouse stores them."""
    report = extraction["report"]
    return _normalised(
        {name: report.get(name) for name in REPORT_FIELDS},
        [
            {**{name: m.get(name) for name in MEASURE_FIELDS}, EXTRAS: m.get(EXTRAS) or {}}
            for m in extraction["measures"]
        ],
    )


def _normalised(report: dict[str, Any], measures: list[dict[str, Any]]) -> dict[str, Any]:
    """Dates and timestamps as ISO text, numbers as floats: one form for both sides."""
    return json.loads(json.dumps({"report": report, "measures": measures}, default=_plain))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot compare {type(value).__name__}")
