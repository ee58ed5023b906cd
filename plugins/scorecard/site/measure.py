"""The page of one measure: its figures against target over every quarter, and where each came from.

What the measure counts comes first (unit kind, accumulation, frequency, polarity, each with
where it came from). Two charts follow when it has numeric figures - the quarter's actual
against its target, and the year-end forecast against the year-end target - drawn as
:mod:`scorecard.site.charts` does (steps for targets; a year-to-date count drawn one
financial year at a time, so no line runs from Q4 to the next Q1; the forecasts of each year
apart). A measure whose figures are text gets no chart, only its table. The table has one row
per reported quarter: statuses in words, printed figures, the change computed like for like
beside the council's own direction of travel, provisional and revised flags with the
as-first-reported value, source report and pages; then the latest commentary and
plain-language notes where a chart cannot say it.
"""

from __future__ import annotations

from typing import Any

from scorecard.extract.model import ANNUAL_COLLECTION
from scorecard.site import charts
from scorecard.site.comparisons import computed_change
from scorecard.site.data import Row, SiteData
from scorecard.site.figures import (
    ACCUMULATION,
    POLARITY,
    POLARITY_SOURCE,
    SOURCE,
    UNIT_KIND,
    figure,
    number,
    pages_text,
    source_link,
    status_class,
    status_label,
)
from scorecard.site.palette import SHAPES, STATUSES, status_key
from scorecard.site.tables import Table

SHAPE_GLYPHS = {
    "triangle-down": "▼",
    "diamond": "◆",
    "circle": "●",
    "square": "■",
    "cross": "✚",
    "triangle-up": "▲",
    "stroke": "▬",
}
"""The text glyph that looks like each Vega point shape, for the legend above the charts."""
GLYPHS = {status: SHAPE_GLYPHS[SHAPES[status]] for status in STATUSES}
TABLE_COLUMNS = (
    "quarter",
    "period_end",
    "quarterly_status",
    "quarterly_actual",
    "quarterly_actual_as_printed",
    "quarterly_target",
    "quarterly_target_as_printed",
    "unit",
    "is_on_target",
    "variance_better",
    "forecast_status",
    "forecast_actual",
    "forecast_actual_as_printed",
    "forecast_target",
    "forecast_target_as_printed",
    "change_since",
    "actual_change",
    "change_better",
    "change_better_unit",
    "direction_of_travel_council",
    "is_provisional",
    "is_revised",
    "first_published_quarterly_actual",
    "report_sha256",
    "source",
    "pages",
)


def measure_context(
    data: SiteData, measure: Row, quarters: list[Row], csv_path: str
) -> dict[str, Any]:
    """Everything the measure template shows, and the table of its CSV file (``table``).
    ``quarters``: every ``dim_quarter`` row, in time order."""
    code = measure["measure_code"]
    facts = [row for row in data.facts if row["measure_code"] == code]
    earlier = _earliest_versions(data, code)
    sources = {q["current_report_sha256"]: q for q in quarters}
    unit = measure["unit"]
    rows = [_table_row(fact, earlier.get(fact["period_end"]), sources, unit) for fact in facts]
    latest = facts[-1] if facts else None
    numeric = measure["unit_kind"] != "text" and any(
        f[column] is not None
        for f in facts
        for column in ("quarterly_actual", "forecast_actual", "quarterly_target")
    )
    quarterly = forecast = None
    if numeric:
        quarterly = _figure_chart(facts, quarters, measure, "quarterly", earlier)
        forecast = _figure_chart(facts, quarters, measure, "forecast", {})
    statuses = {status_key(f[c]) for f in facts for c in ("quarterly_status", "forecast_status")}
    return {
        "measure": measure,
        "polarity": POLARITY.get(measure["polarity"], measure["polarity"]),
        "polarity_source": POLARITY_SOURCE.get(measure["polarity_source"], ""),
        "unit_kind": UNIT_KIND.get(measure["unit_kind"], measure["unit_kind"]),
        "accumulation": ACCUMULATION.get(measure["accumulation"], measure["accumulation"]),
        "accumulation_source": _source(
            measure["accumulation_source"], measure["accumulation_evidence"]
        ),
        "frequency": "Once a year" if measure["frequency"] == "annual" else "Every quarter",
        "is_text": not numeric,
        "rows": rows,
        "latest": latest,
        "latest_status": status_label(latest["quarterly_status"] if latest else None),
        "latest_status_class": status_class(latest["quarterly_status"] if latest else None),
        "quarterly_chart": quarterly,
        "forecast_chart": forecast,
        "quarterly_points": sum(f["quarterly_actual"] is not None for f in facts),
        "forecast_points": sum(f["forecast_actual"] is not None for f in facts),
        "legend": [
            {"status": s, "glyph": GLYPHS[s], "css": status_class(s)}
            for s in STATUSES
            if s in statuses
        ],
        "notes": _notes(facts, measure, numeric),
        "csv": csv_path,
        "table": Table(
            csv_path, TABLE_COLUMNS, [_csv_row(f, rows[i]) for i, f in enumerate(facts)]
        ),
    }


