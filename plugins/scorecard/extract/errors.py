"""Typed extraction errors: each names the file, the page and what the extractor expected.

The messages are written for a council analyst who has to act on them ("page 4: expected the
table header row ..."), and the CLI prints them as its single line on stderr.
"""

from __future__ import annotations

from pathlib import Path

from scorecard.errors import Refused
from scorecard.profiles import Profile


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


class UnknownHeader(TableError):
    """A header label the layout profile does not declare: its column's meaning is unknown."""


class UnknownWord(TableError):
    """A status label or direction of travel the layout profile does not declare."""


def unknown_header(
    path: str | Path, page: int, texts: list[str], profile: Profile
) -> UnknownHeader:
    """The refusal of a header row with labels ``profile`` does not know, saying where to
    declare them."""
    names = ", ".join(repr(t) for t in texts)
    return UnknownHeader(
        path,
        f"header labels that layout profile {profile.name!r} declares",
        page=page,
        detail=f"found {names}; declare {'it' if len(texts) == 1 else 'each'} in {profile.file} "
        "as a synonym under columns, a field under extras, or under ignore",
    )


def unknown_word(
    path: str | Path, page: int, code: str, kind: str, word: str, profile: Profile
) -> UnknownWord:
    """The refusal of a status or direction word ``profile`` does not know."""
    known = profile.status_labels() if kind == "status" else profile.direction_labels()
    section = "statuses" if kind == "status" else "directions"
    return UnknownWord(
        path,
        f"a {kind} that layout profile {profile.name!r} declares ({', '.join(known)})",
        page=page,
        detail=f"{code}: {word!r}; add it to {section} in {profile.file}",
    )
