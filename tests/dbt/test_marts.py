"""The marts, checked with numbers against the sample corpus's truth files.

All sample reports are loaded through ``scorecard.load`` and built with ``dbt build`` (twice:
a first quarterly run and an incremental one; see ``conftest.py``), then compared with the truth
JSON of each report.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import psycopg
import pytest

from scorecard.settings import libpq_url

if TYPE_CHECKING:
    from conftest import BuiltWarehouse  # tests/dbt/conftest.py

pytestmark = pytest.mark.slow

REISSUED = "derby-scorecard-2018-09-30-v2"
ORIGINAL = "derby-scorecard-2018-09-30"


def current_truths(built: BuiltWarehouse) -> dict[str, dict[str, Any]]:
    """period_end -> the truth of that quarter's current (latest fetched) report."""
    current: dict[str, dict[str, Any]] = {}
    for truth in built.truths.values():
        period = truth["report"]["period_end"]
        held = current.get(period)
        if held is None or truth["report"]["time_fetched"] > held["report"]["time_fetched"]:
            current[period] = truth
    return current


def fact(built: BuiltWarehouse, code: str, period_end: str) -> dict[str, Any]:
    rows = built.query(
        "select * from marts.fct_measure_quarter where measure_code = %s and period_end = %s",
        (code, period_end),
    )
    assert len(rows) == 1, f"expected one fct_measure_quarter row for {code} {period_end}"
    return rows[0]


def test_build_ran_models_tests_and_unit_tests(dbt_built: BuiltWarehouse) -> None:
    kinds = dbt_built.incremental_build.by_type()
    assert kinds["model"] >= 13
    assert kinds["unit_test"] >= 8
    assert kinds["test"] >= 60
    assert not dbt_built.incremental_build.failed


def test_cm_pm09a_q4_2017_18_missed_its_target(dbt_built: BuiltWarehouse) -> None:
    row = fact(dbt_built, "CM PM09a", "2018-03-31")
    assert row["quarter_label"] == "Q4 2017/18"
    assert row["quarterly_target"] == Decimal("98.0")
    assert row["quarterly_actual"] == Decimal("97.8")
    assert row["variance"] == Decimal("-0.2")
    assert row["variance_better"] == Decimal("-0.2")
    assert row["variance_better_pct"] < 0
    assert row["is_on_target"] is False
    assert (row["polarity"], row["polarity_source"]) == ("higher_is_better", "seeded")
    assert row["quarterly_target_text"] == "98.0%"
    assert row["unit"] == "%"


def test_adults_65_in_residential_care_under_target_is_on_target(
    dbt_built: BuiltWarehouse,
) -> None:
    row = fact(dbt_built, "AHH Local 2A2 (ii)", "2018-03-31")
    assert row["quarterly_status"] == "Blue"
    assert row["quarterly_actual"] == Decimal("593.6")
    assert row["quarterly_target"] == Decimal("612.0")
    assert row["variance"] == Decimal("-18.4")  # actual - target, whatever the polarity
    assert row["variance_better"] == Decimal("18.4")  # lower than target is better here
    assert row["variance_better_pct"] > 0
    assert row["is_on_target"] is True
    assert row["polarity"] == "lower_is_better"
    measure = dbt_built.query(
        "select * from marts.dim_measure where measure_code = %s", ("AHH Local 2A2 (ii)",)
    )[0]
    assert (measure["polarity"], measure["polarity_source"]) == ("lower_is_better", "seeded")


def test_reissued_quarter_shows_the_corrected_value(dbt_built: BuiltWarehouse) -> None:
    original = {m["measure_code"]: m for m in dbt_built.truths[ORIGINAL]["measures"]}
    reissued = {m["measure_code"]: m for m in dbt_built.truths[REISSUED]["measures"]}
    changed = [
        code
        for code, m in reissued.items()
        if code in original
        and (m["quarterly_actual"], m["quarterly_status"])
        != (original[code]["quarterly_actual"], original[code]["quarterly_status"])
    ]
    assert changed, "the re-issued sample should correct at least one figure"
    for code in changed:
        row = fact(dbt_built, code, "2018-09-30")
        assert row["quarterly_actual"] == Decimal(str(reissued[code]["quarterly_actual"]))
        assert row["quarterly_status"] == reissued[code]["quarterly_status"]
        assert row["is_revised"] is True
        assert row["first_published_quarterly_actual"] == Decimal(
            str(original[code]["quarterly_actual"])
        )
        assert row["report_sha256"] == dbt_built.truths[REISSUED]["report"]["source_sha256"]
        versions = dbt_built.query(
            "select report_sha256, quarterly_actual, is_current_version"
            " from marts.fct_measure_quarter_versions"
            " where measure_code = %s and period_end = '2018-09-30' order by report_version_number",
            (code,),
        )
        assert [v["report_sha256"] for v in versions] == [
            dbt_built.truths[ORIGINAL]["report"]["source_sha256"],
            dbt_built.truths[REISSUED]["report"]["source_sha256"],
        ]
        assert [v["is_current_version"] for v in versions] == [False, True]
    unchanged = sorted(set(reissued) & set(original) - set(changed))
    assert unchanged
    rows = dbt_built.query(
        "select measure_code from marts.fct_measure_quarter"
        " where period_end = '2018-09-30' and is_revised"
    )
    assert sorted(r["measure_code"] for r in rows) == sorted(changed)


