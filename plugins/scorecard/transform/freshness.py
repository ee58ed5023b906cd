"""Is the warehouse as fresh as the schedule says it should be? dbt source freshness on ``raw``.

``dbt_project/models/staging/scorecard/_scorecard__sources.yml`` declares freshness on
``raw.reports`` against the schedule rather than the clock of the load: its ``loaded_at_field`` is
the day after the quarter *following* the newest one loaded ends, so dbt's "age" is how long
that next quarter has been over. dbt then

- **passes** while the next report is not due yet (less than ``SCORECARD_PUBLICATION_LAG_DAYS``);
- **warns** once it is due and not loaded: the report is **late**;
- **errors** once it is past the wait horizon too (``SCORECARD_WAIT_HORIZON_DAYS`` more): the
  report is **overdue**, and the ingest DAG has stopped waiting for it.

:func:`source_freshness` runs ``dbt source freshness`` as the transformer and reads dbt's
``sources.json``; ``scorecard status`` and the docs home show its one-line summary.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from scorecard.quarters import Quarter
from scorecard.settings import Settings, get_schedule, get_settings
from scorecard.transform.dbt import run_dbt

SOURCE = "source:scorecard.reports"
SOURCE_ID = "source.scorecard.scorecard.reports"
STATES = {"pass": "on time", "warn": "late", "error": "overdue"}
"""dbt's freshness statuses in a council analyst's words."""


@dataclass(frozen=True)
class Freshness:
    """The outcome of one freshness check of ``raw.reports``."""

    status: str
    """dbt's status: ``pass``, ``warn``, ``error`` (or ``runtime error``: it could not check)."""
    newest: Quarter | None
    """The newest quarter loaded (None: nothing loaded)."""
    checked_at: datetime
    last_quarter: Quarter | None = None
    """The schedule's last quarter, when it has one."""

    @property
    def complete(self) -> bool:
        """The schedule has a last quarter and it is loaded: no report is expected any more."""
        return (
            self.last_quarter is not None
            and self.newest is not None
            and self.newest >= self.last_quarter
        )

    @property
    def state(self) -> str:
        if self.complete:
            return "complete"
        if self.newest is None and self.status != "runtime error":
            return "nothing loaded"
        return STATES.get(self.status, "not checked")

    def describe(self) -> str:
        """One line: the newest quarter loaded and whether the next one is on time."""
        if self.status == "runtime error":
            return "freshness not checked: dbt source freshness could not query raw.reports"
        if self.newest is None:
            return "freshness: overdue: no report is loaded yet"
        head = f"freshness: {self.state}: newest quarter loaded {self.newest.label} ({self.newest.code})"
        if self.complete:
            return f"{head}, the schedule's last"
        due, horizon = expected(self.newest.next())
        following = self.newest.next()
        tail = {
            "on time": f"next report ({following.code}) due by {due:%Y-%m-%d}",
            "late": f"next report ({following.code}) was due by {due:%Y-%m-%d}; waited for until "
            f"{horizon:%Y-%m-%d}",
            "overdue": f"next report ({following.code}) was due by {due:%Y-%m-%d} and is no longer "
            "waited for: add its URL to sources.yml and trigger it",
        }
        return f"{head}; {tail.get(self.state, self.status)}"

    def to_dict(self) -> dict[str, str | None]:
        return {
            "status": self.status,
            "state": self.state,
            "newest": self.newest.code if self.newest else None,
            "checked_at": self.checked_at.isoformat(),
            "summary": self.describe(),
        }


def expected(quarter: Quarter) -> tuple[date, date]:
    """When a quarter's report is due, and until when it is waited for (the ingest schedule)."""
    schedule = get_schedule()
    due = quarter.period_end + timedelta(days=1 + schedule.publication_lag_days)
    return due, due + timedelta(days=schedule.wait_horizon_days)


def _newest(max_loaded_at: str | None) -> Quarter | None:
    """The newest quarter loaded, from dbt's ``max_loaded_at`` (the day after the next one ends)."""
    if not max_loaded_at:
        return None
    moment = datetime.fromisoformat(max_loaded_at.replace("Z", "+00:00"))
    if moment.year < 1000:  # dbt's value for an empty table
        return None
    following = Quarter.from_period_end(moment.astimezone(UTC).date() - timedelta(days=1))
    return following.previous()


def source_freshness(
    settings: Settings | None = None, *, target_path: Path | None = None
) -> Freshness:
    """Run ``dbt source freshness`` on ``raw.reports`` and read what it found."""
    s = settings or get_settings()
    if target_path is None:  # a folder of its own: a check may run beside a build
        with tempfile.TemporaryDirectory(prefix="scorecard-freshness-") as scratch:
            return source_freshness(s, target_path=Path(scratch))
    (target_path / "sources.json").unlink(missing_ok=True)  # never an earlier check's result
    run_dbt(
        ["source", "freshness", "--log-level", "none", "--select", SOURCE],
        s,
        target_path=target_path,
        raise_on_failure=False,
    )
    schedule = get_schedule()
    last = Quarter.parse(schedule.last_quarter) if schedule.last_quarter else None
    artefact = target_path / "sources.json"
    try:
        results = json.loads(artefact.read_text())["results"]
        [found] = [r for r in results if r.get("unique_id") == SOURCE_ID]
    except (OSError, ValueError, KeyError):
        return Freshness("runtime error", None, datetime.now(UTC), last)
    checked = datetime.fromisoformat(
        str(found.get("snapshotted_at") or datetime.now(UTC).isoformat())
    )
    return Freshness(str(found["status"]), _newest(found.get("max_loaded_at")), checked, last)
