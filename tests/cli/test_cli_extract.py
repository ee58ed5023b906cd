"""The `scorecard extract FILE.pdf [--format json|csv]` command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from bombkit import form_bomb
from click.testing import CliRunner
from samplekit import REAL_SAMPLE
from tests.extract.pdfs import Row, measure, scorecard_pdf

from scorecard.cli import main
from scorecard.cli.extract import extract


def test_json_to_stdout(tmp_path: Path) -> None:
    """JSON in the contract's shape on stdout."""
    pdf = scorecard_pdf(tmp_path / "one.pdf", [[measure("HR PM12b", "Staff turnover")]])
    result = CliRunner().invoke(main, ["extract", str(pdf)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["report", "measures"]
    assert data["measures"][0]["measure_code"] == "HR PM12b"
    assert data["report"]["period_end"] == "2018-03-31"


def test_json_equals_truth_file() -> None:
    """The CLI's JSON for a sample is its truth file, plus the per-page glyph accounting."""
    result = CliRunner().invoke(main, ["extract", str(REAL_SAMPLE)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    pages = data["report"].pop("pages")
    assert data == json.loads(REAL_SAMPLE.with_suffix(".json").read_text())
    assert [p["page"] for p in pages] == list(range(1, 12))


def test_csv_is_one_row_per_measure(tmp_path: Path) -> None:
    """A flat table: report fields, ordinal, then every measure field; pages as '1;2'."""
    pdf = scorecard_pdf(
        tmp_path / "two.pdf",
        [[measure("HR PM12b", "Staff turnover"), measure("CP 08f", "Sickness", "Amber")]],
    )
    result = CliRunner().invoke(main, ["extract", str(pdf), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["measure_ordinal"], r["measure_code"], r["quarterly_status"]) for r in rows] == [
        ("1", "HR PM12b", "Red"),
        ("2", "CP 08f", "Amber"),
    ]
    assert rows[0]["period_end"] == "2018-03-31"
    assert rows[0]["pages"] == "1"
    assert rows[0]["context"] == "Context line one wraps here.\n\nSecond paragraph."


def test_a_refused_report_exits_1_with_one_line(tmp_path: Path) -> None:
    """Not a PDF: the report is refused (exit status 1), one line on stderr naming the file and
    what was expected."""
    path = tmp_path / "notes.pdf"
    path.write_text("hello")
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"error: {path}: expected a PDF file (starting with %PDF-) (this is not a PDF)"
    ]


def test_unreadable_page_names_the_page(tmp_path: Path) -> None:
    """A page whose table cannot be read: the line names the page."""
    rows: list[Row | str] = [measure("HR PM12b", "Staff turnover")]
    pdf = scorecard_pdf(tmp_path / "noheader.pdf", [rows, rows], table_header=[False, True])
    result = CliRunner().invoke(main, ["extract", str(pdf)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {pdf}: page 1: expected the table header row")


def test_a_passed_limit_prints_one_line_and_exits_5(tmp_path: Path) -> None:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(form_bomb(23))
    result = CliRunner().invoke(extract, [str(path)])
    assert result.exit_code == 5
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "pdf_max_xobject_uses" in result.stderr
