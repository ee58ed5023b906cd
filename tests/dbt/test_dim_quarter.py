"""``marts.dim_quarter`` computes financial quarters exactly as ``scorecard.quarters`` does.

The model derives each quarter's start, end, financial year, number and label in SQL; Python
does the same in :class:`~scorecard.quarters.Quarter`. Two reports fifty years apart make dbt
generate every quarter in between, in the real warehouse, and each row is compared with Python.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from scorecard.quarters import Quarter, quarter_range
from scorecard.settings import Settings, libpq_url

FIRST, LAST = Quarter(1990, 4), Quarter(2040, 1)


def _report(quarter: Quarter) -> dict[str, object]:
    """An extraction of a report for ``quarter`` with no measures (the dimension needs none)."""
    return {
        "report": {
            "council": "Test Council",
            "report_name": "Improvement Report - Council Scorecard",
            "period_end": quarter.period_end.isoformat(),
            "financial_year": quarter.financial_year,
            "quarter": quarter.number,
            "time_fetched": None,
            "data_source": None,
            "page_count": 1,
            "source_sha256": f"{quarter.ordinal:064d}",
        },
        "measures": [],
    }


def test_every_quarter_of_dim_quarter_is_the_python_quarter(
    scratch_warehouse: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scorecard.load import load_extraction
    from scorecard.transform.dbt import run_dbt

    for quarter in (FIRST, LAST):
        load_extraction(
            _report(quarter),
            source_uri=f"file:///{quarter.code}.pdf",
            settings=scratch_warehouse,
            require_validated=False,
        )
    monkeypatch.delenv("SCORECARD_DBT_DBNAME", raising=False)  # the session's; dbt uses ours
    run_dbt(["seed", "--select", "sample_reports"], scratch_warehouse, target_path=tmp_path)
    run_dbt(["run", "--select", "+dim_quarter"], scratch_warehouse, target_path=tmp_path)

    with psycopg.connect(libpq_url(scratch_warehouse.warehouse_url), row_factory=dict_row) as conn:
        rows = conn.execute("select * from marts_audit.dim_quarter order by period_end").fetchall()
    expected = list(quarter_range(FIRST, LAST))
    assert [row["period_end"] for row in rows] == [q.period_end for q in expected]
    offset = rows[0]["quarter_index"] - FIRST.ordinal
    for row, quarter in zip(rows, expected, strict=True):
        assert (
            row["period_start"],
            row["financial_year"],
            row["fiscal_quarter"],
            row["quarter_label"],
            row["quarter_index"] - offset,
        ) == (
            quarter.period_start,
            quarter.financial_year,
            quarter.number,
            quarter.label,
            quarter.ordinal,
        ), row["period_end"]
    assert [row["has_report"] for row in rows].count(True) == 2
