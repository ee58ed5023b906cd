"""Undo a response's ``Content-Encoding`` piece by piece, so the size cap counts real bytes.

We ask for ``Accept-Encoding: identity``; a server may encode anyway (``gzip, gzip`` turns a few
KB on the wire into gigabytes). The raw bytes are read undecoded and inflated here with
:mod:`scorecard.pdf.inflate`, each piece passing the sink's cap before the next is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from scorecard.ingest.fetch.errors import DecodingError
from scorecard.pdf.inflate import AUTO, GZIP, InflateError, inflate

_WBITS = {"gzip": GZIP, "x-gzip": GZIP, "deflate": AUTO}


def codings(header: str | None) -> list[str]:
    """The codings of a ``Content-Encoding`` header, in the order they were applied."""
    names = [part.strip().lower() for part in (header or "").split(",")]
    return [name for name in names if name and name != "identity"]


def decoded(chunks: Iterable[bytes], header: str | None, uri: str) -> Iterator[bytes]:
    """The body with every coding undone (last applied, first undone)."""
    stream: Iterable[bytes] = chunks
    for name in reversed(codings(header)):
        if name not in _WBITS:
            raise DecodingError(
                uri,
                f"{uri}: Content-Encoding {name[:40]!r} is not supported (expected identity, "
                "gzip or deflate); nothing was kept",
            )
        stream = inflate(stream, _WBITS[name], members=name != "deflate")
    try:
        yield from stream
    except InflateError as exc:
        raise DecodingError(
            uri,
            f"{uri}: the body's {', '.join(codings(header))} encoding is damaged ({exc}); "
            "nothing was kept",
        ) from None
