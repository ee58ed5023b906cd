"""The sample generator is deterministic and its truth files are consistent with the real report."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from samples.corpus import PERIODS, all_reports, polarity, status_for
from samples.generate import DEFAULT_OUT, generate, truth
from samples.model import parse_number
from samples.render import ALT, DEFAULT, layout_report, render_report

REAL_CODES = [
    "L&C PM28", "Regen PM21", "CM PM09a", "CP 08f", "FPA PM22b", "GOV PM01", "EI 12/EI 3",
    "AHH 02D", "AHH Local 2A (i)", "AHH Local 2A2 (ii)", "EIISS PM04", "L&I PM02a", "L&I PM04a",
    "L&I PM23c", "L&I PM23e", "L&I PM26a", "AHH 02B (NI 125)", "SS PM07", "SS PM23b",
    "DH Local 62b", "YA&H PM05 (DH)",
]  # fmt: skip
MEASURE_FIELDS = [
    "directorate", "measure_code", "measure_title", "quarterly_status", "forecast_status",
    "quarterly_target_text", "quarterly_actual_text", "forecast_target_text",
    "forecast_actual_text", "quarterly_target", "quarterly_actual", "forecast_target",
    "forecast_actual", "unit", "direction_of_travel", "context", "improvement_actions",
    "intervention_review", "pages",
]  # fmt: skip
REPORT_FIELDS = [
    "council", "report_name", "period_end", "financial_year", "quarter", "time_fetched",
    "data_source", "page_count", "source_sha256",
]  # fmt: skip
VALUE_FIELDS = ["quarterly_target", "quarterly_actual", "forecast_target", "forecast_actual"]
STEMS = [f"derby-scorecard-{p.isoformat()}" for p in PERIODS] + ["derby-scorecard-2018-09-30-v2"]


def load(stem: str) -> dict[str, Any]:
    """A committed truth file."""
    return json.loads((DEFAULT_OUT / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def truths() -> dict[str, dict[str, Any]]:
    """Every committed truth file by stem."""
    return {stem: load(stem) for stem in STEMS}


def test_corpus_files_are_committed() -> None:
    assert sorted(p.stem for p in DEFAULT_OUT.glob("*.pdf")) == sorted(STEMS)
    assert sorted(p.stem for p in DEFAULT_OUT.glob("*.json")) == sorted(STEMS)


def test_rendering_is_byte_identical_and_matches_the_committed_sample() -> None:
    report = next(r for r in all_reports() if r.stem == "derby-scorecard-2018-12-31")
    first, layout = render_report(report)
    second, _ = render_report(report)
    assert first == second
    assert first == (DEFAULT_OUT / f"{report.stem}.pdf").read_bytes()
    assert truth(report, layout, first) == load(report.stem)


@pytest.mark.parametrize("stem", STEMS)
def test_truth_shape_and_checksum(truths: dict[str, dict[str, Any]], stem: str) -> None:
    doc = truths[stem]
    assert list(doc["report"]) == REPORT_FIELDS
    pdf = (DEFAULT_OUT / f"{stem}.pdf").read_bytes()
    assert doc["report"]["source_sha256"] == hashlib.sha256(pdf).hexdigest()
    with pdfplumber.open(DEFAULT_OUT / f"{stem}.pdf") as document:
        assert doc["report"]["page_count"] == len(document.pages)
    codes = [m["measure_code"] for m in doc["measures"]]
    assert len(codes) == len(set(codes))
    last_page = 1
    for m in doc["measures"]:
        assert list(m) == MEASURE_FIELDS
        assert m["pages"] == list(range(m["pages"][0], m["pages"][-1] + 1))
        assert m["pages"][0] >= last_page
        last_page = m["pages"][-1]
        assert m["pages"][-1] <= doc["report"]["page_count"]
        for name in VALUE_FIELDS:
            assert m[name] == parse_number(m[f"{name}_text"])


@pytest.mark.parametrize("stem", STEMS)
def test_statuses_agree_with_values_and_polarity(
    truths: dict[str, dict[str, Any]], stem: str
) -> None:
    for m in truths[stem]["measures"]:
        pol = polarity(m["measure_code"])
        for kind in ("quarterly", "forecast"):
            target, actual = m[f"{kind}_target"], m[f"{kind}_actual"]
            status = m[f"{kind}_status"]
            if target is not None and actual is not None and status != "Annual Collection":
                assert status == status_for(target, actual, pol), (m["measure_code"], kind)


@pytest.mark.parametrize("stem", STEMS)
def test_commentary_follows_the_contract(truths: dict[str, dict[str, Any]], stem: str) -> None:
    for m in truths[stem]["measures"]:
        for name in ("measure_title", "context", "improvement_actions", "intervention_review"):
            text = m[name]
            assert not re.search(r"[$!#\u2018\u2019\u201c\u201d]", text), (m["measure_code"], name)
            assert "  " not in text and text == text.strip()
            # a single line break only ever precedes a "-" bullet line
            assert all(line.startswith("-") for line in re.split(r"(?<!\n)\n(?!\n)", text)[1:])
        assert "\n" not in m["measure_title"]


def test_real_report_is_reproduced(truths: dict[str, dict[str, Any]]) -> None:
    doc = truths["derby-scorecard-2018-03-31"]
    assert doc["report"]["page_count"] == 11
    assert doc["report"]["time_fetched"] == "2018-06-04T12:07:08"
    assert [m["measure_code"] for m in doc["measures"]] == REAL_CODES
    m = {m["measure_code"]: m for m in doc["measures"]}
    assert m["AHH Local 2A2 (ii)"]["quarterly_status"] == "Blue"
    assert m["AHH Local 2A2 (ii)"]["unit"] == "per 100,000 population"
    assert m["FPA PM22b"]["forecast_actual_text"] is None
    assert m["FPA PM22b"]["quarterly_actual_text"] == "Major Slippage"
    assert m["DH Local 62b"]["quarterly_status"] == "Annual Collection"
    assert m["SS PM07"]["measure_title"].startswith("Children in Care")
    assert "Council's Chief Officer Group" in m["CP 08f"]["improvement_actions"]
    assert '"Talking Points"' in m["AHH Local 2A2 (ii)"]["improvement_actions"]


def test_reissue_differs_in_exactly_one_value(truths: dict[str, dict[str, Any]]) -> None:
    original, v2 = truths["derby-scorecard-2018-09-30"], truths["derby-scorecard-2018-09-30-v2"]
    assert v2["report"]["period_end"] == original["report"]["period_end"]
    assert v2["report"]["time_fetched"] > original["report"]["time_fetched"]
    changed = []
    for a, b in zip(original["measures"], v2["measures"], strict=True):
        assert a["measure_code"] == b["measure_code"]
        changed += [(a["measure_code"], f) for f in VALUE_FIELDS if a[f] != b[f]]
        other = set(MEASURE_FIELDS) - set(VALUE_FIELDS) - {f"{f}_text" for f in VALUE_FIELDS}
        other -= {"quarterly_status", "forecast_status"}
        assert {k: a[k] for k in other} == {k: b[k] for k in other}
    assert changed == [("GOV PM01", "quarterly_actual")]


def test_corpus_shows_every_quirk(truths: dict[str, dict[str, Any]]) -> None:
    measures = [m for doc in truths.values() for m in doc["measures"]]
    statuses = {m[f"{k}_status"] for m in measures for k in ("quarterly", "forecast")}
    assert statuses >= {"Red", "Amber", "Green", "Blue", "N/A", "Annual Collection"}
    assert {m["unit"] for m in measures} >= {"%", "per 100,000 population", "per 10,000 population"}
    texts = {m[f"{f}_text"] for m in measures for f in VALUE_FIELDS}
    assert {"On Track", "Major Slippage", "N/A", None} <= texts
    assert any(t and t.startswith("-") for t in texts)
    assert any(t and "," in t for t in texts)
    assert any(len(m["pages"]) >= 3 for m in measures)
    assert {m["measure_code"] for m in measures} >= {"HR PM12b", "CM PM21"}
    assert len({m["measure_title"] for m in measures if m["measure_code"] == "CP 08f"}) == 2
    assert any("amended from" in m["context"] for m in measures)


def test_layout_quirks_in_default_style() -> None:
    reports = {r.stem: r for r in all_reports()}
    layout = layout_report(reports["derby-scorecard-2018-03-31"], DEFAULT)
    assert layout.pages[0][-1].kind == "banner"  # banner at the foot of page 1, as in the real PDF
    layout = layout_report(reports["derby-scorecard-2018-12-31"], DEFAULT)
    first = layout.pages[3][0]  # page 4 opens with the continuation of a row from page 3
    assert layout.pages_of[first.measure_index][0] == 3
    assert first.cells[1] and first.cells[2]  # its status cells continue too


def test_alt_style_generates_the_same_truth(tmp_path: Path) -> None:
    paths = generate("alt", tmp_path)
    assert len(paths) == len(STEMS)
    for path in paths:
        alt = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        default = load(path.stem)
        assert alt["report"]["source_sha256"] != default["report"]["source_sha256"]
        strip = ("pages",)
        assert [{k: v for k, v in m.items() if k not in strip} for m in alt["measures"]] == [
            {k: v for k, v in m.items() if k not in strip} for m in default["measures"]
        ]
    assert ALT.font != DEFAULT.font and ALT.pagesize != DEFAULT.pagesize


@pytest.mark.parametrize(
    ("text", "value"),
    [("98.0%", 98.0), ("1,000.0", 1000.0), ("-2.5%", -2.5), ("12,345.6", 12345.6),
     ("57.00", 57.0), ("On Track", None), ("N/A", None), (None, None)],
)  # fmt: skip
def test_parse_number(text: str | None, value: float | None) -> None:
    assert parse_number(text) == value
