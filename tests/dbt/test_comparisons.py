"""What the marts say a measure counts, and the like-for-like comparisons that follow from it,
checked on the sample corpus (built by ``conftest.py``: two quarterly runs, then a full refresh).

Pinned rows: a year-to-date count (YA&H PM05 (DH), CM PM21), an annual measure (DH Local 62b),
percentages (L&I PM26a; SS PM23b, lower is better), a lower-is-better rate (EIISS PM04) and a
measure with text figures (FPA PM22b). Each expected value was worked out by hand from the
truth files.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

from scorecard.site.palette import COLOURS

if TYPE_CHECKING:
    from conftest import BuiltWarehouse  # tests/dbt/conftest.py

pytestmark = pytest.mark.slow

D = Decimal


def fact(built: BuiltWarehouse, code: str, period_end: str) -> dict[str, Any]:
    rows = built.query(
        "select * from marts.fct_measure_quarter where measure_code = %s and period_end = %s",
        (code, period_end),
    )
    assert len(rows) == 1, f"expected one fct_measure_quarter row for {code} {period_end}"
    return rows[0]


def measures(built: BuiltWarehouse) -> dict[str, dict[str, Any]]:
    return {r["measure_code"]: r for r in built.query("select * from marts.dim_measure")}


def test_cumulative_measures_are_inferred_year_to_date(dbt_built: BuiltWarehouse) -> None:
    dims = measures(dbt_built)
    for code in ("CM PM21", "YA&H PM05 (DH)", "L&C PM28", "Regen PM21"):
        assert (dims[code]["accumulation"], dims[code]["accumulation_source"]) == (
            "year_to_date",
            "inferred",
        ), code
        assert dims[code]["unit_kind"] == "count"
    assert dims["CM PM21"]["accumulation_evidence"] == (
        "quarterly targets build to the year-end target (3 of 3 quarters)"
    )


def test_percentages_and_rates_are_point(dbt_built: BuiltWarehouse) -> None:
    dims = measures(dbt_built)
    ratios = [r for r in dims.values() if r["unit"] is not None]
    assert {r["unit_kind"] for r in ratios} == {"percentage", "rate per N"}
    assert len(ratios) >= 14
    for row in ratios:
        assert row["accumulation"] == "point", row["measure_code"]
        assert row["inferred_accumulation"] == "point", row["measure_code"]


def test_annual_text_and_seeded_measures(dbt_built: BuiltWarehouse) -> None:
    dims = measures(dbt_built)
    annual = dims["DH Local 62b"]
    assert (annual["accumulation"], annual["accumulation_source"]) == ("annual", "seeded")
    assert annual["inferred_accumulation"] == "annual"  # the seed agrees with the reports
    assert annual["frequency"] == "annual"
    text = dims["FPA PM22b"]
    assert (text["unit_kind"], text["accumulation"], text["accumulation_source"]) == (
        "text",
        "unknown",
        "unknown",
    )
    exams = dims["L&I PM02a"]  # the same figure in Q3 and Q4 of each year
    assert (exams["unit_kind"], exams["accumulation"], exams["frequency"]) == (
        "percentage",
        "point",
        "annual",
    )
    score = dims["L&I PM04a"]
    assert (score["unit_kind"], score["unit_kind_source"]) == ("score", "seeded")


def test_year_to_date_row_compares_with_the_same_quarter_last_year(
    dbt_built: BuiltWarehouse,
) -> None:
    row = fact(dbt_built, "YA&H PM05 (DH)", "2019-03-31")
    assert (row["quarter_index"], row["financial_year_start"], row["quarter_of_year"]) == (
        2019 * 4 + 1,
        2018,
        4,
    )
    assert (row["accumulation"], row["unit_kind"]) == ("year_to_date", "count")
    assert (row["prior_year_period_end"], row["prior_year_actual"]) == (
        date(2018, 3, 31),
        D("550.0"),
    )
    assert (row["prior_year_target"], row["prior_year_status"]) == (D("660.0"), "Red")
    assert row["previous_quarter_actual"] == D("530.2")  # Q3 to Q4: the same year's count
    assert (row["change_basis"], row["change_since"]) == ("prior_year", "since Q4 last year")
    assert (row["change_from_actual"], row["actual_change"]) == (D("550.0"), D("181.0"))
    assert (row["change_pp"], row["change_pct"]) == (None, D("32.9091"))
    assert (row["change_better"], row["change_better_unit"]) == (D("32.9091"), "%")
    assert (row["status_rank"], row["status_colour"]) == (1, COLOURS["Red"])


def test_year_to_date_is_never_compared_across_the_april_reset(
    dbt_built: BuiltWarehouse,
) -> None:
    q1 = fact(dbt_built, "YA&H PM05 (DH)", "2018-06-30")
    assert q1["previous_quarter_actual"] is None  # not Q4 2017/18's 550.0
    assert (q1["change_basis"], q1["change_since"]) == ("prior_year", "since Q1 last year")
    assert (q1["change_from_actual"], q1["change_pct"]) == (D("135.2"), D("39.3491"))
    new = fact(dbt_built, "CM PM21", "2018-06-30")  # first reported in 2018/19
    assert (new["change_basis"], new["change_better"]) == (None, None)
    q2 = fact(dbt_built, "CM PM21", "2018-09-30")
    assert (q2["previous_quarter_actual"], q2["previous_quarter_status"]) == (D("2919.9"), "Red")
    assert q2["change_basis"] is None  # movers compare a year-to-date count year on year
    rows = dbt_built.query(
        "select measure_code, period_end, previous_quarter_actual, change_basis"
        " from marts.fct_measure_quarter where accumulation = 'year_to_date'"
    )
    assert len(rows) >= 30
    for row in rows:
        if row["period_end"].month == 6:  # Q1
            assert row["previous_quarter_actual"] is None, row
        assert row["change_basis"] in (None, "prior_year"), row


def test_annual_measure_compares_year_on_year_only(dbt_built: BuiltWarehouse) -> None:
    row = fact(dbt_built, "DH Local 62b", "2019-03-31")
    assert (row["accumulation"], row["frequency"]) == ("annual", "annual")
    assert (row["prior_year_actual"], row["prior_year_status"]) == (D("33.0"), "Annual Collection")
    assert (row["change_basis"], row["change_since"]) == ("prior_year", "since Q4 last year")
    assert (row["actual_change"], row["change_pct"], row["change_better"]) == (
        D("19.0"),
        D("57.5758"),
        D("57.5758"),
    )
    assert (row["status_rank"], row["status_colour"]) == (6, COLOURS["Annual Collection"])
    rows = dbt_built.query(
        "select previous_quarter_actual, previous_quarter_period_end, change_basis"
        " from marts.fct_measure_quarter where accumulation = 'annual'"
    )
    assert rows and all(r["previous_quarter_period_end"] is None for r in rows)
    assert {r["change_basis"] for r in rows} <= {None, "prior_year"}


def test_percentage_changes_in_points_and_are_signed_by_polarity(
    dbt_built: BuiltWarehouse,
) -> None:
    row = fact(dbt_built, "L&I PM26a", "2019-03-31")
    assert (row["change_basis"], row["change_since"]) == ("previous_quarter", "since Q3")
    assert (row["change_from_actual"], row["change_pp"], row["change_pct"]) == (
        D("61.9"),
        D("10.6"),
        None,
    )
    assert (row["change_better"], row["change_better_unit"]) == (D("10.6"), "pp")
    assert row["prior_year_actual"] == D("46.9")
    lower = fact(dbt_built, "SS PM23b", "2019-03-31")  # lower is better: a fall is better
    assert (lower["polarity"], lower["change_pp"], lower["change_better"]) == (
        "lower_is_better",
        D("-4.8"),
        D("4.8"),
    )
    # never a per-cent change for a percentage, never percentage points for anything else
    mixed = dbt_built.query(
        "select count(*) as n from marts.fct_measure_quarter where"
        " (unit_kind = 'percentage' and change_pct is not null)"
        " or (unit_kind <> 'percentage' and change_pp is not null)"
    )
    assert mixed[0]["n"] == 0


def test_lower_is_better_variance_is_negative_above_target(dbt_built: BuiltWarehouse) -> None:
    row = fact(dbt_built, "EIISS PM04", "2019-03-31")
    assert (row["polarity"], row["quarterly_actual"], row["quarterly_target"]) == (
        "lower_is_better",
        D("79.40"),
        D("60.00"),
    )
    assert row["variance"] == D("19.40")  # actual - target
    assert row["variance_better"] == D("-19.40")  # above target is worse
    assert row["variance_better_pct"] == D("-32.3333")
    assert row["is_on_target"] is False
    assert (row["change_since"], row["actual_change"], row["change_pct"]) == (
        "since Q3",
        D("0.34"),
        D("0.4301"),
    )
    assert row["change_better"] == D("-0.4301")  # it rose: worse
    # variance and variance_better agree in sign exactly when higher is better
    rows = dbt_built.query(
        "select polarity, variance, variance_better from marts.fct_measure_quarter"
        " where variance <> 0 and polarity <> 'unknown'"
    )
    assert len(rows) > 100
    for r in rows:
        same = (r["variance"] > 0) == (r["variance_better"] > 0)
        assert same is (r["polarity"] == "higher_is_better"), r


def test_text_measure_has_no_change_and_is_never_a_mover(dbt_built: BuiltWarehouse) -> None:
    rows = dbt_built.query(
        "select * from marts.fct_measure_quarter where measure_code = 'FPA PM22b'"
    )
    assert len(rows) == 3
    for row in rows:
        assert (row["accumulation"], row["unit_kind"]) == ("unknown", "text")
        assert row["change_basis"] is row["change_better"] is row["previous_quarter_actual"] is None
    unknown = dbt_built.query(
        "select count(*) as n from marts.fct_measure_quarter"
        " where accumulation = 'unknown' and change_basis is not null"
    )
    assert unknown[0]["n"] == 0


def test_every_fact_has_its_sort_keys(dbt_built: BuiltWarehouse) -> None:
    for table in ("fct_measure_quarter", "fct_directorate_quarter", "fct_measure_quarter_versions"):
        rows = dbt_built.query(
            f"select f.period_end, f.quarter_index, f.financial_year_start, f.quarter_of_year,"
            f" q.quarter_index as dim_index, q.financial_year_start as dim_year,"
            f" q.fiscal_quarter from marts.{table} as f join marts.dim_quarter as q"
            f" using (period_end)"
        )
        assert rows, table
        for row in rows:
            assert isinstance(row["period_end"], date)
            assert (row["quarter_index"], row["financial_year_start"], row["quarter_of_year"]) == (
                row["dim_index"],
                row["dim_year"],
                row["fiscal_quarter"],
            ), (table, row)
