"""What cross-reference streams say about object streams, for the pre-scan (:mod:`.document`).

pdfminer unpacks any stream that a cross-reference stream (``/Type /XRef``) lists as holding
compressed objects (entries of type 2: the object stream's number, and the index in it),
whether or not that stream says ``/Type /ObjStm``, and numbers the objects by those entries.
:func:`compressed_objects` reads the entries (PNG predictors undone, as pdfminer does), so the
pre-scan unpacks and numbers the same objects.
"""

from __future__ import annotations

from typing import Any

MAX_BYTES = 4 * 1024 * 1024
"""A cross-reference stream larger than this is read only this far (200,000 objects or so)."""


def _unpredict(data: bytes, columns: int) -> bytes:
    """PNG predictors (a filter byte per row), one byte per pixel, as pdfminer undoes them."""
    out = bytearray()
    previous = bytearray(columns)
    for start in range(0, len(data) - columns, columns + 1):
        kind, row = data[start], bytearray(data[start + 1 : start + 1 + columns])
        for i in range(columns):
            left = row[i - 1] if i else 0
            up, corner = previous[i], previous[i - 1] if i else 0
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                near = min((abs(estimate - v), n) for n, v in enumerate((left, up, corner)))
                row[i] = (row[i] + (left, up, corner)[near[1]]) & 0xFF
        out += row
        previous = row
    return bytes(out)


def _ints(value: Any) -> list[int]:
    items = value if isinstance(value, list) else []
    return [v for v in items if isinstance(v, int) and not isinstance(v, bool) and v >= 0]


def compressed_objects(header: dict[str, Any], data: bytes) -> dict[tuple[int, int], int]:
    """(object stream number, index in it) -> object number, from one cross-reference stream's
    decoded ``data``."""
    widths = _ints(header.get("W"))
    if len(widths) != 3 or not 0 < sum(widths) <= 32:
        return {}
    parameters = header.get("DecodeParms")
    predictor = parameters.get("Predictor") if isinstance(parameters, dict) else None
    data = data[:MAX_BYTES]
    if isinstance(predictor, int) and predictor >= 10:
        data = _unpredict(data, sum(widths))
    size = header.get("Size")
    index = _ints(header.get("Index")) or ([0, size] if isinstance(size, int) else [])
    numbers = (
        n
        for first, count in zip(index[::2], index[1::2], strict=False)
        for n in range(first, first + count)
    )
    found: dict[tuple[int, int], int] = {}
    step = sum(widths)
    for row, number in zip(range(0, len(data) - step + 1, step), numbers, strict=False):
        fields, at = [], row
        for width in widths:
            fields.append(int.from_bytes(data[at : at + width], "big") if width else None)
            at += width
        kind = 1 if fields[0] is None else fields[0]
        if kind == 2 and fields[1] is not None:
            found[(fields[1], fields[2] or 0)] = number
    return found
