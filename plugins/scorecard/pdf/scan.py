"""Refuse a PDF that would make extraction explode, before any PDF library opens it.

:func:`check` reads every object definition of the file (:mod:`scorecard.pdf.document`, with
:mod:`scorecard.pdf.objects` reading them as pdfminer's lexer does), inflates every stream piece
by piece while counting (:mod:`scorecard.pdf.inflate`; nothing is ever inflated whole), and
counts what drawing the pages would cost (:mod:`scorecard.pdf.pages`): glyphs and operators of every content stream, with a Form XObject counted
each time it is drawn, nesting multiplied out (memoised, so a fan-out of 2^23 costs 23 steps
here). A :class:`~scorecard.pdf.limits.ResourceLimit` names the first limit passed:
``pdf_max_reread``, ``pdf_max_inflated_bytes``, ``pdf_max_pages``, ``pdf_max_glyphs``,
``pdf_max_operators`` or ``pdf_max_xobject_uses``.

What counts as a page, a form or an image is decided as pdfminer decides it (``/Type``, else
``/type``; names with their ``#xx`` escapes decoded), and where one object number has several
definitions (incremental updates, or a file that means to mislead) every one of them counts, so
nothing pdfminer may open escapes the limits. The counts are upper bounds for pdfminer's work,
not exact: a scorecard report is far below every cap, a bomb far above. The scan's own work is
linear in the file's size (bytes read, ``Work.bytes_read``): it runs in the same limited child
process as extraction (:mod:`scorecard.pdf.isolation`), at fetch time too.
"""

from __future__ import annotations

from pathlib import Path

from scorecard.pdf.content import Work
from scorecard.pdf.document import Scan
from scorecard.pdf.pages import costs
from scorecard.settings.limits import Limits

__all__ = ["Scan", "check"]


def check(path: str | Path, limits: Limits, *, name: str | None = None) -> Work:
    """Pre-scan a PDF file; raise :class:`ResourceLimit` if drawing it would pass a limit.

    ``name`` is how the file is named in errors (the source URL at fetch time).
    """
    scan = Scan(name or str(path), limits)
    data = Path(path).read_bytes()
    scan.read_objects(data)
    work = costs(scan)
    scan.inflate_the_rest()
    for limit, count, what in (
        ("pdf_max_xobject_uses", work.uses, "Form XObjects drawn"),
        ("pdf_max_glyphs", work.glyphs, "glyphs drawn"),
        ("pdf_max_operators", work.operators, "content operators run"),
    ):
        if count > getattr(limits, limit):
            raise scan.refuse(limit, f"its pages would need {count:,} {what}")
    work.bytes_read = scan.read + scan.inflated + len(data)
    return work
