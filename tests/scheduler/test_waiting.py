"""Waiting, "not available", fail-fast classification and the status words, without a scheduler.

The sensor's decision is a function of the sources, the schedule settings and the time: a
missing report is waited for until its wait horizon has passed, then it is "not available".
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scorecard.ingest.fetch import FetchFailed, NotAPdf
from scorecard.orchestration.pipeline import WrongQuarter
from scorecard.orchestration.runs import (
    ReportNotAvailable,
    is_permanent,
    report_due,
    report_published,
    wait_ends,
)
from scorecard.orchestration.status import NOT_AVAILABLE, run_state
from scorecard.orchestration.timetable import quarter_of_run
from scorecard.quarters import Quarter, QuarterError
from scorecard.settings import PROJECT_DIR, get_schedule

SCHEDULE = dataclasses.replace(get_schedule(), publication_lag_days=60, wait_horizon_days=365)


@pytest.fixture
def sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Sources with only the 2016-06-30 sample: every other quarter is missing."""
    path = tmp_path / "sources.yml"
    name = "derby-scorecard-2016-06-30.pdf"
    (tmp_path / name).symlink_to(PROJECT_DIR / "samples" / "reports" / name)
    path.write_text(f"version: 1\ntemplate: {tmp_path}/derby-scorecard-{{period_end}}.pdf\n")
    monkeypatch.setenv("SCORECARD_SOURCES", str(path))
    return path


def test_due_and_horizon_follow_the_settings() -> None:
    q = Quarter.parse("2017Q4")  # ends 2018-03-31
    assert report_due(q, SCHEDULE) == datetime(2018, 5, 31, tzinfo=UTC)
    assert wait_ends(q, SCHEDULE) == datetime(2019, 5, 31, tzinfo=UTC)


def test_published_report_is_done(sources: Path) -> None:
    assert report_published("2016-06-30", schedule=SCHEDULE, now=datetime(2030, 1, 1, tzinfo=UTC))


def test_missing_recent_report_is_waited_for(sources: Path) -> None:
    before_horizon = datetime(2019, 5, 30, tzinfo=UTC)
    assert report_published("2018-03-31", schedule=SCHEDULE, now=before_horizon) is False


def test_missing_report_past_the_horizon_is_not_available(sources: Path) -> None:
    with pytest.raises(ReportNotAvailable, match=r"Q4 2017/18 .*not available.*2018-05-31"):
        report_published("2018-03-31", schedule=SCHEDULE, now=datetime(2019, 5, 31, tzinfo=UTC))


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (QuarterError("2018-03-15 is not a quarter end"), True),
        (WrongQuarter("the report is for another quarter"), True),
        (NotAPdf("http://127.0.0.1/x.pdf", "not a PDF"), True),
        (FetchFailed("http://127.0.0.1/x.pdf", "gone", status=410), True),
        (FetchFailed("http://127.0.0.1/x.pdf", "busy", status=503), False),
        (FetchFailed("http://127.0.0.1/x.pdf", "slow down", status=429), False),
        (FetchFailed("http://127.0.0.1/x.pdf", "timed out"), False),
        (ConnectionError("warehouse restarting"), False),
    ],
)
def test_only_unfixable_errors_are_permanent(error: Exception, permanent: bool) -> None:
    assert is_permanent(error) is permanent


@pytest.mark.parametrize(
    ("run", "tasks", "state"),
    [
        ("success", {"wait_for_report": "skipped", "fetch": "skipped"}, NOT_AVAILABLE),
        ("running", {"wait_for_report": "up_for_reschedule"}, "waiting"),
        ("success", {"wait_for_report": "success", "load": "success"}, "loaded"),
        ("success", {"wait_for_report": "success", "reload": "success"}, "loaded"),
        ("success", {"wait_for_report": "success", "load": "skipped"}, "unchanged"),
        ("failed", {"wait_for_report": "success", "validate": "failed"}, "failed"),
        ("queued", {}, "queued"),
    ],
)
def test_run_states_in_words(run: str, tasks: dict[str, str], state: str) -> None:
    assert run_state(run, tasks)[0] == state


def test_quarter_of_a_run_prefers_its_period_end() -> None:
    end = datetime(2026, 12, 31, tzinfo=UTC)  # the data interval of 2026Q3 ends on its last day
    assert quarter_of_run({"period_end": "2018-03-31"}, end) == Quarter.parse("2017Q4")
    assert quarter_of_run({}, end) == Quarter.parse("2026Q3")
    assert quarter_of_run({"period_end": "2018-02-30"}, None) is None
    assert quarter_of_run(None, None) is None


def test_a_run_that_does_not_wait_is_not_available_at_once(sources: Path) -> None:
    soon = datetime(2018, 6, 1, tzinfo=UTC)  # well inside the wait horizon
    with pytest.raises(ReportNotAvailable, match=r"Q4 2017/18 .*does not wait"):
        report_published("2018-03-31", schedule=SCHEDULE, now=soon, wait=False)


def test_trigger_refuses_a_bad_quarter_in_one_line() -> None:
    import subprocess
    import sys

    scorecard = str(Path(sys.executable).with_name("scorecard"))
    result = subprocess.run(
        [scorecard, "trigger", "2018-02-30"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "2018-02-30" in lines[0] and "not a valid date" in lines[0], lines


def test_summary_lists_quarters_not_available() -> None:
    from scorecard.site.summary import Scorecard, render

    card = Scorecard("Q4 2018/19", "2019-03-31", [], [], [], None)
    lines = render(card, ["Q1 2019/20"])
    assert any("Not available" in line and "Q1 2019/20" in line for line in lines)
    assert not any("Not available" in line for line in render(card))


def test_airflow_cli_errors_print_one_line() -> None:
    """A refused ``dags trigger`` (bad conf, or a DAG not parsed yet) is one line, no traceback."""
    import subprocess
    import sys

    scorecard = str(Path(sys.executable).with_name("scorecard"))
    conf = '{"period_end": "2018-02-30"}'
    result = subprocess.run(
        [scorecard, "airflow", "dags", "trigger", "scorecard_ingest", "--conf", conf],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("councils", "step"),
    [
        (["skipped", "success"], "success"),  # one council not available, another published
        (["success", "up_for_reschedule"], "up_for_reschedule"),  # one still waiting
        (["success", "failed", "up_for_retry"], "failed"),
        (["skipped", "skipped"], "skipped"),  # not available only when no council published
    ],
)
def test_a_step_mapped_over_councils_shows_its_most_telling_state(
    councils: list[str], step: str
) -> None:
    from scorecard.orchestration.status import merged_state

    seen: str | None = None
    for state in councils:
        seen = merged_state(seen, state)
    assert seen == step
    assert run_state("success", {"wait_for_report": seen})[0] != NOT_AVAILABLE or step == "skipped"
