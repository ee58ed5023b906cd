"""``QuarterlyTimetable``: one ingest run per financial quarter, after its report is due.

Each run's data interval is a financial quarter (see :mod:`scorecard.quarters`):

- ``data_interval_start`` = midnight UTC of the quarter's first day (the day after the previous
  quarter end), e.g. 2018-01-01T00:00Z; the run's logical date;
- ``data_interval_end`` = midnight UTC of the quarter's **last** day, the period end, e.g.
  2018-03-31T00:00Z, so ``data_interval_end.date()`` is the report's ``period_end``
  (the interval is read as inclusive dates, not as a half-open range of instants);
- ``run_after`` = the end of the quarter's last day plus ``publication_lag`` (60 days by
  default): the Q4 2017/18 run is created at 2018-05-31T00:00Z.

The quarter of a run is ``Quarter.containing(data_interval_start)`` (:func:`quarter_of_run`).

Scheduling follows Airflow's data-interval timetables:

- first run: the first quarter starting on or after the DAG's ``start_date`` (its date in UTC;
  use ``start_date=datetime(2016, 4, 1, tzinfo=UTC)`` for Q1 2016/17, period end 2016-06-30);
- next run: the quarter after the last automated run's quarter;
- ``catchup=True``: every quarter from the first one, each as soon as its ``run_after`` passes;
  ``catchup=False``: jump to the latest quarter whose ``run_after`` has passed;
- ``end_date``: no quarter starting after it;
- manual runs (:meth:`infer_manual_data_interval`): the latest quarter whose ``run_after`` is at
  or before the trigger time, i.e. the quarter a scheduled run would have handled last. The
  ingest DAG's ``period_end`` param should override it (a manual run never derives its quarter
  from the clock).

Run ids carry the quarter (:meth:`QuarterlyTimetable.generate_run_id`): ``scheduled__2017Q4``
for the scheduled run of Q4 2017/18, ``manual__2017Q4__<trigger time>`` for a manual run with a
data interval. Airflow names backfill runs itself (``backfill__<quarter's first day>``); the
plugin's listener (:mod:`scorecard.run_notes`) writes the quarter as every run's note, which the
UI shows beside the run.

Airflow 3 stores a custom timetable in the serialized DAG by its import path plus
:meth:`serialize`; the scheduler and API server rebuild it with :meth:`deserialize`, looking the
class up among timetables registered by plugins. ``plugins/scorecard_plugin.py`` registers it
(Airflow imports the ``.py`` files of ``[core] plugins_folder``, which the project's runtime
environment points at ``plugins/``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pendulum
from airflow.timetables.base import DagRunInfo, DataInterval, TimeRestriction, Timetable
from airflow.utils.types import DagRunType
from pendulum import DateTime

from scorecard.quarters import Quarter

DEFAULT_PUBLICATION_LAG = timedelta(days=60)
"""Councils publish the quarterly scorecard some two months after the quarter ends."""


def _midnight(day: date) -> DateTime:
    """Midnight UTC at the start of ``day``."""
    return pendulum.datetime(day.year, day.month, day.day, tz="UTC")


def _utc_date(moment: datetime) -> date:
    """The calendar date of an aware datetime, in UTC."""
    return pendulum.instance(moment).in_timezone("UTC").date()


def quarter_of_run(data_interval_start: datetime) -> Quarter:
    """The quarter a run of :class:`QuarterlyTimetable` covers, from its data interval start."""
    return Quarter.containing(_utc_date(data_interval_start))


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
        code = quarter_of_run(data_interval.start).code
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
            quarter = quarter_of_run(last_automated_data_interval.start).next()
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
