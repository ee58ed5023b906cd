"""One vocabulary: the statuses and directions every active layout profile can produce
(``profiles/*.yml``, merged by :mod:`scorecard.profiles.vocabulary`) are exactly what dbt's
accepted values, the validation suite and the site accept and show.

The profiles are the one place a status or direction is declared; the GX suite takes its value
sets from them when it is read, and the dbt project's ``accepted_values`` tests and the site's
per-status count columns and colours are held equal to them here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from scorecard.extract.model import DIRECTIONS, STATUSES
from scorecard.profiles.vocabulary import active_profiles, vocabulary
from scorecard.settings import PROJECT_DIR
from scorecard.validate.gx_runner import read_suite

MODELS_DIR = PROJECT_DIR / "dbt_project" / "models"
SUITE = PROJECT_DIR / "expectations" / "scorecard_measures.json"
WORDS = vocabulary()
VOCABULARY = {
    "quarterly_status": WORDS.statuses,
    "forecast_status": WORDS.statuses,
    "direction_of_travel": WORDS.directions,
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


def test_the_vocabulary_is_the_active_profiles() -> None:
    names = [p.name for p in active_profiles()]
    assert names[0] == "derby" and "spreadsheet" in names
    assert STATUSES == WORDS.statuses == active_profiles()[0].status_names()
    assert WORDS.directions == DIRECTIONS
    assert "No change" in DIRECTIONS  # known to the warehouse, printed by no Derby report


def test_dbt_accepts_exactly_the_profiles_statuses_and_directions() -> None:
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


def test_the_suite_accepts_exactly_the_profiles_statuses_and_directions() -> None:
    def value_sets(suite: dict[str, Any]) -> dict[str, tuple[str, ...]]:
        return {
            item["kwargs"]["column"]: tuple(item["kwargs"]["value_set"])
            for item in suite["expectations"]
            if item["type"] == "expect_column_values_to_be_in_set"
            and item["kwargs"]["column"] in VOCABULARY
        }

    assert value_sets(read_suite(SUITE)) == VOCABULARY  # what validation runs
    assert value_sets(json.loads(SUITE.read_text(encoding="utf-8"))) == VOCABULARY


def test_every_status_the_site_counts_is_a_directorate_mart_column() -> None:
    from scorecard.site.blocks import COUNT_COLUMNS
    from scorecard.site.charts import NO_STATUS

    mart = {
        name
        for path in MODELS_DIR.rglob("_marts__models.yml")
        for model, name, _ in _columns(path)
        if model == "fct_directorate_quarter"
    }
    assert list(COUNT_COLUMNS) == [*WORDS.statuses, NO_STATUS]
    assert set(COUNT_COLUMNS.values()) <= mart


def test_the_status_seed_is_the_site_palette() -> None:
    """status_rank and status_colour in the marts come from the same vocabulary and colours
    as the site (the seed is written from scorecard.site.palette)."""
    import csv

    from scorecard.site.palette import seed_rows

    path = PROJECT_DIR / "dbt_project" / "seeds" / "status_vocabulary.csv"
    with path.open(encoding="utf-8") as handle:
        seeded = [
            (r["status"], int(r["status_rank"]), r["status_colour"]) for r in csv.DictReader(handle)
        ]
    expected = list(seed_rows())
    lines = "\n".join(",".join(map(str, row)) for row in expected)
    assert seeded == expected, f"write {path} as:\nstatus,status_rank,status_colour\n{lines}"
    assert [status for status, _, _ in seeded[: len(STATUSES)]] == list(STATUSES)


def test_the_sample_seed_lists_exactly_the_bundled_sample_reports() -> None:
    """A report is sample data when its sha256 is one of these; the list must follow the files
    (the bundled samples and the second council's the tests load)."""
    import csv
    import hashlib

    path = PROJECT_DIR / "dbt_project" / "seeds" / "sample_reports.csv"
    with path.open(encoding="utf-8") as handle:
        seeded = {r["report_sha256"]: r["file_name"] for r in csv.DictReader(handle)}
    samples = PROJECT_DIR / "samples"
    pdfs = [*(samples / "reports").glob("*.pdf"), *(samples / "councils").glob("*/*.pdf")]
    bundled = {hashlib.sha256(pdf.read_bytes()).hexdigest(): pdf.name for pdf in sorted(pdfs)}
    assert any(pdf.parent.name == "northfield" for pdf in pdfs)
    lines = "\n".join(f"{sha},{name}" for sha, name in sorted(bundled.items(), key=lambda i: i[1]))
    assert seeded == bundled, f"write {path} as:\nreport_sha256,file_name\n{lines}"


def test_the_site_shows_each_status_in_the_profiles_colour() -> None:
    from scorecard.site.palette import COLOURS

    assert {status: COLOURS[status] for status in WORDS.statuses} == {
        status: colour.lower() for status, colour in WORDS.colours.items()
    }
