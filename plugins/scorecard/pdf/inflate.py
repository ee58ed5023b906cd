"""Streaming zlib/gzip decompression that never holds more than one small piece in memory.

``zlib.decompress`` (and an HTTP client's decoder) inflates a whole input at once: a few KB of
a "compression bomb" become gigabytes before anyone can count them. These generators take
compressed pieces and yield decompressed pieces of at most :data:`PIECE` bytes, so the caller
counts (and stops) as the bytes appear. Chaining them decodes nested encodings
(``gzip, gzip``; ``/Filter [/FlateDecode /FlateDecode]``) with the same bound.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from scorecard.errors import Refused

PIECE = 64 * 1024

GZIP = 16 + zlib.MAX_WBITS
ZLIB = zlib.MAX_WBITS
AUTO = 32 + zlib.MAX_WBITS
"""zlib or gzip header, detected."""


class InflateError(Refused):
    """The compressed data is damaged (the message is zlib's, one line)."""


def inflate(
    chunks: Iterable[bytes], wbits: int = ZLIB, *, members: bool = False
) -> Iterator[bytes]:
    """Decompress ``chunks`` lazily, yielding at most ``PIECE`` bytes at a time.

    ``members``: go on after the end of a stream (gzip files may hold several members); data
    after the end is otherwise ignored, as PDF readers do.
    """
    decoder = zlib.decompressobj(wbits)
    try:
        for chunk in chunks:
            data = chunk
            while data:
                piece = decoder.decompress(data, PIECE)
                if piece:
                    yield piece
                while len(piece) == PIECE and not decoder.unconsumed_tail and not decoder.eof:
                    piece = decoder.decompress(b"", PIECE)  # output still pending
                    if piece:
                        yield piece
                if not decoder.eof:
                    data = decoder.unconsumed_tail
                elif members:
                    data, decoder = decoder.unused_data, zlib.decompressobj(wbits)
                else:
                    return
        tail = decoder.flush()
        if tail:
            yield tail
    except zlib.error as exc:
        raise InflateError(str(exc)) from None


def pieces(data: bytes, size: int = PIECE) -> Iterator[bytes]:
    """``data`` in slices of ``size`` bytes (to feed :func:`inflate` from memory)."""
    for start in range(0, len(data), size):
        yield data[start : start + size]
