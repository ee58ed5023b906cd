"""Fetch a quarter's report versions from their locations and land each by content.

One location (:func:`fetch_uri`), one version or the latest published (:func:`fetch_report`),
every version in issue order (:func:`fetch_all`), or only whether one is there
(:func:`check_published`, for the sensor). A body is streamed to a temporary file, pre-scanned
as a PDF in a resource-limited child process, within what is left of the download's deadline
(:func:`scorecard.pdf.isolation.prescan_isolated`), and landed only once checked.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from scorecard.errors import BadInput
from scorecard.ingest import landing
from scorecard.ingest.fetch.errors import FetchFailed
from scorecard.ingest.fetch.guard import parse_networks
from scorecard.ingest.fetch.http import Policy
from scorecard.ingest.fetch.locations import locate
from scorecard.ingest.fetch.record import record
from scorecard.ingest.fetch.results import (
    Body,
    FetchOptions,
    FetchResult,
    NotModified,
    NotPublished,
)
from scorecard.ingest.fetch.sink import temp_sink
from scorecard.ingest.sources import (
    Sources,
    SourcesError,
    load_councils,
    load_sources,
    template_fields,
)
from scorecard.pdf.isolation import prescan_isolated
from scorecard.quarters import Quarter
from scorecard.settings import Settings, get_settings

log = logging.getLogger(__name__)


def _policy(settings: Settings, allow_http: bool | None) -> Policy:
    """The sources file's http rule (unless given: only when every council allows it) and the
    settings' address allow-list."""
    if allow_http is None:
        try:
            allow_http = all(c.allow_http for c in load_councils(settings=settings))
        except SourcesError:
            allow_http = False
    networks = parse_networks(settings.limits.fetch_allow_addresses)
    return Policy(allow_http=allow_http, allowed=networks)


def fetch_uri(
    uri: str,
    period_end: date,
    *,
    version: int = 1,
    settings: Settings | None = None,
    options: FetchOptions | None = None,
    allow_http: bool | None = None,
    source_details: dict[str, Any] | None = None,
) -> FetchResult | NotPublished:
    """Fetch one location of a quarter's report and land it (see the module docstring);
    ``source_details`` says how the location was found (kept in the manifest)."""
    Quarter.from_period_end(period_end)
    settings = settings or get_settings()
    options = options or FetchOptions.from_limits(settings.limits)
    root = landing.landing_root(settings)
    manifest = landing.load_manifest(root, period_end)
    state = manifest.sources.get(uri)
    if state is not None and not landing.report_path(root, state.sha256).exists():
        state = None  # the landed copy is gone: fetch the body again
    now = datetime.now(UTC)
    started = time.monotonic()
    location = locate(uri, period_end, options, _policy(settings, allow_http))
    with temp_sink(uri, options.max_bytes) as (sink, local_file):
        try:
            outcome = location.download(sink, state)
        except MemoryError:
            raise FetchFailed(uri, f"{uri}: ran out of memory while downloading") from None
        if isinstance(outcome, NotPublished):
            return outcome
        if isinstance(outcome, NotModified):
            assert state is not None  # a 304 only answers a conditional request
            known = manifest.find(state.sha256)
            body = Body(
                sha256=state.sha256,
                size=known.size if known else 0,
                etag=outcome.etag or state.etag,
                last_modified=outcome.last_modified or state.last_modified,
            )
        else:
            body = outcome
            left = options.deadline - (time.monotonic() - started)
            prescan_isolated(local_file, limits=settings.limits, name=uri, deadline=left)
            landing.store_report(root, local_file, body.sha256)
    return record(manifest, uri, version, body, now, root, source_details)


@dataclass(frozen=True)
class _Located:
    """A quarter's locations in version order, and how each was found (discovery)."""

    sources: Sources
    uris: list[str]
    details: dict[str, dict[str, Any]]


