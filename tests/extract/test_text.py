"""Quote repair and paragraph joining (scorecard.extract.text)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.extract.text import join_lines, join_paragraphs, repair_quotes


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
    """Wrapped lines join with a space; a '-' bullet starts its own line; hyphens kept."""
    lines = [
        "Actions have included:",
        "- Tackled weak",
        "leadership",
        "-Warning notices",
        "self-",
        "direct",
    ]
    assert (
        join_lines(lines)
        == "Actions have included:\n- Tackled weak leadership\n-Warning notices self- direct"
    )


def test_join_paragraphs() -> None:
    """Paragraphs are separated by a blank line; quotes repaired; no text gives None."""
    assert join_paragraphs([["First  para", "wraps."], ["Council!s $good!"]]) == (
        "First para wraps.\n\nCouncil's 'good'"
    )
    assert join_paragraphs([]) is None
    assert join_paragraphs([[" "]]) is None
