"""Layout profile files: the default reads today's template, and every mistake in a profile is a
typed one-line configuration error naming the file and what to change."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard.cli import main
from scorecard.errors import Category, category_of
from scorecard.extract.inspect import slug
from scorecard.ingest.sources import SourcesError, parse_sources
from scorecard.profiles import Profile, ProfileError, load_profile, profile_names
from scorecard.profiles.model import normalise

CHILD = "version: 1\nname: {name}\nextends: [derby]\n"


def _profile(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _refused(folder: Path, name: str, match: str) -> ProfileError:
    with pytest.raises(ProfileError, match=match) as caught:
        load_profile(name, [folder])
    assert "\n" not in str(caught.value)
    assert category_of(caught.value) is Category.CONFIGURATION
    return caught.value


def test_the_default_profile_declares_the_derby_template() -> None:
    derby = load_profile()
    assert derby.name == "derby" and derby.file == "profiles/derby.yml"
    assert derby.field_of("Forecast  Year End\nStatus") == ("column", "forecast")
    assert derby.field_of("Intervention/Review") == ("column", "intervention_review")
    assert derby.field_of("Previous Quarter Status") == ("extra", "previous_quarter_status")
    assert derby.status_of("Annual\nCollection") == "Annual Collection"
    assert derby.direction_of("Stable") is None
    assert {"derby", "spreadsheet"} <= set(profile_names())
    assert Profile.from_dict(derby.to_dict()) == derby


def test_a_profile_extends_another_adding_words(tmp_path: Path) -> None:
    _profile(
        tmp_path,
        "council",
        CHILD.format(name="council")
        + "directions:\n  No change: [Stable]\nstatuses:\n  Red: {labels: [RED RAG]}\n"
        "ignore: [Notes]\n",
    )
    council = load_profile("council", [tmp_path])
    assert council.direction_of("Stable") == "No change"
    red = council.statuses[0]
    assert red.labels == ("Red", "RED RAG") and red.colour == "#b1212a" and red.fill == "red"
    assert council.field_of("notes") == ("ignore", "ignore")
    assert council.files == ("profiles/derby.yml", str(tmp_path / "council.yml"))


def test_an_unknown_key_is_refused(tmp_path: Path) -> None:
    _profile(tmp_path, "typo", CHILD.format(name="typo") + "colums: {}\n")
    error = _refused(tmp_path, "typo", r"typo.yml: unknown key\(s\) colums; expected some of")
    assert "columns" in str(error)


def test_two_profiles_claiming_a_header_are_refused(tmp_path: Path) -> None:
    _profile(
        tmp_path, "clash", CHILD.format(name="clash") + "extras:\n  details: [Measure Details]\n"
    )
    _refused(
        tmp_path,
        "clash",
        r"header 'Measure Details' is claimed by two profiles: 'derby' as column "
        r"'measure_details' and 'clash' as extra 'details'",
    )


def test_one_header_for_two_fields_in_one_file_is_refused(tmp_path: Path) -> None:
    _profile(
        tmp_path,
        "twice",
        "version: 1\nname: twice\ncolumns:\n  context: [Notes]\n  improvement_actions: [notes]\n"
        "statuses:\n  Red: {labels: [Red]}\n",
    )
    _refused(tmp_path, "twice", r"header 'notes' is claimed twice")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("directions:\n  Improving: [Better]\n  Deteriorating: [better]\n", "printed for both"),
        ("statuses:\n  Red: {labels: [Red], colour: red}\n", "expected a colour such as"),
        ("statuses:\n  Red: {fill: pink}\n", "fill: expected one of red, amber"),
        ("columns:\n  risk: [Risk]\n", "unknown field 'risk'"),
        ("extras:\n  Risk Rating: [Risk]\n", "expected a new lower_case name"),
        ("report:\n  period_formats: [mm/dd/yyyy]\n", "period_formats: expected some of"),
        ("required: [everything]\n", r"unknown field\(s\) everything"),
        ("version: 2\n", "version 2 is not supported"),
        ("measure_codes: '(['\n", "not a regular expression"),
    ],
)
def test_malformed_declarations_are_refused(tmp_path: Path, text: str, match: str) -> None:
    _profile(tmp_path, "bad", CHILD.format(name="bad") + text)
    with pytest.raises(ProfileError, match=match) as caught:
        profile = load_profile("bad", [tmp_path])
        if profile.measure_codes != "open":
            from scorecard.extract.reading import Reading

            Reading.of(profile)
    assert "\n" not in str(caught.value)


def test_a_cycle_and_a_missing_profile_are_refused(tmp_path: Path) -> None:
    _profile(tmp_path, "a", "version: 1\nname: a\nextends: [b]\n")
    _profile(tmp_path, "b", "version: 1\nname: b\nextends: [a]\n")
    _refused(tmp_path, "a", r"extends itself \(a -> b -> a\)")
    _refused(tmp_path, "nowhere", r"layout profile 'nowhere' not found .*known: .*derby")


def test_sources_name_a_profile_per_source_and_per_quarter(tmp_path: Path) -> None:
    sources = parse_sources(
        {
            "template": "x/{period_end}.pdf",
            "profile": "spreadsheet",
            "profiles": {"2016-06-30": "derby"},
        },
        tmp_path / "sources.yml",
    )
    from datetime import date

    assert sources.profile_for(date(2016, 6, 30)) == "derby"
    assert sources.profile_for(date(2018, 3, 31)) == "spreadsheet"
    with pytest.raises(SourcesError, match=r"profile: layout profile 'nope' not found"):
        parse_sources({"template": "x.pdf", "profile": "nope"}, tmp_path / "sources.yml")


def test_inspect_with_a_broken_profile_exits_4_with_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["inspect", "samples/reports/derby-scorecard-2018-03-31.pdf", "--profile", "nope"]
    )
    assert result.exit_code == 4
    assert result.output.count("\n") == 1 and "layout profile 'nope' not found" in result.output


def test_labels_are_compared_normalised() -> None:
    assert normalise(" Intervention /\nReview: ") == "intervention/review"
    assert slug("Risk Rating", set()) == "risk_rating"
    assert slug("2019 target", {"field_2019_target"}) == "field_2019_target_2"
