"""Layouts real reports drift to, on PDFs of our own drawing: front pages, a footer phrase in
the commentary, a header printed once, a one-line title block, period formats, colour-only
statuses, and the per-page glyph accounting that makes a lost glyph an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.extract.pdfs import Row, measure, scorecard_pdf

from scorecard.extract import TableError, extract_report

ROWS: list[Row | str] = [
    "Directorate : People Services",
    measure("HR PM12b", "Staff turnover"),
    measure("CP 08f", "Sickness", "Amber"),
]
# The footer lines the test PDFs print on every page, page number aside.
FOOTER_TEXTS = (
    "Data Source: DORIS",
    "Organisation and Governance",
    "Time Fetched: Monday 4 June 2018 12:07:08",
    "Performance and Intelligence Team",
    "Report Name: Improvement Report - Council Scorecard",
)


def _codes(pdf: Path) -> list[tuple[str | None, str, str | None]]:
    result = extract_report(pdf).to_dict()
    return [
        (m["directorate"], m["measure_code"], m["quarterly_status"]) for m in result["measures"]
    ]


@pytest.mark.parametrize("front", [("cover",), ("cover", "key"), ("blank", "key")])
def test_front_pages_are_skipped_and_listed(tmp_path: Path, front: tuple[str, ...]) -> None:
    """A cover, a RAG key or a blank page before the table is skipped, with its reason."""
    pdf = scorecard_pdf(tmp_path / "front.pdf", [ROWS], front=front)
    result = extract_report(pdf).to_dict()
    assert [m["measure_code"] for m in result["measures"]] == ["HR PM12b", "CP 08f"]
    kinds = [(p["kind"], p["skipped"] > 0) for p in result["report"]["pages"]]
    names = {"cover": ("cover", True), "key": ("rag key", True), "blank": ("blank", False)}
    assert kinds == [*(names[k] for k in front), ("table", False)]
    assert all(p["reason"] for p in result["report"]["pages"][: len(front)])


@pytest.mark.parametrize("rulings", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("pages", [1, 2])
def test_footer_phrase_in_commentary_is_data(tmp_path: Path, rulings: bool, pages: int) -> None:
    """A commentary line 'Data Source: ...' low in a tall cell is commentary, not the footer:
    nothing after it is cut (the next measure and banner survive)."""
    tall = measure(
        "HR PM12b",
        "Staff turnover",
        context=[f"Line {i} of a long context." for i in range(30)]
        + ["Data Source: DORIS and the case system."],
    )
    first: list[Row | str] = [tall, "Directorate : Communities & Place", measure("CP 08f", "Sick")]
    layout = [first] + [[measure("GOV PM01", "DBS renewals")]] * (pages - 1)
    result = extract_report(scorecard_pdf(tmp_path / "src.pdf", layout, rulings=rulings))
    measures = result.to_dict()["measures"]
    assert [(m["directorate"], m["measure_code"]) for m in measures][:2] == [
        (None, "HR PM12b"),
        ("Communities & Place", "CP 08f"),
    ]
    assert measures[0]["context"].endswith(
        "Line 29 of a long context. Data Source: DORIS and the case system."
    )
    assert result.report.data_source == "DORIS"


def test_header_printed_on_the_first_page_only(tmp_path: Path) -> None:
    """Pages without the header row continue the table of the page before."""
    pdf = scorecard_pdf(
        tmp_path / "once.pdf", [ROWS, [measure("GOV PM01", "DBS")]], table_header=[True, False]
    )
    assert _codes(pdf) == [
        ("People Services", "HR PM12b", "Red"),
        ("People Services", "CP 08f", "Amber"),
        ("People Services", "GOV PM01", "Red"),
    ]
    kinds = [p["kind"] for p in extract_report(pdf).to_dict()["report"]["pages"]]
    assert kinds == ["table", "continuation"]


@pytest.mark.parametrize("period", ["31-Mar-2018", "31 March 2018", "31/03/2018", "31 Mar 2018"])
@pytest.mark.parametrize("one_line", [False, True], ids=["three-lines", "one-line"])
def test_title_block_and_period_forms(tmp_path: Path, period: str, one_line: bool) -> None:
    """The title block on three lines or one; the period end in any of the common forms."""
    pdf = scorecard_pdf(tmp_path / "t.pdf", [ROWS], periods=[period], one_line_title=one_line)
    report = extract_report(pdf).to_dict()["report"]
    assert (report["council"], report["report_name"], report["period_end"], report["quarter"]) == (
        "Derby City Council",
        "Improvement Report - Council Scorecard",
        "2018-03-31",
        4,
    )


def test_status_shown_by_colour_only(tmp_path: Path) -> None:
    """A status cell without a label is read from its fill; no fill and no label is null."""
    row = measure(
        "HR PM12b",
        "Staff",
        quarterly=["Quarterly data", "Target 1", "Actual 2"],
        forecast=["Forecast data", "Target 1", "Actual 2"],
    )
    row.fills = ("Amber", None)
    (result,) = extract_report(scorecard_pdf(tmp_path / "c.pdf", [[row]])).to_dict()["measures"]
    assert (result["quarterly_status"], result["forecast_status"]) == ("Amber", None)
    assert result["quarterly_actual"] == 2.0


def test_accounting_adds_up(tmp_path: Path) -> None:
    """Every drawn glyph of every page is counted in exactly one place."""
    pdf = scorecard_pdf(tmp_path / "a.pdf", [ROWS, ROWS[1:]], front=("cover",))
    pages = extract_report(pdf).to_dict()["report"]["pages"]
    parts = (
        "fields",
        "title_block",
        "table_header",
        "banners",
        "footer",
        "page_numbers",
        "skipped",
    )
    for page in pages:
        assert sum(page[p] for p in parts) == page["glyphs"] > 0
    assert pages[1]["banners"] == len("Directorate:PeopleServices")
    assert pages[1]["page_numbers"] == len("Page2of3")
    assert pages[2]["banners"] == 0 and pages[2]["fields"] > 0


def test_text_at_an_angle_is_an_error(tmp_path: Path) -> None:
    """A glyph no part of the page can take (here, text set at an angle) names its place."""
    pdf = scorecard_pdf(tmp_path / "angle.pdf", [ROWS], stamp="DRAFT")
    with pytest.raises(TableError, match=r"page 1: expected upright text only .*first 'D'"):
        extract_report(pdf)


@pytest.mark.parametrize("count", [1, 2], ids=["one-page", "two-pages"])
@pytest.mark.parametrize("rulings", [True, False], ids=["ruled", "unruled"])
def test_notes_below_the_table(tmp_path: Path, rulings: bool, count: int) -> None:
    """Prose under a ruled table's last row is skipped as notes and counted (on a single page
    too, where no recurring footer marks the foot: the notes stand apart from the footer
    block at the page foot); without rulings it cannot be told from a row, so the report is
    refused rather than read."""
    notes = (
        "Notes: measures are listed only where the final data for the quarter has been published.",
        "Targets are set at the start of each financial year and reviewed at the year end.",
    )
    pages: list[list[Row | str]] = [ROWS, [measure("GOV PM01", "DBS")]][:count]
    pdf = scorecard_pdf(tmp_path / "notes.pdf", pages, rulings=rulings, notes=notes)
    if not rulings:
        with pytest.raises(TableError, match=rf"page {count}: .*text after a gap .*'Notes: meas"):
            extract_report(pdf)
        return
    result = extract_report(pdf).to_dict()
    codes = ["HR PM12b", "CP 08f", "GOV PM01"][: count + 1]
    assert [m["measure_code"] for m in result["measures"]] == codes
    page = result["report"]["pages"][count - 1]
    assert page["skipped"] == sum(len(n.replace(" ", "")) for n in notes)
    assert page["footer"] == sum(len(text.replace(" ", "")) for text in FOOTER_TEXTS)
    assert page["reason"] == "text below the table skipped as notes"
