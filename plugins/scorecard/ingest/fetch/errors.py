"""The typed failures of the fetch stage: each message is one line naming the URL and the rule.

No message quotes the body: a hostile server must not be able to write into our logs.
"""

from __future__ import annotations

from scorecard.errors import Category, ScorecardError


class FetchError(ScorecardError):
    """A fetch that failed for real; ``uri`` is the location, the message says what was expected."""

    def __init__(self, uri: str, message: str) -> None:
        super().__init__(message)
        self.uri = uri


class NotAPdf(FetchError):
    """The body is not a PDF (no ``%PDF-`` at its start), e.g. an HTML error page with status 200."""

    category = Category.REFUSED


class TooLarge(FetchError):
    """The body is larger than ``FetchOptions.max_bytes`` (after decompression); nothing was kept."""

    category = Category.RESOURCE_LIMIT


class FetchFailed(FetchError):
    """The location could not be read (after retries where retrying makes sense)."""

    def __init__(
        self, uri: str, message: str, *, attempts: int = 1, status: int | None = None
    ) -> None:
        super().__init__(uri, message)
        self.attempts = attempts
        self.status = status

    def category_of(self) -> Category:
        """A 4xx (but 429) is the source refusing: no retry changes it; anything else is
        transient (a 5xx, a timeout, a connection that failed after the fetcher's own tries)."""
        if self.status is not None and 400 <= self.status < 500 and self.status != 429:
            return Category.REFUSED
        return Category.TRANSIENT


class Refused(FetchError):
    """A location or redirect breaks a rule (scheme, address, downgrade); ``rule`` names it."""

    category = Category.REFUSED

    def __init__(self, uri: str, rule: str, message: str) -> None:
        super().__init__(uri, message)
        self.rule = rule


class TooManyRedirects(FetchError):
    """More redirects than ``FetchOptions.max_redirects``."""

    category = Category.REFUSED


class DecodingError(FetchError):
    """The body's ``Content-Encoding`` is unknown or its compressed data is damaged."""

    category = Category.REFUSED


class DeadlineExceeded(FetchError):
    """The download did not finish within ``FetchOptions.deadline`` seconds (all tries): a slow
    network or a trickling server; a later try may finish."""

    category = Category.TRANSIENT
