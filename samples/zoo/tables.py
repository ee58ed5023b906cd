"""A table layout (`samples.zoo.layouts`) drawn by WeasyPrint, in the zoo's base look.

The cells of the Derby columns are drawn as `samples.zoo.weasy` draws them (status cells with
their fills, commentary paragraphs); the other columns hold their text as printed. Which pages
each measure landed on is read back from WeasyPrint's anchors, as in `weasy`.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

import weasyprint

from samples.model import Measure, Report
from samples.zoo.content import drawn
from samples.zoo.layouts import COMMENTARY, HEADERS, STATUS_FILLED, WIDTHS, TableLayout, cell_text
from samples.zoo.layouts import printed_direction as direction
from samples.zoo.styles import BASE, ZooStyle, fill_for, ink_on
from samples.zoo.weasy import Html, css_colour, stylesheet

_DERBY_CELLS = (
    "details",
    "quarterly",
    "forecast",
    "performance",
    "context",
    "actions",
    "intervention",
)


def _cell(html: Html, column: str, m: Measure, index: int, layout: TableLayout) -> str:
    """The inner HTML of one cell."""
    if column in _DERBY_CELLS:
        dm = replace(m, direction=direction(m, index, layout))
        position = _DERBY_CELLS.index(column)
        if position == 0:
            return html.details(dm)
        if position in (1, 2):
            return html.status(dm, position == 2)
        if position == 3:
            return escape(dm.direction or "")
        text = (dm.context, dm.actions, dm.intervention)[position - 4]
        return html.commentary(text)
    text = cell_text(column, m, index, layout) or ""
    if column in COMMENTARY:
        return html.commentary(text)
    return html.words(text) if column in ("measure", "directorate") else escape(text)


def _fill(column: str, m: Measure, style: ZooStyle) -> str:
    status = {"quarterly": m.quarterly_status, "forecast": m.forecast_status}.get(column)
    if column in STATUS_FILLED:
        status = m.quarterly_status if column == "q_status" else m.forecast_status
    fill = fill_for(style, status) if column in ("quarterly", "forecast", *STATUS_FILLED) else None
    if fill is None:
        return ""
    return f' style="background:{css_colour(fill)};color:{css_colour(ink_on(style, fill))}"'


def document(report: Report, layout: TableLayout, style: ZooStyle = BASE) -> str:
    """The HTML of ``report`` in ``layout``."""
    html = Html(style, lambda text: drawn(text, style))
    texts = ("code", "title", "context", "actions", "intervention")
    total = sum(WIDTHS[c] for c in layout.columns)
    cols = "".join(f'<col style="width:{100 * WIDTHS[c] / total:.3f}%">' for c in layout.columns)
    header = "<tr>" + "".join(f"<th>{escape(HEADERS[c])}</th>" for c in layout.columns) + "</tr>"
    rows: list[str] = []
    directorate = None
    for index, m in enumerate(report.measures):
        if layout.banners and m.directorate != directorate:
            directorate = m.directorate
            span = len(layout.columns)
            rows.append(
                f'<tr class="banner"><td colspan="{span}">Directorate : {escape(directorate)}</td></tr>'
            )
        dm = replace(m, **{k: html.draw(getattr(m, k)) for k in texts})
        tds = "".join(
            f"<td{_fill(c, m, style)}>{_cell(html, c, dm, index, layout)}"
            f'<a id="m{index}-e{j}"></a></td>'
            for j, c in enumerate(layout.columns)
        )
        rows.append(f'<tr id="m{index}">{tds}</tr>')
    head = stylesheet(report, style)
    block = (
        '<div class="pagehead"><div class="name">Improvement Report - Council Scorecard</div>'
        f"<div>Derby City Council</div><div>{escape(_period(report))}</div></div>"
    )
    size = "A3 landscape" if len(layout.columns) > 9 else "A4 landscape"
    head = head.replace("size: A4 landscape", f"size: {size}")
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{head}</style></head><body>"
        f'{block}<table class="scorecard"><colgroup>{cols}</colgroup><thead>{header}</thead>'
        f"<tbody>{''.join(rows)}</tbody></table></body></html>"
    )


def _period(report: Report) -> str:
    from samples.model import period_label

    return period_label(report.period_end)


def render(report: Report, layout: TableLayout) -> tuple[bytes, dict[int, list[int]], int]:
    """PDF bytes, the 1-based pages of each measure, and the page count."""
    doc = weasyprint.HTML(string=document(report, layout)).render()
    found: dict[int, list[int]] = {}
    for number, page in enumerate(doc.pages, start=1):
        for anchor in page.anchors:
            if anchor.startswith("m"):
                found.setdefault(int(anchor[1:].split("-")[0]), []).append(number)
    pages_of = {i: list(range(min(p), max(p) + 1)) for i, p in found.items()}
    return doc.write_pdf(), pages_of, len(doc.pages)