def test_every_quarter_has_exactly_its_current_reports_measures(
    dbt_built: BuiltWarehouse,
) -> None:
    """A measure absent from a quarter's report has no row for it (not a row of nulls)."""
    rows = dbt_built.query("select measure_code, period_end from marts.fct_measure_quarter")
    in_mart: dict[str, set[str]] = {}
    for row in rows:
        in_mart.setdefault(row["period_end"].isoformat(), set()).add(row["measure_code"])
    expected = {
        period: {m["measure_code"] for m in truth["measures"]}
        for period, truth in current_truths(dbt_built).items()
    }
    assert in_mart == expected
    everywhere = set.union(*expected.values())
    absent = [(code, p) for p, codes in expected.items() for code in everywhere - codes]
    assert absent, "the corpus has measures missing from some quarters"


def test_every_figure_matches_the_truth(dbt_built: BuiltWarehouse) -> None:
    rows = {
        (r["measure_code"], r["period_end"].isoformat()): r
        for r in dbt_built.query("select * from marts.fct_measure_quarter")
    }
    numbers = ("quarterly_target", "quarterly_actual", "forecast_target", "forecast_actual")
    checked = 0
    for period, truth in current_truths(dbt_built).items():
        for m in truth["measures"]:
            row = rows[(m["measure_code"], period)]
            printed = (m.keys() & row.keys()) - {"pages", *numbers}  # as printed, unchanged
            assert {"measure_title", "quarterly_status", "unit", "direction_of_travel"} <= printed
            for name in printed:
                assert row[name] == m[name], (m["measure_code"], period, name)
            for name in numbers:
                want = None if m[name] is None else Decimal(str(m[name]))
                assert row[name] == want, (m["measure_code"], period, name)
            if m["quarterly_actual"] is not None and m["quarterly_target"] is not None:
                assert row["variance"] == want_variance(m)
            provisional = re.search("provisional", m["context"] or "", re.IGNORECASE)
            assert row["is_provisional"] is bool(provisional)
            assert row["pages"] == ", ".join(str(p) for p in m["pages"])
            checked += 1
    assert checked == len(rows)


def want_variance(m: dict[str, Any]) -> Decimal:
    return Decimal(str(m["quarterly_actual"])) - Decimal(str(m["quarterly_target"]))


def test_polarity_is_known_for_every_numeric_measure(dbt_built: BuiltWarehouse) -> None:
    rows = dbt_built.query("select * from marts.dim_measure order by measure_code")
    by_source = {r["measure_code"]: r["polarity_source"] for r in rows}
    assert set(by_source.values()) <= {"seeded", "inferred", "unknown"}
    assert "inferred" in by_source.values(), "measures outside the seed are inferred"
    for row in rows:
        if row["polarity_source"] == "seeded" and row["inferred_polarity"] != "unknown":
            assert row["inferred_polarity"] == row["polarity"], row["measure_code"]
    # text-only targets (FPA PM22b: On Track / Major Slippage) give no evidence
    assert by_source.get("FPA PM22b") == "unknown"


def test_consecutive_red_quarters_count_back_through_reported_quarters(
    dbt_built: BuiltWarehouse,
) -> None:
    rows = dbt_built.query(
        "select f.measure_code, q.quarter_index, f.quarterly_status, f.consecutive_red_quarters"
        " from marts.fct_measure_quarter as f"
        " join marts.dim_quarter as q using (period_end)"
        " order by f.measure_code, q.quarter_index"
    )
    previous: dict[str, tuple[int, int]] = {}
    for row in rows:
        code = row["measure_code"]
        if row["quarterly_status"] != "Red":
            want = 0
        else:
            index, run = previous.get(code, (-99, 0))
            want = run + 1 if index == row["quarter_index"] - 1 else 1
        assert row["consecutive_red_quarters"] == want, row
        previous[code] = (row["quarter_index"], want)
    assert max(r["consecutive_red_quarters"] for r in rows) >= 3


