"""CSV cells: numbers stay numbers, report text that a spreadsheet would run is defused."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from scorecard.site.tables import Table, cell, write


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (None, ""),
        (True, "true"),
        (Decimal("-2.5"), Decimal("-2.5")),
        (date(2018, 3, 31), "2018-03-31"),
        ("-2.5%", "-2.5%"),
        ("1,000.0", "1,000.0"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("On Track", "On Track"),
    ],
)
def test_cells(value: object, written: object) -> None:
    assert cell(value) == written


def test_files_open_in_excel_with_their_accents(tmp_path: Path) -> None:
    path = write(
        Table("csv/x.csv", ("title", "value"), [("Arrears (£000s)", Decimal("1.5"))]), tmp_path
    )
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle)) == [["title", "value"], ["Arrears (£000s)", "1.5"]]
