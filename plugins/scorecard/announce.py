"""When an ingest run announces its loads: one transform after a batch, not one per quarter.

``scorecard_ingest`` ends with ``announce``, a teardown task (it runs whatever happened before
it, and does not decide the run's state). It emits the ``scorecard_raw`` asset, which schedules
``scorecard_transform``, only when no other run will announce after it, and skips otherwise:

- another run is **past its sensor with work left before its announce** (fetch, extract,
  validate or load not finished): that run announces later;
- another queued or running run is **about to check for its report** (its sensor not finished
  and not between two pokes of a wait) and the report **is published**: it will load, then
  announce. A run waiting for a missing report (between pokes, or about to find it missing) is
  not waited for: it may wait for months;
- otherwise it emits if this run loaded something (and no event came after this announce
  started), or if another run loaded and skipped its announce after the latest
  ``scorecard_raw`` event (its end is later than that event). Two runs announcing at once would
  both emit: the one with the earlier run id waits for the other's decision and decides again.

**No load is left without a transform.** Let run O load, then its announce skip. Either an
event came after O's announce started, so the transform it triggered starts after O's load
committed; or O relied on a run P that was going to announce after it (P past its sensor, or
about to find its report published: ``announce`` runs whatever P's earlier tasks do). When P
decides, a third run may again announce after P (the same argument; runs are finitely many),
or P emits: O's load is a success, O's announce is not, and no event is later than O's end,
unless one already is, and that event triggered a transform after O's load committed. The one
gap: a report withdrawn in the seconds between P's check of it and P's sensor's poke.

A batch gives one transform: a catch-up, a backfill (its queued runs whose reports are
published count as about to load, so ``--max-active-runs`` below the batch size does not split
it), manual runs among them. A wait for a concurrent announce gives up after 30 s and emits (an
extra, cheap transform, never a lost one); so does a run that starts after the batch announced.
Event times and run end times come from one clock (the API server and the scheduler on one
host, as with ``make airflow`` and the compose stack). Under ``dag.test()`` (``scorecard
backfill``, ``make run``) each run finds no other run busy and emits after its load;
``scorecard backfill`` runs the transform itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

SENSOR = "wait_for_report"
BEFORE_ANNOUNCE = (SENSOR, "fetch", "extract", "validate", "load")
ANNOUNCE = "announce"
UNFINISHED = {
    None,
    "none",
    "scheduled",
    "queued",
    "running",
    "up_for_retry",
    "up_for_reschedule",
    "restarting",
    "deferred",
}
"""Task states from which a task still runs (an unfinished task after a sensor will run)."""
ABOUT_TO_CHECK = UNFINISHED - {"up_for_reschedule"}
"""Sensor states of a run that checks for its report soon (not waiting between two pokes)."""
ANNOUNCING = {None, "none", "scheduled", "queued", "running"}
"""States of an announce that has yet to decide (or is deciding)."""


@dataclass(frozen=True)
class RunFacts:
    """What ``announce`` needs to know about another run of the DAG."""

    state: str
    """``queued``, ``running``, ``success`` or ``failed``."""
    period_end: str | None
    """The run's quarter end (ISO), None when the run has no valid quarter."""
    end_date: datetime | None


@dataclass(frozen=True)
class Decision:
    emit: bool
    reason: str


States = Mapping[str, Mapping[str, str | None]]
"""run id -> task id -> state, of every run of the DAG."""


def _past_sensor_with_work_left(tasks: Mapping[str, str | None]) -> bool:
    return tasks.get(SENSOR) == "success" and any(
        tasks.get(task, "none") in UNFINISHED for task in BEFORE_ANNOUNCE[1:]
    )