def _source(source: str, evidence: str | None) -> str:
    if source == "inferred" and evidence:
        return f"inferred: {evidence}"
    return SOURCE.get(source, source)


def _earliest_versions(data: SiteData, code: str) -> dict[Any, Row]:
    """Per quarter, the first issued version of a figure that a re-issue later replaced."""
    out: dict[Any, Row] = {}
    for row in data.earlier_versions:
        if row["measure_code"] == code:
            out.setdefault(row["period_end"], row)
    return out


def _axis(facts: list[Row], quarters: list[Row], annual: bool) -> list[Row]:
    """The chart's time axis: the measure's span (gaps included), or for an annual measure the
    quarters with a figure only (one point a year, joined year to year)."""
    if annual:
        return [q for q in quarters if any(f["period_end"] == q["period_end"] for f in facts)]
    first, last = facts[0]["period_end"], facts[-1]["period_end"]
    return [q for q in quarters if first <= q["period_end"] <= last]


def _figure_chart(
    facts: list[Row], quarters: list[Row], measure: Row, kind: str, earlier: dict[Any, Row]
) -> str | None:
    """One chart, or None when no quarter has a numeric figure of this kind (the template says
    why)."""
    unit = measure["unit"]
    annual = measure["accumulation"] == "annual" and kind == "quarterly"
    figures = [f for f in facts if not annual or f[f"{kind}_actual"] is not None]
    if not figures or not any(f[f"{kind}_actual"] is not None for f in figures):
        return None
    axis = _axis(figures, quarters, annual)
    position = {q["period_end"]: i for i, q in enumerate(axis)}
    by_year = kind == "forecast" or measure["accumulation"] == "year_to_date"
    segments = _segments(figures, position, by_year)
    points = []
    for fact in figures:
        actual = fact[f"{kind}_actual"]
        target = fact[f"{kind}_target"]
        label = figure(actual, fact[f"{kind}_actual_text"], unit)
        revised = kind == "quarterly" and fact["is_revised"] and fact["period_end"] in earlier
        if kind == "quarterly" and fact["is_provisional"]:
            label += "*"
        if revised:
            label += "†"
        first = earlier.get(fact["period_end"]) if revised else None
        points.append(
            {
                "quarter": charts.short_quarter(fact["quarter_label"]),
                "actual": float(actual) if actual is not None else None,
                "target": float(target) if target is not None else None,
                "target_label": figure(target, fact[f"{kind}_target_text"], unit),
                "status": status_key(fact[f"{kind}_status"]),
                "label": label,
                "earlier": float(first["quarterly_actual"])
                if first and first["quarterly_actual"] is not None
                else None,
                "earlier_label": (
                    "first reported "
                    + figure(first["quarterly_actual"], first["quarterly_actual_text"], unit)
                    if first
                    else None
                ),
                "segment": segments[fact["period_end"]],
            }
        )
    title = {"quarterly": "Actual", "forecast": "Year-end forecast"}[kind]
    return charts.figure_chart(
        points,
        [charts.short_quarter(q["quarter_label"]) for q in axis],
        f"{title} ({unit})" if unit else title,
    )


def _segments(figures: list[Row], position: dict[Any, int], by_year: bool) -> dict[Any, str]:
    """Which line each point belongs to, by period end: a new line after a quarter the measure
    was not reported in, and, when ``by_year``, at the start of each financial year."""
    out: dict[Any, str] = {}
    run, previous, year = 0, None, None
    for fact in figures:
        here = position[fact["period_end"]]
        if previous is not None and (
            here != previous + 1 or (by_year and fact["financial_year"] != year)
        ):
            run += 1
        out[fact["period_end"]] = str(run)
        previous, year = here, fact["financial_year"]
    return out


