"""Discovery against a ModernGov-like committee site on 127.0.0.1: a meeting list, meeting
pages with their documents, a re-issued appendix, a quarter not published yet, a page with two
candidates for one quarter, and an index page over its size cap."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fetchkit import FAST, PDF, Reply, ScriptedServer, landed_files, write_sources

from scorecard.errors import Category, category_of
from scorecard.ingest.discovery import AmbiguousReport
from scorecard.ingest.fetch import (
    FetchResult,
    NotPublished,
    Refused,
    TooLarge,
    check_published,
    fetch_all,
)
from scorecard.ingest.rules import DiscoveryRuleError
from scorecard.ingest.sources import SourcesError, load_sources
from scorecard.settings import Settings

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "reports"
Q4_2017 = dt.date(2018, 3, 31)
Q1_2018 = dt.date(2018, 6, 30)
Q2_2018 = dt.date(2018, 9, 30)
Q3_2018 = dt.date(2018, 12, 31)
HTML = {"Content-Type": "text/html; charset=utf-8"}
INDEX = "/ieListMeetings.aspx?CId=130"
MEETINGS = {
    7001: ("Cabinet, 11 Jul 2018 18:00", [("s12001", "Council Scorecard Q4 2017/18")]),
    7002: (
        "Cabinet, 12 Sep 2018 18:00",
        [("s12101", "Council Scorecard Q1 2018/19"), ("s12102", "Council Scorecard Q1 2018/19")],
    ),
    7003: ("Cabinet, 14 Nov 2018 18:00", [("s12201", "Council Scorecard Q2 2018/19")]),
    7004: (
        "Cabinet, 12 Dec 2018 18:00",
        [("s12301", "Council Scorecard Q2 2018/19 (re-issued)"), ("s12302", "Minutes")],
    ),
}
PDFS = {
    "s12001": "derby-scorecard-2018-03-31.pdf",
    "s12201": "derby-scorecard-2018-09-30.pdf",
    "s12301": "derby-scorecard-2018-09-30-v2.pdf",
}
RULES = r"""
  follow:
    - href: 'ieListDocuments\.aspx\?CId=130&MId=\d+'
  document:
    text: 'Council Scorecard Q{quarter} {financial_year}'
    href: '\.pdf$'
  reissue: 're-?issued'
