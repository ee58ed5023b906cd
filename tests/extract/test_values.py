"""Value, unit, status and direction parsing (scorecard.extract.values)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.extract.values import (
    Value,
    measure_unit,
    parse_direction,
    parse_number,
    parse_status,
    parse_value,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("98.0%", Value("98.0%", 98.0, "%")),
        ("-2.5%", Value("-2.5%", -2.5, "%")),
        ("12,345.6", Value("12,345.6", 12345.6, None)),
        ("1,000.0", Value("1,000.0", 1000.0, None)),
        ("57.00", Value("57.00", 57.0, None)),
        ("923.0", Value("923.0", 923.0, None)),
        ("13.5 per 100,000 population", Value("13.5", 13.5, "per 100,000 population")),
        ("77.00  per 10,000\npopulation", Value("77.00", 77.0, "per 10,000 population")),
        ("On Track", Value("On Track", None, None)),
        ("Major\nSlippage", Value("Major Slippage", None, None)),
        ("N/A", Value("N/A", None, None)),
        ("", Value(None, None, None)),
        ("   ", Value(None, None, None)),
        (None, Value(None, None, None)),
        ("0", Value("0", 0.0, None)),
        ("1,234,567", Value("1,234,567", 1234567.0, None)),
        ("12,34.5", Value("12,34.5", None, None)),
    ],
)
def test_parse_value(raw: str | None, expected: Value) -> None:
    """Text as printed (whitespace normalised, population unit removed), number, unit."""
    assert parse_value(raw) == expected


@given(
    st.decimals(
        min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False
    )
)
def test_formatted_numbers_round_trip(number: Decimal) -> None:
    """Any number printed with thousands separators (and optionally %) parses back."""
    value = float(number)
    printed = f"{value:,.2f}"
    assert parse_number(printed) == pytest.approx(value)
    parsed = parse_value(printed + "%")
    assert (parsed.text, parsed.unit) == (printed + "%", "%")
    assert parsed.number == pytest.approx(value)


@given(
    st.sampled_from(["per 100,000 population", "per 10,000 population"]),
    st.floats(0, 99999, allow_nan=False),
)
def test_population_unit_is_split_off(unit: str, number: float) -> None:
    """A wrapped population unit never stays in the text."""
    printed = f"{number:.1f}"
    parsed = parse_value(f"{printed} {unit.replace(' population', chr(10) + 'population')}")
    assert (parsed.text, parsed.unit) == (printed, unit)


@given(st.text(alphabet=st.characters(categories=["L", "Zs"]), max_size=20))
def test_text_values_have_no_number(text: str) -> None:
    """Letters-only values keep their (normalised) text and never get a number."""
    parsed = parse_value(text)
    assert parsed.number is None
    assert parsed.text == (" ".join(text.split()) or None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Red", "Red"),
        ("Amber", "Amber"),
        ("Green", "Green"),
        ("Blue", "Blue"),
        ("N/A", "N/A"),
        ("Annual\nCollection", "Annual Collection"),
        ("Annual Collection", "Annual Collection"),
        ("", None),
        (None, None),
    ],
)
def test_parse_status(raw: str | None, expected: str | None) -> None:
    """Status labels as printed, wrapped labels joined; empty cells give None."""
    assert parse_status(raw) == expected


@pytest.mark.parametrize("raw", ["Purple", "Red Red", "On Track"])
def test_unknown_status_is_an_error(raw: str) -> None:
    """Anything else is not silently accepted."""
    with pytest.raises(ValueError, match="not a status label"):
        parse_status(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Improving", "Improving"),
        ("Deteriorating", "Deteriorating"),
        ("N/A", "N/A"),
        ("", None),
        (None, None),
    ],
)
def test_parse_direction(raw: str | None, expected: str | None) -> None:
    """Direction of travel labels."""
    assert parse_direction(raw) == expected


def test_unknown_direction_is_an_error() -> None:
    """A direction we do not know is an error, not a guess."""
    with pytest.raises(ValueError, match="not a direction"):
        parse_direction("Sideways")


def test_measure_unit_is_the_first_unit_printed() -> None:
    """A measure's unit comes from any of its values (an empty actual has none)."""
    assert measure_unit([parse_value("On Track"), parse_value(None), parse_value("98.0%")]) == "%"
    assert measure_unit([parse_value("60.0"), parse_value("33.0")]) is None
