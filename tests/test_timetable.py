"""QuarterlyTimetable: first run, next run, catchup, manual runs, and Airflow serialization."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta

import pendulum
import pytest

from scorecard.settings import apply_runtime_environment

apply_runtime_environment()  # Airflow home and plugins folder before Airflow is imported

from airflow.timetables.base import DagRunInfo, DataInterval, TimeRestriction  # noqa: E402

from scorecard.orchestration.timetable import QuarterlyTimetable, run_quarter  # noqa: E402
from scorecard.quarters import Quarter, quarter_range  # noqa: E402


def utc(y: int, m: int, d: int) -> pendulum.DateTime:
    return pendulum.datetime(y, m, d, tz="UTC")


def midnight(day: date) -> pendulum.DateTime:
    return utc(day.year, day.month, day.day)


TT = QuarterlyTimetable()
FIRST_SAMPLE_START = utc(2016, 4, 1)


def interval(start: tuple[int, int, int], end: tuple[int, int, int]) -> DataInterval:
    return DataInterval(utc(*start), utc(*end))


def next_info(
    last: DataInterval | None,
    earliest: datetime | None = FIRST_SAMPLE_START,
    *,
    catchup: bool = True,
    latest: datetime | None = None,
    timetable: QuarterlyTimetable = TT,
) -> DagRunInfo | None:
    return timetable.next_dagrun_info(
        last_automated_data_interval=last,
        restriction=TimeRestriction(earliest=earliest, latest=latest, catchup=catchup),
    )


def test_first_run_is_the_first_sample_quarter() -> None:
    info = next_info(None)
    assert info is not None and info.data_interval is not None
    assert info.data_interval == interval((2016, 4, 1), (2016, 6, 30))
    assert info.run_after == utc(2016, 8, 30)  # end of 30 June + 60 days
    assert info.logical_date == utc(2016, 4, 1)
    assert info.data_interval.end.date() == date(2016, 6, 30)  # the period end


@pytest.mark.parametrize(
    ("start_date", "first_period_end"),
    [
        (utc(2016, 4, 1), date(2016, 6, 30)),
        (pendulum.datetime(2016, 4, 1, 6, 30, tz="UTC"), date(2016, 6, 30)),
        (utc(2016, 4, 2), date(2016, 9, 30)),  # mid-quarter: the next whole quarter
        (utc(2016, 6, 30), date(2016, 9, 30)),
        (utc(2018, 1, 1), date(2018, 3, 31)),
    ],
)
def test_first_run_aligns_to_a_quarter_start(start_date: datetime, first_period_end: date) -> None:
    info = next_info(None, start_date)
    assert info is not None and info.data_interval is not None
    assert info.data_interval.end.date() == first_period_end


def test_no_start_date_no_run() -> None:
    assert next_info(None, None) is None


def test_after_a_previous_run() -> None:
    info = next_info(interval((2017, 10, 1), (2017, 12, 31)))
    assert info is not None and info.data_interval is not None
    assert info.data_interval == interval((2018, 1, 1), (2018, 3, 31))
    assert info.run_after == utc(2018, 5, 31)
    assert run_quarter(None, info.data_interval.end) == Quarter.parse("2017Q4")


def test_catchup_walks_every_quarter_in_order() -> None:
    """From the first sample quarter, twelve runs in a row give the twelve sample quarters."""
    last: DataInterval | None = None
    ends = []
    for _ in range(12):
        info = next_info(last)
        assert info is not None and info.data_interval is not None
        assert info.run_after > info.data_interval.end
        ends.append(info.data_interval.end.date())
        last = info.data_interval
    expected = quarter_range(Quarter.parse("2016Q1"), Quarter.parse("2018Q4"))
    assert ends == [q.period_end for q in expected]


def test_end_date_stops_the_schedule() -> None:
    last = interval((2018, 10, 1), (2018, 12, 31))
    assert next_info(last, latest=utc(2018, 12, 31)) is None
    assert next_info(last, latest=utc(2019, 1, 1)) is not None


def test_without_catchup_jumps_to_the_latest_due_quarter() -> None:
    now = pendulum.now("UTC")
    info = next_info(None, catchup=False)
    assert info is not None and info.data_interval is not None
    quarter = run_quarter(None, info.data_interval.end)
    assert info.run_after <= now < TT.run_after(quarter.next())


def test_without_catchup_a_future_start_waits_for_it() -> None:
    start = pendulum.now("UTC").add(years=2)
    info = next_info(None, start, catchup=False)
    assert info is not None and info.data_interval is not None
    assert info.data_interval.start >= start.start_of("day")


def test_publication_lag_is_configurable() -> None:
    info = next_info(None, timetable=QuarterlyTimetable(publication_lag=10))
    assert info is not None
    assert info.run_after == utc(2016, 7, 11)


@pytest.mark.parametrize(
    ("run_after", "period_end"),
    [
        (utc(2018, 5, 31), date(2018, 3, 31)),  # the moment Q4 2017/18 is due
        (utc(2018, 5, 30), date(2017, 12, 31)),  # a day early: still the previous quarter
        (pendulum.datetime(2018, 8, 1, 12, tz="UTC"), date(2018, 3, 31)),
        (utc(2018, 8, 30), date(2018, 6, 30)),
    ],
)
def test_manual_run_interval(run_after: pendulum.DateTime, period_end: date) -> None:
    data_interval = TT.infer_manual_data_interval(run_after=run_after)
    quarter = Quarter.from_period_end(period_end)
    assert data_interval == DataInterval(midnight(quarter.period_start), midnight(period_end))


def test_serialize_round_trip() -> None:
    timetable = QuarterlyTimetable(publication_lag=timedelta(days=45))
    assert QuarterlyTimetable.deserialize(timetable.serialize()) == timetable
    assert timetable.serialize() == {"publication_lag_seconds": 45 * 86400.0}
    assert timetable.summary == "quarterly +45d"


def test_negative_lag_is_invalid() -> None:
    from airflow.exceptions import AirflowTimetableInvalid

    with pytest.raises(AirflowTimetableInvalid, match="must not be negative"):
        QuarterlyTimetable(publication_lag=-1).validate()


def test_registered_through_the_plugin_and_serialized_by_airflow() -> None:
    """The scheduler can rebuild the timetable: the plugin registers it, Airflow round-trips it."""
    from airflow import plugins_manager
    from airflow.serialization.decoders import decode_timetable
    from airflow.serialization.encoders import encode_timetable

    registered = plugins_manager.get_timetables_plugins()
    assert (
        registered.get("scorecard.orchestration.timetable.QuarterlyTimetable") is QuarterlyTimetable
    )
    # plugins/.airflowignore keeps the package's modules from being loaded as top-level modules
    # (plugins/scorecard/cli/airflow.py would otherwise replace the `airflow` module itself)
    assert plugins_manager.get_import_errors() == {}
    assert "site-packages" in str(sys.modules["airflow"].__file__)

    timetable = QuarterlyTimetable(publication_lag=30)
    encoded = encode_timetable(timetable)
    assert decode_timetable(encoded) == timetable


def test_run_ids_carry_the_quarter() -> None:
    from airflow.utils.types import DagRunType

    q4 = Quarter.parse("2017Q4")
    interval = TT.data_interval(q4)
    scheduled = TT.generate_run_id(
        run_type=DagRunType.SCHEDULED, run_after=TT.run_after(q4), data_interval=interval
    )
    assert scheduled == "scheduled__2017Q4"
    manual = TT.generate_run_id(
        run_type=DagRunType.MANUAL, run_after=utc(2026, 12, 1), data_interval=interval
    )
    assert manual.startswith("manual__2017Q4__2026-12-01")
    # without a data interval (a manual run that only names its period_end) Airflow's own id
    bare = TT.generate_run_id(
        run_type=DagRunType.MANUAL, run_after=utc(2026, 12, 1), data_interval=None
    )
    assert bare.startswith("manual__2026-12-01")
