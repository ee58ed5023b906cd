"""A row whose first part sits at a page foot before its code (fills and direction only).

Some producers split a row so that its first part, at the foot of a page, shows only the status
fills and the direction word, and its code and the rest open the next page. That part joins the
next page's first row cell by cell; a part that cannot be joined unambiguously is refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.extract.pdfs import Row, measure, scorecard_pdf

from scorecard.extract import extract_report
from scorecard.extract.errors import TableError

BANNER = "Directorate : People Services"


def _head() -> Row:
    """The first part of a row: status fills and the direction word, no code."""
    return Row(
        details=[],
        quarterly=["Red"],
        forecast=["Red"],
        performance=["Deteriorating"],
        fills=("Red", "Red"),
    )


def _rest(code: str = "PH 1.2") -> Row:
    """The rest of that row: code and title, the status cells' remainder, commentary."""
    return Row(
        details=[f"{code} Smoking quitters"] if code else ["Smoking quitters"],
        quarterly=["Quarterly data", "Target 98.0%", "Actual 97.8%"],
        forecast=["Forecast data", "Target 98.0%", "Actual 96.0%"],
        context=["Context of the", "measure."],
        fills=("Red", "Red"),
    )


def test_row_part_at_page_foot_joins_the_next_page(tmp_path: Path) -> None:
    """Fills and direction at the foot of page 1, code and the rest on page 2: one measure."""
    pages: list[list[Row | str]] = [
        [BANNER, measure("SC-01", "Staff sickness"), _head()],
        [_rest()],
    ]
    first, second = extract_report(scorecard_pdf(tmp_path / "part.pdf", pages)).to_dict()[
        "measures"
    ]
    assert first["measure_code"] == "SC-01"
    assert (second["measure_code"], second["measure_title"]) == ("PH 1.2", "Smoking quitters")
    assert (second["quarterly_status"], second["forecast_status"]) == ("Red", "Red")
    assert (second["quarterly_target_text"], second["forecast_actual_text"]) == ("98.0%", "96.0%")
    assert second["direction_of_travel"] == "Deteriorating"
    assert second["context"] == "Context of the measure."
    assert second["directorate"] == "People Services"
    assert second["pages"] == [1, 2]


@pytest.mark.parametrize(
    ("pages", "why"),
    [
        ([[BANNER, measure("SC-01", "Staff sickness"), _head()]], "no table page follows"),
        (
            [[BANNER, measure("SC-01", "Staff sickness"), _head()], [_rest(code="")]],
            "the next page's first row found 'Smoking quitters'",
        ),
        (
            [
                [BANNER, measure("SC-01", "Staff sickness"), _head()],
                ["Directorate : Other", _rest()],
            ],
            "the next page's first row found no measure code",
        ),
    ],
    ids=["last-page", "no-code-next", "banner-next"],
)
def test_unjoinable_row_part_is_refused(
    tmp_path: Path, pages: list[list[Row | str]], why: str
) -> None:
    """A page-foot part with no row to join is refused, naming file, page and position."""
    path = scorecard_pdf(tmp_path / "part.pdf", pages)
    with pytest.raises(TableError) as caught:
        extract_report(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: page 1: expected a row part with an empty Measure")
    assert "part at y=" in message and "'Red Red Deteriorating'" in message
    assert why in message
