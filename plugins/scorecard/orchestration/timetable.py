"""``QuarterlyTimetable``: one ingest run per financial quarter, once its report is due.

A run's data interval is its quarter (:mod:`scorecard.quarters`): from midnight UTC of the
first day to midnight UTC of the last, so ``data_interval_end.date()`` is the report's
``period_end``; it runs the publication lag after the quarter ends. :func:`run_quarter` is the
one place a run's quarter is derived (the DAG's tasks, failure lines, status, backfill). First,
next, catch-up and manual runs follow Airflow's data-interval timetables; run ids carry the quarter
(``scheduled__2017Q4``). ``plugins/scorecard_plugin.py`` registers the class so that the
scheduler can rebuild it from the serialized DAG (:meth:`serialize` / :meth:`deserialize`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import pendulum
from airflow.timetables.base import DagRunInfo, DataInterval, TimeRestriction, Timetable
from airflow.utils.types import DagRunType
from pendulum import DateTime

from scorecard.quarters import Quarter, QuarterError, parse_period_end

DEFAULT_PUBLICATION_LAG = timedelta(days=60)
"""Councils publish the quarterly scorecard some two months after the quarter ends."""


def _midnight(day: date) -> DateTime:
    """Midnight UTC at the start of ``day``."""
    return pendulum.datetime(day.year, day.month, day.day, tz="UTC")


def _utc_date(moment: datetime) -> date:
    """The calendar date of an aware datetime, in UTC."""
    return pendulum.instance(moment).in_timezone("UTC").date()


def run_quarter(period_end: str | None, data_interval_end: datetime | None) -> Quarter:
    """The quarter of a ``scorecard_ingest`` run: its ``period_end`` param when given, else the
    quarter its data interval ends (this timetable's intervals are quarters); never the clock.

    Raises :class:`~scorecard.quarters.QuarterError` for a bad ``period_end``, or a manual run
    with neither, saying what to pass.
    """
    if period_end:
        return Quarter.from_period_end(parse_period_end(str(period_end)))
    if data_interval_end is None:
        raise QuarterError(
            "this run has no period_end param and no data interval: trigger it with "
            '{"period_end": "YYYY-MM-DD"} (a quarter end, e.g. 2018-03-31)'
        )
    return Quarter.containing(_utc_date(data_interval_end))


def quarter_of_run(
    conf: Mapping[str, Any] | None, data_interval_end: datetime | None
) -> Quarter | None:
    """:func:`run_quarter` from a run's conf (or params), or None when it has no valid quarter
    (such a run fails at once, saying why); for status lines, notes and log lines."""
    try:
        return run_quarter((conf or {}).get("period_end"), data_interval_end)
    except QuarterError:
        return None


class QuarterlyTimetable(Timetable):
    """Financial quarters (Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar), each run after a publication lag."""

    def __init__(self, publication_lag: timedelta | int = DEFAULT_PUBLICATION_LAG) -> None:
        lag = (
            publication_lag
            if isinstance(publication_lag, timedelta)
            else timedelta(days=publication_lag)
        )
        self.publication_lag = lag
        days = lag.total_seconds() / 86400
        self.description = (
            "Financial quarters ending 30 Jun, 30 Sep, 31 Dec and 31 Mar; "
            f"each run {days:g} days after its quarter ends"
        )

    # -- Airflow protocol --------------------------------------------------------------------------
    @property
    def summary(self) -> str:
        return f"quarterly +{self.publication_lag.days}d"

    def serialize(self) -> dict[str, Any]:
        return {"publication_lag_seconds": self.publication_lag.total_seconds()}

    @classmethod
    def deserialize(cls, data: dict[str, Any]) -> Timetable:
        return cls(timedelta(seconds=data["publication_lag_seconds"]))

    def validate(self) -> None:
        if self.publication_lag < timedelta(0):
            from airflow.exceptions import AirflowTimetableInvalid

            raise AirflowTimetableInvalid(
                f"publication_lag must not be negative, got {self.publication_lag}"
            )

    def infer_manual_data_interval(self, *, run_after: DateTime) -> DataInterval:
        return self.data_interval(self.latest_due(run_after))

    def generate_run_id(
        self,
        *,
        run_type: DagRunType,
        run_after: DateTime,
        data_interval: DataInterval | None,
        **extra: Any,
    ) -> str:
        """``scheduled__2017Q4``: the quarter, not the date the run became due."""
        if data_interval is None:
            return super().generate_run_id(
                run_type=run_type, run_after=run_after, data_interval=data_interval, **extra
            )
        code = run_quarter(None, data_interval.end).code
        if run_type == DagRunType.SCHEDULED:
            return run_type.generate_run_id(suffix=code)
        return run_type.generate_run_id(suffix=f"{code}__{run_after.isoformat()}")

    def next_dagrun_info(
        self,
        *,
        last_automated_data_interval: DataInterval | None,
        restriction: TimeRestriction,
    ) -> DagRunInfo | None:
        if last_automated_data_interval is not None:
            quarter = run_quarter(None, last_automated_data_interval.end).next()
        elif restriction.earliest is None:
            return None  # no start_date: never scheduled
        else:
            quarter = self.first_quarter(restriction.earliest)
        if not restriction.catchup:
            quarter = max(quarter, self.latest_due(pendulum.now("UTC")))
        if (
            restriction.latest is not None
            and self.data_interval(quarter).start > restriction.latest
        ):
            return None
        return DagRunInfo(
            run_after=self.run_after(quarter), data_interval=self.data_interval(quarter)
        )

    # -- quarter arithmetic ------------------------------------------------------------------------
    @staticmethod
    def data_interval(quarter: Quarter) -> DataInterval:
        """First day .. last day of the quarter, both at midnight UTC."""
        return DataInterval(_midnight(quarter.period_start), _midnight(quarter.period_end))

    def run_after(self, quarter: Quarter) -> DateTime:
        """When the quarter's run is due: the end of its last day plus the publication lag."""
        return _midnight(quarter.period_end + timedelta(days=1)) + self.publication_lag

    @staticmethod
    def first_quarter(earliest: datetime) -> Quarter:
        """The first quarter starting on or after ``earliest``'s UTC date."""
        day = _utc_date(earliest)
        quarter = Quarter.containing(day)
        return quarter if quarter.period_start == day else quarter.next()

    def latest_due(self, moment: datetime) -> Quarter:
        """The latest quarter whose run is due at ``moment``."""
        cutoff = pendulum.instance(moment).in_timezone("UTC") - self.publication_lag
        last_full_day = _utc_date(cutoff) - timedelta(days=1)
        quarter = Quarter.containing(last_full_day)
        return quarter if quarter.period_end == last_full_day else quarter.previous()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QuarterlyTimetable):
            return NotImplemented
        return self.publication_lag == other.publication_lag

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.publication_lag))

    def __repr__(self) -> str:
        return f"QuarterlyTimetable(publication_lag={self.publication_lag!r})"
