"""``announce``'s decision: one transform after a batch, and no load left without one.

The decision is a function of the DAG's task states, the other runs' facts, which reports are
published and the latest ``scorecard_raw`` event; these tests drive it through whole batches,
one announce at a time in every order, as the scheduler may run them.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from scorecard.orchestration.announce import BEFORE_ANNOUNCE, Decision, RunFacts, decide

T0 = datetime(2026, 1, 1, tzinfo=UTC)
DONE = dict.fromkeys(BEFORE_ANNOUNCE, "success")


def _decide(run_id: str, loaded: bool, states: dict, **kwargs: object) -> Decision:  # type: ignore[type-arg]
    facts = kwargs.pop("facts", {})
    records = kwargs.pop("records", {})
    return decide(
        run_id,
        loaded,
        states,
        run_of=lambda other: facts.get(other, RunFacts("running", "2017-03-31", None)),  # type: ignore[attr-defined]
        published=lambda period_end: period_end in kwargs.get("published", ()),  # type: ignore[operator]
        last_event_at=kwargs.get("last_event_at"),  # type: ignore[arg-type]
        started_at=kwargs.get("started_at"),  # type: ignore[arg-type]
        record_of=records.get,  # type: ignore[attr-defined]
    )


def test_a_run_still_loading_announces_later() -> None:
    states = {"a": {**DONE, "announce": "running"}, "b": {**DONE, "load": "running"}}
    assert not _decide("a", True, states).emit
    states["b"].update(load="success", announce="skipped")
    assert _decide("a", True, states).emit


def test_a_waiting_quarter_does_not_hold_the_batch_back() -> None:
    waiting = {SENSOR: "up_for_reschedule", "fetch": None, "load": None}
    states = {"a": {**DONE, "announce": "running"}, "w": waiting}
    assert _decide("a", True, states, published={"2017-03-31"}).emit


@pytest.mark.parametrize("sensor", [None, "scheduled", "queued", "running"])
def test_a_run_about_to_find_its_report_announces_later(sensor: str | None) -> None:
    states = {"a": {**DONE, "announce": "running"}, "q": {SENSOR: sensor}}
    assert not _decide("a", True, states, published={"2017-03-31"}).emit
    assert _decide("a", True, states, published=set()).emit  # it will wait: not relied on
    finished = {"q": RunFacts("failed", "2017-03-31", T0)}
    assert _decide("a", True, states, published={"2017-03-31"}, facts=finished).emit


def test_a_load_covered_by_a_later_announcement_is_not_announced_again() -> None:
    states = {"a": {**DONE, "announce": "running"}, "b": {**DONE, "announce": "success"}}
    started = T0
    assert _decide(
        "a", True, states, last_event_at=T0 - timedelta(seconds=1), started_at=started
    ).emit
    assert not _decide(
        "a", True, states, last_event_at=T0 + timedelta(seconds=1), started_at=started
    ).emit


def test_of_two_runs_announcing_at_once_the_earlier_waits_for_the_later() -> None:
    from scorecard.orchestration.announce import concurrent_announcer

    states = {"a": {**DONE, "announce": "running"}, "b": {**DONE, "announce": "running"}}
    assert concurrent_announcer("a", states) == "b"
    assert concurrent_announcer("b", states) is None
    states["b"]["announce"] = "skipped"
    assert concurrent_announcer("a", states) is None


def test_a_run_whose_announce_has_not_started_announces_later() -> None:
    states = {"a": {**DONE, "announce": "running"}, "b": {**DONE, "announce": "queued"}}
    assert _decide("a", True, states).waits_for == ("b",)
    ended = {"b": RunFacts("success", None, T0)}  # a run from before announce existed
    assert _decide("a", True, {"a": states["a"], "b": DONE}, facts=ended).emit


def test_nothing_loaded_nothing_announced() -> None:
    states = {"a": {**DONE, "announce": "running"}, "old": {**DONE, "announce": "success"}}
    assert not _decide("a", False, states).emit


def test_a_run_that_relied_on_this_one_is_announced_by_it_even_if_this_loaded_nothing() -> None:
    states = {"a": {**DONE, "announce": "running"}, "o": {**DONE, "announce": "skipped"}}
    relied = {"o": {"waits_for": ["a"], "seen": None}}
    assert _decide("a", False, states, records=relied).emit
    seen = {"o": {"waits_for": ["a"], "seen": T0.isoformat()}}
    assert _decide("a", False, states, records=seen, last_event_at=T0).emit
    later = _decide("a", False, states, records=seen, last_event_at=T0 + timedelta(seconds=1))
    assert not later.emit  # an event after its decision triggered a transform after its load
    assert not _decide("a", False, states, records={"o": {"waits_for": ["x"]}}).emit
    states["o"]["announce"] = "running"  # deciding, nothing recorded yet: wait for it
    assert _decide("a", False, states).pending == "o"
    states["o"]["announce"] = "failed"  # failed before recording: its load may be uncovered
    ended = {"o": RunFacts("failed", "2016-06-30", T0)}
    assert _decide("a", False, states, facts=ended, last_event_at=T0 - timedelta(hours=1)).emit
    covered = _decide("a", False, states, facts=ended, last_event_at=T0 + timedelta(seconds=1))
    assert not covered.emit


def test_a_run_that_defers_records_whom_it_relies_on() -> None:
    states = {"a": {**DONE, "announce": "running"}, "b": {**DONE, "load": "running"}}
    assert _decide("a", True, states).waits_for == ("b",)


SENSOR = BEFORE_ANNOUNCE[0]


@pytest.mark.parametrize(
    "loads", [(True, True, True), (True, False, True), (False, True, False), (True, True, False)]
)
def test_every_order_of_a_batch_announces_at_least_once_after_its_last_load(
    loads: tuple[bool, ...],
) -> None:
    """Runs finish their loads in any order; each announces when its load is done. Whatever
    the order, some announce emits after the last load (and with every run loading, once)."""
    runs = [f"r{i}" for i in range(len(loads))]
    for order in itertools.permutations(runs):
        states = {run: {**DONE, "load": "running", "announce": None} for run in runs}
        clock, last_event, emitted, last_load = T0, None, [], None
        ends: dict[str, RunFacts] = {}
        records: dict[str, dict[str, list[str]]] = {}
        for run in order:
            clock += timedelta(seconds=10)
            loaded = loads[runs.index(run)]
            states[run]["load"] = "success" if loaded else "skipped"
            last_load = clock if loaded else last_load
            decision = decide(
                run,
                loaded,
                states,
                run_of=lambda other, ends=ends: ends.get(other, RunFacts("running", None, None)),
                published=lambda _period_end: False,
                last_event_at=last_event,
                started_at=clock,
                record_of=records.get,
            )
            seen = last_event.isoformat() if last_event else None
            records[run] = {"waits_for": list(decision.waits_for), "seen": seen}
            states[run]["announce"] = "success" if decision.emit else "skipped"
            clock += timedelta(seconds=1)
            ends[run] = RunFacts("success", None, clock)
            if decision.emit:
                last_event = clock
                emitted.append(run)
        assert last_event and last_load and last_event > last_load, (order, emitted)
        assert len(emitted) == 1, (order, emitted)
