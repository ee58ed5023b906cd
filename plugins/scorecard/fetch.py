"""Fetch a quarter's report from where ``sources.yml`` says it is, and land it by content.

The first stage of the pipeline. For a period end, the sources file gives one or more locations
(versions in issue order); each is fetched, checked and landed under its sha256
(:mod:`scorecard.landing`).

Public API
----------
- ``fetch_report(period_end, *, settings=None, version=None, options=None)
  -> FetchResult | NotPublished``: one version (1-based ``version``; ``None`` = the latest
  version that is published).
- ``fetch_all(period_end, *, settings=None, options=None) -> list[FetchResult] | NotPublished``:
  every published version in issue order (what the ingest DAG lands; unpublished later versions
  are skipped). ``NotPublished`` only when no version is published.
- ``check_published(period_end, *, settings=None, version=None, options=None)
  -> str | NotPublished``: a cheap probe for a sensor (HEAD, or a file's existence): the location
  of the latest published version.
- ``fetch_uri(uri, period_end, *, version=1, settings=None, options=None)``: one location.
- ``list_sources(period_end)`` (from :mod:`scorecard.sources`), ``landed_reports(period_end)``
  (from :mod:`scorecard.landing`).

Outcomes
--------
- :class:`FetchResult`: landed; ``unchanged=True`` when this content (sha256) was already landed
  for the quarter, or the server answered ``304 Not Modified`` to the conditional request
  (``If-None-Match`` / ``If-Modified-Since`` from the previous fetch's ETag / Last-Modified).
  An unchanged report need not be extracted or loaded again.
- :class:`NotPublished`: 404 or 410, or a local file that does not exist yet. A normal state,
  returned (not raised) so that a sensor in reschedule mode can poke again later.
- :class:`FetchError` subclasses, raised for real failures, each message naming the URL and
  what was expected: :class:`NotAPdf` (the body does not start with ``%PDF-``: typically an HTML
  error page served with status 200), :class:`TooLarge` (over ``FetchOptions.max_bytes``; the
  download stops and nothing is kept), :class:`FetchFailed` (after retries, a TLS certificate
  failure, or a 4xx other than 404/410/429).

From Airflow (the ingest DAG; the quarter comes from the ``period_end`` param or
``scorecard.timetable.quarter_of_run(data_interval_start)``)::

    @task.sensor(mode="reschedule", poke_interval=6 * 3600, timeout=120 * 86400)
    def wait_for_report(period_end: str) -> PokeReturnValue:
        from scorecard.fetch import NotPublished, check_published
        outcome = check_published(date.fromisoformat(period_end))
        return PokeReturnValue(is_done=not isinstance(outcome, NotPublished))

    @task
    def fetch(period_end: str) -> list[dict]:
        from scorecard.fetch import NotPublished, fetch_all
        results = fetch_all(date.fromisoformat(period_end))
        if isinstance(results, NotPublished):   # withdrawn between the poke and the fetch
            raise RuntimeError(results.reason)
        return [r.to_dict() for r in results if not r.unchanged]   # new versions only

HTTP(S) is fetched with httpx: TLS verification on, connect/read timeouts, up to
``max_attempts`` tries with capped exponential backoff and jitter on timeouts, connection
errors, 5xx and 429 (``Retry-After`` honoured up to the cap). A TLS certificate failure is not
transient and is not retried. Local paths and ``file://`` URLs are copied; other URLs (``s3://``)
are read through ``ObjectStoragePath``. Every body is streamed to a local temporary file while
its size is capped and its sha256 computed, and is landed only once checked.
"""

from __future__ import annotations

import hashlib
import logging
import random
import ssl
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import httpx

from scorecard import landing
from scorecard.landing import IsoDated, LandedReport, SourceState
from scorecard.quarters import Quarter
from scorecard.settings import Settings, get_settings
from scorecard.sources import SourcesError, list_sources

if TYPE_CHECKING:
    from airflow.sdk import ObjectStoragePath

__all__ = [
    "FetchError",
    "FetchFailed",
    "FetchOptions",
    "FetchResult",
    "NotAPdf",
    "NotPublished",
    "TooLarge",
    "check_published",
    "fetch_all",
    "fetch_report",
    "fetch_uri",
    "landed_reports",
    "list_sources",
]

landed_reports = landing.landed_reports

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
"""``%PDF-`` must appear within the first KiB (as PDF readers allow a little leading junk)."""

CHUNK = 64 * 1024
NOT_PUBLISHED_STATUSES = frozenset({404, 410})
RETRY_STATUSES = frozenset({429})  # plus every 5xx


