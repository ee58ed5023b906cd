"""The rows one extraction becomes in ``raw.reports`` and ``raw.measures``, in column order.

The columns are derived from the extraction contract (:mod:`scorecard.extract.model`): the
report's and each measure's fields as extracted, plus what the load adds (the file's identity
and origin, the extractor version, the content hash, page provenance). The validator keeps the
same rows for each passing validation (``audit.validated_reports`` / ``validated_measures``,
less what only the load knows), and the database loads exactly those (:data:`STAGED_REPORT_COLUMNS`,
:data:`STAGED_MEASURE_COLUMNS`).
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from importlib import metadata
from typing import Any

from psycopg.types.json import Jsonb

from scorecard.extract.model import EXTRAS, MEASURE_FIELDS, REPORT_FIELDS

MEASURE_VALUES: tuple[str, ...] = tuple(
    name for name in MEASURE_FIELDS if name not in ("measure_code", "pages")
)
"""The extracted fields of a measure stored as they are (directorate .. intervention_review)."""

REPORT_COLUMNS: tuple[str, ...] = (
    "report_sha256",
    "source_uri",
    *(name for name in REPORT_FIELDS if name != "source_sha256"),
    "fetched_at",
    "measure_count",
    "extractor_version",
    "extraction_sha256",
    "input_kind",
    "source_details",
)
"""Columns of ``raw.reports`` the loader writes: the file's identity and origin, the report's
contract fields, then what the load adds (``loaded_at``, ``is_current`` and ``superseded_by`` are
set by the database and the currency step). ``source_details``: how the report was found
(discovered on an index page, added by hand) and the layout profile it was read with."""

LOAD_ONLY_COLUMNS: tuple[str, ...] = ("fetched_at", "extractor_version", "source_details")
"""Report columns the load supplies (not part of what a validation saw)."""

STAGED_REPORT_COLUMNS: tuple[str, ...] = tuple(
    name for name in REPORT_COLUMNS if name not in LOAD_ONLY_COLUMNS
)
"""Columns of ``audit.validated_reports`` the validator writes (besides ``run_id`` and the expiry)."""

MEASURE_COLUMNS: tuple[str, ...] = (
    "report_sha256",
    "measure_code",
    "period_end",
    "measure_ordinal",
    *MEASURE_VALUES,
    "first_page",
    "last_page",
    "pages",
    EXTRAS,
)
"""Columns of ``raw.measures``, in table order: the key, the measure's contract fields, its
page provenance, then its extra fields (JSONB: name -> text as printed, ``{}`` when none)."""

STAGED_MEASURE_COLUMNS: tuple[str, ...] = tuple(
    name for name in MEASURE_COLUMNS if name not in ("report_sha256", "period_end")
)
"""Columns of ``audit.validated_measures`` besides ``run_id`` (the key and period come from the
validated report, so a measure cannot be staged under another report)."""


def extraction_sha256(extraction: Mapping[str, Any]) -> str:
    """sha256 of an extraction's content: canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(
        extraction, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extractor_version() -> str:
    """The extractor's declared version if it has one, else the package version."""
    try:
        module = importlib.import_module("scorecard.extract")
        declared = getattr(module, "EXTRACTOR_VERSION", None) or getattr(
            module, "__version__", None
        )
        if declared:
            return str(declared)
    except ImportError:
        pass
    try:
        return metadata.version("council-scorecard")
    except metadata.PackageNotFoundError:
        return "unknown"


def report_row(
    extraction: Mapping[str, Any],
    *,
    source_uri: str,
    fetched_at: datetime | None,
    version: str | None,
    report_sha256: str | None = None,
    input_kind: str = "pdf",
    source_details: Mapping[str, Any] | None = None,
) -> tuple[Any, ...]:
    """The ``raw.reports`` values (in :data:`REPORT_COLUMNS` order) of one extraction.

    ``report_sha256`` is the file's identity; without it the extraction's own claim of its
    file's sha256 is used (fixtures and benchmarks that load as the owner only).
    """
    report = extraction["report"]
    values = {
        **{name: report.get(name) for name in REPORT_FIELDS},
        "report_sha256": report_sha256 or report["source_sha256"],
        "source_uri": source_uri,
        "period_end": date.fromisoformat(report["period_end"]),
        "time_fetched": _timestamp(report.get("time_fetched")),
        "fetched_at": fetched_at,
        "measure_count": len(extraction["measures"]),
        "extractor_version": version,
        "extraction_sha256": extraction_sha256(extraction),
        "input_kind": input_kind,
        "source_details": Jsonb(dict(source_details)) if source_details else None,
    }
    return tuple(values[name] for name in REPORT_COLUMNS)


def measure_rows(
    extraction: Mapping[str, Any], report_sha256: str | None = None
) -> list[tuple[Any, ...]]:
    """The ``raw.measures`` values (in :data:`MEASURE_COLUMNS` order), ordinal = report order."""
    report = extraction["report"]
    sha = report_sha256 or report["source_sha256"]
    period_end = date.fromisoformat(report["period_end"])
    rows = []
    for ordinal, measure in enumerate(extraction["measures"], start=1):
        pages = [int(page) for page in measure.get("pages") or []]
        rows.append(
            (
                sha,
                measure["measure_code"],
                period_end,
                ordinal,
                *(measure.get(name) for name in MEASURE_VALUES),
                min(pages) if pages else None,
                max(pages) if pages else None,
                pages,
                Jsonb(dict(measure.get(EXTRAS) or {})),
            )
        )
    return rows


def _timestamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def staged_rows(
    extraction: Mapping[str, Any], *, source_uri: str, report_sha256: str, input_kind: str
) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """What a passing validation keeps: the report row (:data:`STAGED_REPORT_COLUMNS`) and the
    measure rows (:data:`STAGED_MEASURE_COLUMNS`), as they will be loaded."""
    row = dict(
        zip(
            REPORT_COLUMNS,
            report_row(
                extraction,
                source_uri=source_uri,
                fetched_at=None,
                version=None,
                report_sha256=report_sha256,
                input_kind=input_kind,
            ),
            strict=True,
        )
    )
    keep = [MEASURE_COLUMNS.index(name) for name in STAGED_MEASURE_COLUMNS]
    measures = [
        tuple(values[i] for i in keep) for values in measure_rows(extraction, report_sha256)
    ]
    return tuple(row[name] for name in STAGED_REPORT_COLUMNS), measures
