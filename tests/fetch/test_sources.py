"""The sources file: placeholders, per-period versions, and messages for malformed files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from scorecard.ingest.sources import (
    Sources,
    SourcesError,
    load_sources,
    parse_sources,
    template_fields,
)
from scorecard.quarters import Quarter
from scorecard.settings import PROJECT_DIR


def parse(text: str, path: Path = Path("/cfg/sources.yml")) -> Sources:
    return parse_sources(yaml.safe_load(text), path)


def test_template_fields_of_q4_2017_18() -> None:
    assert template_fields(Quarter(2017, 4)) == {
        "period_end": "2018-03-31",
        "period_start": "2018-01-01",
        "yyyy": "2018",
        "yy": "18",
        "mm": "03",
        "m": "3",
        "dd": "31",
        "mon": "Mar",
        "mon_lower": "mar",
        "month": "March",
        "month_lower": "march",
        "quarter": "4",
        "financial_year": "2017/18",
        "fy": "2017-18",
        "fy_start": "2017",
        "fy_end": "2018",
        "code": "2017Q4",
    }


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("https://x.gov.uk/{yyyy}/{mm}/scorecard-q{quarter}-{fy}.pdf",
         "https://x.gov.uk/2018/12/scorecard-q3-2018-19.pdf"),
        ("s3://bucket/{code}.pdf", "s3://bucket/2018Q3.pdf"),
        ("/abs/{period_end}.pdf", "/abs/2018-12-31.pdf"),
        ("rel/{mon}-{yy}.pdf", str(PROJECT_DIR / "rel" / "Dec-18.pdf")),
    ],
)  # fmt: skip
def test_template_locations(template: str, expected: str) -> None:
    sources = parse(f"template: '{template}'")
    assert sources.locations(date(2018, 12, 31)) == [expected]


def test_periods_override_the_template_and_keep_order() -> None:
    sources = parse(
        "template: https://x/{period_end}.pdf\n"
        "periods:\n"
        "  2018-09-30: [https://x/a.pdf, https://x/b.pdf]\n"
        "  '2018Q3': https://x/c.pdf\n"
    )
    assert sources.locations(date(2018, 9, 30)) == ["https://x/a.pdf", "https://x/b.pdf"]
    assert sources.locations(date(2018, 12, 31)) == ["https://x/c.pdf"]
    assert sources.locations(date(2018, 6, 30)) == ["https://x/2018-06-30.pdf"]


def test_base_dir_is_relative_to_the_file() -> None:
    sources = parse("base_dir: reports\ntemplate: '{period_end}.pdf'")
    assert sources.locations(date(2018, 3, 31)) == ["/cfg/reports/2018-03-31.pdf"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("template: https://x/{year}.pdf", "unknown placeholder.*year"),
        ("template: https://x/{period_end.pdf", "bad placeholder syntax"),
        ("periods:\n  2018-03-30: a.pdf", "2018-03-30 is not a quarter end"),
        ("periods: [a.pdf]", "expected a mapping of period end"),
        ("template: [a.pdf, 3]", r"template\[1\]: expected a URL or path string"),
        ("templates: a.pdf", "unknown key.*templates"),
        ("version: 2\ntemplate: a.pdf", "version 2 is not supported"),
        ("version: 1", "no sources"),
        ("- a.pdf", "expected a mapping"),
    ],
)
def test_malformed_files_name_the_file_and_the_problem(text: str, message: str) -> None:
    with pytest.raises(SourcesError, match=message) as caught:
        parse(text)
    assert str(caught.value).startswith("/cfg/sources.yml: ")


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="sources file not found"):
        load_sources(tmp_path / "nope.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("template: [unclosed\n")
    with pytest.raises(SourcesError, match="not valid YAML"):
        load_sources(bad)


def test_the_bundled_file_is_valid() -> None:
    sources = load_sources(PROJECT_DIR / "sources.yml")
    assert len(sources.locations(date(2018, 9, 30))) == 2


def test_allow_http_is_off_unless_said() -> None:
    assert parse("template: https://x.example/{code}.pdf\n").allow_http is False
    assert parse("allow_http: true\ntemplate: http://x.example/{code}.pdf\n").allow_http is True
    with pytest.raises(SourcesError, match="allow_http: expected true or false, got 'yes please'"):
        parse("allow_http: yes please\ntemplate: x.pdf\n")


def councils(text: str, path: Path = Path("/cfg/sources.yml")) -> tuple[Sources, ...]:
    from scorecard.ingest.sources import parse_councils

    return parse_councils(yaml.safe_load(text), path)


def test_several_councils_each_with_its_own_sources() -> None:
    found = councils(
        "version: 1\n"
        "allow_http: true\n"
        "councils:\n"
        "  - name: Derby  City Council\n"
        "    template: https://derby.example/{code}.pdf\n"
        "  - name: Northfield Borough Council\n"
        "    allow_http: false\n"
        "    profile: spreadsheet\n"
        "    periods:\n"
        "      2018-03-31: https://northfield.example/q4.pdf\n"
    )
    derby, northfield = found
    assert (derby.council, derby.council_id) == ("Derby City Council", "derby-city-council")
    assert derby.allow_http and not northfield.allow_http  # a council's own entry wins
    assert derby.locations(date(2018, 3, 31)) == ["https://derby.example/2017Q4.pdf"]
    assert northfield.locations(date(2018, 3, 31)) == ["https://northfield.example/q4.pdf"]
    assert northfield.profile_for(date(2018, 3, 31)) == "spreadsheet"
    from scorecard.ingest.sources import pick_council

    assert pick_council(found, "northfield-borough-council") is northfield
    assert pick_council(found, "Northfield Borough Council") is northfield
    with pytest.raises(SourcesError, match="lists 2 councils: name one"):
        pick_council(found, None)
    with pytest.raises(SourcesError, match="no council 'Southmoor'"):
        pick_council(found, "Southmoor")


def test_a_file_of_one_council_need_not_name_it() -> None:
    (only,) = councils("template: reports/{period_end}.pdf\n")
    assert only.council is None and only.council_id is None
    from scorecard.ingest.sources import pick_council

    assert pick_council((only,), "Whichever Council") is only


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("councils: []\n", "councils: expected a list of councils"),
        ("councils:\n  - template: a.pdf\n", r"councils\[0\]: no 'name'"),
        ("councils:\n  - name: A\n    template: a.pdf\n    colour: red\n", "unknown key.*colour"),
        (
            "template: a.pdf\ncouncils:\n  - name: A\n    template: a.pdf\n",
            "template beside 'councils'",
        ),
        (
            "councils:\n  - name: A Council\n    template: a.pdf\n  - name: a council\n    template: b.pdf\n",
            "a-council listed more than once",
        ),
        ("councils:\n  - name: '***'\n    template: a.pdf\n", "with letters or digits"),
    ],
)
def test_malformed_councils_are_refused_with_the_fix(text: str, message: str) -> None:
    with pytest.raises(SourcesError, match=message):
        councils(text)
