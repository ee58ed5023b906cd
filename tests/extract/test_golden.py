"""Golden test: the 31-Mar-2018 sample extracts to the real report's values.

The table below was written from the text of the real report
(its pdftotext dump), not from the sample generator's data: if the
generator and the real report ever disagree, this test says so.
"""

from __future__ import annotations

from typing import Any

import pytest
from samplekit import REAL_SAMPLE, extracted

from scorecard.extract import Extraction

CP = "Communities & Place"
OG = "Organisation & Governance"
PS = "People Services"
P100K = "per 100,000 population"
P10K = "per 10,000 population"

# (directorate, code, title, quarterly status, forecast status,
#  quarterly target, quarterly actual, forecast target, forecast actual (as printed), unit, direction)
REAL_2018_03_31: list[tuple[Any, ...]] = [
    (CP, "L&C PM28", "Livewell: NHS Health Checks", "Red", "Red",
     "1,000.0", "923.0", "1,000.0", "923.0", None, "Deteriorating"),
    (CP, "Regen PM21", "Number of new businesses established arising from DCC interventions", "Red", "Red",
     "34.0", "14.0", "34.0", "14.0", None, "N/A"),
    (OG, "CM PM09a", "Percentage of Council Tax collected within 36 months of it becoming due", "Amber", "Amber",
     "98.0%", "97.8%", "98.0%", "97.8%", "%", "Deteriorating"),
    (OG, "CP 08f", "Average working days per employee (full time equivalents) per year lost through sickness"
     " absence - Excluding Schools", "Red", "Red", "8.4", "12.8", "8.4", "12.8", None, "Improving"),
    (OG, "FPA PM22b", "Unqualified Audit Opinion for Derby City Council for 2016/17 - Value for Money",
     "Red", "N/A", "On Track", "Major Slippage", "On Track", None, None, "N/A"),
    (OG, "GOV PM01", "DBS renewal programme achievement", "Amber", "Amber",
     "95.0%", "93.9%", "95.0%", "93.9%", "%", "Improving"),
    (PS, "EI 12/EI 3", "Percentage of children and young people's early help cases where progression tools"
     " show an improving direction of travel after support has been provided", "Amber", "Amber",
     "95.0%", "93.0%", "95.0%", "93.0%", "%", "Deteriorating"),
    (PS, "AHH 02D", "Sequel to short term support resulting in no services needed (STMAX)", "Red", "Red",
     "80.0%", "69.6%", "80.0%", "69.6%", "%", "Deteriorating"),
    (PS, "AHH Local 2A (i)", "Adults aged 18 to 64 whose long term care needs are met through residential or"
     " nursing care per 100,000 population", "Red", "Red", "13.5", "18.6", "13.5", "19.9", P100K, "Deteriorating"),
    (PS, "AHH Local 2A2 (ii)", "Adults aged 65 and over whose long term care needs are met through residential"
     " or nursing care per 100,000 population", "Blue", "Amber", "612.0", "593.6", "612.0", "629.9", P100K,
     "Deteriorating"),
    (PS, "EIISS PM04", "Children who are the subject of a child protection plan per 10,000 population aged"
     " under 18 (Snapshot)", "Red", "Red", "57.00", "86.90", "57.00", "86.90", P10K, "Deteriorating"),
    (PS, "L&I PM02a", "Percentage of Y6 pupils achieving expected level in reading, writing and maths",
     "Amber", "Amber", "56.0%", "55.0%", "56.0%", "55.0%", "%", "Improving"),
    (PS, "L&I PM04a", "Attainment 8 score", "Red", "Red", "48.5", "42.6", "48.5", "42.6", None, "Deteriorating"),
    (PS, "L&I PM23c", "Maintained Schools services, settings and institutions judged 'good' or 'outstanding'",
     "Amber", "Amber", "83.0%", "82.0%", "83.0%", "82.0%", "%", "Deteriorating"),
    (PS, "L&I PM23e", "Percentage of inspected services settings and institutions that are judged as 'good'"
     " or 'outstanding' % Residential Children's Homes", "Red", "Red", "100.0%", "83.3%", "100.0%", "83.3%",
     "%", "Deteriorating"),
    (PS, "L&I PM26a", "% of NEW EHCPs issued in 20 weeks (for those children and young people pre-16 years"
     " of age)", "Red", "Red", "90.0%", "46.9%", "90.0%", "46.9%", "%", "Deteriorating"),
    (PS, "AHH 02B (NI 125)", "Achieving independence for older people through rehabilitation/intermediate care",
     "Red", "Red", "85.0%", "78.0%", "85.0%", "78.0%", "%", "Deteriorating"),
    (PS, "SS PM07", "Children in Care per 10,000 population aged under 18 (EIISS PM05)", "Red", "Red",
     "77.00", "83.20", "77.00", "83.20", P10K, "Deteriorating"),
    (PS, "SS PM23b", "Percentage of children placed with independent fostering agencies", "Red", "Red",
     "50.0%", "62.6%", "50.0%", "62.6%", "%", "Deteriorating"),
    (PS, "DH Local 62b", "Number of new homes delivered in year (HRA & DH)", "Annual Collection", "Red",
     "60.0", "33.0", "60.0", "33.0", None, "Deteriorating"),
    (PS, "YA&H PM05 (DH)", "Number of homelessness preventions", "Red", "Red",
     "660.0", "550.0", "660.0", "550.0", None, "Deteriorating"),
]  # fmt: skip