# -- options and outcomes ---------------------------------------------------------------------
@dataclass(frozen=True)
class FetchOptions:
    """How patient and how strict a fetch is; defaults suit a council web site."""

    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_attempts: int = 4
    backoff_initial: float = 1.0
    backoff_max: float = 30.0
    max_bytes: int = 50 * 1024 * 1024
    verify: bool | str = True
    """TLS verification: ``True`` (system/certifi CAs) or a CA bundle path. Never ``False`` here."""
    user_agent: str = "council-scorecard/0.1 (quarterly report fetcher)"


@dataclass(frozen=True)
class FetchResult(IsoDated):
    """A report version that is in the landing area."""

    period_end: date
    source_uri: str
    sha256: str
    landed_path: str
    size: int
    fetched_at: datetime
    unchanged: bool
    etag: str | None = None
    last_modified: str | None = None
    version: int = 1
    """Position of ``source_uri`` among the period's sources (1 = first issue)."""


@dataclass(frozen=True)
class NotPublished:
    """The report is not there yet (404/410, no such file): poke again later."""

    period_end: date
    sources: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "period_end": self.period_end.isoformat(),
            "sources": list(self.sources),
            "reason": self.reason,
        }


class FetchError(Exception):
    """A fetch that failed for real; ``uri`` is the location, the message says what was expected."""

    def __init__(self, uri: str, message: str) -> None:
        super().__init__(message)
        self.uri = uri


class NotAPdf(FetchError):
    """The body is not a PDF (no ``%PDF-`` at its start), e.g. an HTML error page with status 200."""


class TooLarge(FetchError):
    """The body is larger than ``FetchOptions.max_bytes``; nothing was kept."""


class FetchFailed(FetchError):
    """The location could not be read (after retries where retrying makes sense)."""

    def __init__(
        self, uri: str, message: str, *, attempts: int = 1, status: int | None = None
    ) -> None:
        super().__init__(uri, message)
        self.attempts = attempts
        self.status = status


# -- the streamed body ------------------------------------------------------------------------
class _Sink:
    """A local temporary file that counts, hashes and checks a body as it is written."""

    def __init__(self, file: IO[bytes], uri: str, max_bytes: int) -> None:
        self.file = file
        self.uri = uri
        self.max_bytes = max_bytes
        self.reset()

    def reset(self) -> None:
        """Start again (a retried download)."""
        self.file.seek(0)
        self.file.truncate()
        self.size = 0
        self.head = b""
        self.digest = hashlib.sha256()
        self.content_type = ""

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise TooLarge(
                self.uri,
                f"{self.uri} is larger than the cap of {self.max_bytes:,} bytes "
                "(FetchOptions.max_bytes); a scorecard report is expected to be a few MB, "
                "nothing was kept",
            )
        if len(self.head) < MAGIC_WINDOW:
            self.head += chunk[: MAGIC_WINDOW - len(self.head)]
            self._check_magic(final=False)
        self.digest.update(chunk)
        self.file.write(chunk)

    def _check_magic(self, *, final: bool) -> None:
        if PDF_MAGIC in self.head:
            return
        if final or len(self.head) >= MAGIC_WINDOW:
            kind = f"Content-Type {self.content_type!r}, " if self.content_type else ""
            start = self.head[:60].decode("latin-1").replace("\n", " ").strip()
            raise NotAPdf(
                self.uri,
                f"{self.uri} did not return a PDF: expected the body to start with '%PDF-', "
                f"got {kind}starting {start!r} (an error or landing page served instead of "
                "the report? check the URL in the sources file)",
            )

    def finish(self) -> str:
        """Check the whole (possibly tiny) body and give its sha256."""
        self._check_magic(final=True)
        self.file.flush()
        return self.digest.hexdigest()


@dataclass(frozen=True)
class _Body:
    """A downloaded, checked body in a local temporary file."""

    sha256: str
    size: int
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class _NotModified:
    """The server answered 304 to a conditional request."""

    etag: str | None
    last_modified: str | None


_Outcome = _Body | _NotModified | NotPublished


# -- locations --------------------------------------------------------------------------------
def _scheme(uri: str) -> str:
    scheme = urlsplit(uri).scheme.lower()
    return scheme if len(scheme) > 1 else ""


def _local_path(uri: str) -> Path:
    """The filesystem path of a local path or ``file://`` URL."""
    return Path(unquote(urlsplit(uri).path)) if _scheme(uri) == "file" else Path(uri)


def _not_published(period_end: date, uri: str, reason: str) -> NotPublished:
    return NotPublished(period_end=period_end, sources=(uri,), reason=reason)


