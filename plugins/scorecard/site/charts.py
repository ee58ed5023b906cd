"""The site's charts: Vega-Lite specs written with Altair, drawn to SVG when the site is built.

Drawing on the server (vl-convert) means the published pages need no script at all: they
open from disk, offline, and show the same picture in every browser. Vega escapes every text
it draws; :func:`to_svg` still refuses an SVG carrying script or event handlers.

Each kind of chart is written with Altair once per time axis and compiled to Vega once
(:func:`_compiled`); a chart is that spec with its rows, its y domain and its axis title put
in, so a build pays for Vega's drawing only.

The charts are drawn narrow (a plot of :data:`WIDTH` pixels) with 12 px text and scaled by the
page to fit their card, so their text stays at least 10 px on a 390 px phone. Status is never
shown by colour alone: each status also has its own point shape (named in the page's legend),
and values are written beside the points, placed by :mod:`scorecard.site.labels` so that no two
labels collide. Target lines are steps (a target holds for its quarter); lines break where a
series does (a quarter not reported, or a year-to-date count restarting in April).
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from typing import Any
from xml.etree import ElementTree

import altair as alt

from scorecard.errors import Refused
from scorecard.site import labels
from scorecard.site.palette import COLOURS, NO_STATUS, SHAPES, STATUSES, status_key

__all__ = ["NO_STATUS", "STATUSES", "figure_chart", "share_chart", "status_key", "to_svg"]

TARGET_COLOUR = "#4b5563"
LINE_COLOUR = "#9aa5b1"
WIDTH = 300
"""Width of a chart's plot in pixels (the axes add about 60)."""
HEIGHT = 190
FONT_SIZE = 12
"""Every text of a chart, in pixels before the page scales it."""
PADDING = {"left": 8, "right": 24, "top": 18, "bottom": 16}
DATA = "points"
TITLE = "__axis_title__"
LOW, HIGH = -987654.25, 987654.75
"""Placeholders of a chart's y domain in its compiled spec, replaced by the real one."""
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

_UNSAFE_ELEMENTS = frozenset({"script", "foreignObject", "iframe", "object", "embed"})


class UnsafeChart(Refused):
    """A drawn chart carried script or event handlers (never expected: Vega escapes text)."""


def short_quarter(label: str) -> str:
    """``Q4 2017/18`` -> ``Q4 17/18`` (the axis label)."""
    number, _, year = label.partition(" ")
    return f"{number} {year[2:]}" if len(year) == 7 else label


def _configured(chart: Any, height: int = HEIGHT) -> Any:
    return (
        chart.properties(width=WIDTH, height=height, padding=PADDING)
        .configure(font=FONT)
        .configure_axis(
            labelFontSize=FONT_SIZE,
            titleFontSize=FONT_SIZE,
            grid=True,
            gridColor="#eeeeee",
            labelColor="#374151",
            titleColor="#374151",
        )
        .configure_view(stroke=None)
    )


def _x_offset() -> Any:
    """A label's sideways offset from its point in pixels, as :mod:`scorecard.site.labels`
    placed it (its height is a value on the y scale: ``label_y``)."""
    return alt.XOffset("label_dx:Q", scale=None)


def _x(quarters: list[str]) -> Any:
    angle = 0 if len(quarters) <= 4 else -90
    return alt.X(
        "quarter:O",
        sort=quarters,
        scale=alt.Scale(type="point", domain=quarters, padding=0.5),
        title=None,
        axis=alt.Axis(labelAngle=angle, labelOverlap=False, labelPadding=4),
    )