def decide(
    run_id: str,
    loaded: bool,
    states: States,
    *,
    run_of: Callable[[str], RunFacts],
    published: Callable[[str], bool],
    last_event_at: datetime | None,
    started_at: datetime | None = None,
) -> Decision:
    """Whether run ``run_id`` emits the asset (see the module's rules and their proof).

    ``started_at``: when this announce started (after this run's load): an event after it
    already covers this run's load.
    """
    others = {other: tasks for other, tasks in states.items() if other != run_id}
    for other, tasks in others.items():
        if _past_sensor_with_work_left(tasks):
            return Decision(False, f"run {other} is still loading; it announces after this one")
    for other, tasks in others.items():
        if tasks.get(SENSOR, "none") not in ABOUT_TO_CHECK:
            continue
        facts = run_of(other)
        if (
            facts.state in {"queued", "running"}
            and facts.period_end
            and published(facts.period_end)
        ):
            return Decision(
                False, f"run {other} is about to load {facts.period_end}; it announces later"
            )
    if loaded and last_event_at and started_at and last_event_at > started_at:
        return Decision(False, "another run announced after this run's load")
    if loaded:
        return Decision(True, "this run loaded reports and no other run is still loading")
    for other, tasks in others.items():
        if tasks.get("load") != "success" or tasks.get(ANNOUNCE, "success") == "success":
            continue  # nothing loaded, or announced itself (runs from before announce: at load)
        end = run_of(other).end_date
        if end is None or last_event_at is None or end > last_event_at:
            return Decision(True, f"run {other} loaded reports that no announcement covered yet")
    return Decision(False, "nothing loaded since the last announcement")


def concurrent_announcer(
    run_id: str, states: States, run_of: Callable[[str], RunFacts]
) -> str | None:
    """A running run that is announcing at the same time as ``run_id`` and orders after it.

    Two announces deciding at the same instant would both emit; the earlier run id waits for
    the later one's decision instead (the order is total: no two runs wait for each other).
    """
    for other, tasks in sorted(states.items()):
        if other <= run_id or tasks.get(ANNOUNCE, "none") not in ANNOUNCING:
            continue
        finished = all(tasks.get(task, "none") not in UNFINISHED for task in BEFORE_ANNOUNCE)
        if finished and run_of(other).state == "running":
            return other
    return None


def announce_now(context: Any, patience: float = 30.0) -> Decision:
    """The decision for the running ``announce`` task, from Airflow through the Task SDK.

    When it would emit while a later run is announcing too, it waits (up to ``patience``
    seconds, then emits anyway) for that run's decision and decides again.
    """
    import time

    from scorecard.assets import RAW_REPORTS

    ti = context["ti"]
    loads = ti.xcom_pull(task_ids="load") or []
    loaded = any(load.get("outcome") != "unchanged" for load in loads)
    deadline = time.monotonic() + patience
    while True:
        states = ti.get_task_states(dag_id=ti.dag_id, task_ids=[*BEFORE_ANNOUNCE, ANNOUNCE])
        latest = list(context["inlet_events"][RAW_REPORTS].ascending(False).limit(1))
        run_of = _memo(lambda run_id: _run_facts(ti.dag_id, run_id))
        decision = decide(
            ti.run_id,
            loaded,
            states,
            run_of=run_of,
            published=_published,
            last_event_at=latest[0].timestamp if latest else None,
            started_at=ti.start_date,
        )
        if not decision.emit or time.monotonic() > deadline:
            return decision
        if concurrent_announcer(ti.run_id, states, run_of) is None:
            return decision
        time.sleep(1.0)


def _memo(function: Callable[[str], RunFacts]) -> Callable[[str], RunFacts]:
    cache: dict[str, RunFacts] = {}
    return lambda key: cache[key] if key in cache else cache.setdefault(key, function(key))


def _run_facts(dag_id: str, run_id: str) -> RunFacts:
    """Another run's state, quarter and end, through the Task SDK's supervisor channel (the
    same request a task makes for an asset event's source run)."""
    from airflow.sdk.execution_time.comms import DagRunResult, GetDagRun
    from airflow.sdk.execution_time.task_runner import SUPERVISOR_COMMS

    from scorecard.quarters import QuarterError
    from scorecard.runs import quarter_for_run

    run = SUPERVISOR_COMMS.send(GetDagRun(dag_id=dag_id, run_id=run_id))
    if not isinstance(run, DagRunResult):  # gone: nothing to wait for, nothing known covered
        return RunFacts("unknown", None, None)
    try:
        period_end = (run.conf or {}).get("period_end")
        quarter = quarter_for_run(period_end, run.data_interval_end)
        iso: str | None = quarter.period_end.isoformat()
    except QuarterError:
        iso = None
    return RunFacts(str(getattr(run.state, "value", run.state)), iso, run.end_date)


def _published(period_end: str) -> bool:
    """Is a report published for the quarter? A source that cannot be asked counts as not."""
    from datetime import date

    from scorecard.fetch import NotPublished, check_published

    try:
        return not isinstance(check_published(date.fromisoformat(period_end)), NotPublished)
    except Exception:  # an unreachable source: do not rely on that run
        return False
