"""Write the sample reports and their truth files.

    uv run python -m samples.generate [--style default|alt] [--out DIR]

For every report: `derby-scorecard-YYYY-MM-DD.pdf` and beside it `derby-scorecard-YYYY-MM-DD.json`,
the truth in exactly the extraction format of docs/ARCHITECTURE.md (including the page count and the
sha256 of the PDF written). Output is byte-identical on rerun.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from samples.corpus import all_reports
from samples.model import (
    DATA_SOURCE,
    REPORT_NAME,
    Measure,
    Report,
    financial_year,
    parse_number,
    quarter,
    straighten,
)
from samples.render import STYLES, Layout, Style, render_report

DEFAULT_OUT = Path(__file__).resolve().parent / "reports"


def measure_truth(m: Measure, pages: list[int]) -> dict[str, Any]:
    """One measure in the extraction format, fields in contract order."""
    return {
        "directorate": m.directorate,
        "measure_code": m.code,
        "measure_title": straighten(m.title),
        "quarterly_status": m.quarterly_status,
        "forecast_status": m.forecast_status,
        "quarterly_target_text": m.quarterly_target,
        "quarterly_actual_text": m.quarterly_actual,
        "forecast_target_text": m.forecast_target,
        "forecast_actual_text": m.forecast_actual,
        "quarterly_target": parse_number(m.quarterly_target),
        "quarterly_actual": parse_number(m.quarterly_actual),
        "forecast_target": parse_number(m.forecast_target),
        "forecast_actual": parse_number(m.forecast_actual),
        "unit": m.unit,
        "direction_of_travel": m.direction,
        "context": straighten(m.context),
        "improvement_actions": straighten(m.actions),
        "intervention_review": straighten(m.intervention),
        "pages": pages,
    }


def report_truth(report: Report, page_count: int, pdf: bytes) -> dict[str, Any]:
    """The report part of a truth document, for a rendering of `page_count` pages."""
    return {
        "council": report.council,
        "report_name": REPORT_NAME,
        "period_end": report.period_end.isoformat(),
        "financial_year": financial_year(report.period_end),
        "quarter": quarter(report.period_end),
        "time_fetched": report.time_fetched.isoformat(),
        "data_source": DATA_SOURCE,
        "page_count": page_count,
        "source_sha256": hashlib.sha256(pdf).hexdigest(),
    }


def truth(report: Report, layout: Layout, pdf: bytes) -> dict[str, Any]:
    """The truth document for a rendered report."""
    return {
        "report": report_truth(report, len(layout.pages), pdf),
        "measures": [measure_truth(m, layout.pages_of[i]) for i, m in enumerate(report.measures)],
    }


def write_report(report: Report, style: Style, out: Path) -> Path:
    """Render one report into `out` with its truth file; return the PDF path."""
    pdf, layout = render_report(report, style)
    path = out / f"{report.stem}.pdf"
    path.write_bytes(pdf)
    text = json.dumps(truth(report, layout, pdf), indent=2, ensure_ascii=False) + "\n"
    (out / f"{report.stem}.json").write_text(text, encoding="utf-8")
    return path


def generate(style: str = "default", out: Path = DEFAULT_OUT) -> list[Path]:
    """Write every sample report in `style` into `out`; return the PDF paths."""
    out.mkdir(parents=True, exist_ok=True)
    return [write_report(r, STYLES[style], out) for r in all_reports()]


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", choices=sorted(STYLES), default="default")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    for path in generate(args.style, args.out):
        print(path)


if __name__ == "__main__":
    main()