def figure_chart(points: list[dict[str, Any]], quarters: list[str], axis_title: str) -> str:
    """A measure's figures against target by quarter, one point per reported figure.

    ``points``: ``quarter`` (a label of ``quarters``, the time axis, gaps included), ``actual``,
    ``target``, ``status`` (a :data:`STATUSES` entry), ``label`` (the figure as printed),
    ``earlier`` (the as-first-reported value of a revised figure, or None) and ``segment``
    (points of one segment are joined by lines; a new segment starts a new line). The points
    are the mark named ``actual`` and their labels the mark named ``labels``.
    """
    values = [
        float(v) for p in points for v in (p["actual"], p["target"], p["earlier"]) if v is not None
    ]
    domain = labels.nice_domain(values)
    index = {quarter: i for i, quarter in enumerate(quarters)}
    drawn = [p for p in points if p["actual"] is not None]
    x = {p["quarter"]: labels.point_x(index[p["quarter"]], len(quarters), WIDTH) for p in points}
    obstacles = [
        labels.around(x[p["quarter"]], labels.value_y(p["earlier"], domain, HEIGHT), 7, 7)
        for p in points
        if p["earlier"] is not None
    ] + [
        labels.around(x[p["quarter"]], labels.value_y(p["target"], domain, HEIGHT), 8, 3)
        for p in points
        if p["target"] is not None
    ]
    anchors = [
        labels.Anchor(x[p["quarter"]], labels.value_y(p["actual"], domain, HEIGHT), p["label"])
        for p in drawn
    ]
    placed = labels.place(
        anchors,
        labels.importance([p["actual"] for p in drawn]),
        width=WIDTH,
        height=HEIGHT,
        size=FONT_SIZE,
        obstacles=obstacles,
    )
    offsets = {
        id(p): (placed[i][0], labels.pixel_value(anchors[i].y + placed[i][1], domain, HEIGHT))
        for i, p in enumerate(drawn)
        if i in placed
    }
    rows = [
        {
            **p,
            "label_dx": offsets[id(p)][0] if id(p) in offsets else None,
            "label_y": offsets[id(p)][1] if id(p) in offsets else None,
        }
        for p in points
    ]
    return _draw("figure", tuple(quarters), rows, axis_title, domain)


def _figure_spec(quarters: list[str]) -> Any:
    scale = alt.Scale(domain=[LOW, HIGH], zero=False, nice=False)
    y_axis = alt.Axis(tickCount=5, format=",~f")
    base = alt.Chart(alt.NamedData(DATA)).encode(x=_x(quarters))
    target_rows = base.transform_filter("isValid(datum.target)")
    actual_rows = base.transform_filter("isValid(datum.actual)")
    earlier_rows = base.transform_filter("isValid(datum.earlier)")
    label_rows = base.transform_filter("isValid(datum.label_dx)")
    status = {
        "color": alt.Color(
            "status:N",
            scale=alt.Scale(domain=list(STATUSES), range=list(COLOURS.values())),
            legend=None,
        ),
        "shape": alt.Shape(
            "status:N",
            scale=alt.Scale(domain=list(STATUSES), range=list(SHAPES.values())),
            legend=None,
        ),
    }
    layers = [
        target_rows.mark_line(
            interpolate="step", color=TARGET_COLOUR, strokeDash=[6, 4], strokeWidth=1.5
        )
        .encode(y=alt.Y("target:Q", scale=scale, title=TITLE, axis=y_axis), detail="segment:N")
        .properties(name="target_line"),
        target_rows.mark_tick(color=TARGET_COLOUR, thickness=2, size=14).encode(
            y=alt.Y("target:Q", scale=scale), tooltip=["quarter:O", "target_label:N"]
        ),
        actual_rows.mark_line(color=LINE_COLOUR, strokeWidth=1.5)
        .encode(y=alt.Y("actual:Q", scale=scale), detail="segment:N")
        .properties(name="actual_line"),
        earlier_rows.mark_point(size=90, color="#6b7280", filled=False, strokeDash=[2, 2]).encode(
            y=alt.Y("earlier:Q", scale=scale), tooltip=["quarter:O", "earlier_label:N"]
        ),
        actual_rows.mark_point(size=120, filled=True, opacity=1, stroke="white", strokeWidth=0.8)
        .encode(
            y=alt.Y("actual:Q", scale=scale),
            **status,
            tooltip=["quarter:O", "status:N", "label:N"],
        )
        .properties(name="actual"),
        label_rows.mark_text(fontSize=FONT_SIZE, fontWeight="bold", color="#1f2933")
        .encode(y=alt.Y("label_y:Q", scale=scale), text="label:N", xOffset=_x_offset())
        .properties(name="labels"),
    ]
    return _configured(alt.layer(*layers))


