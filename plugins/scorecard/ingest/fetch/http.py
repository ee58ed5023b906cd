"""HTTP(S) for the fetch stage: one retry loop, redirects followed by our code, every hop checked.

:func:`exchange` sends a request and hands the final response to a callback. Around it:

- **one retry loop**: timeouts, connection errors, 5xx and 429 are tried again (up to
  ``max_attempts``) with capped exponential backoff and jitter, ``Retry-After`` honoured up to
  the cap; a TLS certificate failure, another 4xx or a broken rule is not retried;
- **one deadline** for the whole exchange (every try, hop, read and pause): past it the
  download ends as :class:`DeadlineExceeded`, however slowly the server trickles bytes;
- **redirects** (at most ``max_redirects``) followed here, each hop checked: https only unless
  the sources file allows http, never from https down to http, only http(s) targets, and
  (through :mod:`scorecard.ingest.fetch.guard`) no loopback, private, link-local or metadata address.

Responses are read undecoded (``Accept-Encoding: identity``); the callback undoes any coding
piece by piece (:mod:`scorecard.ingest.fetch.encoding`) so the size cap counts the real bytes.
"""

from __future__ import annotations

import logging
import random
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Generic, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx

from scorecard.errors import TransientError
from scorecard.ingest.fetch.errors import (
    DeadlineExceeded,
    FetchFailed,
    Refused,
    TooManyRedirects,
)
from scorecard.ingest.fetch.guard import AddressRefused, Deadline, DeadlinePassed, IPNetwork
from scorecard.ingest.fetch.results import FetchOptions
from scorecard.ingest.fetch.transport import GuardedTransport

log = logging.getLogger(__name__)

T = TypeVar("T")
CHUNK = 64 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})
NOT_PUBLISHED = frozenset({404, 410})
RETRY_STATUSES = frozenset({429})  # plus every 5xx


@dataclass(frozen=True)
class Policy:
    """What a source may be fetched over: plain http (the sources file says), allowed networks."""

    allow_http: bool = False
    allowed: tuple[IPNetwork, ...] = ()


class Transient(TransientError):
    """A transient answer (5xx, 429): try again after ``retry_after`` seconds if given."""

    def __init__(self, reason: str, status: int, retry_after: float | None) -> None:
        super().__init__(reason)
        self.status = status
        self.retry_after = retry_after


def retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def backoff_delay(attempt: int, options: FetchOptions, after: float | None = None) -> float:
    """Pause before try ``attempt + 1``: capped exponential with jitter (half to full delay)."""
    delay = min(options.backoff_max, options.backoff_initial * 2 ** (attempt - 1))
    delay = random.uniform(delay / 2, delay)
    if after is not None:
        delay = max(delay, min(after, options.backoff_max))
    return delay


def status_kind(response: httpx.Response, url: str) -> str:
    """``"missing"`` (404/410), ``"not_modified"`` (304) or ``"ok"``; raises for the rest."""
    status = response.status_code
    if status in NOT_PUBLISHED:
        return "missing"
    if status == 304:
        return "not_modified"
    if status >= 500 or status in RETRY_STATUSES:
        after = retry_after(response.headers.get("Retry-After"))
        raise Transient(f"HTTP {status} {response.reason_phrase}", status, after)
    if status >= 400:
        raise FetchFailed(
            url,
            f"{url} answered HTTP {status} {response.reason_phrase} (expected 200 with a "
            "PDF, or 404 while the report is not published); not retried",
            status=status,
        )
    return "ok"


def check_hop(url: str, previous: str | None, policy: Policy) -> None:
    """Refuse a location or redirect target that breaks a rule (named in the error)."""
    scheme = urlsplit(url).scheme.lower()
    via = f" (redirected from {previous})" if previous else ""
    if scheme not in ("http", "https"):
        raise Refused(url, "scheme", f"{url}: refused: not an http(s) URL{via}")
    if scheme == "http" and previous and urlsplit(previous).scheme.lower() == "https":
        raise Refused(url, "no-downgrade", f"{url}: refused: redirect from https down to http{via}")
    if scheme == "http" and not policy.allow_http:
        raise Refused(
            url,
            "https-only",
            f"{url}: refused: plain http{via}; only https is fetched unless the sources file "
            "says 'allow_http: true'",
        )


