"""Words as a reader reads them, from glyph dicts in drawing order (scorecard.extract.words,
scorecard.extract.glyphs): overflow, super/subscripts, faux bold, ligatures."""

from __future__ import annotations

from typing import Any

from scorecard.extract.glyphs import read_glyphs
from scorecard.extract.words import Line, group_words


def _run(text: str, x: float, baseline: float = 500.0, size: float = 8.0) -> list[dict[str, Any]]:
    """Glyph dicts for ``text`` drawn left to right from ``x`` (0.5 em per glyph)."""
    chars = []
    for letter in text:
        width = 0.5 * size
        chars.append(
            {"text": letter, "x0": x, "x1": x + width, "top": 800 - baseline - size,
             "bottom": 800 - baseline, "size": size, "upright": True,
             "matrix": (1, 0, 0, 1, x, baseline)}
        )  # fmt: skip
        x += width
    return chars


def _lines(chars: list[dict[str, Any]]) -> list[Line]:
    return group_words(read_glyphs(chars)[0])


def test_overflowing_word_does_not_interleave() -> None:
    """A long word running into the next column stays whole; the neighbour's words too."""
    chars = _run("rehabilitation/intermediate", 20) + _run("Actual 78.0%", 100)
    (line,) = _lines(chars)
    assert sorted(w.text for w in line.words) == ["78.0%", "Actual", "rehabilitation/intermediate"]


def test_superscript_stays_in_its_word() -> None:
    """'31' then a raised, smaller 'st' is one word '31st' on the line."""
    chars = _run("By 31", 20) + _run("st", 40, baseline=502.5, size=5.0) + _run(" March", 45)
    (line,) = _lines(chars)
    assert line.text == "By 31st March"


def test_subscript_stays_in_its_word() -> None:
    """'CO' then a lowered '2' is 'CO2'."""
    chars = _run("CO", 20) + _run("2", 28, baseline=498.5, size=5.0) + _run(" levels", 30.5)
    assert [line.text for line in _lines(chars)] == ["CO2 levels"]


def test_faux_bold_glyphs_collapse() -> None:
    """A string drawn twice, a fraction of a point apart, reads once; both copies counted."""
    chars = _run("Red", 20) + _run("Red", 20.3)
    glyphs, census = read_glyphs(chars)
    (line,) = group_words(glyphs, census)
    assert line.text == "Red"
    assert (census.drawn, census.doubled, line.glyphs) == (6, 3, 6)


def test_glyph_by_glyph_faux_bold_collapses() -> None:
    """Each glyph drawn twice in a row ('RReedd' in drawing order) reads once."""
    chars = [c for pair in zip(_run("Red", 20), _run("Red", 20.3), strict=True) for c in pair]
    assert [line.text for line in _lines(chars)] == ["Red"]


def test_repeated_letters_are_not_doubles() -> None:
    """'ll' in a word is two glyphs a glyph's width apart, not a double."""
    assert [line.text for line in _lines(_run("well-being", 20))] == ["well-being"]


def test_compatibility_ligatures_expand() -> None:
    """'ﬁ' and 'ﬀ' glyphs read as 'fi' and 'ff'; a non-breaking hyphen as '-'."""
    chars = _run("Unquali\ufb01ed sta\ufb00 e\u2011learning", 20)
    (line,) = _lines(chars)
    assert line.text == "Unqualified staff e-learning"
    assert line.glyphs == len("Unqualifiedstaffe-learning") - 2