"""


def _doc(sid: str) -> str:
    return f"/documents/{sid}/Appendix%201%20-%20{sid}.pdf"


def _meeting_page(mid: int) -> bytes:
    title, documents = MEETINGS[mid]
    items = "".join(
        f'<li><a href="../documents/{sid}/Appendix%201%20-%20{sid}.pdf">Appendix 1 - {text} '
        f"<span>PDF 350 KB</span></a></li>"
        for sid, text in documents
    )
    return f"<html><body><h1>{title}</h1><ul>{items}</ul></body></html>".encode()


def _site(server: ScriptedServer) -> None:
    links = "".join(
        f'<li><a href="ieListDocuments.aspx?CId=130&amp;MId={mid}">{title}</a></li>'
        for mid, (title, _) in MEETINGS.items()
    )
    page = f"<html><body><a href='/'>Home</a><ul>{links}</ul></body></html>".encode()
    server.script(INDEX, Reply(200, page, HTML))
    for mid in MEETINGS:
        server.script(
            f"/mgMeetings/ieListDocuments.aspx?CId=130&MId={mid}",
            Reply(200, _meeting_page(mid), HTML),
        )
    for sid, name in PDFS.items():
        server.script(_doc(sid), Reply(200, (SAMPLES / name).read_bytes(), PDF))


@pytest.fixture
def site(server: ScriptedServer, settings: Settings) -> Settings:
    _site(server)
    index = server.url(INDEX).replace(INDEX, "/mgMeetings" + INDEX)
    server.scripts["/mgMeetings" + INDEX] = server.scripts.pop(INDEX)
    write_sources(settings, f"allow_http: true\ndiscover:\n  index: {index}\n{RULES}")
    return settings


def test_the_report_is_found_through_the_meeting_pages(
    server: ScriptedServer, site: Settings
) -> None:
    results = fetch_all(Q4_2017, settings=site, options=FAST)
    assert isinstance(results, list) and len(results) == 1
    result = results[0]
    assert result.source_uri == server.url(_doc("s12001"))
    assert result.source_details == {
        "found_by": "discovery",
        "index_url": server.url("/mgMeetings" + INDEX),
        "page_url": server.url("/mgMeetings/ieListDocuments.aspx?CId=130&MId=7001"),
        "link_text": "Appendix 1 - Council Scorecard Q4 2017/18 PDF 350 KB",
    }
    landed = Path(result.landed_path.removeprefix("file://"))
    assert landed.read_bytes() == (SAMPLES / PDFS["s12001"]).read_bytes()


def test_a_reissued_appendix_is_the_next_version(server: ScriptedServer, site: Settings) -> None:
    results = fetch_all(Q2_2018, settings=site, options=FAST)
    assert isinstance(results, list)
    assert [r.source_uri for r in results] == [
        server.url(_doc("s12201")),
        server.url(_doc("s12301")),
    ]
    assert [r.version for r in results] == [1, 2]
    assert "(re-issued)" in (results[1].source_details or {})["link_text"]


def test_a_quarter_not_linked_yet_is_not_published(server: ScriptedServer, site: Settings) -> None:
    waiting = check_published(Q3_2018, settings=site, options=FAST)
    assert isinstance(waiting, NotPublished)
    assert "Q3 2018/19" in waiting.reason and "discover.document" in waiting.reason
    assert isinstance(fetch_all(Q3_2018, settings=site, options=FAST), NotPublished)
    assert landed_files(site) == []


def test_two_candidates_are_refused_listing_them(server: ScriptedServer, site: Settings) -> None:
    with pytest.raises(AmbiguousReport) as caught:
        fetch_all(Q1_2018, settings=site, options=FAST)
    message = str(caught.value)
    assert "\n" not in message
    assert server.url(_doc("s12101")) in message and server.url(_doc("s12102")) in message
    assert category_of(caught.value) is Category.CONFIGURATION
    assert not any("/documents/" in seen.path for seen in server.requests)
    assert landed_files(site) == []


def test_an_index_page_over_its_cap_is_refused(server: ScriptedServer, settings: Settings) -> None:
    big = b"<html><body>" + b"<p>minutes</p>" * 200 + b"</body></html>"
    server.script(INDEX, Reply(200, big, HTML))
    write_sources(
        settings, f"allow_http: true\ndiscover:\n  index: {server.url(INDEX)}\n  max_kb: 1\n{RULES}"
    )
    with pytest.raises(TooLarge, match=r"larger than the discovery cap of 1 KB"):
        fetch_all(Q4_2017, settings=settings, options=FAST)
    assert landed_files(settings) == []


def test_a_follow_rule_matching_nothing_is_a_rule_error(
    server: ScriptedServer, settings: Settings
) -> None:
    server.script(INDEX, Reply(200, b"<html><body><a href='/x'>Home</a></body></html>", HTML))
    write_sources(settings, f"allow_http: true\ndiscover:\n  index: {server.url(INDEX)}\n{RULES}")
    with pytest.raises(DiscoveryRuleError, match=r"discover.follow\[0\] .* matched no link"):
        fetch_all(Q4_2017, settings=settings, options=FAST)


def test_plain_http_pages_are_refused_unless_allowed(
    server: ScriptedServer, site: Settings
) -> None:
    text = site.sources_file.read_text().replace("allow_http: true\n", "")
    site.sources_file.write_text(text)
    with pytest.raises(Refused, match="only https is fetched"):
        fetch_all(Q4_2017, settings=site, options=FAST)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  index: ftp://x/\n  document: {href: x}", "expected an http\\(s\\) URL"),
        ("  index: https://x/\n", "expected a 'document' rule"),
        ("  index: https://x/\n  document: {link: x}", "unknown key\\(s\\) link"),
        ("  index: https://x/\n  document: {text: '(['}", "not a regular expression"),
        ("  index: https://x/{nope}\n  document: {href: x}", "unknown placeholder \\{nope\\}"),
    ],
)
def test_malformed_rules_are_one_line_configuration_errors(
    settings: Settings, entry: str, message: str
) -> None:
    write_sources(settings, f"discover:\n{entry}\n")
    with pytest.raises((SourcesError, DiscoveryRuleError), match=message) as caught:
        load_sources(settings=settings)
    assert "\n" not in str(caught.value) and category_of(caught.value) is Category.CONFIGURATION


def test_results_are_fetch_results(server: ScriptedServer, site: Settings) -> None:
    results = fetch_all(Q4_2017, settings=site, options=FAST)
    assert isinstance(results, list) and isinstance(results[0], FetchResult)
    again = fetch_all(Q4_2017, settings=site, options=FAST)
    assert isinstance(again, list) and again[0].unchanged
