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
@click.option(
    "--profile", "profile_name", metavar="NAME", help="Layout profile (profiles/NAME.yml)."
)
def extract(pdf: Path, output_format: str, profile_name: str | None) -> None:
    """Extract every measure of a scorecard PDF and print it on stdout."""
    from scorecard.cli import exits
    from scorecard.extract import ExtractionError
    from scorecard.pdf.isolation import extract_isolated
    from scorecard.profiles import load_profile

    try:
        result = extract_isolated(pdf, profile=load_profile(profile_name))
    except ExtractionError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exits.code_for(exc))
    if output_format == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        write_csv(result, sys.stdout)


def write_csv(result: dict[str, Any], stream: Any) -> None:
    """One row per measure: every report field of the contract, the measure's ordinal, then
    every measure field (``pages`` as ``5;6``), then the report's extra columns, if any
    (``extras.<name>``)."""
    from scorecard.extract.model import EXTRAS, MEASURE_FIELDS, REPORT_FIELDS

    extras = list(dict.fromkeys(k for m in result["measures"] for k in m.get(EXTRAS) or {}))
    writer = csv.writer(stream, lineterminator="\n")
    header = [*REPORT_FIELDS, "measure_ordinal", *MEASURE_FIELDS]
    writer.writerow([*header, *(f"{EXTRAS}.{name}" for name in extras)])
    report = [result["report"].get(name) for name in REPORT_FIELDS]
    for ordinal, measure in enumerate(result["measures"], 1):
        values = [measure.get(name) for name in MEASURE_FIELDS]
        more = [(measure.get(EXTRAS) or {}).get(name) for name in extras]
        writer.writerow([*report, ordinal, *(_cell(value) for value in values), *more])


def _cell(value: Any) -> Any:
    """A list (the pages) as ``5;6``; anything else as it is."""
    return ";".join(map(str, value)) if isinstance(value, list) else value
