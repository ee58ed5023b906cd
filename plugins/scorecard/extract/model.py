"""The extraction contract: report metadata, one record per measure, and the values they take.

Every other list of fields (the CSV columns, the raw tables' columns, the validation frame) and
every list of statuses or directions is derived from here. Field order in ``to_dict()`` is the
JSON contract; the truth files of the sample corpus are exactly this output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from scorecard.profiles.vocabulary import vocabulary

ANNUAL_COLLECTION = "Annual Collection"
"""The status of a measure collected once a year (no quarterly figure to judge)."""

_VOCABULARY = vocabulary()

STATUSES: tuple[str, ...] = _VOCABULARY.statuses
"""The canonical statuses, in the scorecard's order (also the order summaries use): those of
every active layout profile (``profiles/*.yml``; see :mod:`scorecard.profiles.vocabulary`)."""

DIRECTIONS: tuple[str, ...] = _VOCABULARY.directions
"""The canonical directions of travel of every active layout profile."""


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """What the page header and footer say about the report as a whole."""

    council: str
    report_name: str
    period_end: str  # ISO date
    financial_year: str  # e.g. "2017/18"
    quarter: int  # 1..4 of the financial year (April-March)
    time_fetched: str | None  # ISO timestamp, from the footer
    data_source: str | None
    page_count: int
    source_sha256: str
    # Per page: its kind and how many drawn glyphs went where (see extract/accounting.py).
    pages: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict in contract order."""
        return asdict(self)


REPORT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ReportMeta) if f.name != "pages")
"""The report's own fields in contract order (``pages`` is the glyph accounting, not data)."""


@dataclass(frozen=True, slots=True)
class Measure:
    """One row of the scorecard table (possibly spread over several pages)."""

    directorate: str | None
    measure_code: str
    measure_title: str
    quarterly_status: str | None
    forecast_status: str | None
    quarterly_target_text: str | None
    quarterly_actual_text: str | None
    forecast_target_text: str | None
    forecast_actual_text: str | None
    quarterly_target: float | None
    quarterly_actual: float | None
    forecast_target: float | None
    forecast_actual: float | None
    unit: str | None
    direction_of_travel: str | None
    context: str | None
    improvement_actions: str | None
    intervention_review: str | None
    pages: list[int] = field(default_factory=list)
    extras: dict[str, str | None] | None = None
    """Columns the layout profile declares as extra fields (previous quarter status, baseline,
    ...), as printed; absent from the contract when the report has none."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict in contract order (``extras`` last, only when there are some)."""
        data = asdict(self)
        if data["extras"] is None:
            del data["extras"]
        return data


EXTRAS = "extras"
"""The measure key holding the extra fields (a mapping), when the report has extra columns."""

MEASURE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Measure) if f.name != EXTRAS)
"""A measure's fields in contract order (the extra fields are a mapping of their own)."""


@dataclass(frozen=True, slots=True)
class Extraction:
    """The complete, validated extraction of one report."""

    report: ReportMeta
    measures: list[Measure]

    def to_dict(self) -> dict[str, Any]:
        """``{"report": {...}, "measures": [...]}`` as in the contract."""
        return {"report": self.report.to_dict(), "measures": [m.to_dict() for m in self.measures]}


def as_dict(extraction: Extraction | Mapping[str, Any]) -> dict[str, Any]:
    """An :class:`Extraction` or its ``to_dict()`` form as a plain dict (what the later stages
    take: an extraction object in-process, its JSON from the landing area)."""
    if isinstance(extraction, Extraction):
        return extraction.to_dict()
    if isinstance(extraction, Mapping):
        return dict(extraction)
    raise TypeError(f"expected an Extraction or its dict, got {type(extraction).__name__}")
