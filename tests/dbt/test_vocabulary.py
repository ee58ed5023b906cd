"""The statuses and directions dbt, the expectation suite and the site accept are the contract's.

``scorecard.extract.model`` defines them once; the dbt project's ``accepted_values`` tests, the
GX suite's value sets and the site's per-status count columns are written out in YAML, JSON and
SQL, so this test holds each of them equal to the Python definition.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from scorecard.extract.model import DIRECTIONS, STATUSES
from scorecard.settings import PROJECT_DIR

MODELS_DIR = PROJECT_DIR / "dbt_project" / "models"
SUITE = PROJECT_DIR / "expectations" / "scorecard_measures.json"
VOCABULARY = {
    "quarterly_status": STATUSES,
    "forecast_status": STATUSES,
    "direction_of_travel": DIRECTIONS,
}


def _columns(path: Path) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(model, column name, column) of every column a dbt YAML file describes."""
    for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models") or []:
        for column in model.get("columns") or []:
            yield model["name"], column["name"], column


def _accepted_values(column: dict[str, Any]) -> list[Any] | None:
    for test in column.get("data_tests") or []:
        if isinstance(test, dict) and "accepted_values" in test:
            spec = test["accepted_values"]
            return list((spec.get("arguments") or spec)["values"])
    return None


def test_dbt_accepts_exactly_the_contract_statuses_and_directions() -> None:
    checked = []
    for path in sorted(MODELS_DIR.rglob("*.yml")):
        for model, name, column in _columns(path):
            if name in VOCABULARY:
                values = _accepted_values(column)
                assert values is not None, f"{path}: {model}.{name} has no accepted_values test"
                assert tuple(values) == VOCABULARY[name], f"{path}: {model}.{name}"
                checked.append(f"{model}.{name}")
    # the staging view checks the statuses, both facts all three
    assert len(checked) >= 8, checked


def test_the_suite_accepts_exactly_the_contract_statuses_and_directions() -> None:
    suite = json.loads(SUITE.read_text(encoding="utf-8"))
    value_sets = {
        item["kwargs"]["column"]: tuple(item["kwargs"]["value_set"])
        for item in suite["expectations"]
        if item["type"] == "expect_column_values_to_be_in_set"
        and item["kwargs"]["column"] in VOCABULARY
    }
    assert value_sets == VOCABULARY


def test_every_status_the_site_counts_is_a_directorate_mart_column() -> None:
    from scorecard.site.charts import NO_STATUS
    from scorecard.site.overview import COUNT_COLUMNS

    mart = {
        name
        for path in MODELS_DIR.rglob("_marts__models.yml")
        for model, name, _ in _columns(path)
        if model == "fct_directorate_quarter"
    }
    assert list(COUNT_COLUMNS) == [*STATUSES, NO_STATUS]
    assert set(COUNT_COLUMNS.values()) <= mart
