"""``scorecard inspect FILE.pdf``: what a layout profile makes of a report, and what to declare.

    scorecard inspect report.pdf                     # with the default profile (derby)
    scorecard inspect report.pdf --profile spreadsheet
    scorecard inspect report.pdf --json

Shows the header row found and each column's field (or why it has none), status and direction
words outside the profile's vocabulary, the pages skipped and why, whether the profile reads
the report as it stands, and a profile skeleton to edit (see the README's "A report in another
layout"). Exit status 0 when the profile reads the report, 1 when it refuses it, 2 for a file
that cannot be read at all. The PDF is read in the same resource-limited child process as
``scorecard extract``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


@click.command(name="inspect")
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--profile", "profile_name", metavar="NAME", help="Layout profile (profiles/NAME.yml)."
)
@click.option("--json", "as_json", is_flag=True, help="The findings as JSON.")
def inspect(pdf: Path, profile_name: str | None, as_json: bool) -> None:
    """Show how a layout profile reads a scorecard PDF and what it would have to declare."""
    from scorecard.cli.inputs import BadFile
    from scorecard.extract import ExtractionError
    from scorecard.pdf.isolation import extract_isolated
    from scorecard.profiles import load_profile

    if not pdf.is_file():
        raise BadFile(f"{pdf}: no such file")
    profile = load_profile(profile_name)
    try:
        findings = extract_isolated(pdf, profile=profile, task="inspect")
    except ExtractionError as error:
        raise BadFile(str(error)) from error
    click.echo(json.dumps(findings, indent=2, ensure_ascii=False) if as_json else render(findings))
    if findings["refusal"]:
        raise click.exceptions.Exit(1)


def render(findings: dict[str, Any]) -> str:
    """The findings as text for a person."""
    out = [
        f"file:     {findings['file']}",
        f"profile:  {findings['profile']} ({', '.join(findings['profile_files'])})",
        "reads:    " + (findings["reads"] or f"no - {findings['refusal']}"),
        "",
    ]
    header = findings["header"]
    if header["page"] is None:
        labels = " or ".join(repr(label) for label in findings["anchors"])
        out.append(
            f"header row: none found (no line holds {labels}, the measure column's label in "
            f"profile {findings['profile']!r}; declare the report's own under columns)"
        )
    else:
        out.append(f"header row (page {header['page']}), left to right:")
        width = max(len(c["label"]) for c in header["columns"])
        for column in header["columns"]:
            target = column["field"] or f"(none: {column['why']})"
            out.append(f"  {column['label']:<{width}}  -> {target}")
        if header["missing"]:
            out.append(f"  required but missing: {', '.join(header['missing'])}")
        if header["repeated"]:
            out.append(f"  named by two columns: {', '.join(header['repeated'])}")
    words = {k: v for k, v in findings["words"].items() if v}
    out.append("")
    out.append("words outside the profile's vocabulary:" + ("" if words else " none"))
    out += [f"  {kind}: {', '.join(repr(w) for w in found)}" for kind, found in words.items()]
    if findings["stops"]:
        out.append(f"reading stops: {findings['stops']}")
    elif findings["measures"] is not None:
        out.append(f"with those declared: {findings['measures']} measures")
    out += ["", "pages:"]
    for page in findings["pages"]:
        reason = f" ({page['reason']})" if page["reason"] else ""
        out.append(f"  page {page['page']}: {page['kind']}{reason}")
    out += ["", "profile skeleton (edit and save it as the file it names):", ""]
    out += ["  " + line if line else "" for line in findings["skeleton"].splitlines()]
    return "\n".join(out)
