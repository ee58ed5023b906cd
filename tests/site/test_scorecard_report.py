"""``scorecard report``: any quarter's scorecard from the marts, as the BI reader, with the
like-for-like movers, the sample-data and exception-report notices; one line for a quarter
that has no report."""

from __future__ import annotations

from click.testing import CliRunner
from sitekit import on_database

from scorecard.settings import Settings
from scorecard.site.notices import EXCEPTION_REPORT, SAMPLE_DATA


def report(settings: Settings, *args: str) -> tuple[int, str]:
    from scorecard.cli import main

    with on_database(settings.db_name):
        result = CliRunner().invoke(main, ["report", *args])
    return result.exit_code, result.output


def test_report_of_any_quarter(site_marts: Settings) -> None:
    code, output = report(site_marts, "--quarter", "2017Q4")
    assert code == 0, output
    lines = output.splitlines()
    assert "Scorecard for Q4 2017/18 (period end 2018-03-31)" in lines
    assert SAMPLE_DATA in lines and EXCEPTION_REPORT in lines
    assert (
        "Measures in the report by quarterly status: Red 14, Amber 5, Blue 1, Annual Collection 1"
        in lines
    )
    assert "On target: 5% of the measures in the report that could be assessed (1 of 20)" in lines
    movers = lines[lines.index(next(line for line in lines if line.startswith("Biggest movers"))) :]
    headings = [
        line.strip() for line in movers if line.startswith("  ") and line.strip().endswith(":")
    ]
    assert headings == [
        "Percentages, change in percentage points:",
        "Rates, change in per cent:",
        "Counts, change in per cent:",
        "Scores, change in per cent:",
    ]
    text = "\n".join(movers)
    # a year-to-date count against the same quarter last year, not against Q3
    assert "-10.1% worse     YA&H PM05 (DH)       612.0 -> 550.0 since Q4 last year" in text
    # a rate, lower is better: it rose, which is worse
    assert "-18.2% worse     EIISS PM04           73.5 -> 86.9 since Q3" in text
    assert "council's direction: Deteriorating" in text
    assert "FPA PM22b (its figures are text)" in text
    assert "pp" in text.split("Rates,")[0] and "pp" not in text.split("Rates,")[1]


def test_report_of_the_latest_quarter_by_default(site_marts: Settings) -> None:
    code, output = report(site_marts)
    assert code == 0, output
    assert "Scorecard for Q4 2018/19 (period end 2019-03-31)" in output
    assert "+57.6% better    DH Local 62b         33.0 -> 52.0 since Q4 last year" in output


def test_report_of_a_quarter_without_a_report_is_one_line(site_marts: Settings) -> None:
    code, output = report(site_marts, "--quarter", "2030Q1")
    assert code == 2
    errors = [line for line in output.splitlines() if line.strip()]
    assert errors == [
        "Error: no report is loaded for Q1 2030/31 (2030Q1): the marts hold 12 quarter(s) with a"
        " report, 2016Q1 to 2018Q4"
    ]
