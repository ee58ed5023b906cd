"""The streamed body: a local temporary file that counts, hashes and checks what is written.

Bytes are counted as they arrive (after any ``Content-Encoding`` was undone, piece by piece), so
the size cap holds whatever the server claims; the ``%PDF-`` check needs only the first KiB.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from scorecard.extract.pdf import MAGIC_WINDOW, looks_like_pdf
from scorecard.ingest.fetch.errors import NotAPdf, TooLarge
from scorecard.ingest.fetch.results import Body


class Sink:
    """A local temporary file that counts, hashes and checks a body as it is written."""

    def __init__(self, file: IO[bytes], uri: str, max_bytes: int) -> None:
        self.file = file
        self.uri = uri
        self.max_bytes = max_bytes
        self.reset()

    def reset(self, content_type: str = "") -> None:
        """Start again (a retried download)."""
        self.file.seek(0)
        self.file.truncate()
        self.size = 0
        self.head = b""
        self.digest = hashlib.sha256()
        self.content_type = content_type

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise TooLarge(
                self.uri,
                f"{self.uri} is larger than the cap of {self.max_bytes:,} bytes "
                "(FetchOptions.max_bytes, counted after decompression); a scorecard report is "
                "expected to be a few MB, nothing was kept",
            )
        if len(self.head) < MAGIC_WINDOW:
            self.head += chunk[: MAGIC_WINDOW - len(self.head)]
            self._check_magic(final=False)
        self.digest.update(chunk)
        self.file.write(chunk)

    def _check_magic(self, *, final: bool) -> None:
        if looks_like_pdf(self.head):
            return
        if final or len(self.head) >= MAGIC_WINDOW:
            kind = f"Content-Type {self.content_type[:60]!r}" if self.content_type else "a body"
            raise NotAPdf(
                self.uri,
                f"{self.uri} did not return a PDF: expected the body to start with '%PDF-', "
                f"got {kind} without it (an error or landing page served instead of the "
                "report? check the URL in the sources file)",
            )

    def copy(self, chunks: Iterable[bytes]) -> Body:
        """Write every chunk, check the whole (possibly tiny) body and describe it."""
        for chunk in chunks:
            self.write(chunk)
        self._check_magic(final=True)
        self.file.flush()
        return Body(sha256=self.digest.hexdigest(), size=self.size)


@contextmanager
def temp_sink(uri: str, max_bytes: int) -> Iterator[tuple[Sink, Path]]:
    """A sink over a local temporary file that is always removed."""
    with tempfile.TemporaryDirectory(prefix="scorecard-fetch-") as tmpdir:
        path = Path(tmpdir) / "body.part"
        with path.open("w+b") as file:
            yield Sink(file, uri, max_bytes), path