def found(quarter: Row | None) -> str:
    """How a report was found, as the site says it: discovered on a page (with the link's
    text), or added by hand; empty for a listed location."""
    if quarter is None or not quarter.get("current_report_found_by"):
        return ""
    if quarter["current_report_found_by"] == "discovery":
        text = quarter.get("current_report_link_text") or "a link"
        return f"found as \u201c{text}\u201d on {quarter.get('current_report_found_on') or 'its index'}"
    return str(quarter["current_report_found_by"])


def _table_row(fact: Row, earlier: Row | None, sources: dict[Any, Any], unit: str | None) -> Row:
    quarter = sources.get(fact["report_sha256"])
    href, name = source_link(quarter["current_report_source_uri"] if quarter else None)
    flags = []
    if fact["is_provisional"]:
        flags.append("Provisional")
    if fact["is_revised"]:
        before = (
            figure(earlier["quarterly_actual"], earlier["quarterly_actual_text"], unit)
            if earlier
            else "an earlier figure"
        )
        issue = f" (issue {earlier['report_version_number']})" if earlier else ""
        flags.append(f"Revised: first reported as {before}{issue}")
    on_target = {True: "Yes", False: "No"}.get(fact["is_on_target"], "Not assessed")
    return {
        "quarter": fact["quarter_label"],
        "status": status_label(fact["quarterly_status"]),
        "status_class": status_class(fact["quarterly_status"]),
        "actual": figure(fact["quarterly_actual"], fact["quarterly_actual_text"], unit),
        "target": figure(fact["quarterly_target"], fact["quarterly_target_text"], unit),
        "on_target": on_target,
        "variance_better": _signed(fact["variance_better"], unit),
        "forecast_status": status_label(fact["forecast_status"]),
        "forecast_status_class": status_class(fact["forecast_status"]),
        "forecast_actual": figure(fact["forecast_actual"], fact["forecast_actual_text"], unit),
        "forecast_target": figure(fact["forecast_target"], fact["forecast_target_text"], unit),
        "direction": fact["direction_of_travel"] or "-",
        "computed": computed_change(fact),
        "flags": flags,
        "source_href": href,
        "source_name": name,
        "source_found": found(quarter),
        "report": (fact["report_sha256"] or "")[:12],
        "pages": pages_text(fact["first_page"], fact["last_page"]),
    }


def _signed(value: Any, unit: str | None) -> str:
    if value is None:
        return "-"
    text = number(abs(value), unit if unit == "%" else None)
    if unit == "%":
        text = text[:-1] + " pp"
    return ("+" if value > 0 else "-" if value < 0 else "") + text


def _csv_row(fact: Row, shown: Row) -> tuple[Any, ...]:
    return (
        fact["quarter_label"],
        fact["period_end"],
        fact["quarterly_status"],
        fact["quarterly_actual"],
        fact["quarterly_actual_text"],
        fact["quarterly_target"],
        fact["quarterly_target_text"],
        fact["unit"],
        fact["is_on_target"],
        fact["variance_better"],
        fact["forecast_status"],
        fact["forecast_actual"],
        fact["forecast_actual_text"],
        fact["forecast_target"],
        fact["forecast_target_text"],
        fact["change_since"],
        fact["actual_change"],
        fact["change_better"],
        fact["change_better_unit"],
        fact["direction_of_travel"],
        fact["is_provisional"],
        fact["is_revised"],
        fact["first_published_quarterly_actual"],
        fact["report_sha256"],
        shown["source_name"],
        shown["pages"],
    )


def _notes(facts: list[Row], measure: Row, numeric: bool) -> list[str]:
    """What the charts cannot show by themselves."""
    notes = []
    if len(facts) == 1:
        notes.append("Reported in one quarter only: there is no trend to show yet.")
    if facts and all(f["quarterly_status"] == ANNUAL_COLLECTION for f in facts):
        notes.append("Collected annually: the reports give no quarterly figure for it.")
    if measure["accumulation"] == "year_to_date":
        notes.append(
            "A year-to-date count: it builds from April and restarts each year, so each "
            "financial year is drawn as its own line and changes compare a quarter with the "
            "same quarter a year before."
        )
    text_targets = sorted(
        {
            " ".join(f["quarterly_target_text"].split())
            for f in facts
            if f["quarterly_target"] is None and (f["quarterly_target_text"] or "").strip()
        }
    )
    if text_targets and numeric:
        shown = ", ".join(f"'{text}'" for text in text_targets[:3])
        notes.append(
            f"Some targets are printed as text ({shown}), so no target line is drawn there."
        )
    if not numeric:
        notes.append(
            "No quarter has a numeric figure: the statuses and figures are listed below as printed."
        )
    return notes
