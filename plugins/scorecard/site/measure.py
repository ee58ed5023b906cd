"""The page of one measure: its figures against target over every quarter, and where each came from.

Two charts (the quarter's actual against its target, and the year-end forecast against the
year-end target), a table with one row per reported quarter (status in words, printed figures,
provisional and revised flags with the as-first-reported value, source report and pages), the
latest commentary, and plain-language notes where a chart cannot say it (reported once,
annual collection, text targets).
"""

from __future__ import annotations

from typing import Any

from scorecard.extract.model import ANNUAL_COLLECTION
from scorecard.site import charts
from scorecard.site.data import Row, SiteData
from scorecard.site.figures import (
    POLARITY,
    POLARITY_SOURCE,
    figure,
    pages_text,
    source_link,
    status_class,
    status_label,
)


def measure_context(data: SiteData, measure: Row, quarters: list[str]) -> dict[str, Any]:
    """Everything the measure template shows."""
    code = measure["measure_code"]
    facts = [row for row in data.facts if row["measure_code"] == code]
    earlier = _earliest_versions(data, code)
    sources = {q["current_report_sha256"]: q for q in data.quarters}
    unit = measure["unit"]
    axis = f"Actual ({unit})" if unit else "Actual"
    rows = [_table_row(fact, earlier.get(fact["period_end"]), sources, unit) for fact in facts]
    quarterly = [_point(f, "quarterly", earlier.get(f["period_end"]), unit) for f in facts]
    forecast = [_point(f, "forecast", None, unit) for f in facts]
    latest = facts[-1] if facts else None
    return {
        "measure": measure,
        "polarity": POLARITY.get(measure["polarity"], measure["polarity"]),
        "polarity_source": POLARITY_SOURCE.get(measure["polarity_source"], ""),
        "rows": rows,
        "latest": latest,
        "latest_status": status_label(latest["quarterly_status"] if latest else None),
        "latest_status_class": status_class(latest["quarterly_status"] if latest else None),
        "quarterly_chart": _chart(quarterly, quarters, axis),
        "forecast_chart": _chart(
            forecast, quarters, f"Year-end forecast ({unit})" if unit else "Year-end forecast"
        ),
        "quarterly_points": sum(p["actual"] is not None for p in quarterly),
        "forecast_points": sum(p["actual"] is not None for p in forecast),
        "notes": _notes(facts),
    }


def _earliest_versions(data: SiteData, code: str) -> dict[Any, Row]:
    """Per quarter, the first issued version of a figure that a re-issue later replaced."""
    out: dict[Any, Row] = {}
    for row in data.earlier_versions:
        if row["measure_code"] == code:
            out.setdefault(row["period_end"], row)
    return out


def _point(fact: Row, kind: str, earlier: Row | None, unit: str | None) -> dict[str, Any]:
    """One quarter of a chart: the figure, its target, status, label and any earlier value."""
    actual = fact[f"{kind}_actual"]
    label = figure(actual, fact[f"{kind}_actual_text"], unit)
    if kind == "quarterly" and fact["is_provisional"]:
        label += " (prov.)"
    revised = kind == "quarterly" and fact["is_revised"] and earlier is not None
    if revised:
        label += " (rev.)"
    return {
        "quarter": fact["quarter_label"],
        "actual": float(actual) if actual is not None else None,
        "target": float(fact[f"{kind}_target"]) if fact[f"{kind}_target"] is not None else None,
        "status": charts.status_key(fact[f"{kind}_status"]),
        "label": label,
        "earlier": _float(earlier["quarterly_actual"]) if revised and earlier else None,
        "earlier_label": (
            "first reported "
            + figure(earlier["quarterly_actual"], earlier["quarterly_actual_text"], unit)
            if revised and earlier
            else None
        ),
    }


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def _chart(points: list[dict[str, Any]], quarters: list[str], axis: str) -> str | None:
    """The chart, or None when no quarter has a numeric figure (the template says why)."""
    if not any(p["actual"] is not None for p in points):
        return None
    return charts.figure_chart(points, quarters, axis)


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
        "forecast_status": status_label(fact["forecast_status"]),
        "forecast_status_class": status_class(fact["forecast_status"]),
        "forecast_actual": figure(fact["forecast_actual"], fact["forecast_actual_text"], unit),
        "forecast_target": figure(fact["forecast_target"], fact["forecast_target_text"], unit),
        "direction": fact["direction_of_travel"] or "-",
        "flags": flags,
        "source_href": href,
        "source_name": name,
        "source_found": found(quarter),
        "report": (fact["report_sha256"] or "")[:12],
        "pages": pages_text(fact["first_page"], fact["last_page"]),
    }


def _notes(facts: list[Row]) -> list[str]:
    """What the charts cannot show by themselves."""
    notes = []
    if len(facts) == 1:
        notes.append("Reported in one quarter only: there is no trend to show yet.")
    if facts and all(f["quarterly_status"] == ANNUAL_COLLECTION for f in facts):
        notes.append("Collected annually: the reports give no quarterly figure for it.")
    text_targets = sorted(
        {
            " ".join(f["quarterly_target_text"].split())
            for f in facts
            if f["quarterly_target"] is None and (f["quarterly_target_text"] or "").strip()
        }
    )
    if text_targets:
        shown = ", ".join(f"'{text}'" for text in text_targets[:3])
        notes.append(
            f"Some targets are printed as text ({shown}), so no target line is drawn there."
        )
    if facts and all(f["quarterly_actual"] is None for f in facts):
        notes.append("No quarter has a numeric actual: the figures are listed below as printed.")
    return notes
