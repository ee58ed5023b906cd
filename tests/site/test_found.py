"""The site says how each figure's report was found: on which page and under which link text
discovery found it, or that a person added it by hand (nothing for a listed location)."""

from __future__ import annotations

from scorecard.site.measure import found


def test_how_a_report_was_found_is_said_in_words() -> None:
    discovered = {
        "current_report_found_by": "discovery",
        "current_report_found_on": "https://democracy.example.gov.uk/ieListDocuments.aspx?MId=7",
        "current_report_link_text": "Appendix 1 - Council Scorecard Q4 2017/18 PDF 350 KB",
    }
    assert found(discovered) == (
        "found as \u201cAppendix 1 - Council Scorecard Q4 2017/18 PDF 350 KB\u201d on "
        "https://democracy.example.gov.uk/ieListDocuments.aspx?MId=7"
    )
    assert found({"current_report_found_by": "added by hand"}) == "added by hand"
    assert found({"current_report_found_by": None}) == ""
    assert found(None) == ""
