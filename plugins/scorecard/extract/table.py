"""A table page's body cut into row bands and cells, with column bounds shared by pages alike.

Column bounds come from vertical rulings across the header row, else from the white gutters of
the body text; pages whose header labels sit at the same places share their gutters (a sparse
page alone may show a blank inside a cell wider than the gutter). Rows come from horizontal
rulings spanning the Measure Details column, plus boundaries read from the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from scorecard.extract import grid
from scorecard.extract.bands import Columns, split_bands
from scorecard.extract.plan import PagePlan
from scorecard.extract.reading import Reading
from scorecard.extract.rulings import Rulings
from scorecard.extract.words import Line


def _geometry(plan: PagePlan) -> tuple[int, ...]:
    """The header labels' positions, rounded: pages alike in this share column bounds."""
    return tuple(round(x) for span in plan.spans for x in span)


def set_bounds(plans: Sequence[PagePlan], reading: Reading) -> None:
    """Column bounds of every page with a table header."""
    grouped: dict[tuple[int, ...], list[Line]] = {}
    for plan in plans:
        body = [line for line in plan.body if reading.banner(line) is None]
        grouped.setdefault(_geometry(plan), []).extend(body)
    for plan in plans:
        top = min(line.top for line in plan.table_header)
        bottom = max(line.bottom for line in plan.table_header)
        lines = grouped[_geometry(plan)]
        plan.bounds = grid.column_bounds(plan.spans, top, bottom, plan.rulings, lines)
        plan.starts = grid.text_starts(lines, plan.bounds)


def cut_bands(plan: PagePlan, reading: Reading) -> None:
    """Cut a table or continuation page's body into row bands."""
    if not plan.body:
        plan.bands = []
        return
    if plan.table_header:
        header_bottom = max(line.bottom for line in plan.table_header)
        body_top = _body_top(plan.rulings, plan.spans[plan.key], header_bottom, plan.body)
    else:
        body_top = plan.body[0].top - 0.5
    body_bottom = plan.footer[0].top - 0.5 if plan.footer else plan.height
    cuts = grid.merge_cuts(
        grid.row_boundaries(plan.rulings, plan.spans[plan.key], body_top, body_bottom),
        grid.text_boundaries(plan.body, plan.bounds, plan.key, reading),
    )
    columns = Columns(plan.bounds, plan.starts, plan.rulings.fills, reading.banner)
    plan.bands = split_bands(plan.body, cuts, columns, (body_top, body_bottom))


def _body_top(
    rulings: Rulings, first_span: tuple[float, float], header_bottom: float, body: list[Line]
) -> float:
    """Top of the table body: the ruling under the header row, or just below its text."""
    limit = body[0].top if body else header_bottom + 50
    under = [
        y
        for y in grid.row_boundaries(rulings, first_span, header_bottom, limit)
        if header_bottom - 1 <= y <= limit
    ]
    return under[0] if under else header_bottom + 0.1
