"""The README's five starter questions (``docs/questions/*.sql``), run as the BI reader against
the marts built from the sample corpus, each answer checked against the samples' truth files;
and the README shows exactly those files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from psycopg.rows import dict_row

from scorecard.quarters import Quarter, parse_period_end
from scorecard.settings import PROJECT_DIR, libpq_url

if TYPE_CHECKING:
    from conftest import BuiltWarehouse  # tests/dbt/conftest.py

pytestmark = pytest.mark.slow

QUESTIONS = PROJECT_DIR / "docs" / "questions"
RAG = ("Red", "Amber", "Green", "Blue")


def ask(built: BuiltWarehouse, name: str) -> list[dict[str, Any]]:
    """The answer to question ``name`` (a file of ``docs/questions``), as the BI reader."""
    (path,) = QUESTIONS.glob(f"{name}-*.sql")
    with psycopg.connect(libpq_url(built.settings.reader_url), row_factory=dict_row) as conn:
        return conn.execute(path.read_text(encoding="utf-8")).fetchall()


def current(built: BuiltWarehouse) -> dict[Quarter, list[dict[str, Any]]]:
    """Quarter -> the measures of its current (latest fetched) report, from the truth files."""
    latest: dict[str, dict[str, Any]] = {}
    for truth in built.truths.values():
        period = truth["report"]["period_end"]
        held = latest.get(period)
        if held is None or truth["report"]["time_fetched"] > held["report"]["time_fetched"]:
            latest[period] = truth
    return {
        Quarter.from_period_end(parse_period_end(period)): truth["measures"]
        for period, truth in latest.items()
    }


def test_the_readme_shows_every_question_as_tested() -> None:
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    files = sorted(QUESTIONS.glob("*.sql"))
    assert len(files) == 5
    for path in files:
        assert path.read_text(encoding="utf-8").strip() in readme, path.name


def test_measures_red_four_quarters_running(dbt_built: BuiltWarehouse) -> None:
    quarters = current(dbt_built)
    runs: dict[str, tuple[Quarter, int]] = {}
    for quarter in sorted(quarters):
        for m in quarters[quarter]:
            last = runs.get(m["measure_code"])
            red = m["quarterly_status"] == "Red"
            consecutive = last is not None and last[0].ordinal == quarter.ordinal - 1
            run = (last[1] + 1 if consecutive else 1) if red else 0
            runs[m["measure_code"]] = (quarter, run)
    want = sorted(
        ((code, quarter.label, run) for code, (quarter, run) in runs.items() if run >= 4),
        key=lambda r: (-r[2], r[0]),
    )
    rows = ask(dbt_built, "1")
    assert [
        (r["measure_code"], r["latest_quarter"], r["consecutive_red_quarters"]) for r in rows
    ] == want
    assert len(want) >= 5


def test_share_on_target_by_directorate_in_time_order(dbt_built: BuiltWarehouse) -> None:
    quarters = current(dbt_built)
    want = sorted(
        (quarter, directorate, sum(m["directorate"] == directorate for m in measures))
        for quarter, measures in quarters.items()
        for directorate in {m["directorate"] for m in measures}
    )
    rows = ask(dbt_built, "2")
    assert [(r["quarter_label"], r["directorate"], r["measure_count"]) for r in rows] == [
        (quarter.label, directorate, count) for quarter, directorate, count in want
    ]
    assert rows[0]["quarter_label"] == "Q1 2016/17" and rows[-1]["quarter_label"] == "Q4 2018/19"
    for row in rows:
        assert row["on_target_count"] <= row["assessed_count"] <= row["measure_count"]
        if row["assessed_count"]:
            share = Decimal(row["on_target_count"]) / row["assessed_count"]
            assert row["on_target_share"] == share.quantize(Decimal("0.0001"))


def test_first_reported_against_current(dbt_built: BuiltWarehouse) -> None:
    first = {
        m["measure_code"]: m for m in dbt_built.truths["derby-scorecard-2018-09-30"]["measures"]
    }
    later = dbt_built.truths["derby-scorecard-2018-09-30-v2"]["measures"]
    want = [
        (m["measure_code"], first[m["measure_code"]]["quarterly_actual"], m["quarterly_actual"])
        for m in sorted(later, key=lambda m: m["measure_code"])
        if m["measure_code"] in first
        and first[m["measure_code"]]["quarterly_actual"] != m["quarterly_actual"]
    ]
    rows = ask(dbt_built, "3")
    assert [
        (r["measure_code"], float(r["first_reported"]), float(r["current_figure"])) for r in rows
    ] == want
    assert want and all(r["quarter_label"] == "Q2 2018/19" for r in rows)
    assert all(r["revision"] == r["current_figure"] - r["first_reported"] for r in rows)


def test_year_on_year_change(dbt_built: BuiltWarehouse) -> None:
    quarters = current(dbt_built)
    latest = max(quarters)
    before = {m["measure_code"]: m for m in quarters[latest.shift(-4)]}
    want: dict[str, tuple[Any, Any]] = {}
    for m in quarters[latest]:
        old = before.get(m["measure_code"])
        if old is None or m["quarterly_actual"] is None or old["quarterly_actual"] is None:
            continue
        now, then = Decimal(str(m["quarterly_actual"])), Decimal(str(old["quarterly_actual"]))
        if m["unit"] == "%":
            want[m["measure_code"]] = (now - then, None)
        else:
            pct = (100 * (now - then) / abs(then)).quantize(Decimal("0.1"))
            want[m["measure_code"]] = (None, pct)
    rows = ask(dbt_built, "4")
    assert {r["measure_code"]: (r["change_pp"], r["change_pct"]) for r in rows} == want
    assert len(want) >= 15
    by_code = {r["measure_code"]: r for r in rows}
    assert by_code["L&I PM26a"]["is_better"] is True  # 46.9% -> 72.5%, higher is better
    assert by_code["EIISS PM04"]["is_better"] is True  # 86.9 -> 79.4, lower is better


def test_statuses_that_disagree(dbt_built: BuiltWarehouse) -> None:
    quarters = current(dbt_built)
    want = [
        (quarter.label, m["measure_code"], m["quarterly_status"], m["forecast_status"])
        for quarter in sorted(quarters)
        for m in sorted(quarters[quarter], key=lambda m: m["measure_code"])
        if m["quarterly_status"] in RAG
        and m["forecast_status"] in RAG
        and m["quarterly_status"] != m["forecast_status"]
    ]
    rows = ask(dbt_built, "5")
    assert [
        (r["quarter_label"], r["measure_code"], r["quarterly_status"], r["forecast_status"])
        for r in rows
    ] == want
    assert len(want) >= 5


def test_question_files_are_plain_sql_over_marts() -> None:
    for path in QUESTIONS.glob("*.sql"):
        text = path.read_text(encoding="utf-8")
        assert "marts." in text and "{{" not in text, path.name
        assert Path(path).name[0].isdigit()