def _copy_stream(chunks: Iterable[bytes], sink: _Sink) -> _Body:
    for chunk in chunks:
        sink.write(chunk)
    return _Body(sha256=sink.finish(), size=sink.size)


def _read_chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk


def _download_local(uri: str, period_end: date, sink: _Sink) -> _Outcome:
    """Copy a local file; a file that does not exist yet is not published."""
    path = _local_path(uri)
    if not path.exists():
        return _not_published(period_end, uri, f"{path} does not exist yet")
    if not path.is_file():
        raise FetchFailed(uri, f"{path} is not a file (expected a PDF report)")
    with path.open("rb") as stream:
        return _copy_stream(_read_chunks(stream), sink)


def _download_object(uri: str, period_end: date, sink: _Sink) -> _Outcome:
    """Read any other URL (``s3://``...) through ``ObjectStoragePath``."""
    from airflow.sdk import ObjectStoragePath

    path = ObjectStoragePath(uri)
    if not path.exists():
        return _not_published(period_end, uri, f"{uri} does not exist yet")
    with path.open("rb") as stream:
        return _copy_stream(_read_chunks(stream), sink)


# -- HTTP -------------------------------------------------------------------------------------
class _Retry(Exception):
    """A transient HTTP answer (5xx, 429): try again after ``retry_after`` seconds if given."""

    def __init__(self, reason: str, status: int, retry_after: float | None) -> None:
        super().__init__(reason)
        self.status = status
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def backoff_delay(attempt: int, options: FetchOptions, retry_after: float | None = None) -> float:
    """Pause before try ``attempt + 1``: capped exponential with jitter (half to full delay)."""
    delay = min(options.backoff_max, options.backoff_initial * 2 ** (attempt - 1))
    delay = random.uniform(delay / 2, delay)
    if retry_after is not None:
        delay = max(delay, min(retry_after, options.backoff_max))
    return delay


def _tls_failure(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate verification error behind an httpx error, if that is what it is."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _client(options: FetchOptions) -> httpx.Client:
    timeout = httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=options.connect_timeout,
    )
    verify: bool | ssl.SSLContext = (
        ssl.create_default_context(cafile=options.verify)
        if isinstance(options.verify, str)
        else options.verify
    )
    return httpx.Client(
        timeout=timeout,
        verify=verify,
        follow_redirects=True,
        headers={"User-Agent": options.user_agent},
    )


def _conditional_headers(state: SourceState | None) -> dict[str, str]:
    if state is None:
        return {}
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def _http_once(
    client: httpx.Client,
    uri: str,
    period_end: date,
    sink: _Sink,
    headers: dict[str, str],
) -> _Outcome:
    """One GET: classify the status, stream and check the body."""
    with client.stream("GET", uri, headers=headers) as response:
        status = response.status_code
        if status in NOT_PUBLISHED_STATUSES:
            return _not_published(period_end, uri, f"{uri} answered HTTP {status}")
        etag = response.headers.get("ETag")
        last_modified = response.headers.get("Last-Modified")
        if status == 304:
            return _NotModified(etag=etag, last_modified=last_modified)
        if status >= 500 or status in RETRY_STATUSES:
            after = _retry_after(response.headers.get("Retry-After"))
            raise _Retry(f"HTTP {status} {response.reason_phrase}", status, after)
        if status >= 400:
            raise FetchFailed(
                uri,
                f"{uri} answered HTTP {status} {response.reason_phrase} (expected 200 with a "
                "PDF, or 404 while the report is not published); not retried",
                status=status,
            )
        sink.reset()
        sink.content_type = response.headers.get("Content-Type", "")
        body = _copy_stream(response.iter_bytes(CHUNK), sink)
        return replace(body, etag=etag, last_modified=last_modified)


