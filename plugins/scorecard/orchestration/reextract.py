"""Re-extraction of landed reports when the extractor improves.

Every loaded report records the extractor version that produced it (``raw.reports``). When the
current extractor is newer than the one behind a landed file's latest loaded version, the file
is extracted again and the result compared with what is loaded: the report's fields and every
measure field. Only where the data changed is it validated and loaded, as a new version of the
report keyed by :func:`extraction_key` (the file's sha256 and the extractor version), with the
same time fetched and a later load time: it becomes the current version of its file, the
earlier one stays as history (``superseded_by``), and the as-reported history shows which
extractor produced each version. A report the new extractor refuses, or whose new extraction
fails validation, changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from scorecard.extract.model import EXTRAS, MEASURE_FIELDS
from scorecard.extract.model import REPORT_FIELDS as CONTRACT_REPORT_FIELDS
from scorecard.quarters import Quarter
from scorecard.settings import Settings, get_settings, libpq_url

if TYPE_CHECKING:
    import psycopg

    from scorecard.ingest.landing import LandedReport

Outcome = Literal["reloaded", "unchanged", "current", "not loaded", "refused"]
"""``reloaded``: the data changed, a new version was loaded. ``unchanged``: the current
extractor reads the same data, nothing loaded. ``current``: already extracted by the current
extractor. ``not loaded``: landed but never loaded (the ingest run loads it). ``refused``: the
current extractor or the validation refuses it; nothing changed."""

REPORT_FIELDS = tuple(name for name in CONTRACT_REPORT_FIELDS if name != "source_sha256")
"""The report fields compared with what is loaded (the file's identity is the key, not data)."""


@dataclass(frozen=True)
class ReextractResult:
    """What re-extracting one landed file did; ``describe()`` is the line the CLI prints."""

    period_end: date
    file_sha256: str
    outcome: Outcome
    detail: str = ""

    def describe(self) -> str:
        """One line: quarter, file, outcome and why."""
        head = f"{self.outcome:<10} {self.period_end.isoformat()} {self.file_sha256[:12]}"
        return f"{head} {self.detail}".rstrip()


def extraction_key(file_sha256: str, version: str) -> str:
    """The report key of a re-extraction: sha256 of the file's sha256 and the extractor
    version (the first extraction of a file is keyed by the file's sha256 itself)."""
    return hashlib.sha256(f"{file_sha256}:extractor {version}".encode()).hexdigest()


def landed_quarters(settings: Settings | None = None) -> list[Quarter]:
    """Every quarter with a manifest in the landing area, in order."""
    from scorecard.ingest.landing import PERIODS_DIR, landing_root

    folder = landing_root(settings) / PERIODS_DIR
    if not folder.exists():
        return []
    ends = sorted(date.fromisoformat(p.name.removesuffix(".json")) for p in folder.iterdir())
    return [Quarter.from_period_end(end) for end in ends]


def reextract_quarters(
    quarters: Iterable[Quarter], settings: Settings | None = None
) -> Iterator[ReextractResult]:
    """Re-extract every landed file of these quarters (see the module docstring)."""
    from scorecard.ingest.landing import landed_reports

    s = settings or get_settings()
    for quarter in quarters:
        for landed in landed_reports(quarter.period_end, settings=s):
            yield reextract_landed(landed, s)


def reextract_landed(landed: LandedReport, settings: Settings | None = None) -> ReextractResult:
    """Re-extract one landed file and load a new version only where its data changed."""
    import psycopg

    from scorecard.extract import EXTRACTOR_VERSION, ExtractionError
    from scorecard.ingest.landing import local_copy
    from scorecard.ingest.sources import layout_profile
    from scorecard.pdf.isolation import extract_isolated
    from scorecard.profiles import load_profile

    s = settings or get_settings()

    def result(outcome: Outcome, detail: str = "") -> ReextractResult:
        return ReextractResult(landed.period_end, landed.sha256, outcome, detail)

    with psycopg.connect(libpq_url(s.loader_url)) as conn:
        stored = stored_versions(conn, landed.sha256)
        if not stored:
            return result("not loaded", "landed but not loaded yet")
        key, version = stored[-1]
        if version == EXTRACTOR_VERSION:
            return result("current", f"extracted by {version}")
        loaded = stored_content(conn, key)
    with local_copy(landed.landed_path) as pdf:
        try:
            chosen = (landed.source_details or {}).get("profile")
            profile = (
                load_profile(chosen) if chosen else layout_profile(landed.period_end, settings=s)
            )
            data = extract_isolated(pdf, limits=s.limits, profile=profile)
        except ExtractionError as error:
            return result("refused", f"by extractor {EXTRACTOR_VERSION}: {error}")
    if comparable(data) == loaded:
        return result("unchanged", f"extractor {EXTRACTOR_VERSION} reads the same as {version}")
    return _load_new_version(landed, data, s, version)


def _load_new_version(
    landed: LandedReport, data: dict[str, Any], settings: Settings, previous: str
) -> ReextractResult:
    """Validate and load a changed re-extraction under its own key."""
    from scorecard.extract import EXTRACTOR_VERSION
    from scorecard.load.loader import load_extraction
    from scorecard.load.provenance import Provenance
    from scorecard.validate import ValidationFailed, validate_extraction

    key = extraction_key(landed.sha256, EXTRACTOR_VERSION)
    keyed = {**data, "report": {**data["report"]}}
    keyed["report"]["source_sha256"] = key
    try:
        validate_extraction(keyed, source_uri=landed.source_uri, settings=settings)
    except ValidationFailed as error:
        return ReextractResult(landed.period_end, landed.sha256, "refused", str(error))
    loaded = load_extraction(
        keyed,
        source_uri=landed.source_uri,
        fetched_at=landed.fetched_at,
        settings=settings,
        version=EXTRACTOR_VERSION,
        provenance=Provenance.reextraction(landed.landed_path, landed.sha256, key),
    )
    detail = f"extractor {previous} -> {EXTRACTOR_VERSION}: {loaded.describe()}"
    return ReextractResult(landed.period_end, landed.sha256, "reloaded", detail)


def stored_versions(conn: psycopg.Connection[Any], file_sha256: str) -> list[tuple[str, str]]:
    """(report key, extractor version) of every loaded extraction of a file, oldest first."""
    versions = [
        row[0]
        for row in conn.execute(
            "select distinct extractor_version from raw.reports where extractor_version is not null"
        )
    ]
    keys = [file_sha256, *(extraction_key(file_sha256, v) for v in versions)]
    rows = conn.execute(
        "select report_sha256, extractor_version from raw.reports"
        " where report_sha256 = any(%s) order by loaded_at, report_sha256",
        (keys,),
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def stored_content(conn: psycopg.Connection[Any], key: str) -> dict[str, Any]:
    """A loaded version in the form :func:`comparable` gives an extraction."""
    report = conn.execute(
        f"select {', '.join(REPORT_FIELDS)} from raw.reports where report_sha256 = %s", (key,)
    ).fetchone()
    assert report is not None
    measures = conn.execute(
        f"select {', '.join(MEASURE_FIELDS)}, coalesce(to_jsonb(m) -> 'extras', '{{}}')"
        " from raw.measures as m where report_sha256 = %s order by measure_ordinal",
        (key,),
    ).fetchall()
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