# code -> (context starts, context ends, actions starts, actions ends, intervention starts, ends);
# None where the real text's column split is ambiguous.
COMMENTARY: dict[str, tuple[str | None, ...]] = {
    "L&C PM28": ("The target of 1,000 was missed by 73,", "health and wellbeing across the city.",
                 "Businesses: Work is taking place", "eligible for a full NHS health check.",
                 "No further review / interventions", "to make sure they are SMART."),
    "Regen PM21": ("The D2 Business Starter programme", "with no new businesses engaged.",
                   "The externally funded project", "some of which will be new businesses.",
                   "Executive Scrutiny reviewed Regeneration Projects,", "on business and jobs in the city."),
    "CM PM09a": ("The indicator tracks collection of Council Tax arrears.", "are higher than 98%.",
                 "Collection of Council Tax has always been difficult", "to the Council's Enforcement Agents.",
                 "Last reviewed at Executive Scrutiny in April 2017.", "No further review / intervention planned."),
    "CP 08f": ("The year-end figure of 12.80 FTE days", "this has reduced to 9.53 days.",
               "The Corporate Attendance Management Project Group,", "differences in figures due to the transition.",
               "This measure has been reviewed by Executive Scrutiny", "council and learning from good practice."),
    "FPA PM22b": ("Derby City Council did not receive an unqualified", None,
                  None, "and establishing a development plan.",
                  "The Corporate Improvement Plan", "Audit and Accounts Committee on progress."),
    "GOV PM01": ("There has been an improvement of 2.55%", "one is on Maternity Leave.",
                 "The Recruitment Team is actively chasing", "drive the renewal programme forward.",
                 "This measure was reviewed by Executive Scrutiny", "No further action proposed."),
    "EI 12/EI 3": ("Provisional data.", "therefore this figure may increase.",
                   "Work will continue to safely", "the delivery of the early help action plan.",
                   "The Early Help Annual Report", "impact of Derby's early help services."),
    "AHH 02D": ("-This data is provisional until final year data", None, None, None,
                "Executive Scrutiny Board reviewed this measure", "including the complexity of cases."),
    "AHH Local 2A (i)": ("This data is provisional until final data", "beyond the comparator average.",
                         "Demand management initiatives have been introduced", "- Financial Pressure.",
                         "Corporate Scrutiny Board reviewed", "as part of data quality checks."),
    "AHH Local 2A2 (ii)": ("This data is provisional until final year data", None,
                           None, "self-direct support in supported living arrangements.",
                           "Corporate Scrutiny Board reviewed", "reviewed this measure again in 2018."),
    "EIISS PM04": ("PROVISIONAL YEAR END DATA -", None,
                   "The Head of Service for Children's Quality Assurance", "understanding and changing this performance.",
                   "This measure has been subject", "Performance Surgery in April 2018."),
    "L&I PM02a": ("This is revised data based on the DfE", "school performance tables.",
                  "A range of programmes commissioned by the Primary", "the Opportunity Areas work programme.",
                  "Attainment outcomes was subject", "also commenced in April 2018."),
    "L&I PM04a": ("Derby City's Attainment 8 position", "ranked position improving by 2 places.",
                  "A range of programmes commissioned by the Secondary", "capacity to support improvements.",
                  "Attainment outcomes were subject", "also commenced in April 2018."),
    "L&I PM23c": ("Performance of schools is subject to regular review", "some schools convert to academies.",
                  "Actions will be targeted to underperforming schools", "- School Improvement Boards established.",
                  "Attainment outcomes and the percentage", "also commenced in April 2018."),
    "L&I PM23e": ("The percentage equates to one children's home", None, None, None,
                  None, "reviewed by the Corporate Parenting Committee."),
    "L&I PM26a": ("Cumulative performance exceeded 80%", "impacted on processing of new plans.",
                  "-Increased capacity within the team", "processed within the agreed timescales.",
                  "SEND performance was discussed", "by the Strategic Director of People Services."),
    "AHH 02B (NI 125)": ("Provisional Data.", None, None, None,
                         "Corporate Scrutiny Board reviewed", "Executive Scrutiny Board reviewed this measure in 2018."),
    "SS PM07": ("-There has been a rising demand", "considered to be appropriate and timely.",
                "- There has been a directorate led Working Group", "to ensure interventions are based on need.",
                "No further action - this measure", "scrutiny on the increasing numbers."),
    "SS PM23b": ("Provisional data. This is an on-going challenge", "despite their greater cost due to this.",
                 "-There is soft market testing on-going", "the fostering provision in the city.",
                 "The recruitment of carers was part of Ofsted's 11", "conversation with Ofsted in April 2018."),
    "DH Local 62b": ("The target of 60 a year is based on financial capacity", "should have also been included 16/17",
                     "We are working pro-actively with colleagues", "to get around capacity bottlenecks.",
                     "Executive Scrutiny have considered new homes", "in March 2017 and January 2018."),
    "YA&H PM05 (DH)": ("We have not met the target for preventions", "an increase in this figure going forward.",
                       "We have a newly formed Private Rented Sector Team", "to provide the required government returns.",
                       "Homelessness has been considered by Executive Scrutiny", "in November 2016 and January 2018."),
}  # fmt: skip

