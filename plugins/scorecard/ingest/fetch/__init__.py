"""Fetch a quarter's report from where ``sources.yml`` says it is, and land it by content.

The first stage: each location listed for a period end (versions in issue order) is
downloaded to a temporary file while its size is capped and its sha256 computed, pre-scanned
as a PDF, and only then landed under its sha256 (:mod:`scorecard.ingest.landing`), so a refused body
leaves nothing behind. A report not there yet is :class:`NotPublished`, returned rather than
raised so a sensor can poke again; anything refused is a :class:`FetchError` naming the URL and
the rule, never quoting the body. The fetch itself is :mod:`.fetcher`; how a location is read,
:mod:`.locations` (HTTP rules in :mod:`.http` and :mod:`.guard`).
"""

from __future__ import annotations

from scorecard.ingest.fetch.errors import (
    DeadlineExceeded,
    DecodingError,
    FetchError,
    FetchFailed,
    NotAPdf,
    Refused,
    TooLarge,
    TooManyRedirects,
)
from scorecard.ingest.fetch.fetcher import check_published, fetch_all, fetch_report, fetch_uri
from scorecard.ingest.fetch.results import FetchOptions, FetchResult, NotPublished
from scorecard.ingest.landing import landed_reports
from scorecard.ingest.sources import list_sources
from scorecard.pdf.limits import ResourceLimit

__all__ = [
    "DeadlineExceeded",
    "DecodingError",
    "FetchError",
    "FetchFailed",
    "FetchOptions",
    "FetchResult",
    "NotAPdf",
    "NotPublished",
    "Refused",
    "ResourceLimit",
    "TooLarge",
    "TooManyRedirects",
    "check_published",
    "fetch_all",
    "fetch_report",
    "fetch_uri",
    "landed_reports",
    "list_sources",
]
