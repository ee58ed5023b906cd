"""The site's charts: Vega-Lite specs written with Altair, drawn to SVG when the site is built.

Drawing on the server (vl-convert) means the published pages need no script at all: they
open from disk, offline, and show the same picture in every browser. Vega escapes every text
it draws; :func:`to_svg` still refuses an SVG carrying script or event handlers.

Each kind of chart is written with Altair once, over a named data set, and compiled to Vega
once per build (:func:`_compiled`); a page's chart is that spec with its rows put in, so a
build pays for Vega's drawing only, not for spec validation and compilation per chart.

Status is never shown by colour alone: each status also has its own point shape, every point
carries a text label, and each mark has an ``aria-label`` naming its fields.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any
from xml.etree import ElementTree

import altair as alt

from scorecard.errors import Refused
from scorecard.profiles.vocabulary import vocabulary

NO_STATUS = "No status"
"""The legend entry of a measure without a status."""
_WORDS = vocabulary()
STATUSES = [*_WORDS.statuses, NO_STATUS]
COLOURS = [*(_WORDS.colours[s] for s in _WORDS.statuses), "#bdbdbd"]
"""Each status's colour: the one its layout profile declares (``profiles/*.yml``)."""
SHAPES = ["triangle-down", "diamond", "circle", "square", "cross", "triangle-up", "stroke"]
TARGET_COLOUR = "#555555"
WIDTH = 860
PADDING = {"left": 40, "right": 24, "top": 10, "bottom": 10}
DATA = "points"
TITLE = "__axis_title__"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

_UNSAFE_ELEMENTS = frozenset({"script", "foreignObject", "iframe", "object", "embed"})


class UnsafeChart(Refused):
    """A drawn chart carried script or event handlers (never expected: Vega escapes text)."""


def status_key(status: str | None) -> str:
    """The legend entry of a status: one of :data:`STATUSES` (unknown text maps to No status)."""
    return status if status in STATUSES else NO_STATUS


def _status_scales(title: str) -> dict[str, Any]:
    legend = alt.Legend(title=title, orient="bottom", direction="horizontal")
    return {
        "color": alt.Color(
            "status:N", scale=alt.Scale(domain=STATUSES, range=COLOURS), legend=legend
        ),
        "shape": alt.Shape(
            "status:N", scale=alt.Scale(domain=STATUSES, range=SHAPES), legend=legend
        ),
    }


def _configured(chart: Any, height: int = 260) -> Any:
    return (
        # room around the plot: labels are measured when drawn and shown in the reader's font
        chart.properties(width=WIDTH, height=height, padding=PADDING)
        .configure(font=FONT)
        .configure_axis(labelFontSize=11, titleFontSize=12, grid=True, gridColor="#eeeeee")
        .configure_legend(labelFontSize=11, titleFontSize=11, symbolSize=90)
        .configure_view(stroke=None)
    )


def figure_chart(points: list[dict[str, Any]], quarters: list[str], axis_title: str) -> str:
    """Actual against target by quarter, one labelled point per reported figure.

    ``points``: ``quarter``, ``actual``, ``target``, ``status`` (a :data:`STATUSES` entry),
    ``label``, ``earlier`` (the as-first-reported value of a revised figure, or None),
    ``earlier_label``. The points of the actual layer are the mark named ``actual``.
    """
    return _draw("figure", tuple(quarters), points, axis_title)