def test_directorate_summary_agrees_with_the_fact(dbt_built: BuiltWarehouse) -> None:
    rows = dbt_built.query(
        "select * from marts.fct_directorate_quarter where period_end = '2018-03-31'"
    )
    truth = current_truths(dbt_built)["2018-03-31"]["measures"]
    assert {r["directorate"] for r in rows} == {m["directorate"] for m in truth}
    for row in rows:
        mine = [m for m in truth if m["directorate"] == row["directorate"]]
        assert row["measure_count"] == len(mine)
        assert row["red_count"] == sum(m["quarterly_status"] == "Red" for m in mine)
        assert row["on_target_count"] + row["off_target_count"] == row["assessed_count"]
        if row["assessed_count"]:
            share = Decimal(row["on_target_count"]) / Decimal(row["assessed_count"])
            assert row["on_target_share"] == share.quantize(Decimal("0.0001"))


def test_dim_quarter_covers_every_quarter(dbt_built: BuiltWarehouse) -> None:
    rows = dbt_built.query("select * from marts.dim_quarter order by period_end")
    assert rows[0]["period_end"].isoformat() == "2016-06-30"
    assert rows[-1]["period_end"].isoformat() == "2019-03-31"
    assert [r["quarter_index"] for r in rows] == list(
        range(rows[0]["quarter_index"], rows[-1]["quarter_index"] + 1)
    )
    q4 = next(r for r in rows if r["period_end"].isoformat() == "2018-03-31")
    assert (q4["financial_year"], q4["fiscal_quarter"], q4["quarter_label"]) == (
        "2017/18",
        4,
        "Q4 2017/18",
    )
    assert (q4["calendar_year"], q4["calendar_quarter"]) == (2018, 1)
    reissued = next(r for r in rows if r["period_end"].isoformat() == "2018-09-30")
    assert reissued["report_count"] == 2


def test_incremental_run_equals_full_refresh(dbt_built: BuiltWarehouse) -> None:
    assert dbt_built.incremental_marts.keys() == dbt_built.full_refresh_marts.keys()
    for table, rows in dbt_built.full_refresh_marts.items():
        assert dbt_built.incremental_marts[table] == rows, f"marts.{table} differs"


def merged_rows(summary: Any, model: str) -> int:
    node = next(n for n in summary.nodes if n.unique_id == f"model.scorecard.{model}")
    match = re.search(r"MERGE (\d+)", node.message or "")
    assert match, f"{model}: {node.message}"
    return int(match.group(1))


def test_incremental_run_merges_only_the_new_and_reissued_quarters(
    dbt_built: BuiltWarehouse,
) -> None:
    total = dbt_built.query("select count(*) as n from marts.fct_measure_quarter")[0]["n"]
    recent = dbt_built.query(
        "select count(*) as n from marts.fct_measure_quarter where period_end >= '2018-09-30'"
    )[0]["n"]
    assert merged_rows(dbt_built.incremental_build, "fct_measure_quarter") == recent < total
    # a second run with nothing new loaded merges nothing
    assert merged_rows(dbt_built.noop_build, "fct_measure_quarter") == 0
    assert merged_rows(dbt_built.noop_build, "fct_measure_quarter_versions") == 0
    assert merged_rows(dbt_built.noop_build, "fct_directorate_quarter") == 0


def test_bi_reader_reads_marts_and_nothing_else(dbt_built: BuiltWarehouse) -> None:
    settings = dbt_built.settings
    with psycopg.connect(libpq_url(settings.reader_url), autocommit=True) as conn:
        for table in (
            "dim_council",
            "dim_quarter",
            "dim_measure",
            "dim_measure_title_history",
            "fct_measure_quarter",
            "fct_directorate_quarter",
            "fct_measure_quarter_versions",
        ):
            conn.execute(f"select 1 from marts.{table} limit 1")
        for relation in (
            "staging.stg_scorecard__measures",
            "staging.measure_polarity",
            "raw.measures",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"select 1 from {relation} limit 1")


def test_mart_columns_are_documented_in_the_warehouse(dbt_built: BuiltWarehouse) -> None:
    """persist_docs puts every column's description on the table, where BI tools show it."""
    rows = dbt_built.query(
        "select c.table_name, c.column_name,"
        " col_description(format('%%I.%%I', c.table_schema, c.table_name)::regclass,"
        " c.ordinal_position) as description"
        " from information_schema.columns as c where c.table_schema = 'marts'"
    )
    undocumented = [(r["table_name"], r["column_name"]) for r in rows if not r["description"]]
    assert rows and not undocumented
