"""The zoo's table layouts: read exactly by the profile that declares them, or refused with the
typed error naming the unknown column or word; and `scorecard inspect` on each.

The LibreOffice Writer and Calc renderings are read from `samples/zoo/rendered/` (made by
`python -m samples.zoo --write-rendered`), so these tests need no LibreOffice; a few layouts are
drawn live by WeasyPrint.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from samples.zoo.check import EXACT, REFUSED
from samples.zoo.layout_check import COMMITTED, LayoutCase, check, committed, judge
from samples.zoo.layouts import LAYOUTS

from scorecard.extract import extract_report
from scorecard.extract.errors import UnknownHeader, UnknownWord
from scorecard.extract.inspect import inspect_report
from scorecard.profiles import load_profile

CASES = [LayoutCase.parse(name) for name in COMMITTED]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_office_rendering_reads_exactly_or_is_refused(case: LayoutCase) -> None:
    """Writer and Calc exports of every layout: the right answer, never different data."""
    path, truth = committed(case)
    kind, detail = judge(case, path, truth)
    assert kind == case.table.outcome, f"{case.name}: {kind}: {detail}"


def test_weasyprint_draws_a_layout_that_reads(tmp_path: Path) -> None:
    """A third producer (drawn live): the spreadsheet layout, with its profile."""
    outcome = check(LayoutCase("weasyprint", "spreadsheet"), tmp_path)
    assert outcome.kind == EXACT, outcome.detail


def test_an_unknown_column_is_refused_naming_it_and_the_profile() -> None:
    path, _ = committed(LayoutCase("lo-writer", "unknown-column"))
    with pytest.raises(UnknownHeader) as caught:
        extract_report(path)
    message = str(caught.value)
    assert "'Risk Rating'" in message and "profiles/derby.yml" in message
    assert "columns" in message and "extras" in message and "ignore" in message


def test_an_undeclared_direction_is_refused_naming_the_word_and_the_profile() -> None:
    path, _ = committed(LayoutCase("lo-calc", "words-undeclared"))
    with pytest.raises(UnknownWord, match=r"'Stable'; add it to directions in profiles/derby.yml"):
        extract_report(path)


def test_extra_columns_are_kept_in_full() -> None:
    path, truth = committed(LayoutCase("lo-writer", "extra-column"))
    measures = extract_report(path).to_dict()["measures"]
    assert [m["extras"] for m in measures] == [m["extras"] for m in truth["measures"]]
    assert measures[0]["extras"] == {"previous_quarter_status": "Red"}


INSPECTED = [
    c for c in CASES if (c.producer == "lo-writer") != (c.layout == "spreadsheet")
]  # every layout once


@pytest.mark.parametrize("case", INSPECTED, ids=lambda c: c.name)
def test_inspect_shows_each_column_and_the_words(case: LayoutCase) -> None:
    """Every column named with its field (or none), words outside the vocabulary, the pages."""
    path, truth = committed(case)
    findings = inspect_report(path, case.profile())
    labels = [c["label"] for c in findings["header"]["columns"]]
    assert len(labels) == len(case.table.columns)
    unknown = [c["label"] for c in findings["header"]["columns"] if c["field"] is None]
    assert unknown == (["Risk Rating"] if case.layout == "unknown-column" else [])
    words = findings["words"]["direction of travel"]
    assert sorted(words) == (
        ["No change", "Same", "Stable"] if case.layout == "words-undeclared" else []
    )
    assert findings["measures"] == len(truth["measures"])
    assert (findings["refusal"] is None) == (case.table.outcome == EXACT)
    assert all(page["kind"] == "table" for page in findings["pages"])


@pytest.mark.parametrize("layout", ["unknown-column", "words-undeclared"])
def test_the_skeleton_inspect_writes_makes_the_report_read(layout: str, tmp_path: Path) -> None:
    """From an unknown PDF to a profile that reads it: save the skeleton, read with it."""
    case = LayoutCase("lo-writer", layout)
    path, truth = committed(case)
    findings = inspect_report(path)
    assert LAYOUTS[layout].outcome == REFUSED and findings["refusal"]
    name = findings["skeleton"].split("name: ", 1)[1].split("\n", 1)[0]
    (tmp_path / f"{name}.yml").write_text(findings["skeleton"], encoding="utf-8")
    got = extract_report(path, load_profile(name, [tmp_path])).to_dict()
    assert [m["measure_code"] for m in got["measures"]] == [
        m["measure_code"] for m in truth["measures"]
    ]
    if layout == "words-undeclared":
        assert [m["direction_of_travel"] for m in got["measures"]] == [
            m["direction_of_travel"] for m in truth["measures"]
        ]
    else:
        assert got["measures"][0]["extras"] == {"risk_rating": "High"}


def test_scorecard_inspect_prints_the_findings_and_a_skeleton() -> None:
    from click.testing import CliRunner

    from scorecard.cli import main

    path, _ = committed(LayoutCase("lo-writer", "unknown-column"))
    result = CliRunner().invoke(main, ["inspect", str(path)])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "reads:    no - " in out and "header row (page 1), left to right:" in out
    assert (
        "Risk Rating" in out and "-> (none: no label of profile 'derby' reads 'Risk Rating')" in out
    )
    assert "Measure Details" in out and "-> measure_details" in out
    assert 'risk_rating: ["Risk Rating"]' in out and "extends: [derby]" in out
    reads = CliRunner().invoke(main, ["inspect", str(path).replace("unknown-column", "swapped")])
    assert reads.exit_code == 0 and "reads:    11 measures" in reads.output
