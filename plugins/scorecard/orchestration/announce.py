"""When an ingest run announces its loads: one transform after a batch, not one per quarter.

``scorecard_ingest`` ends with ``announce``, a teardown task (it runs whatever happened before
it, and does not decide the run's state). It emits the ``scorecard_raw`` asset, which schedules
``scorecard_transform``, only when no other run will announce after it, and skips otherwise:

- another run is **past its sensor with work left before its announce** (fetch, extract,
  validate or load not finished): that run announces later;
- another run has finished its work but not **started its own announce**: it decides after
  this one;
- another queued or running run is **about to check for its report** (its sensor not finished
  and not between two pokes of a wait) and the report **is published**: it will load, then
  announce. A run waiting for a missing report (between pokes, or about to find it missing) is
  not waited for: it may wait for months;
- otherwise it emits if this run loaded something (and no event came after this announce
  started), or if another run recorded that it relied on this one (below). Two runs
  announcing at once (both deciding) would both emit: the one with the earlier run id waits
  for the other's decision and decides again.

Every decision is recorded first (XCom ``decision`` of ``announce``: ``waits_for``, the runs
it relies on, those it found going to announce later). A run that loaded nothing still emits
when another run's record names it and no event came after the one that run had seen (a
later event triggered a transform after that run's load), and waits for a run that is
deciding and has not recorded yet.

**No load is left without a transform.** Let run O load, then its announce skip. Either an
event came after O's announce started, so the transform it triggered starts after O's load
committed; or O recorded that it relies on runs P that were going to announce after it (past
their sensor, or about to find their report published: ``announce`` runs whatever the earlier
tasks do). Each such P decides after O did, finds O's record naming it (or waits for it), and
either emits, after O's load, or relies in turn on runs that announce later still, recording
so; runs are finitely many, so the last of them emits. The one gap: a report withdrawn in the
seconds between P's check of it and P's sensor's poke.

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
RECORD = "decision"
"""XCom key of an announce's decision: ``{"waits_for": [run ids], "seen": <latest event>}``."""
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
NOT_STARTED = {None, "none", "scheduled", "queued"}
"""States of an announce that has not started (so has not looked at the other runs yet)."""


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
    waits_for: tuple[str, ...] = ()
    """The runs this one relies on to announce after it (recorded for them to see)."""
    pending: str | None = None
    """A run whose decision may rely on this one and is not recorded yet: wait for it."""


States = Mapping[str, Mapping[str, str | None]]
"""run id -> task id -> state, of every run of the DAG."""


def _past_sensor_with_work_left(tasks: Mapping[str, str | None]) -> bool:
    return tasks.get(SENSOR) == "success" and any(
        tasks.get(task, "none") in UNFINISHED for task in BEFORE_ANNOUNCE[1:]
    )


def _going_to_announce(
    others: States, run_of: Callable[[str], RunFacts], published: Callable[[str], bool]
) -> list[str]:
    """The other runs that will announce after this one (see the module's rules)."""
    later = [other for other, tasks in others.items() if _past_sensor_with_work_left(tasks)]
    if later:  # one run to rely on is enough: no need to ask the sources about the others
        return sorted(later)
    for other, tasks in others.items():  # loaded or not, its announce has yet to start
        done = all(tasks.get(task, "none") not in UNFINISHED for task in BEFORE_ANNOUNCE)
        if done and tasks.get(ANNOUNCE, "none") in NOT_STARTED and run_of(other).state == "running":
            later.append(other)
    if later:
        return sorted(later)
    for other, tasks in others.items():
        if tasks.get(SENSOR, "none") not in ABOUT_TO_CHECK:
            continue
        facts = run_of(other)
        if facts.state in {"queued", "running"} and facts.period_end:
            later += [other] if published(facts.period_end) else []
    return sorted(later)


def decide(
    run_id: str,
    loaded: bool,
    states: States,
    *,
    run_of: Callable[[str], RunFacts],
    published: Callable[[str], bool],
    last_event_at: datetime | None,
    started_at: datetime | None = None,
    record_of: Callable[[str], Mapping[str, Any] | None] = lambda _run: None,
) -> Decision:
    """Whether run ``run_id`` emits the asset (see the module's rules and their proof).

    ``started_at``: when this announce started (after this run's load): an event after it
    already covers this run's load. ``record_of``: another run's recorded decision (its
    ``waits_for``), None when it has recorded none.
    """
    others = {other: tasks for other, tasks in states.items() if other != run_id}
    later = _going_to_announce(others, run_of, published)
    if later:
        reason = f"run {', '.join(later)} announces after this one"
        return Decision(False, reason, waits_for=tuple(later))
    if loaded and last_event_at and started_at and last_event_at > started_at:
        return Decision(False, "another run announced after this run's load")
    if loaded:
        return Decision(True, "this run loaded reports and no other run is still loading")
    for other, tasks in others.items():
        announce = tasks.get(ANNOUNCE, "success")  # runs from before announce: at load
        if announce in {"success", None, "none", "scheduled", "queued", "removed"}:
            continue  # emitted, or has not decided anything yet (it will see this run done)
        record = record_of(other)
        if record is None and announce == "running":
            return Decision(True, f"run {other} is deciding", pending=other)
        if record is not None and run_id in record.get("waits_for", ()):
            seen = record.get("seen")
            if last_event_at is None or (seen and last_event_at <= datetime.fromisoformat(seen)):
                return Decision(True, f"run {other} relied on this run to announce")
        if record is None and tasks.get("load") == "success":  # no record: it failed early
            end = run_of(other).end_date
            if end is None or last_event_at is None or end > last_event_at:
                return Decision(True, f"run {other} loaded reports no announcement covered")
    return Decision(False, "nothing loaded since the last announcement")


def concurrent_announcer(run_id: str, states: States) -> str | None:
    """A running run that is announcing at the same time as ``run_id`` and orders after it.

    Two announces deciding at the same instant would both emit; the earlier run id waits for
    the later one's decision instead (the order is total: no two runs wait for each other).
    """
    for other, tasks in sorted(states.items()):
        if other > run_id and tasks.get(ANNOUNCE) == "running":
            return other
    return None


def announce_now(context: Any, patience: float = 30.0) -> Decision:
    """The decision for the running ``announce`` task, from Airflow through the Task SDK.

    Each decision is recorded (XCom ``decision``: the runs relied on) before it takes effect.
    When it would emit while a later run is announcing too, or while a run that may rely on
    this one has not recorded its decision, it waits (up to ``patience`` seconds, then emits
    anyway) and decides again.
    """
    import time

    from scorecard.orchestration.assets import RAW_REPORTS

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
            record_of=lambda run_id: ti.xcom_pull(
                task_ids=ANNOUNCE, key=RECORD, run_id=run_id, map_indexes=-1
            ),
        )
        seen = latest[0].timestamp.isoformat() if latest else None
        ti.xcom_push(key=RECORD, value={"waits_for": list(decision.waits_for), "seen": seen})
        if not decision.emit or time.monotonic() > deadline:
            return decision
        if decision.pending is None and concurrent_announcer(ti.run_id, states) is None:
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

    from scorecard.orchestration.runs import quarter_for_run
    from scorecard.quarters import QuarterError

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

    from scorecard.ingest.fetch import NotPublished, check_published

    try:
        return not isinstance(check_published(date.fromisoformat(period_end)), NotPublished)
    except Exception:  # an unreachable source: do not rely on that run
        return False
