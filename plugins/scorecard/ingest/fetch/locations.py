"""Reading one location, whatever its kind: the scheme is looked at here, once.

:func:`locate` picks the reader of a location: HTTP(S) (:mod:`scorecard.ingest.fetch.http`), a local
path or ``file://`` URL, or any other URL through ``universal_pathlib`` (``s3://``).
Each reader can download the body into a :class:`~scorecard.ingest.fetch.sink.Sink` and probe whether
the report is there yet (for the sensor), and says :class:`NotPublished` when it is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, Protocol
from urllib.parse import unquote, urlsplit

import httpx

from scorecard.ingest.fetch.encoding import decoded
from scorecard.ingest.fetch.errors import FetchFailed
from scorecard.ingest.fetch.http import CHUNK, Policy, exchange, status_kind
from scorecard.ingest.fetch.results import FetchOptions, NotModified, NotPublished, Outcome
from scorecard.ingest.fetch.sink import Sink
from scorecard.ingest.landing import SourceState


class Location(Protocol):
    """A reader of one location."""

    def download(self, sink: Sink, state: SourceState | None) -> Outcome: ...

    def exists(self) -> bool: ...


def scheme(uri: str) -> str:
    """The URL scheme, or ``""`` for a local path (one letter is a Windows drive)."""
    found = urlsplit(uri).scheme.lower()
    return found if len(found) > 1 else ""


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk


@dataclass(frozen=True)
class _Local:
    uri: str
    period_end: date

    @property
    def path(self) -> Path:
        return Path(unquote(urlsplit(self.uri).path)) if scheme(self.uri) else Path(self.uri)

    def download(self, sink: Sink, state: SourceState | None) -> Outcome:
        """Copy the file; a file that does not exist yet is not published."""
        if not self.path.exists():
            return NotPublished(self.period_end, (self.uri,), f"{self.path} does not exist yet")
        if not self.path.is_file():
            raise FetchFailed(self.uri, f"{self.path} is not a file (expected a PDF report)")
        with self.path.open("rb") as stream:
            return sink.copy(_chunks(stream))

    def exists(self) -> bool:
        return self.path.is_file()


@dataclass(frozen=True)
class _Object:
    uri: str
    period_end: date

    def download(self, sink: Sink, state: SourceState | None) -> Outcome:
        from upath import UPath

        path = UPath(self.uri)
        if not path.exists():
            return NotPublished(self.period_end, (self.uri,), f"{self.uri} does not exist yet")
        with path.open("rb") as stream:
            return sink.copy(_chunks(stream))

    def exists(self) -> bool:
        from upath import UPath

        return bool(UPath(self.uri).exists())


@dataclass(frozen=True)
class _Http:
    uri: str
    period_end: date
    options: FetchOptions
    policy: Policy

    def download(self, sink: Sink, state: SourceState | None) -> Outcome:
        """GET (conditional when validators are known), the body streamed into ``sink``."""
        headers = {}
        if state is not None and state.etag:
            headers["If-None-Match"] = state.etag
        if state is not None and state.last_modified:
            headers["If-Modified-Since"] = state.last_modified

        def handle(response: httpx.Response, url: str) -> Outcome:
            kind = status_kind(response, url)
            if kind == "missing":
                reason = f"{url} answered HTTP {response.status_code}"
                return NotPublished(self.period_end, (self.uri,), reason)
            etag = response.headers.get("ETag")
            last_modified = response.headers.get("Last-Modified")
            if kind == "not_modified":
                return NotModified(etag=etag, last_modified=last_modified)
            sink.reset(response.headers.get("Content-Type", ""))
            coding = response.headers.get("Content-Encoding")
            body = sink.copy(decoded(response.iter_raw(CHUNK), coding, url))
            return replace(body, etag=etag, last_modified=last_modified)

        return exchange(self.uri, ("GET", headers), self.options, self.policy, handle)

    def exists(self) -> bool:
        """HEAD (or a GET closed after the headers when HEAD is refused): is it there?"""

        def handle(response: httpx.Response, url: str) -> bool | None:
            if response.status_code in (405, 501):
                return None
            return status_kind(response, url) != "missing"

        found = exchange(self.uri, ("HEAD", {}), self.options, self.policy, handle)
        if found is None:
            found = exchange(self.uri, ("GET", {}), self.options, self.policy, handle)
        return bool(found)


def locate(uri: str, period_end: date, options: FetchOptions, policy: Policy) -> Location:
    """The reader for ``uri``."""
    kind = scheme(uri)
    if kind in ("http", "https"):
        return _Http(uri, period_end, options, policy)
    if kind in ("", "file"):
        return _Local(uri, period_end)
    return _Object(uri, period_end)