def _download_http(
    uri: str,
    period_end: date,
    sink: _Sink,
    options: FetchOptions,
    state: SourceState | None,
) -> _Outcome:
    """GET with retries on timeouts, connection errors, 5xx and 429."""
    headers = _conditional_headers(state)
    last_problem = "no attempt made"
    with _client(options) as client:
        for attempt in range(1, options.max_attempts + 1):
            retry_after: float | None = None
            try:
                return _http_once(client, uri, period_end, sink, headers)
            except _Retry as exc:
                last_problem, retry_after = str(exc), exc.retry_after
            except httpx.UnsupportedProtocol as exc:
                raise FetchFailed(uri, f"{uri}: unsupported URL ({exc})") from exc
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if (tls := _tls_failure(exc)) is not None:
                    raise FetchFailed(
                        uri,
                        f"{uri}: TLS certificate verification failed ({tls.verify_message or tls}); "
                        "expected a certificate trusted by the system CAs (for a private CA "
                        "set FetchOptions.verify to its bundle); not retried",
                        attempts=attempt,
                    ) from exc
                last_problem = f"{type(exc).__name__}: {exc or 'no detail'}"
            if attempt < options.max_attempts:
                delay = backoff_delay(attempt, options, retry_after)
                log.warning(
                    "%s: %s (try %d of %d); retrying in %.1fs",
                    uri,
                    last_problem,
                    attempt,
                    options.max_attempts,
                    delay,
                )
                time.sleep(delay)
    raise FetchFailed(
        uri,
        f"{uri}: gave up after {options.max_attempts} tries, last: {last_problem} "
        "(expected the server to answer with the PDF)",
        attempts=options.max_attempts,
    )


# -- landing ----------------------------------------------------------------------------------
@contextmanager
def _temp_sink(uri: str, options: FetchOptions) -> Iterator[tuple[_Sink, Path]]:
    """A sink over a local temporary file that is always removed."""
    with tempfile.TemporaryDirectory(prefix="scorecard-fetch-") as tmpdir:
        path = Path(tmpdir) / "body.part"
        with path.open("w+b") as file:
            yield _Sink(file, uri, options.max_bytes), path


def _download(
    uri: str,
    period_end: date,
    sink: _Sink,
    options: FetchOptions,
    state: SourceState | None,
) -> _Outcome:
    scheme = _scheme(uri)
    if scheme in ("http", "https"):
        return _download_http(uri, period_end, sink, options, state)
    if scheme in ("", "file"):
        return _download_local(uri, period_end, sink)
    return _download_object(uri, period_end, sink)


def fetch_uri(
    uri: str,
    period_end: date,
    *,
    version: int = 1,
    settings: Settings | None = None,
    options: FetchOptions | None = None,
) -> FetchResult | NotPublished:
    """Fetch one location of a quarter's report and land it (see the module docstring)."""
    Quarter.from_period_end(period_end)
    settings = settings or get_settings()
    options = options or FetchOptions()
    root = landing.landing_root(settings)
    manifest = landing.load_manifest(root, period_end)
    state = manifest.sources.get(uri)
    if state is not None and not landing.report_path(root, state.sha256).exists():
        state = None  # the landed copy is gone: fetch the body again
    now = datetime.now(UTC)
    with _temp_sink(uri, options) as (sink, local_file):
        outcome = _download(uri, period_end, sink, options, state)
        if isinstance(outcome, NotPublished):
            return outcome
        if isinstance(outcome, _NotModified):
            assert state is not None  # a 304 only answers a conditional request
            known = manifest.find(state.sha256)
            body = _Body(
                sha256=state.sha256,
                size=known.size if known else 0,
                etag=outcome.etag or state.etag,
                last_modified=outcome.last_modified or state.last_modified,
            )
        else:
            body = outcome
            landing.store_report(root, local_file, body.sha256)
    return _record(root, manifest, uri, version, body, now)


def _record(
    root: ObjectStoragePath,
    manifest: landing.PeriodManifest,
    uri: str,
    version: int,
    body: _Body,
    now: datetime,
) -> FetchResult:
    """Add the fetch to the quarter's manifest and describe it."""
    known = manifest.find(body.sha256)
    landed_path = str(landing.report_path(root, body.sha256))
    size = body.size
    if known is None:
        manifest.versions.append(
            LandedReport(
                period_end=manifest.period_end,
                sha256=body.sha256,
                landed_path=landed_path,
                source_uri=uri,
                version=version,
                size=size,
                fetched_at=now,
                etag=body.etag,
                last_modified=body.last_modified,
            )
        )
    manifest.sources[uri] = SourceState(
        sha256=body.sha256,
        checked_at=now.isoformat(),
        etag=body.etag,
        last_modified=body.last_modified,
    )
    landing.save_manifest(root, manifest)
    result = FetchResult(
        period_end=manifest.period_end,
        source_uri=uri,
        sha256=body.sha256,
        landed_path=landed_path,
        size=size,
        fetched_at=now,
        unchanged=known is not None,
        etag=body.etag,
        last_modified=body.last_modified,
        version=version,
    )
    log.info(
        "%s: %s %s (%s bytes, sha256 %s)",
        Quarter.from_period_end(manifest.period_end).label,
        "unchanged" if result.unchanged else "landed",
        uri,
        size,
        body.sha256,
    )
    return result


