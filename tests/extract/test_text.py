"""Quote repair and paragraph joining (scorecard.extract.text)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.extract.text import (
    join_lines,
    join_paragraphs,
    reader_text,
    repair_quotes,
    shows_quote_mapping,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("judged $good! or $outstanding!", "judged 'good' or 'outstanding'"),
        (
            "shared with the Council!s Chief Officer Group",
            "shared with the Council's Chief Officer Group",
        ),
        ('such as "Talking Points#, Local Area', 'such as "Talking Points", Local Area'),
        ('such as " Talking Points#, Local', 'such as "Talking Points", Local'),
        ("It is a $front door! measure", "It is a 'front door' measure"),
        (
            "Five of Derby!s six homes have been rated as $good!.",
            "Five of Derby's six homes have been rated as 'good'.",
        ),
        ("Well done! The target was met!", "Well done! The target was met!"),
        ("Target met!", "Target met!"),
        ("Board's managed", "Board's managed"),
        ("plain text", "plain text"),
    ],
)
def test_repair_quotes(raw: str, expected: str) -> None:
    """Mis-mapped quotes become straight quotes in context; a real '!' stays."""
    assert repair_quotes(raw) == expected


@given(
    st.text(
        alphabet=st.characters(categories=["L", "Nd", "Zs", "Po"], exclude_characters='$!#"'),
        max_size=60,
    )
)
def test_text_without_quote_glyphs_is_unchanged(text: str) -> None:
    """Repair only touches the four mis-mapped glyphs."""
    assert repair_quotes(text) == text


@given(st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=6))
def test_quoted_phrases_are_repaired(words: list[str]) -> None:
    """$phrase! always becomes 'phrase'."""
    phrase = " ".join(words)
    assert repair_quotes(f"as ${phrase}! here") == f"as '{phrase}' here"


def test_join_lines_wraps_with_one_space_and_keeps_bullets() -> None:
    """Wrapped lines join with a space; a '-' bullet starts its own line; a word wrapped after
    its hyphen joins without a space, keeping the hyphen."""
    lines = [
        "Actions have included:",
        "- Tackled weak",
        "leadership",
        "-Warning notices",
        "self-",
        "direct and e-",
        "learning for pre-",
        "16s",
    ]
    assert join_lines(lines) == (
        "Actions have included:\n- Tackled weak leadership\n-Warning notices self-direct and"
        " e-learning for pre-16s"
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["rehabili\u00ad", "tation"], "rehabilitation"),
        (["achi\u2010", "eving the e\u2010learning"], "achieving the e-learning"),
        (["a soft\u00adhyphen inside"], "a softhyphen inside"),
        (["YEAR END DATA -", "more"], "YEAR END DATA - more"),
        (["first", "- a bullet"], "first\n- a bullet"),
    ],
)
def test_soft_hyphens_and_dashes(lines: list[str], expected: str) -> None:
    """A soft hyphen or a producer's hyphenation hyphen (U+2010) at a wrap joins the halves and
    is dropped; a lone dash is no wrap hyphen."""
    assert join_lines(lines) == expected


@pytest.mark.parametrize(
    ("texts", "mapped"),
    [
        (["shared with the Council!s Chief Officer"], True),
        (["judged $good! or better"], True),
        (['such as "Talking Points#, Local'], True),
        (["Well done! A $5m saving, item #3."], False),
        (["Council!s view", "the Council\u2019s view"], False),
        ([], False),
    ],
)
def test_quote_mapping_needs_evidence(texts: list[str], mapped: bool) -> None:
    """Only a document that shows the mis-mapped quotes gets them repaired."""
    assert shows_quote_mapping(texts) is mapped


def test_genuine_marks_survive_without_the_mapping() -> None:
    """Without the mapping, '!', '$' and '#' stay; curly quotes become straight ones."""
    text = "Saved $5m! Rated \u2018good\u2019, see \u201cnote\u201d #2."
    assert reader_text(text, mismapped=False) == "Saved $5m! Rated 'good', see \"note\" #2."


def test_join_paragraphs() -> None:
    """Paragraphs are separated by a blank line; quotes repaired; no text gives None."""
    assert join_paragraphs([["First  para", "wraps."], ["Council!s $good!"]]) == (
        "First para wraps.\n\nCouncil's 'good'"
    )
    assert join_paragraphs([]) is None
    assert join_paragraphs([[" "]]) is None
