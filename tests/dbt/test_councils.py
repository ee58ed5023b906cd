"""Two councils in one warehouse never mix.

The Derby samples and a second, made-up council (Northfield: the same measure codes and four of
the same quarters, never the same figures) loaded side by side and built by dbt, incrementally
and by a full refresh (``councilkit``). Every fact and dimension holds exactly each council's
own rows, figures are each council's as its PDFs print them, no comparison reaches into the
other council, the keys a BI tool reads say so, and Derby's marts and the starter questions'
answers are what they are with Derby alone.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from councilkit import DERBY, LATE, NORTHFIELD, TwoCouncils
from psycopg.rows import dict_row
from test_bi_model import FOREIGN_KEYS, PRIMARY_KEYS, keys_as_reader
from test_marts import merged_rows
from test_questions import QUESTIONS

from scorecard.councils import council_id
from scorecard.settings import libpq_url

if TYPE_CHECKING:
    from conftest import BuiltWarehouse  # tests/dbt/conftest.py

pytestmark = pytest.mark.slow

COUNCILS = (DERBY, NORTHFIELD)
LOAD_TIMES = {"period_loaded_at", "report_loaded_at"}
"""Columns that say when a report was loaded: different in any two databases."""


def by_council(rows: list[dict[str, Any]]) -> Counter[str]:
    return Counter(row["council_id"] for row in rows)


def test_dim_council_has_each_council_once(two_councils: TwoCouncils) -> None:
    rows = two_councils.query("select * from marts.dim_council order by council_id")
    assert [(r["council_id"], r["council_name"]) for r in rows] == [
        (DERBY, "Derby City Council"),
        (NORTHFIELD, "Northfield Borough Council"),
    ]
    derby, northfield = rows
    assert (derby["first_period_end"], derby["last_period_end"]) == (
        date(2016, 6, 30),
        date(2019, 3, 31),
    )
    assert (derby["quarters_loaded"], derby["report_count"]) == (12, 13)
    assert (northfield["first_period_end"], northfield["last_period_end"]) == (
        date(2017, 6, 30),
        date(2018, 3, 31),
    )
    assert (northfield["quarters_loaded"], northfield["report_count"]) == (4, 4)
    for row in rows:  # both are the project's own drawings: sample data, and say so
        assert row["is_sample_data"] is True
        assert row["sample_quarter_count"] == row["quarters_loaded"]
        truths = two_councils.council_truths(row["council_id"]).values()
        codes = {m["measure_code"] for truth in truths for m in truth["measures"]}
        assert row["measure_count"] == len(codes)


def test_every_mart_holds_each_councils_own_rows(two_councils: TwoCouncils) -> None:
    for council in COUNCILS:
        current = two_councils.council_truths(council)
        measures = [m for truth in current.values() for m in truth["measures"]]
        every_version = [
            m
            for truth in two_councils.truths.values()
            if council_id(truth["report"]["council"]) == council
            for m in truth["measures"]
        ]
        expected = {
            "fct_measure_quarter": len(measures),
            "fct_measure_quarter_versions": len(every_version),
            "fct_directorate_quarter": len(
                {(m["directorate"], period) for period, t in current.items() for m in t["measures"]}
            ),
            "dim_measure": len({m["measure_code"] for m in every_version}),
            "dim_quarter": len(current),  # both councils report every quarter of their span
        }
        for table, count in expected.items():
            rows = two_councils.query(f"select council_id from marts.{table}")
            assert by_council(rows)[council] == count, (council, table)
        (summed,) = two_councils.query(
            "select sum(measure_count) as n from marts.fct_directorate_quarter"
            " where council_id = %s",
            (council,),
        )
        assert summed["n"] == len(measures), council
    assert len(expected) == 5


def test_the_same_code_and_quarter_differ_as_each_pdf_says(two_councils: TwoCouncils) -> None:
    """Every figure of both councils is its own report's; for a code and quarter the two share,
    the figures differ (the pinned rows below were read off the two PDFs)."""
    rows = two_councils.query("select * from marts.fct_measure_quarter")
    facts = {(r["council_id"], r["measure_code"], r["period_end"].isoformat()): r for r in rows}
    numbers = ("quarterly_target", "quarterly_actual", "forecast_target", "forecast_actual")
    shared = 0
    for council in COUNCILS:
        for period, truth in two_councils.council_truths(council).items():
            for m in truth["measures"]:
                row = facts[(council, m["measure_code"], period)]
                for name in numbers:
                    want = None if m[name] is None else Decimal(str(m[name]))
                    assert row[name] == want, (council, m["measure_code"], period, name)
                assert row["quarterly_status"] == m["quarterly_status"]
                other = NORTHFIELD if council == DERBY else DERBY
                twin = facts.get((other, m["measure_code"], period))
                if twin is not None:
                    shared += 1
                    assert twin["report_sha256"] != row["report_sha256"]
    assert shared >= 2 * 30
    pinned = {
        (DERBY, "CM PM09a", "2017-06-30"): Decimal("98.0"),
        (NORTHFIELD, "CM PM09a", "2017-06-30"): Decimal("97.8"),
        (DERBY, "CM PM09a", "2018-03-31"): Decimal("97.8"),
        (NORTHFIELD, "CM PM09a", "2018-03-31"): Decimal("97.9"),
    }
    assert {key: facts[key]["quarterly_actual"] for key in pinned} == pinned


def test_comparisons_never_reach_into_the_other_council(two_councils: TwoCouncils) -> None:
    rows = two_councils.query("select * from marts.fct_measure_quarter")
    facts = {(r["council_id"], r["measure_code"], r["period_end"]): r for r in rows}
    reached = 0
    for row in rows:
        for period, actual in (
            ("prior_year_period_end", "prior_year_actual"),
            ("previous_quarter_period_end", "previous_quarter_actual"),
            ("change_from_period_end", "change_from_actual"),
        ):
            if row[period] is None:
                continue
            earlier = facts.get((row["council_id"], row["measure_code"], row[period]))
            assert earlier is not None, (row["council_id"], row["measure_code"], period)
            assert earlier["quarterly_actual"] == row[actual]
            reached += 1
    assert reached > 100
    northfield = [r for r in rows if r["council_id"] == NORTHFIELD]
    # Northfield's first year is its first: nothing a year before, though Derby has it all
    assert northfield and all(r["prior_year_period_end"] is None for r in northfield)
    first = [r for r in northfield if r["period_end"] == date(2017, 6, 30)]
    assert first and all(r["previous_quarter_period_end"] is None for r in first)
    assert all(r["consecutive_red_quarters"] <= 1 for r in first)  # Derby's Reds end nobody's run
    derby_q4 = facts[(DERBY, "CM PM09a", date(2018, 3, 31))]
    assert (derby_q4["prior_year_actual"], derby_q4["previous_quarter_actual"]) == (
        Decimal("97.9"),
        Decimal("97.9"),
    )


def test_measures_are_each_councils_own(two_councils: TwoCouncils) -> None:
    """Polarity and semantics are read off each council's own reports; the seeds name Derby."""
    rows = two_councils.query("select * from marts.dim_measure")
    dims = {(r["council_id"], r["measure_code"]): r for r in rows}
    assert dims[(DERBY, "CM PM09a")]["polarity_source"] == "seeded"
    northfield = dims[(NORTHFIELD, "CM PM09a")]
    assert (northfield["polarity"], northfield["polarity_source"]) == (
        "higher_is_better",
        "inferred",
    )
    assert northfield["quarters_reported"] == 4
    assert (northfield["first_period_end"], northfield["last_period_end"]) == (
        date(2017, 6, 30),
        date(2018, 3, 31),
    )
    assert dims[(DERBY, "CM PM09a")]["quarters_reported"] == 12
    assert not [r for r in rows if r["council_id"] == NORTHFIELD and r["seed_polarity"]]