def _sources(
    period_end: date,
    settings: Settings,
    options: FetchOptions | None = None,
    council: str | None = None,
) -> _Located | NotPublished:
    """The quarter's locations of one council (``None``: the only one): listed, made from the
    template, or discovered on the site (which may find none yet)."""
    quarter = Quarter.from_period_end(period_end)
    sources = load_sources(settings=settings, council=council)
    if sources.discover is not None and sources.discovers(period_end):
        # imported here: discovery reads pages with this package's HTTP client (import cycle)
        from scorecard.ingest.discovery import discover

        found = discover(
            sources.discover,
            quarter,
            template_fields(quarter),
            options or FetchOptions.from_limits(settings.limits),
            _policy(settings, sources.allow_http),
        )
        if isinstance(found, NotPublished):
            return found
        return _Located(sources, found.urls, {url: found.details(url) for url in found.urls})
    uris = sources.locations(period_end)
    if not uris:
        raise SourcesError(
            f"{settings.sources_file}: no source for period end {period_end.isoformat()} "
            "(expected a 'template' or a 'periods' entry)",
        )
    return _Located(sources, uris, {})


def _none_published(
    period_end: date, uris: list[str], outcomes: Iterable[NotPublished]
) -> NotPublished:
    """One ``NotPublished`` for the whole quarter, keeping each location's reason."""
    reasons = "; ".join(o.reason for o in outcomes) or "no location answered"
    return NotPublished(period_end, tuple(uris), reasons)


def _pick_version(uris: list[str], version: int, source_file: Path) -> str:
    if not 1 <= version <= len(uris):
        raise BadInput(f"{source_file}: version {version} requested, expected 1..{len(uris)}")
    return uris[version - 1]


def _fetch_version(
    period_end: date,
    located: _Located,
    number: int,
    settings: Settings,
    options: FetchOptions | None,
) -> FetchResult | NotPublished:
    """Fetch version ``number`` (1-based) of the quarter's listed locations."""
    uri = _pick_version(located.uris, number, settings.sources_file)
    return fetch_uri(
        uri,
        period_end,
        version=number,
        settings=settings,
        options=options,
        allow_http=located.sources.allow_http,
        source_details=located.details.get(uri),
    )


def fetch_report(
    period_end: date,
    *,
    settings: Settings | None = None,
    version: int | None = None,
    options: FetchOptions | None = None,
    council: str | None = None,
) -> FetchResult | NotPublished:
    """Fetch one version of a quarter's report (``None``: the latest one that is published)."""
    settings = settings or get_settings()
    located = _sources(period_end, settings, options, council)
    if isinstance(located, NotPublished):
        return located
    if version is not None:
        return _fetch_version(period_end, located, version, settings, options)
    waiting: list[NotPublished] = []
    for number in range(len(located.uris), 0, -1):
        result = _fetch_version(period_end, located, number, settings, options)
        if isinstance(result, FetchResult):
            return result
        waiting.append(result)
    return _none_published(period_end, located.uris, reversed(waiting))


def fetch_all(
    period_end: date,
    *,
    settings: Settings | None = None,
    options: FetchOptions | None = None,
    council: str | None = None,
) -> list[FetchResult] | NotPublished:
    """Fetch every published version of a quarter's report, in issue order."""
    settings = settings or get_settings()
    located = _sources(period_end, settings, options, council)
    if isinstance(located, NotPublished):
        return located
    numbers = range(1, len(located.uris) + 1)
    results = [_fetch_version(period_end, located, n, settings, options) for n in numbers]
    landed = [r for r in results if isinstance(r, FetchResult)]
    if not landed:
        waiting = (r for r in results if isinstance(r, NotPublished))
        return _none_published(period_end, located.uris, waiting)
    return landed


def check_published(
    period_end: date,
    *,
    settings: Settings | None = None,
    version: int | None = None,
    options: FetchOptions | None = None,
    council: str | None = None,
) -> str | NotPublished:
    """The location of the latest published version (or ``version``), without downloading it."""
    settings = settings or get_settings()
    options = options or FetchOptions.from_limits(settings.limits)
    located = _sources(period_end, settings, options, council)
    if isinstance(located, NotPublished):
        return located
    sources, uris = located.sources, located.uris
    policy = _policy(settings, sources.allow_http)
    candidates = (
        [_pick_version(uris, version, settings.sources_file)]
        if version is not None
        else list(reversed(uris))
    )
    for uri in candidates:
        if locate(uri, period_end, options, policy).exists():
            return uri
    return NotPublished(period_end, tuple(uris), f"not found at {', '.join(candidates)}")
