"""dbt source freshness on ``raw.reports``, measured against the schedule: a real dbt run on a
real warehouse. The bundled reports are years old, so the schedule's settings move the dates
instead of the clock: a lag longer than their age is "on time", a horizon longer than it is
"late", the defaults are "overdue"."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from samplekit import BASE_SAMPLE

from scorecard.load import load_extraction
from scorecard.quarters import Quarter
from scorecard.settings import DBT_CONNECTION_KEYS, Settings, get_settings
from scorecard.transform.freshness import Freshness, source_freshness

NEWEST = Quarter.parse("2017Q4")  # the base sample: period end 2018-03-31


@pytest.fixture
def empty(scratch_warehouse: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A new warehouse, with dbt's connection variables following it (not the session's)."""
    for key in DBT_CONNECTION_KEYS:
        monkeypatch.delenv(key, raising=False)
    return get_settings()


@pytest.fixture
def loaded(empty: Settings, sample_extractions: dict[str, dict[str, Any]]) -> Settings:
    load_extraction(
        sample_extractions[BASE_SAMPLE],
        source_uri=f"file:///samples/{BASE_SAMPLE}.pdf",
        require_validated=False,
    )
    return empty


@pytest.mark.slow
def test_nothing_loaded_is_overdue(empty: Settings, tmp_path: Path) -> None:
    found = source_freshness(empty, target_path=tmp_path)
    assert (found.status, found.newest, found.state) == ("error", None, "nothing loaded")
    assert found.describe() == "freshness: overdue: no report is loaded yet"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lag", "horizon", "status", "said"),
    [
        (
            "60",
            "365",
            "error",
            "next report (2018Q1) was due by 2018-08-30 and is no longer waited for",
        ),
        ("60", "9000", "warn", "next report (2018Q1) was due by 2018-08-30; waited for until"),
        ("9000", "365", "pass", "next report (2018Q1) due by"),
    ],
)
def test_the_next_report_is_on_time_late_or_overdue_by_the_schedule(
    loaded: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lag: str,
    horizon: str,
    status: str,
    said: str,
) -> None:
    monkeypatch.setenv("SCORECARD_PUBLICATION_LAG_DAYS", lag)
    monkeypatch.setenv("SCORECARD_WAIT_HORIZON_DAYS", horizon)
    found = source_freshness(loaded, target_path=tmp_path)
    assert (found.status, found.newest) == (status, NEWEST)
    line = found.describe()
    assert line.startswith(f"freshness: {found.state}: newest quarter loaded Q4 2017/18 (2017Q4)")
    assert said in line, line


def test_the_schedules_last_quarter_loaded_is_complete(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever dbt says of the clock, nothing is expected after the schedule's last quarter."""
    found = Freshness("error", NEWEST, datetime.now(UTC), last_quarter=Quarter.parse("2017Q4"))
    assert found.state == "complete" and found.describe().endswith("(2017Q4), the schedule's last")
    earlier = Freshness("error", NEWEST.previous(), datetime.now(UTC), NEWEST)
    assert earlier.state == "overdue"
