"""What the figures are and are not, in the words every page and ``scorecard report`` use.

- **Sample data**, decided from provenance: a quarter's current report is sample data when it
  is one of the sample reports bundled with the project (``marts.dim_quarter.is_sample_data``:
  its sha256 is one of theirs, wherever it was fetched from). Real reports fetched from a
  council carry no notice.
- With several councils, each council's pages carry the notice of its own quarters, and the
  page listing the councils (and the docs home) the notice of the councils
  (``marts.dim_council.is_sample_data``, ``sample_quarter_count``).
- **Exception reports**: a report that lists only the measures needing improvement
  (``marts.dim_quarter.is_exception_report``) makes every count and share a count of the
  measures in the report, not of all the council's measures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SAMPLE_DATA = (
    "Sample data: these figures come from the sample reports bundled with this project, "
    "drawn by its own generator for demonstration. They are not a council's figures."
)
EXCEPTION_REPORT = (
    "An exception report: the council's report lists only the measures that need improvement "
    "(each has a Red or Amber status), so every count and share here is of the measures in "
    "the report, not of all the council's measures."
)
IN_THE_REPORT = "of the measures in the report"
"""How a share of an exception report's measures is labelled."""


def sample_notice(quarters: Iterable[Mapping[str, Any]]) -> str | None:
    """The sample-data notice for these ``dim_quarter`` rows: the whole notice when every
    quarter with a report is sample data, naming the quarters when only some are, else None."""
    reported = [
        q for q in quarters if q.get("has_report", True) and q.get("is_sample_data") is not None
    ]
    samples = [q["quarter_label"] for q in reported if q["is_sample_data"]]
    if not samples:
        return None
    if len(samples) == len(reported):
        return SAMPLE_DATA
    return (
        f"Sample data in {', '.join(samples)}: those quarters' figures come from the sample "
        "reports bundled with this project, drawn by its own generator for demonstration. "
        "They are not a council's figures."
    )


def councils_notice(councils: Iterable[Mapping[str, Any]]) -> str | None:
    """The sample-data notice of several councils' ``dim_council`` rows: the whole notice when
    every council's figures are sample data, naming the councils when only some have any."""
    rows = list(councils)
    if rows and all(c["is_sample_data"] for c in rows):
        return SAMPLE_DATA
    samples = [c["council_name"] for c in rows if c["sample_quarter_count"]]
    if not samples:
        return None
    return (
        f"Sample data for {', '.join(samples)}: their figures come from the sample reports "
        "bundled with this project, drawn by its own generator for demonstration (each "
        "council's pages say which quarters). They are not a council's figures."
    )
