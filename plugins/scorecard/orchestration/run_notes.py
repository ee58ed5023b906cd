"""Airflow listener: every ``scorecard_ingest`` run gets its quarter as the run's note.

Airflow names backfill runs after the date they were due (the quarter's end plus the
publication lag: ``backfill__2018-05-31T00:00:00+00:00`` is Q4 2017/18) and manual runs after
the trigger time, so the run id alone does not always say which quarter a run is for. The note
does, for every kind of run: ``Q4 2017/18 (2017Q4, period end 2018-03-31)``.
The UI shows it beside the run. A note someone already wrote is kept.

The hook runs in the scheduler when a run starts, on the run object of the scheduler's own
session, so the note is saved with the run's state change (no extra connection, no lock).
"""

from __future__ import annotations

from typing import Any

from airflow.listeners import hookimpl

from scorecard.orchestration.defaults import INGEST_DAG
from scorecard.orchestration.timetable import quarter_of_run
from scorecard.quarters import Quarter


def note_for(quarter: Quarter) -> str:
    return f"{quarter.label} ({quarter.code}, period end {quarter.period_end.isoformat()})"


@hookimpl
def on_dag_run_running(dag_run: Any, msg: str) -> None:
    """Write the quarter into the run's note when the run starts (scheduler process)."""
    from sqlalchemy import inspect

    if dag_run.dag_id != INGEST_DAG or inspect(dag_run).session is None:
        return
    quarter = quarter_of_run(dag_run.conf, dag_run.data_interval_end)
    if quarter is not None and not dag_run.note:
        dag_run.note = note_for(quarter)