HEADER_FOOTER_WORDS = (
    "Improvement Report - Council Scorecard",
    "Derby City Council\n",
    "31-Mar-2018",
    "Measure Details",
    "Quarterly Target Status",
    "Data Source",
    "Page ",
    "Time Fetched",
    "Report Name",
    "Performance and Intelligence Team",
    "Directorate :",
)


@pytest.fixture(scope="module")
def real_report() -> Extraction:
    """The 31-Mar-2018 sample (the real report reproduced)."""
    if not REAL_SAMPLE.exists():
        pytest.fail(f"missing sample {REAL_SAMPLE}: run `uv run python -m samples.generate`")
    return extracted(REAL_SAMPLE)


@pytest.fixture(scope="module")
def golden(real_report: Extraction) -> list[dict[str, Any]]:
    """The measures of the 31-Mar-2018 sample as dicts."""
    return real_report.to_dict()["measures"]


def test_report_metadata(real_report: Extraction) -> None:
    """The page header and footer give the report's identity."""
    report = real_report.to_dict()["report"]
    assert {k: v for k, v in report.items() if k not in ("source_sha256", "pages")} == {
        "council": "Derby City Council",
        "report_name": "Improvement Report - Council Scorecard",
        "period_end": "2018-03-31",
        "financial_year": "2017/18",
        "quarter": 4,
        "time_fetched": "2018-06-04T12:07:08",
        "data_source": "DORIS",
        "page_count": 11,
    }


