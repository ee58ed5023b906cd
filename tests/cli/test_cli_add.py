"""``scorecard add FILE.pdf``: a downloaded report through the same path as a fetched one, into
a real warehouse, the marts (dbt) and the site; and its refusals."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from dbtkit import on_database
from samples.zoo.layout_check import LayoutCase, committed

from scorecard.cli import main
from scorecard.settings import Settings, libpq_url


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _rows(settings: Settings, query: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        return conn.execute(query).fetchall()


@pytest.fixture(autouse=True)
def landing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A landing area of the test's own."""
    monkeypatch.setenv("SCORECARD_LANDING_URL", f"file://{tmp_path / 'landing'}")


def test_add_a_report_with_extra_columns_by_hand(
    scratch_warehouse: Settings, tmp_path: Path
) -> None:
    """Landed as added by hand, loaded with its extras, in the versions mart and the site."""
    source, truth = committed(LayoutCase("lo-writer", "extra-column"))
    pdf = tmp_path / "downloaded-scorecard.pdf"
    shutil.copy(source, pdf)
    with on_database(scratch_warehouse.db_name):  # dbt's connection follows the scratch database
        code, output = _run("add", str(pdf), "--quarter", "2017Q4")
    assert code == 0, output
    assert "landed" in output and "added by hand" in output and "inserted" in output
    details = _rows(scratch_warehouse, "select source_uri, source_details from raw.reports")
    assert details == [
        (
            pdf.resolve().as_uri(),
            {"found_by": "added by hand", "file_name": pdf.name, "profile": "derby"},
        )
    ]
    extras = _rows(
        scratch_warehouse,
        "select measure_code, extras from marts.fct_measure_quarter_versions order by measure_code",
    )
    expected = sorted((m["measure_code"], m["extras"]) for m in truth["measures"])
    assert extras == expected
    site = scratch_warehouse.docs_dir / "site"
    assert (site / "index.html").is_file()
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    assert any('<div class="found">added by hand</div>' in page for page in pages)
    again, output = _run("add", str(pdf), "--no-transform")
    assert again == 0 and "unchanged" in output


def test_add_refuses_another_quarter_and_an_unknown_layout(
    scratch_warehouse: Settings,
) -> None:
    pdf, _ = committed(LayoutCase("lo-calc", "derby"))
    code, output = _run("add", str(pdf), "--quarter", "2018Q1")
    assert code == 2 and "is for Q4 2017/18 (2017Q4), not Q1 2018/19" in output
    unknown, _ = committed(LayoutCase("lo-calc", "unknown-column"))
    code, output = _run("add", str(unknown), "--no-transform")
    assert code == 2 and "'Risk Rating'" in output
    code, output = _run("add", str(pdf), "--profile", "no-such-profile")
    assert code == 4 and "layout profile 'no-such-profile' not found" in output
    assert _rows(scratch_warehouse, "select count(*) from raw.reports") == [(0,)]
