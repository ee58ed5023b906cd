"""``scorecard extract FILE.pdf``: print one report's measures as JSON (or a flat CSV table).

Bad input (not a PDF, encrypted, truncated, another document, an unreadable table, a PDF that
passes a resource limit) exits with status 2 and one line on stderr naming the file, the page
(or the limit) and what was expected. Extraction runs in a resource-limited child process.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import click

# The report fields repeated on every CSV row, before the measure's own fields.
CSV_REPORT_FIELDS = (
    "period_end",
    "financial_year",
    "quarter",
    "council",
    "time_fetched",
    "source_sha256",
)


@click.command(name="extract")
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="JSON as in docs/ARCHITECTURE.md, or one CSV row per measure.",
)
def extract(pdf: Path, output_format: str) -> None:
    """Extract every measure of a scorecard PDF and print it on stdout."""
    from scorecard.cli import exits
    from scorecard.extract import ExtractionError
    from scorecard.isolation import extract_isolated

    try:
        result = extract_isolated(pdf)
    except ExtractionError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exits.BAD_INPUT)
    if output_format == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        write_csv(result, sys.stdout)


def write_csv(result: dict[str, Any], stream: Any) -> None:
    """One row per measure: the report's identifying fields, then the measure's fields
    (``pages`` as ``5;6``)."""
    measures: list[dict[str, Any]] = result["measures"]
    measure_fields = list(measures[0]) if measures else []
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([*CSV_REPORT_FIELDS, "measure_ordinal", *measure_fields])
    for ordinal, measure in enumerate(measures, 1):
        values = [";".join(map(str, v)) if isinstance(v, list) else v for v in measure.values()]
        writer.writerow([*(result["report"][f] for f in CSV_REPORT_FIELDS), ordinal, *values])