def share_chart(rows: list[dict[str, Any]], quarters: list[str]) -> str:
    """The share on target by quarter (``quarter``, ``share`` 0-1, ``label``), labels placed."""
    domain = (0.0, 1.0)
    index = {quarter: i for i, quarter in enumerate(quarters)}
    anchors = [
        labels.Anchor(
            labels.point_x(index[r["quarter"]], len(quarters), WIDTH),
            labels.value_y(r["share"], domain, HEIGHT),
            r["label"],
        )
        for r in rows
    ]
    placed = labels.place(
        anchors,
        labels.importance([r["share"] for r in rows]),
        width=WIDTH,
        height=HEIGHT,
        size=FONT_SIZE,
    )
    drawn = [
        {
            "quarter": r["quarter"],
            "share": r["share"],
            "label": r["label"],
            "detail": r["detail"],
            "segment": r.get("segment", "all"),
            "label_dx": placed[i][0] if i in placed else None,
            "label_y": (
                labels.pixel_value(anchors[i].y + placed[i][1], domain, HEIGHT)
                if i in placed
                else None
            ),
        }
        for i, r in enumerate(rows)
    ]
    return _draw("share", tuple(quarters), drawn, "", domain)


def _share_spec(quarters: list[str]) -> Any:
    scale = alt.Scale(domain=[LOW, HIGH], zero=False, nice=False)
    base = alt.Chart(alt.NamedData(DATA)).encode(x=_x(quarters))
    y = alt.Y("share:Q", title="On target", scale=scale, axis=alt.Axis(format="%", tickCount=5))
    line = base.mark_line(color="#1652d3", strokeWidth=2).encode(y=y, detail="segment:N")
    dots = (
        base.mark_point(filled=True, size=70, color="#1652d3")
        .encode(y=alt.Y("share:Q", scale=scale), tooltip=["quarter:O", "detail:N"])
        .properties(name="share")
    )
    text = (
        base.transform_filter("isValid(datum.label_dx)")
        .mark_text(fontSize=FONT_SIZE, color="#1f2933")
        .encode(y=alt.Y("label_y:Q", scale=scale), text="label:N", xOffset=_x_offset())
        .properties(name="labels")
    )
    return _configured(alt.layer(line, dots, text))


@cache
def _compiled(kind: str, axis: tuple[str, ...]) -> str:
    """The Vega spec (JSON) of a kind of chart over these quarters."""
    import vl_convert

    chart = _figure_spec(list(axis)) if kind == "figure" else _share_spec(list(axis))
    return json.dumps(vl_convert.vegalite_to_vega(chart.to_dict()))


def _draw(
    kind: str,
    axis: tuple[str, ...],
    rows: list[dict[str, Any]],
    title: str,
    domain: tuple[float, float],
) -> str:
    """One chart: the compiled spec of its kind with its rows, domain and axis title put in."""
    text = (
        _compiled(kind, axis)
        .replace(TITLE, json.dumps(title)[1:-1])
        .replace(repr(LOW), repr(float(domain[0])))
        .replace(repr(HIGH), repr(float(domain[1])))
    )
    spec = json.loads(text)
    for dataset in spec["data"]:
        if dataset.get("name") == DATA:
            dataset["values"] = rows
    return to_svg(spec)


MIN_TEXT = 10.0
"""The smallest text size (px) a page may scale a chart's text down to."""


def min_width(svg: str) -> int:
    """The narrowest a page may show ``svg`` (px) with its text still :data:`MIN_TEXT` px."""
    match = re.search(r'<svg\b[^>]*\swidth="([\d.]+)"', svg)
    natural = float(match.group(1)) if match else WIDTH * 1.3
    return math.ceil(natural * MIN_TEXT / FONT_SIZE)


def to_svg(vega_spec: dict[str, Any]) -> str:
    """Draw a Vega spec to an SVG string; refuse one that carries script or event handlers."""
    import vl_convert

    svg: str = vl_convert.vega_to_svg(vega_spec)
    for element in ElementTree.fromstring(svg).iter():
        name = element.tag.rsplit("}", 1)[-1]
        links = (v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "href")
        if (
            name in _UNSAFE_ELEMENTS
            or any(k.lower().startswith("on") for k in element.attrib)
            or any(v.strip().lower().startswith("javascript:") for v in links)
        ):
            raise UnsafeChart("a chart drawn for the site carried script; it was not published")
    return svg
