"""Several councils in one sources file, through the real ingest DAG (``dag.test()``).

Derby's bundled samples and the made-up Northfield Borough Council (``samples/councils``) for
the same quarter: each council is its own mapped unit of work, filed under the council its
report prints, current per council; a council with nothing published, or with another
council's report at its location, does not hold up the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest

from scorecard.quarters import Quarter
from scorecard.settings import PROJECT_DIR, Settings, get_settings, libpq_url

pytestmark = pytest.mark.slow

DERBY = PROJECT_DIR / "samples" / "reports"
NORTHFIELD = PROJECT_DIR / "samples" / "councils" / "northfield"
QUARTER = Quarter.parse("2017Q4")


def _sources(tmp_path: Path, derby_override: Path | None = None) -> Path:
    derby_period = (
        f"    periods:\n      {QUARTER.period_end}: {derby_override}\n" if derby_override else ""
    )
    sources = tmp_path / "sources.yml"
    sources.write_text(
        "version: 1\n"
        "councils:\n"
        "  - name: Derby City Council\n"
        f"    template: {DERBY}/derby-scorecard-{{period_end}}.pdf\n"
        f"{derby_period}"
        "  - name: Northfield Borough Council\n"
        f"    template: {NORTHFIELD}/northfield-scorecard-{{period_end}}.pdf\n"
        "  - name: Southmoor District Council\n"
        f"    template: {tmp_path}/never-published-{{period_end}}.pdf\n"
    )
    return sources


@pytest.fixture
def councils_env(
    scratch_warehouse: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    monkeypatch.setenv("SCORECARD_SOURCES", str(_sources(tmp_path)))
    monkeypatch.setenv("SCORECARD_LANDING_URL", f"file://{tmp_path / 'landing'}")
    return get_settings()


@pytest.fixture(scope="module")
def ingest_dag() -> Any:
    from airflow.dag_processing.dagbag import DagBag

    from scorecard.orchestration.airflow_home import ensure_airflow_db

    ensure_airflow_db()
    bag = DagBag(dag_folder=str(get_settings().dags_folder))
    assert bag.import_errors == {}
    return bag.get_dag("scorecard_ingest")


def _reports(settings: Settings) -> list[tuple[Any, ...]]:
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        return conn.execute(
            "select council_id, council, period_end::text, is_current, measure_count,"
            " (select count(*) from raw.measures as m where m.report_sha256 = r.report_sha256)"
            " from raw.reports as r order by council_id"
        ).fetchall()


def test_each_council_is_its_own_unit_of_work(
    councils_env: Settings, ingest_dag: Any, tmp_path: Path
) -> None:
    from scorecard.orchestration.backfill import ingest_quarter

    outcome = ingest_quarter(ingest_dag, QUARTER, tmp_path / "run.log")
    assert outcome.state == "loaded", outcome.line()
    ends = {key: end.state for key, end in outcome.tasks.items()}
    # three councils, three map indexes; Southmoor has published nothing: not available
    assert ends["wait_for_report[0]"] == ends["wait_for_report[1]"] == "success", ends
    assert ends["wait_for_report[2]"] == "skipped", ends
    assert ends["load[0]"] == ends["load[1]"] == "success", ends
    assert "load[2]" not in ends or ends["load[2]"] == "skipped", ends
    assert _reports(councils_env) == [
        ("derby-city-council", "Derby City Council", str(QUARTER.period_end), True, 21, 21),
        (
            "northfield-borough-council", "Northfield Borough Council",
            str(QUARTER.period_end), True, 12, 12,
        ),
    ]  # fmt: skip
    again = ingest_quarter(ingest_dag, QUARTER, tmp_path / "again.log")
    assert again.state == "unchanged", again.line()


def test_a_report_of_another_council_is_refused_and_holds_up_no_one(
    councils_env: Settings, ingest_dag: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scorecard.orchestration.backfill import ingest_quarter

    stray = NORTHFIELD / f"northfield-scorecard-{QUARTER.period_end}.pdf"
    monkeypatch.setenv("SCORECARD_SOURCES", str(_sources(tmp_path, derby_override=stray)))
    outcome = ingest_quarter(ingest_dag, QUARTER, tmp_path / "run.log")
    assert outcome.state == "failed"
    assert "prints council 'Northfield Borough Council'" in (outcome.reason or "")
    assert "'Derby City Council'" in (outcome.reason or "")
    # Northfield's own copy of the same file is loaded, filed under Northfield only
    assert [(row[0], row[3]) for row in _reports(councils_env)] == [
        ("northfield-borough-council", True)
    ]


def test_python_and_database_derive_the_same_council_key(scratch_warehouse: Settings) -> None:
    from scorecard.councils import council_id

    names = [
        "Derby City Council", "  Royal Borough of Kensington and Chelsea ", "Bath & N.E. Somerset",
        "Council-of-the-Isles-of-Scilly", "St. Helens (Metropolitan) Borough Council 2",
    ]  # fmt: skip
    with psycopg.connect(libpq_url(scratch_warehouse.warehouse_url)) as conn:
        keys = [conn.execute("select raw.council_id_of(%s)", (n,)).fetchone()[0] for n in names]
    assert keys == [council_id(n) for n in names]
    assert keys[:3] == [
        "derby-city-council",
        "royal-borough-of-kensington-and-chelsea",
        "bath-n-e-somerset",
    ]
