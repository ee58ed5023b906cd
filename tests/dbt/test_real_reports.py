"""Reports that are not the bundled samples: no sample-data notice anywhere (decided from
provenance, not from wording), and a measure whose accumulation the reports do not reveal is
built without error, stays ``unknown`` and is never ranked as a mover.

Three sample quarters are re-badged as a council's own reports (another sha256, an https
source) and given one more measure, ``NEW PM01``: a count reported in Q3 2016/17, Q4 2016/17
and Q3 2017/18 with no year-end target, so neither its targets nor its reporting pattern say
whether it is a snapshot, a running total or an annual figure.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from scorecard.quarters import Quarter
from scorecard.settings import DBT_CONNECTION_KEYS, PROJECT_DIR, Settings, libpq_url

pytestmark = pytest.mark.slow

SAMPLES = PROJECT_DIR / "samples" / "reports"
QUARTERS = {"2016-12-31": 410.0, "2017-03-31": 440.0, "2017-12-31": 470.0}
"""The re-badged quarters, with NEW PM01's actual in each."""


def rebadged(period_end: str, actual: float) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (SAMPLES / f"derby-scorecard-{period_end}.json").read_text(encoding="utf-8")
    )
    data["report"]["source_sha256"] = hashlib.sha256(f"council:{period_end}".encode()).hexdigest()
    new = copy.deepcopy(next(m for m in data["measures"] if m["unit"] is None))
    new.update(
        measure_code="NEW PM01",
        measure_title="Number of new things done",
        quarterly_status="Red",
        forecast_status="Red",
        quarterly_target=500.0,
        quarterly_target_text="500.0",
        quarterly_actual=actual,
        quarterly_actual_text=f"{actual:.1f}",
        forecast_target=None,
        forecast_target_text=None,
        forecast_actual=None,
        forecast_actual_text=None,
        direction_of_travel="Improving",
    )
    data["measures"].append(new)
    return data


@pytest.fixture
def council_marts(
    scratch_warehouse: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    from scorecard import transform
    from scorecard.load import load_extraction

    for key in DBT_CONNECTION_KEYS:  # the session's; dbt follows the scratch database
        monkeypatch.delenv(key, raising=False)
    for period_end, actual in QUARTERS.items():
        load_extraction(
            rebadged(period_end, actual),
            source_uri=f"https://www.example.gov.uk/media/scorecard-{period_end}.pdf",
            settings=scratch_warehouse,
            require_validated=False,
        )
    transform.build(scratch_warehouse, target_path=tmp_path / "dbt")
    return scratch_warehouse


def test_real_reports_carry_no_sample_notice_and_unknowns_are_not_ranked(
    council_marts: Settings, tmp_path: Path
) -> None:
    from scorecard.site.build import build_site
    from scorecard.site.publish import write_docs_home
    from scorecard.site.summary import read_scorecard, render

    with psycopg.connect(libpq_url(council_marts.reader_url), row_factory=dict_row) as conn:
        quarters = conn.execute(
            "select quarter_code, is_sample_data, current_report_source_uri"
            " from marts.dim_quarter where has_report order by quarter_index"
        ).fetchall()
        measure = conn.execute(
            "select accumulation, accumulation_source, accumulation_evidence, unit_kind"
            " from marts.dim_measure where measure_code = 'NEW PM01'"
        ).fetchone()
        facts = conn.execute(
            "select period_end, change_basis, change_better, prior_year_actual"
            " from marts.fct_measure_quarter where measure_code = 'NEW PM01' order by 1"
        ).fetchall()
    assert [q["quarter_code"] for q in quarters] == ["2016Q3", "2016Q4", "2017Q3"]
    assert all(q["is_sample_data"] is False for q in quarters)
    assert (measure["accumulation"], measure["accumulation_source"], measure["unit_kind"]) == (
        "unknown",
        "unknown",
        "count",
    )
    assert len(facts) == 3
    assert facts[-1]["prior_year_actual"] == 410  # like for like is there ...
    assert all(
        f["change_basis"] is None and f["change_better"] is None for f in facts
    )  # ... unused

    card = read_scorecard(council_marts, quarter=Quarter.parse("2017Q3"))
    assert not card.is_sample_data
    assert "NEW PM01" not in {row["measure_code"] for row in card.movers}
    reasons = {row["measure_code"]: reason for row, reason in card.not_ranked}
    assert "accumulation is unknown" in reasons["NEW PM01"]
    lines = render(card)
    assert not any("Sample data" in line for line in lines)
    assert any("NEW PM01 (its accumulation is unknown" in line for line in lines)

    site = build_site(council_marts, tmp_path / "site")
    assert site.sample_notice is None
    pages = list(site.index.parent.rglob("*.html"))
    assert len(pages) == site.measures + site.directorates + site.quarters + 1
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "sample-notice" not in text and "Sample data" not in text, page.name
        assert "as the council's quarterly reports printed them" in text, page.name
    home = write_docs_home(
        tmp_path / "docs",
        site=site.index,
        dbt_docs=tmp_path / "none.html",
        data_docs=tmp_path / "none.html",
        notice=site.sample_notice,
    )
    assert "Sample data" not in home.read_text(encoding="utf-8")
