"""Typed extraction errors: each names the file, the page and what the extractor expected.

The messages are written for a council analyst who has to act on them ("page 4: expected the
table header row ..."), and the CLI prints them as its single line on stderr.
"""

from __future__ import annotations

from pathlib import Path

from scorecard.errors import Refused


class ExtractionError(Refused):
    """A scorecard PDF could not be extracted completely; nothing partial is returned."""

    def __init__(
        self, path: str | Path, expected: str, *, page: int | None = None, detail: str = ""
    ) -> None:
        self.path = str(path)
        self.page = page
        self.expected = expected
        self.detail = detail
        super().__init__(self._message())

    def _message(self) -> str:
        """One line: file, page (when known), what was expected and what was found."""
        where = self.path if self.page is None else f"{self.path}: page {self.page}"
        found = f" ({self.detail})" if self.detail else ""
        return f"{where}: expected {self.expected}{found}"


class NotAPdfError(ExtractionError):
    """The file is not a PDF at all (no %PDF- header)."""


class EncryptedPdfError(ExtractionError):
    """The PDF is password protected and cannot be read without the password."""


class CorruptPdfError(ExtractionError):
    """The PDF is truncated or damaged, so some of its pages may be missing."""


class EmptyPdfError(ExtractionError):
    """The PDF has no pages, or its pages carry no text."""


class NotAScorecardError(ExtractionError):
    """The PDF is some other document: no 'Improvement Report - Council Scorecard' header."""


class TableError(ExtractionError):
    """A page's scorecard table cannot be read (header row missing, a measure without a code...)."""