def test_the_reader_finds_the_council_keys(two_councils: TwoCouncils) -> None:
    assert keys_as_reader(two_councils) == (PRIMARY_KEYS, FOREIGN_KEYS)


def test_incremental_build_merged_only_the_new_councils_quarter(
    two_councils: TwoCouncils,
) -> None:
    """Northfield's 2018-03-31 arrived after a build: the merge took its rows of that quarter,
    not Derby's of the same quarter nor Derby's later ones; a full refresh agrees."""
    late = len(two_councils.truths[LATE]["measures"])
    build = two_councils.incremental_build
    assert merged_rows(build, "fct_measure_quarter") == late
    assert merged_rows(build, "fct_measure_quarter_versions") == late
    assert two_councils.incremental_marts == two_councils.full_refresh_marts


def marts(settings: Any, council: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every mart's rows of one council (as admin), without the load times, sorted."""
    with psycopg.connect(libpq_url(settings.warehouse_url), row_factory=dict_row) as conn:
        out: dict[str, list[tuple[Any, ...]]] = {}
        for table in PRIMARY_KEYS:
            rows = conn.execute(
                f"select * from marts.{table} where council_id = %s", (council,)
            ).fetchall()
            out[table] = sorted(
                (tuple(v for k, v in row.items() if k not in LOAD_TIMES) for row in rows), key=repr
            )
        return out


def test_derby_reads_as_it_does_alone(two_councils: TwoCouncils, dbt_built: BuiltWarehouse) -> None:
    """Every mart row of Derby, and every starter question's answer for Derby, is the same
    beside a second council as in a warehouse of Derby alone."""
    alone, beside = marts(dbt_built.settings, DERBY), marts(two_councils.settings, DERBY)
    for table, rows in alone.items():
        assert rows, table
        assert beside[table] == rows, f"marts.{table} differs"
    for path in sorted(QUESTIONS.glob("*.sql")):
        question = path.read_text(encoding="utf-8")
        answers = []
        for settings in (dbt_built.settings, two_councils.settings):
            with psycopg.connect(libpq_url(settings.reader_url), row_factory=dict_row) as conn:
                answers.append(conn.execute(question).fetchall())
        one, two = answers
        assert {r["council_id"] for r in one} <= {DERBY}, path.name
        assert [r for r in two if r["council_id"] == DERBY] == one, path.name
        assert {r["council_id"] for r in two} <= set(COUNCILS), path.name


def test_questions_answer_each_council_from_its_own_rows(two_councils: TwoCouncils) -> None:
    share = two_councils.query((QUESTIONS / "2-share-on-target-by-directorate.sql").read_text())
    directorates = two_councils.query("select council_id from marts.fct_directorate_quarter")
    assert by_council(share) == by_council(directorates)  # the join to dim_quarter adds no row
    latest = two_councils.query((QUESTIONS / "4-year-on-year-change.sql").read_text())
    assert {r["quarter_label"] for r in latest if r["council_id"] == DERBY} == {"Q4 2018/19"}
    assert not [r for r in latest if r["council_id"] == NORTHFIELD]  # no year before its first
