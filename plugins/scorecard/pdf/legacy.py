"""The older stream filters pdfminer also undoes, LZW and run-length, decoded lazily in bounded
pieces like :mod:`.inflate`, so the pre-scan counts what they expand to (LZW's table grows by a
byte a code, so a small stream can expand quadratically) and reads the content they hold.

LZW is decoded as pdfminer decodes it: 9 to 12 bits a code, 256 clears, 257 ends, the table
growing past 4,096 entries without a reset, and an end code read past. Entries past 4,095 are
not kept (no 12-bit code can name them), so the table holds a few MB at most; what it emits the
caller counts and stops.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from scorecard.pdf.inflate import PIECE


def _bits(chunks: Iterable[bytes]) -> Iterator[int]:
    """The bytes of ``chunks`` one by one (LZW codes straddle byte boundaries)."""
    for chunk in chunks:
        yield from chunk


def lzw(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decode LZW (see the module docstring), yielding pieces of about :data:`PIECE` bytes;
    corrupt data ends it, as it ends pdfminer's decoding."""
    out = bytearray()
    for entry in _entries(chunks):
        out += entry
        if len(out) >= PIECE:
            yield bytes(out)
            out.clear()
    if out:
        yield bytes(out)


def _entries(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The LZW table entry each code emits."""
    table: list[bytes] = []
    previous = b""
    width, buffer, held = 9, 0, 0
    for byte in _bits(chunks):
        buffer, held = (buffer << 8) | byte, held + 8
        while held >= width:
            held -= width
            code = (buffer >> held) & ((1 << width) - 1)
            buffer &= (1 << held) - 1
            if code == 256:
                table, previous, width = [bytes((c,)) for c in range(256)] + [b"", b""], b"", 9
                continue
            if code == 257 or not table:
                continue  # pdfminer reads on past an end code; before a clear it cannot read
            if not previous:
                if code >= len(table):
                    return
                entry = table[code]
            elif code < len(table):
                entry = table[code]
                if len(table) < 4096:  # a 12-bit code never names an entry past 4,095
                    table.append(previous + entry[:1])
            elif code == len(table):
                entry = previous + previous[:1]
                table.append(entry)
            else:
                return  # corrupt: pdfminer stops here too
            yield entry
            previous = entry
            size = len(table)
            width = 12 if size >= 2047 else 11 if size >= 1023 else 10 if size >= 511 else 9


def run_length(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decode run-length data (a length byte, then that many bytes plus one, or one byte
    repeated), piece by piece; 128 ends it."""
    pending, out = b"", bytearray()
    for chunk in chunks:
        data, i = pending + chunk, 0
        while i < len(data):
            length = data[i]
            if length == 128:
                if out:
                    yield bytes(out)
                return
            end = i + 2 + length if length < 128 else i + 2
            if end > len(data):
                break  # the run goes on in the next chunk
            out += data[i + 1 : end] if length < 128 else data[i + 1 : end] * (257 - length)
            i = end
            if len(out) >= PIECE:
                yield bytes(out)
                out.clear()
        pending = data[i:]
    out += pending[1:]  # a run cut short: what there is of it
    if out:
        yield bytes(out)
