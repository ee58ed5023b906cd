"""What a fetch is told (:class:`FetchOptions`) and what it gives back (its outcomes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from scorecard.ingest.landing import LandedReport
from scorecard.settings.limits import Limits


@dataclass(frozen=True)
class FetchOptions:
    """How patient and how strict a fetch is; defaults suit a council web site."""

    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_attempts: int = 4
    backoff_initial: float = 1.0
    backoff_max: float = 30.0
    max_bytes: int = Limits.fetch_max_bytes
    """Cap on the body, counted after any ``Content-Encoding`` is undone."""
    deadline: float = Limits.fetch_deadline_seconds
    """Seconds for one location: every try, redirect, read and pause between tries."""
    max_redirects: int = 5
    verify: bool | str = True
    """TLS verification: ``True`` (system/certifi CAs) or a CA bundle path. Never ``False`` here."""
    user_agent: str = "council-scorecard/0.1 (quarterly report fetcher)"

    @classmethod
    def from_limits(cls, limits: Limits) -> FetchOptions:
        """The defaults with the size cap and deadline of the settings."""
        return cls(max_bytes=limits.fetch_max_bytes, deadline=limits.fetch_deadline_seconds)


@dataclass(frozen=True)
class FetchResult(LandedReport):
    """A report version that is in the landing area, as one fetch found it."""

    unchanged: bool = False
    """This content was already landed for the quarter (or the server answered 304)."""


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


@dataclass(frozen=True)
class Validators:
    """What a server said to identify its copy (``ETag``, ``Last-Modified``), for the next
    conditional request."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, kw_only=True)
class Body(Validators):
    """A downloaded, checked body in a local temporary file."""

    sha256: str
    size: int


@dataclass(frozen=True)
class NotModified(Validators):
    """The server answered 304 to a conditional request."""


Outcome = Body | NotModified | NotPublished
