"""Page geometry (scorecard.extract.layout) and whole-report assembly on PDFs of our own drawing.

These PDFs use another geometry than the sample generator (centred header labels, ruling lines
instead of cell boxes, or no rulings at all, other widths), so passing them shows the extractor
reads the page rather than one renderer's coordinates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.extract.pdfs import Row, measure, scorecard_pdf

from scorecard.extract import extract_report
from scorecard.extract.colours import colour_name
from scorecard.extract.glyphs import read_glyphs
from scorecard.extract.header import map_columns
from scorecard.extract.reading import Reading
from scorecard.extract.rulings import Rulings
from scorecard.extract.words import WORD_GAP_EM, Line, Word, word_gap_threshold
from scorecard.extract.words import group_words as group_glyphs


def group_words(chars: list[dict[str, Any]]) -> list[Line]:
    """Lines from pdfplumber-like glyph dicts (in drawing order)."""
    return group_glyphs(read_glyphs(chars)[0])


def _glyphs(
    words: list[str], *, size: float = 7.5, letter_gaps: list[float], word_gap: float
) -> list[dict[str, Any]]:
    """Glyph dicts (as pdfplumber gives them) for words set one glyph at a time."""
    chars: list[dict[str, Any]] = []
    x = 20.0
    for w_index, word in enumerate(words):
        if w_index:
            x += word_gap
        for c_index, letter in enumerate(word):
            width = 0.5 * size
            chars.append(
                {"text": letter, "x0": x, "x1": x + width, "top": 100.0, "bottom": 100.0 + size,
                 "size": size, "upright": True, "matrix": (1, 0, 0, 1, x, 500.0)}
            )  # fmt: skip
            x += width + (
                letter_gaps[(w_index + c_index) % len(letter_gaps)]
                if c_index < len(word) - 1
                else 0
            )
    return chars


def test_letter_spaced_glyphs_group_into_words() -> None:
    """Irregular letter gaps (up to ~0.19 em) do not split words; word gaps (~0.55 em) do."""
    words = ["The", "target", "of", "1,000", "was", "missed"]
    chars = _glyphs(words, letter_gaps=[0.0, 1.4, 0.16, 1.1, 0.3], word_gap=4.1)
    lines = group_words(chars)
    assert [w.text for w in lines[0].words] == words


@given(
    st.lists(st.from_regex(r"[A-Za-z0-9,.%]{1,10}", fullmatch=True), min_size=2, max_size=12),
    st.lists(st.floats(0.0, 1.45), min_size=1, max_size=7),
)
def test_word_grouping_is_geometric(words: list[str], letter_gaps: list[float]) -> None:
    """Whatever the letter gaps below ~0.19 em, words come back exactly as set."""
    lines = group_words(_glyphs(words, letter_gaps=letter_gaps, word_gap=4.1))
    assert [w.text for w in lines[0].words] == words


def test_space_glyphs_separate_words_without_letter_spacing() -> None:
    """Plain text with space glyphs (the alt style, most PDFs) splits at the spaces."""
    chars = _glyphs(["Target", "On", "Track"], letter_gaps=[0.0], word_gap=0.0)
    spaced: list[dict[str, Any]] = []
    for char in chars:
        if spaced and char["x0"] == spaced[-1]["x1"] and char["text"] in "OT":
            spaced.append({**char, "text": " ", "x1": char["x0"]})
        spaced.append(char)
    assert [w.text for w in group_words(spaced)[0].words] == ["Target", "On", "Track"]


@pytest.mark.parametrize(
    ("gaps", "low", "high"),
    [
        ([[0.0, 0.02, 0.15, 0.19, 0.55, 0.6, 0.0, 0.18]], 0.19, 0.55),
        ([[0.0, 0.0, 0.01]], WORD_GAP_EM, WORD_GAP_EM),
        ([], WORD_GAP_EM, WORD_GAP_EM),
    ],
)
def test_word_gap_threshold(gaps: list[list[float]], low: float, high: float) -> None:
    """The threshold sits in the empty stretch between letter gaps and word gaps."""
    assert low <= word_gap_threshold(gaps) <= high


@pytest.mark.parametrize(
    ("rgb", "name"),
    [
        ((1.0, 0.38, 0.38), "Red"),
        ((0.85, 0.2, 0.2), "Red"),
        ((1.0, 0.76, 0.25), "Amber"),
        ((0.95, 0.6, 0.1), "Amber"),
        ((0.45, 0.82, 0.45), "Green"),
        ((0.2, 0.65, 0.3), "Green"),
        ((0.42, 0.65, 1.0), "Blue"),
        ((0.25, 0.45, 0.85), "Blue"),
        ((1.0, 0.753, 0.0), "Amber"),  # Office amber #FFC000
        ((1.0, 0.0, 0.0), "Red"),  # Office red
        ((0.0, 0.69, 0.314), "Green"),  # Office green #00B050
        ((0.98, 0.502, 0.447), "Red"),  # salmon #FA8072
        ((0.831, 0.208, 0.11), "Red"),  # GOV.UK red #D4351C
        ((0.957, 0.467, 0.22), "Amber"),  # GOV.UK orange #F47738
        ((1.0, 0.867, 0.0), "Amber"),  # GOV.UK yellow #FFDD00
        ((0.0, 0.439, 0.235), "Green"),  # GOV.UK green #00703C
        ((0.114, 0.439, 0.722), "Blue"),  # GOV.UK blue #1D70B8
        ((1.0, 0.78, 0.808), "Red"),  # pastel red #FFC7CE
        ((1.0, 0.922, 0.612), "Amber"),  # pastel amber #FFEB9C
        ((0.776, 0.937, 0.808), "Green"),  # pastel green #C6EFCE
        ((0.82, 0.74, 0.95), None),  # a purple: no status colour
        ((0.8, 0.8, 0.8), "grey"),
        ((1.0, 1.0, 1.0), "white"),
        (None, None),
    ],
)
def test_colour_name(rgb: tuple[float, float, float] | None, name: str | None) -> None:
    """Status fills of both sample styles and of common palettes classify by hue family."""
    assert colour_name(rgb) == name


def _line(*words: tuple[str, float]) -> Line:
    """A header line of (text, x0) words, 5 pt per character."""
    items = [Word(t, x, x + 5 * len(t), 10, 17, 7, 500) for t, x in words]
    return Line(items, 10, 17, 500, 7)


def test_header_columns_resolve_shared_words() -> None:
    """'Performance' and 'Target' join the label they complete: col 3 or col 4 / col 1 or col 3."""
    first = _line(
        ("Measure", 10), ("Details", 50), ("Quarterly", 150), ("Forecast", 220), ("Performance", 290),
        ("Context", 370), ("for", 410), ("Current", 430), ("Performance", 470),
        ("Improvement", 560), ("Actions", 620), ("Taken", 660), ("Intervention", 720), ("/", 785), ("Review", 792),
    )  # fmt: skip
    second = _line(("Target", 152), ("Year", 222), ("End", 245), ("VS", 292), ("Target", 305))
    third = _line(("Status", 152), ("Status", 222))
    mapped = map_columns([first, second, third], Rulings(), Reading.of())
    assert mapped.fields == (
        "measure_details", "quarterly", "forecast", "direction_of_travel", "context",
        "improvement_actions", "intervention_review",
    )  # fmt: skip
    spans = mapped.spans
    assert spans[3] == (290, 345)  # "Performance VS Target" only
    assert spans[4] == (370, 525)  # "Context for Current Performance"
    assert spans[1] == (150, 195)


def test_header_without_a_label_misses_it() -> None:
    """All seven labels of the Derby template are required; a word no label has is unknown."""
    mapped = map_columns(
        [_line(("Measure", 10), ("Details", 50), ("Context", 370), ("Risk", 450))],
        Rulings(),
        Reading.of(),
    )
    assert "quarterly" in mapped.missing and "context" in mapped.missing
    assert [c.text for c in mapped.unknown] == ["Context Risk"]


PAGES: list[list[Row | str]] = [
    [
        "Directorate : People Services",
        measure("HR PM12b", "Staff turnover"),
        measure("AHH Local 2A2 (ii)", "Adults aged 65", "Blue", performance=["Deteriorating"]),
        "Directorate : Communities & Place",
    ],
    [
        measure(
            "Regen PM21",
            "Number of new",
            "Annual Collection",
            details=["Regen PM21 Number of new", "businesses"],
        ),
        measure("CP 08f", "Sickness", "Green", context=["Long context", "that wraps"]),
    ],
    [Row(details=[], context=["and continues here."], intervention=["- more"])],
]


@pytest.mark.parametrize("rulings", [True, False], ids=["ruled", "unruled"])
def test_own_geometry(tmp_path: Path, rulings: bool) -> None:
    """Banners (one at a page bottom), centred header labels, a row continued over a page
    break, with ruling lines or with none at all."""
    pdf = scorecard_pdf(tmp_path / "own.pdf", PAGES, rulings=rulings)
    result = extract_report(pdf).to_dict()
    summary = [
        (m["directorate"], m["measure_code"], m["measure_title"], m["quarterly_status"], m["pages"])
        for m in result["measures"]
    ]
    assert summary == [
        ("People Services", "HR PM12b", "Staff turnover", "Red", [1]),
        ("People Services", "AHH Local 2A2 (ii)", "Adults aged 65", "Blue", [1]),
        ("Communities & Place", "Regen PM21", "Number of new businesses", "Annual Collection", [2]),
        ("Communities & Place", "CP 08f", "Sickness", "Green", [2, 3]),
    ]
    last = result["measures"][-1]
    assert last["context"] == "Long context that wraps and continues here."
    assert last["intervention_review"] == "Reviewed in 2018.\n- more"
    assert result["measures"][0]["context"] == "Context line one wraps here.\n\nSecond paragraph."
    assert result["report"]["page_count"] == 3


def test_footer_words_inside_a_cell_do_not_end_the_table(tmp_path: Path) -> None:
    """'Page 2 of 4' inside commentary is text, not the page footer."""
    rows: list[Row | str] = [
        measure("HR PM12b", "Staff", context=["As set out on Page 2 of 4 of the plan."]),
        measure("HR PM13", "Leavers"),
    ]
    result = extract_report(scorecard_pdf(tmp_path / "page-words.pdf", [rows])).to_dict()
    assert [m["measure_code"] for m in result["measures"]] == ["HR PM12b", "HR PM13"]
    assert result["measures"][0]["context"] == "As set out on Page 2 of 4 of the plan."


def test_baseline_jitter_keeps_one_line() -> None:
    """Glyphs of one line placed with a little vertical jitter are still one line, in x order."""
    chars = _glyphs(["Target", "98.0%"], letter_gaps=[0.0], word_gap=4.0)
    for index, char in enumerate(chars):
        jitter = 0.2 if index % 2 else -0.2
        char["matrix"] = (1, 0, 0, 1, char["x0"], 500.05 + jitter)
    lines = group_words(chars)
    assert [line.text for line in lines] == ["Target 98.0%"]


@pytest.mark.parametrize("rulings", [True, False], ids=["ruled", "unruled"])
def test_measure_cell_continued_on_next_page(tmp_path: Path, rulings: bool) -> None:
    """A row whose Measure Details and value cells run over the page break is one measure."""
    first = measure(
        "SS PM07",
        "Children in Care",
        details=["SS PM07 - Children in Care per"],
        quarterly=["Red", "Quarterly data", "Target 77.00", "per 10,000"],
    )
    rest = Row(
        details=["10,000 population"], quarterly=["population", "Actual 83.20"], context=["tail."]
    )
    pages: list[list[Row | str]] = [["Directorate : People Services", first], [rest]]
    (result,) = extract_report(
        scorecard_pdf(tmp_path / "split.pdf", pages, rulings=rulings)
    ).to_dict()["measures"]
    assert (result["measure_code"], result["measure_title"]) == (
        "SS PM07",
        "Children in Care per 10,000 population",
    )
    assert (result["quarterly_target_text"], result["quarterly_actual_text"]) == ("77.00", "83.20")
    assert result["unit"] == "per 10,000 population"
    assert result["context"] == "Context line one wraps here.\n\nSecond paragraph. tail."
    assert result["pages"] == [1, 2]