def _client(options: FetchOptions, policy: Policy, deadline: Deadline) -> httpx.Client:
    timeout = httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=options.connect_timeout,
    )
    return httpx.Client(
        transport=GuardedTransport(options.verify, policy.allowed, deadline),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": options.user_agent, "Accept-Encoding": "identity"},
    )


def _follow(client: httpx.Client, uri: str, exchange: _Exchange[T]) -> T:
    """One try: the request and its redirects, each hop checked, the last one handled."""
    method, headers = exchange.request
    url, previous = uri, None
    for _ in range(exchange.options.max_redirects + 1):
        check_hop(url, previous, exchange.policy)
        try:
            with client.stream(method, url, headers=headers) as response:
                location = response.headers.get("Location")
                if response.status_code not in REDIRECTS or not location:
                    return exchange.handle(response, url)
        except AddressRefused as exc:
            via = f" (redirected from {previous})" if previous else ""
            raise Refused(url, "public-address", f"{url}: refused: {exc}{via}") from None
        except httpx.InvalidURL as exc:
            raise Refused(
                url[:200], "scheme", f"{url[:200]}: refused: not a valid URL ({exc})"
            ) from None
        try:
            previous, url = url, urljoin(url, location)
        except ValueError:
            raise Refused(url, "scheme", f"{url}: refused: a malformed redirect") from None
    raise TooManyRedirects(
        uri,
        f"{uri}: refused: more than {exchange.options.max_redirects} redirects "
        f"(the last to {url[:200]})",
    )


def _tls_failure(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate verification error behind an httpx error, if that is what it is."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _late(uri: str, options: FetchOptions) -> DeadlineExceeded:
    return DeadlineExceeded(
        uri,
        f"{uri}: not downloaded within the deadline of {options.deadline:g} s "
        "(FetchOptions.deadline, SCORECARD_FETCH_DEADLINE_SECONDS); nothing was kept",
    )


@dataclass(frozen=True)
class _Exchange(Generic[T]):
    """One request's settings: what to send, the rules, what to do with the final response."""

    request: tuple[str, dict[str, str]]
    options: FetchOptions
    policy: Policy
    handle: Callable[[httpx.Response, str], T]


def exchange(
    uri: str,
    request: tuple[str, dict[str, str]],
    options: FetchOptions,
    policy: Policy,
    handle: Callable[[httpx.Response, str], T],
) -> T:
    """Send ``request`` (method, headers) to ``uri`` and return ``handle(response, url)``."""
    plan = _Exchange(request, options, policy, handle)
    deadline = Deadline.after(options.deadline)
    last = "no attempt made"
    with _client(options, policy, deadline) as client:
        for attempt in range(1, options.max_attempts + 1):
            after: float | None = None
            try:
                return _follow(client, uri, plan)
            except Transient as exc:
                last, after = str(exc), exc.retry_after
            except DeadlinePassed:
                raise _late(uri, options) from None
            except httpx.UnsupportedProtocol as exc:
                raise FetchFailed(uri, f"{uri}: unsupported URL ({exc})") from None
            except httpx.TransportError as exc:
                if (tls := _tls_failure(exc)) is not None:
                    raise FetchFailed(
                        uri,
                        f"{uri}: TLS certificate verification failed ({tls.verify_message or tls}); "
                        "expected a certificate trusted by the system CAs (for a private CA "
                        "set FetchOptions.verify to its bundle); not retried",
                        attempts=attempt,
                    ) from None
                last = f"{type(exc).__name__}: {str(exc)[:200] or 'no detail'}"
            except httpx.HTTPError as exc:
                raise FetchFailed(uri, f"{uri}: {type(exc).__name__}: {str(exc)[:200]}") from None
            if attempt < options.max_attempts:
                delay = backoff_delay(attempt, options, after)
                if delay >= deadline.remaining():
                    raise _late(uri, options)
                log.warning(
                    "%s: %s (try %d of %d); retrying in %.1fs",
                    uri,
                    last,
                    attempt,
                    options.max_attempts,
                    delay,
                )
                time.sleep(delay)
    raise FetchFailed(
        uri,
        f"{uri}: gave up after {options.max_attempts} tries, last: {last} "
        "(expected the server to answer with the PDF)",
        attempts=options.max_attempts,
    )
