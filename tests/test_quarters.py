"""Financial-quarter arithmetic: tables for the fixed facts, hypothesis for the laws."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.quarters import (
    Quarter,
    QuarterError,
    is_quarter_end,
    parse_period_end,
    quarter_range,
)

quarters = st.builds(Quarter, st.integers(1900, 2200), st.integers(1, 4))
days = st.dates(min_value=date(1900, 4, 1), max_value=date(2200, 3, 31))


@pytest.mark.parametrize(
    ("quarter", "period_start", "period_end", "financial_year", "label", "code"),
    [
        (Quarter(2016, 1), date(2016, 4, 1), date(2016, 6, 30), "2016/17", "Q1 2016/17", "2016Q1"),
        (Quarter(2016, 2), date(2016, 7, 1), date(2016, 9, 30), "2016/17", "Q2 2016/17", "2016Q2"),
        (
            Quarter(2016, 3),
            date(2016, 10, 1),
            date(2016, 12, 31),
            "2016/17",
            "Q3 2016/17",
            "2016Q3",
        ),
        (Quarter(2017, 4), date(2018, 1, 1), date(2018, 3, 31), "2017/18", "Q4 2017/18", "2017Q4"),
        (Quarter(1999, 4), date(2000, 1, 1), date(2000, 3, 31), "1999/00", "Q4 1999/00", "1999Q4"),
    ],
)
def test_fields(
    quarter: Quarter,
    period_start: date,
    period_end: date,
    financial_year: str,
    label: str,
    code: str,
) -> None:
    assert quarter.period_start == period_start
    assert quarter.period_end == period_end
    assert quarter.financial_year == financial_year
    assert quarter.label == label == str(quarter)
    assert quarter.code == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-03-31", Quarter(2017, 4)),
        ("2016-06-30", Quarter(2016, 1)),
        ("2018-12-31", Quarter(2018, 3)),
        ("2017Q4", Quarter(2017, 4)),
        ("2016q1", Quarter(2016, 1)),
        (" 2018Q4 ", Quarter(2018, 4)),
        ("Q4 2017/18", Quarter(2017, 4)),
        ("2017/18 Q4", Quarter(2017, 4)),
        ("q2 2018-19", Quarter(2018, 2)),
        ("Q4 1999/00", Quarter(1999, 4)),
    ],
)
def test_parse(text: str, expected: Quarter) -> None:
    assert Quarter.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2018-03-30", "not a quarter end"),
        ("2018-02-30", "not a valid date"),
        ("2017Q5", "not a quarter"),
        ("Q4 2017/19", "not two consecutive years"),
        ("March 2018", "not a quarter"),
        ("", "not a quarter"),
    ],
)
def test_parse_rejects(text: str, message: str) -> None:
    with pytest.raises(QuarterError, match=message):
        Quarter.parse(text)


def test_backfill_range_of_the_samples() -> None:
    """``--from 2016Q1 --to 2018Q4`` is the twelve bundled quarters 2016-06-30 .. 2019-03-31."""
    ends = [q.period_end for q in quarter_range(Quarter.parse("2016Q1"), Quarter.parse("2018Q4"))]
    assert len(ends) == 12
    assert ends[0] == date(2016, 6, 30)
    assert ends[-1] == date(2019, 3, 31)
    assert parse_period_end("2017Q4") == date(2018, 3, 31)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2018, 3, 31), True),
        (date(2018, 6, 30), True),
        (date(2018, 9, 30), True),
        (date(2018, 12, 31), True),
        (date(2018, 4, 1), False),
        (date(2018, 6, 29), False),
        (date(2018, 9, 29), False),
        (date(2018, 12, 30), False),
        (date(2020, 2, 29), False),
    ],
)
def test_is_quarter_end(day: date, expected: bool) -> None:
    assert is_quarter_end(day) is expected


def test_from_period_end_rejects_other_days() -> None:
    with pytest.raises(QuarterError, match="2018-04-01 is not a quarter end"):
        Quarter.from_period_end(date(2018, 4, 1))


def test_containing_accepts_datetimes() -> None:
    assert Quarter.containing(datetime(2018, 3, 31, 23, 59)) == Quarter(2017, 4)
    assert datetime(2018, 1, 1, 0, 0) in Quarter(2017, 4)


def test_quarter_number_must_be_valid() -> None:
    with pytest.raises(QuarterError, match="1-4"):
        Quarter(2018, 0)


@given(quarters)
def test_text_forms_round_trip(quarter: Quarter) -> None:
    assert Quarter.parse(quarter.code) == quarter
    assert Quarter.parse(quarter.label) == quarter
    assert Quarter.parse(quarter.period_end.isoformat()) == quarter


@given(quarters)
def test_quarters_tile_the_calendar(quarter: Quarter) -> None:
    assert quarter.next().period_start == quarter.period_end + timedelta(days=1)
    assert quarter.next().previous() == quarter
    assert quarter.next() > quarter
    assert is_quarter_end(quarter.period_end)
    assert 90 <= (quarter.period_end - quarter.period_start).days + 1 <= 92


@given(days)
def test_every_day_is_in_exactly_its_quarter(day: date) -> None:
    quarter = Quarter.containing(day)
    assert day in quarter
    assert day not in quarter.next()
    assert day not in quarter.previous()
    assert is_quarter_end(day) == (day == quarter.period_end)


@given(quarters, st.integers(-40, 40))
def test_range_length_and_order(first: Quarter, span: int) -> None:
    last = first.shift(span)
    items = list(quarter_range(first, last))
    assert len(items) == max(span + 1, 0)
    assert items == sorted(items)
    if items:
        assert items[0] == first
        assert items[-1] == last
