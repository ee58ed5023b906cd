"""Code/title splitting of the Measure Details cell (scorecard.extract.codes)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.extract.codes import split_code, starts_with_code


@pytest.mark.parametrize(
    ("details", "code", "title"),
    [
        ("L&C PM28 Livewell: NHS Health Checks", "L&C PM28", "Livewell: NHS Health Checks"),
        ("Regen PM21 Number of new businesses", "Regen PM21", "Number of new businesses"),
        ("CM PM09a Percentage of Council Tax", "CM PM09a", "Percentage of Council Tax"),
        ("CP 08f Average working days", "CP 08f", "Average working days"),
        ("FPA PM22b Unqualified Audit Opinion", "FPA PM22b", "Unqualified Audit Opinion"),
        (
            "GOV PM01 DBS renewal programme achievement",
            "GOV PM01",
            "DBS renewal programme achievement",
        ),
        ("EI 12/EI 3  Percentage of children", "EI 12/EI 3", "Percentage of children"),
        ("AHH 02D Sequel to short term support", "AHH 02D", "Sequel to short term support"),
        ("AHH Local 2A (i) Adults aged 18 to 64", "AHH Local 2A (i)", "Adults aged 18 to 64"),
        ("AHH Local 2A2 (ii) Adults aged 65", "AHH Local 2A2 (ii)", "Adults aged 65"),
        ("EIISS PM04 Children who are", "EIISS PM04", "Children who are"),
        ("L&I PM02a Percentage of Y6 pupils", "L&I PM02a", "Percentage of Y6 pupils"),
        ("L&I PM23e Percentage of inspected", "L&I PM23e", "Percentage of inspected"),
        ("AHH 02B (NI 125) Achieving independence", "AHH 02B (NI 125)", "Achieving independence"),
        ("SS PM07 - Children in Care per 10,000", "SS PM07", "Children in Care per 10,000"),
        (
            "DH Local 62b Number of new homes (HRA & DH)",
            "DH Local 62b",
            "Number of new homes (HRA & DH)",
        ),
        ("YA&H PM05 (DH) Number of homelessness", "YA&H PM05 (DH)", "Number of homelessness"),
        ("HR PM12b Staff turnover", "HR PM12b", "Staff turnover"),
        ("L&I PM04a Attainment  8\nscore", "L&I PM04a", "Attainment 8 score"),
        ("EI 12 / EI 3 Percentage", "EI 12/EI 3", "Percentage"),
        ("CP 08f", "CP 08f", ""),
    ],
)
def test_split_code(details: str, code: str, title: str) -> None:
    """Every code shape of the real report, and new ones, split from the title."""
    assert split_code(details) == (code, title)


@pytest.mark.parametrize(
    "details",
    [
        "",
        "Number of new homes",
        "New Homes 2016 delivered",
        "(EIISS PM05)",
        "2016/17 - Value for Money",
        "Health Checks",
        "health 12 checks",
    ],
)
def test_text_without_a_code(details: str) -> None:
    """Title fragments (a cell continued from the previous page) are not codes."""
    assert split_code(details) is None
    assert not starts_with_code(details)


PREFIX = st.from_regex(r"[A-Z]{2,5}|[A-Z]{1,2}&[A-Z]{1,2}", fullmatch=True)
IDENT = st.from_regex(r"(PM)?[0-9]{2}[a-f]?|[0-9][A-Z][0-9]?", fullmatch=True)
QUALIFIER = st.sampled_from(["", " (i)", " (ii)", " (NI 125)", " (DH)"])
TITLE = st.lists(st.from_regex(r"[A-Za-z][a-z]{1,9}", fullmatch=True), min_size=1, max_size=8).map(
    " ".join
)


@given(
    PREFIX, st.sampled_from(["", " Local"]), IDENT, QUALIFIER, st.sampled_from([" ", " - "]), TITLE
)
def test_generated_codes_split(
    prefix: str, local: str, ident: str, qualifier: str, sep: str, title: str
) -> None:
    """Any code built from the grammar's parts splits off any lower-case-led or capitalised title."""
    if title.split()[0][0].isupper() and any(c.isdigit() for c in title):
        return  # pragma: no cover - titles are letters only here
    code = f"{prefix}{local} {ident}{qualifier}"
    assert split_code(f"{code}{sep}{title}") == (code, title)


@given(st.text(alphabet=st.characters(categories=["Ll", "Zs"]), max_size=40))
def test_lower_case_text_is_never_a_code(text: str) -> None:
    """Running text (no capitals, no digits) never parses as a code."""
    assert split_code(text) is None


@pytest.mark.parametrize(
    ("details", "code", "title"),
    [
        ("PH 1.2 Smoking prevalence", "PH 1.2", "Smoking prevalence"),
        ("ASCOF 2A(i) Long-term support needs", "ASCOF 2A(i)", "Long-term support needs"),
        ("SC-01 Children in need", "SC-01", "Children in need"),
        ("PM28 Health checks", "PM28", "Health checks"),
        ("AHH Local 2A2\n(ii) Adults aged 65", "AHH Local 2A2 (ii)", "Adults aged 65"),
    ],
)
def test_open_code_grammar(details: str, code: str, title: str) -> None:
    """Code shapes of other councils' scorecards split from their titles too."""
    assert split_code(details) == (code, title)


@pytest.mark.parametrize(
    "details", ["CQC 2017 rating of good", "Year 6 pupils achieving", "Ofsted 2018 inspection"]
)
def test_years_and_short_words_are_not_codes(details: str) -> None:
    """A year is no identifier; a word and a number is a title."""
    assert split_code(details) is None