def test_all_21_measures_in_report_order(golden: list[dict[str, Any]]) -> None:
    """The same 21 measures as the real report, in the same order."""
    assert [m["measure_code"] for m in golden] == [row[1] for row in REAL_2018_03_31]


@pytest.mark.parametrize("row", REAL_2018_03_31, ids=[row[1] for row in REAL_2018_03_31])
def test_measure_fields(golden: list[dict[str, Any]], row: tuple[Any, ...]) -> None:
    """Every cell value of every measure, as printed in the real report, and its number."""
    directorate, code, title, q_status, f_status, qt, qa, ft, fa, unit, direction = row
    measure = next(m for m in golden if m["measure_code"] == code)
    expected_numbers = [_number(v) for v in (qt, qa, ft, fa)]
    assert {
        "directorate": measure["directorate"],
        "measure_title": measure["measure_title"],
        "quarterly_status": measure["quarterly_status"],
        "forecast_status": measure["forecast_status"],
        "texts": [
            measure[f"{k}_text"]
            for k in ("quarterly_target", "quarterly_actual", "forecast_target", "forecast_actual")
        ],
        "numbers": [
            measure[k]
            for k in ("quarterly_target", "quarterly_actual", "forecast_target", "forecast_actual")
        ],
        "unit": measure["unit"],
        "direction_of_travel": measure["direction_of_travel"],
    } == {
        "directorate": directorate,
        "measure_title": title,
        "quarterly_status": q_status,
        "forecast_status": f_status,
        "texts": [qt, qa, ft, fa],
        "numbers": expected_numbers,
        "unit": unit,
        "direction_of_travel": direction,
    }


@pytest.mark.parametrize("code", list(COMMENTARY))
def test_commentary_starts_and_ends_as_printed(golden: list[dict[str, Any]], code: str) -> None:
    """Each commentary column begins and ends with the real report's words."""
    measure = next(m for m in golden if m["measure_code"] == code)
    bounds = COMMENTARY[code]
    for index, field in enumerate(("context", "improvement_actions", "intervention_review")):
        text = measure[field]
        assert text, f"{code} {field} is empty"
        start, end = bounds[2 * index], bounds[2 * index + 1]
        if start is not None:
            assert text.startswith(start), f"{code} {field}: {text[:80]!r}"
        if end is not None:
            assert text.endswith(end), f"{code} {field}: {text[-80:]!r}"


def test_no_header_or_footer_text_in_cells(golden: list[dict[str, Any]]) -> None:
    """Page headers, table headers, banners and footers never leak into a cell."""
    for measure in golden:
        for field in ("measure_title", "context", "improvement_actions", "intervention_review"):
            for marker in HEADER_FOOTER_WORDS:
                assert marker not in (measure[field] or "") + "\n", (
                    measure["measure_code"],
                    field,
                    marker,
                )


def test_quotes_are_repaired(golden: list[dict[str, Any]]) -> None:
    """No mis-mapped quote glyph ($, #, letter!letter) survives in titles or commentary."""
    texts = [
        m[f] or "" for m in golden for f in ("measure_title", "context", "improvement_actions")
    ]
    assert not any("$" in t or "#" in t for t in texts)
    by_code = {m["measure_code"]: m for m in golden}
    assert "Council's Chief Officer Group" in by_code["CP 08f"]["improvement_actions"]
    assert '"Talking Points", Local Area' in by_code["AHH Local 2A2 (ii)"]["improvement_actions"]


def test_paragraphs_and_bullets(golden: list[dict[str, Any]]) -> None:
    """Paragraphs are separated by a blank line, '-' bullets start their own line."""
    by_code = {m["measure_code"]: m for m in golden}
    assert by_code["L&C PM28"]["improvement_actions"].count("\n\n") == 2
    assert "\n- Leadership changes made\n" in by_code["L&I PM23c"]["improvement_actions"]


def _number(text: str | None) -> float | None:
    """The number a printed value stands for (test-side, deliberately simple)."""
    if text is None:
        return None
    try:
        return float(text.rstrip("%").replace(",", ""))
    except ValueError:
        return None