def _figure_spec(quarters: list[str]) -> Any:
    x = alt.X("quarter:O", sort=quarters, scale=alt.Scale(domain=quarters), title=None)
    x = x.axis(labelAngle=-40)
    y = alt.Y("actual:Q", title=TITLE, scale=alt.Scale(zero=False, nice=True))
    base = alt.Chart(alt.NamedData(DATA)).encode(x=x)
    target_rows = base.transform_filter("isValid(datum.target)")
    actual_rows = base.transform_filter("isValid(datum.actual)")
    earlier_rows = base.transform_filter("isValid(datum.earlier)")
    layers = [
        target_rows.mark_line(color=TARGET_COLOUR, strokeDash=[6, 4], strokeWidth=1.5).encode(
            y=alt.Y("target:Q")
        ),
        target_rows.mark_tick(color=TARGET_COLOUR, thickness=2, size=18).encode(
            y="target:Q", tooltip=["quarter:O", "target:Q"]
        ),
        actual_rows.mark_line(color="#9aa5b1", strokeWidth=1.5).encode(y=y),
        earlier_rows.mark_point(size=70, color="#6b7280", filled=False, strokeDash=[2, 2]).encode(
            y="earlier:Q", tooltip=["quarter:O", "earlier_label:N"]
        ),
        earlier_rows.mark_text(dx=10, align="left", fontSize=10, color="#6b7280").encode(
            y="earlier:Q", text="earlier_label:N"
        ),
        actual_rows.mark_point(size=130, filled=True, opacity=1, stroke="white", strokeWidth=0.8)
        .encode(y="actual:Q", **_status_scales("Status"), tooltip=["quarter:O", "label:N"])
        .properties(name="actual"),
        actual_rows.mark_text(dy=-14, fontSize=11, fontWeight="bold", color="#1f2933").encode(
            y="actual:Q", text="label:N"
        ),
    ]
    return _configured(alt.layer(*layers))


def status_bars(rows: list[dict[str, Any]], category: str, title: str) -> str:
    """Stacked bars of measures by status for each ``category`` value, counts written on them.

    ``rows``: ``category`` (directorate or quarter), ``status``, ``measures``, ``order`` (the
    status's place in the stack) and ``mid`` (the middle of its segment, where the count goes).
    """
    categories = tuple(dict.fromkeys(row["category"] for row in rows))
    return _draw(f"bars-{category}", categories, rows, title)


def _bars_spec(categories: list[str], horizontal: bool) -> Any:
    value = alt.X if horizontal else alt.Y
    axis = alt.Y if horizontal else alt.X
    encoding = {
        "value": value("measures:Q", stack="zero", title="Measures"),
        "axis": axis(
            "category:N",
            sort=categories,
            title=None,
            axis=alt.Axis(labelLimit=260, labelAngle=0 if horizontal else -40),
        ),
    }
    base = alt.Chart(alt.NamedData(DATA)).encode(
        encoding["value"], encoding["axis"], order=alt.Order("order:Q")
    )
    bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
        **{k: v for k, v in _status_scales("Status").items() if k == "color"},
        tooltip=["category:N", "status:N", "measures:Q"],
    )
    labels = base.mark_text(color="white", fontWeight="bold", fontSize=11).encode(
        value("mid:Q", stack=None), text="measures:Q"
    )
    height = 38 * len(categories) + 20 if horizontal else 240
    return _configured(alt.layer(bars, labels), height=height)


def share_chart(rows: list[dict[str, Any]], quarters: list[str]) -> str:
    """Share of assessed measures on target by quarter (``quarter``, ``share``, ``label``)."""
    return _draw("share", tuple(quarters), rows, "")


def _share_spec(quarters: list[str]) -> Any:
    x = alt.X("quarter:O", sort=quarters, scale=alt.Scale(domain=quarters), title=None)
    base = alt.Chart(alt.NamedData(DATA)).encode(
        x=x.axis(labelAngle=-40),
        y=alt.Y(
            "share:Q", title="On target", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")
        ),
    )
    line = base.mark_line(color="#1565c0", strokeWidth=2)
    dots = base.mark_point(filled=True, size=70, color="#1565c0").properties(name="share")
    labels = base.mark_text(dy=-12, fontSize=11).encode(text="label:N")
    return _configured(alt.layer(line, dots, labels), height=220)


@cache
def _compiled(kind: str, axis: tuple[str, ...]) -> str:
    """The Vega spec (JSON) of a kind of chart over these quarters or categories."""
    import vl_convert

    if kind == "figure":
        chart = _figure_spec(list(axis))
    elif kind == "share":
        chart = _share_spec(list(axis))
    else:
        chart = _bars_spec(list(axis), horizontal=kind == "bars-directorate")
    return json.dumps(vl_convert.vegalite_to_vega(chart.to_dict()))


def _draw(kind: str, axis: tuple[str, ...], rows: list[dict[str, Any]], title: str) -> str:
    """One chart: the compiled spec of its kind with its rows and axis title put in."""
    spec = json.loads(_compiled(kind, axis).replace(TITLE, json.dumps(title)[1:-1]))
    for dataset in spec["data"]:
        if dataset.get("name") == DATA:
            dataset["values"] = rows
    return to_svg(spec)


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
