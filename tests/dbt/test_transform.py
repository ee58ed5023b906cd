"""scorecard.transform.dbt: dbt parse/docs through dbtRunner, and failures that name their nodes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from dbtkit import drop_database, recreate_database

from scorecard import transform
from scorecard.settings import Settings

if TYPE_CHECKING:
    from conftest import BuiltWarehouse  # tests/dbt/conftest.py

pytestmark = pytest.mark.slow


def test_parse_writes_a_manifest_with_the_marts(dbt_settings: Settings, tmp_path: Path) -> None:
    manifest = transform.parse(dbt_settings, target_path=tmp_path)
    nodes = json.loads(manifest.read_text())["nodes"]
    names = {node["name"] for node in nodes.values() if node["resource_type"] == "model"}
    assert {
        "dim_quarter",
        "dim_measure",
        "fct_measure_quarter",
        "fct_directorate_quarter",
        "fct_measure_quarter_versions",
    } <= names


def test_docs_generate_writes_the_site_with_the_exposure(
    dbt_built: BuiltWarehouse, tmp_path: Path
) -> None:
    site = transform.docs_generate(dbt_built.settings, target_path=tmp_path, publish=False)
    assert (site / "index.html").exists()
    catalog = json.loads((site / "catalog.json").read_text())
    assert "model.scorecard.fct_measure_quarter" in catalog["nodes"]
    manifest = json.loads((site / "manifest.json").read_text())
    assert "exposure.scorecard.council_scorecard_dashboard" in manifest["exposures"]
    # the one place we rely on dbt's page text: if dbt's page changes, this fails loudly
    # instead of the replacements silently doing nothing
    page = (site / transform.dbt.STATIC_DOCS).read_text(encoding="utf-8")
    for broken, fixed in transform.dbt.DOCS_PAGE_FIXES:
        assert broken in page, broken
        assert broken not in transform.dbt.offline_docs_page(page) and fixed


def test_failed_build_names_the_failed_nodes(
    dbt_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Against a database without the raw tables, the staging views fail, by name."""
    empty = f"{dbt_settings.db_name}_empty"[:63]
    recreate_database(dbt_settings, empty)
    try:
        monkeypatch.setenv("SCORECARD_DBT_DBNAME", empty)
        monkeypatch.setenv("SCORECARD_DBT_USER", dbt_settings.warehouse_url.username or "postgres")
        monkeypatch.setenv("SCORECARD_DBT_PASSWORD", dbt_settings.warehouse_url.password or "")
        with pytest.raises(transform.TransformError) as caught:
            transform.build(dbt_settings, select=["path:models/staging"], target_path=tmp_path)
        message = str(caught.value)
        assert "test source_unique_scorecard_reports_report_sha256:" in message
        assert 'relation "raw.reports" does not exist' in message
        assert "skipped because of them: " in message and "stg_scorecard__reports" in message
        assert caught.value.summary is not None and caught.value.summary.failed
    finally:
        drop_database(dbt_settings, empty)


def test_cli_transform_reports_the_build(dbt_built: BuiltWarehouse) -> None:
    from scorecard.cli.transform import transform as command

    result = CliRunner().invoke(command, ["--select", "path:models/marts/dim_quarter.sql"])
    assert result.exit_code == 0, result.output
    assert "dbt build --select path:models/marts/dim_quarter.sql: ok in" in result.output
    assert "1 model," in result.output