def _sources_or_raise(period_end: date, settings: Settings) -> list[str]:
    Quarter.from_period_end(period_end)
    uris = list_sources(period_end, settings=settings)
    if not uris:
        raise SourcesError(
            f"{settings.sources_file}: no source for period end {period_end.isoformat()} "
            "(expected a 'template' or a 'periods' entry)",
        )
    return uris


def _none_published(
    period_end: date, uris: list[str], outcomes: Iterable[NotPublished]
) -> NotPublished:
    """One ``NotPublished`` for the whole quarter, keeping each location's reason."""
    reasons = "; ".join(o.reason for o in outcomes) or "no location answered"
    return NotPublished(period_end, tuple(uris), reasons)


def _pick_version(uris: list[str], version: int, source_file: Path) -> str:
    if not 1 <= version <= len(uris):
        raise SourcesError(
            f"{source_file}: version {version} requested, expected 1..{len(uris)}",
        )
    return uris[version - 1]


def fetch_report(
    period_end: date,
    *,
    settings: Settings | None = None,
    version: int | None = None,
    options: FetchOptions | None = None,
) -> FetchResult | NotPublished:
    """Fetch one version of a quarter's report (``None``: the latest one that is published)."""
    settings = settings or get_settings()
    uris = _sources_or_raise(period_end, settings)
    if version is not None:
        uri = _pick_version(uris, version, settings.sources_file)
        return fetch_uri(uri, period_end, version=version, settings=settings, options=options)
    waiting: list[NotPublished] = []
    for number in range(len(uris), 0, -1):
        result = fetch_uri(
            uris[number - 1], period_end, version=number, settings=settings, options=options
        )
        if isinstance(result, FetchResult):
            return result
        waiting.append(result)
    return _none_published(period_end, uris, reversed(waiting))


def fetch_all(
    period_end: date,
    *,
    settings: Settings | None = None,
    options: FetchOptions | None = None,
) -> list[FetchResult] | NotPublished:
    """Fetch every published version of a quarter's report, in issue order."""
    settings = settings or get_settings()
    uris = _sources_or_raise(period_end, settings)
    results = [
        fetch_uri(uri, period_end, version=number, settings=settings, options=options)
        for number, uri in enumerate(uris, start=1)
    ]
    landed = [r for r in results if isinstance(r, FetchResult)]
    if not landed:
        return _none_published(
            period_end, uris, (r for r in results if isinstance(r, NotPublished))
        )
    return landed


def _probe_http(uri: str, options: FetchOptions) -> bool:
    """HEAD (or a GET closed after the headers when HEAD is refused): is it there?"""
    problem = "no attempt made"
    with _client(options) as client:
        for attempt in range(1, options.max_attempts + 1):
            try:
                response = client.head(uri)
                if response.status_code in (405, 501):
                    with client.stream("GET", uri) as streamed:
                        response = streamed
                if response.status_code in NOT_PUBLISHED_STATUSES:
                    return False
                if response.status_code < 400:
                    return True
                if response.status_code < 500 and response.status_code not in RETRY_STATUSES:
                    raise FetchFailed(
                        uri,
                        f"{uri} answered HTTP {response.status_code}",
                        status=response.status_code,
                    )
                problem = f"HTTP {response.status_code}"
            except httpx.TransportError as exc:
                if _tls_failure(exc) is not None:
                    raise FetchFailed(uri, f"{uri}: TLS certificate verification failed") from exc
                problem = f"{type(exc).__name__}: {exc}"
            if attempt < options.max_attempts:
                time.sleep(backoff_delay(attempt, options))
    raise FetchFailed(uri, f"{uri}: gave up after {options.max_attempts} tries, last: {problem}")


def _is_there(uri: str, options: FetchOptions) -> bool:
    scheme = _scheme(uri)
    if scheme in ("http", "https"):
        return _probe_http(uri, options)
    if scheme in ("", "file"):
        return _local_path(uri).is_file()
    from airflow.sdk import ObjectStoragePath

    return bool(ObjectStoragePath(uri).exists())


def check_published(
    period_end: date,
    *,
    settings: Settings | None = None,
    version: int | None = None,
    options: FetchOptions | None = None,
) -> str | NotPublished:
    """The location of the latest published version (or ``version``), without downloading it."""
    settings = settings or get_settings()
    options = options or FetchOptions()
    uris = _sources_or_raise(period_end, settings)
    candidates = (
        [_pick_version(uris, version, settings.sources_file)]
        if version is not None
        else list(reversed(uris))
    )
    for uri in candidates:
        if _is_there(uri, options):
            return uri
    return NotPublished(period_end, tuple(uris), f"not found at {', '.join(candidates)}")
