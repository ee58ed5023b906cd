"""Recording a landed body in its quarter's manifest, and describing it as a fetch result."""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime
from typing import Any

from scorecard.ingest import landing
from scorecard.ingest.fetch.results import Body, FetchResult
from scorecard.ingest.landing import LandedReport, LandingPath, SourceState
from scorecard.quarters import Quarter

log = logging.getLogger(__name__)


def record(
    manifest: landing.PeriodManifest,
    uri: str,
    version: int,
    body: Body,
    now: datetime,
    root: LandingPath,
    source_details: dict[str, Any] | None = None,
) -> FetchResult:
    """Add the fetch to the quarter's manifest and describe it."""
    known = manifest.find(body.sha256)
    landed = LandedReport(
        period_end=manifest.period_end,
        sha256=body.sha256,
        landed_path=str(landing.report_path(root, body.sha256)),
        source_uri=uri,
        version=version,
        size=body.size,
        fetched_at=now,
        etag=body.etag,
        last_modified=body.last_modified,
        source_details=source_details,
    )
    if known is None:
        manifest.versions.append(landed)
    manifest.sources[uri] = SourceState(
        sha256=body.sha256,
        checked_at=now.isoformat(),
        etag=body.etag,
        last_modified=body.last_modified,
    )
    landing.save_manifest(root, manifest)
    result = FetchResult(**asdict(landed), unchanged=known is not None)
    log.info(
        "%s: %s %s (%s bytes, sha256 %s)",
        Quarter.from_period_end(manifest.period_end).label,
        "unchanged" if result.unchanged else "landed",
        uri,
        body.size,
        body.sha256,
    )
    return result
