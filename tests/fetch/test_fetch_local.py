"""Local paths and file:// URLs, versions per period, and the bundled default sources file."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest
from fetchkit import Reply, ScriptedServer, landed_files, tiny_pdf, write_sources

from scorecard.ingest.fetch import (
    FetchResult,
    NotAPdf,
    NotPublished,
    check_published,
    fetch_all,
    fetch_report,
    landed_reports,
    list_sources,
)
from scorecard.ingest.landing import local_copy
from scorecard.settings import PROJECT_DIR, Settings

SAMPLES = PROJECT_DIR / "samples" / "reports"
REISSUED = date(2018, 9, 30)
needs_samples = pytest.mark.usefixtures("sample_paths")  # committed corpus; missing = failure


def truth_sha256(pdf: Path) -> str:
    return str(json.loads(pdf.with_suffix(".json").read_text())["report"]["source_sha256"])


def test_missing_local_file_then_landed_then_unchanged(settings: Settings, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_sources(settings, f"template: {inbox}/scorecard-{{yyyy}}-{{mon_lower}}.pdf\n")
    expected = inbox / "scorecard-2018-mar.pdf"

    waiting = fetch_report(date(2018, 3, 31), settings=settings)
    assert isinstance(waiting, NotPublished)
    assert waiting.sources == (str(expected),)
    assert "does not exist yet" in waiting.reason

    expected.write_bytes(tiny_pdf())
    first = fetch_report(date(2018, 3, 31), settings=settings)
    second = fetch_report(date(2018, 3, 31), settings=settings)

    assert isinstance(first, FetchResult)
    assert isinstance(second, FetchResult)
    assert (first.unchanged, second.unchanged) == (False, True)
    assert first.source_uri == str(expected)
    assert first.sha256 == second.sha256
    assert len(landed_reports(date(2018, 3, 31), settings=settings)) == 1


def test_file_url_and_relative_paths(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "q.pdf").write_bytes(tiny_pdf())
    write_sources(
        settings,
        "base_dir: reports\n"
        "periods:\n"
        f"  2018-03-31: file://{tmp_path}/reports/q.pdf\n"
        "  2018-06-30: q.pdf\n",
    )
    by_url = fetch_report(date(2018, 3, 31), settings=settings)
    by_path = fetch_report(date(2018, 6, 30), settings=settings)
    assert isinstance(by_url, FetchResult)
    assert isinstance(by_path, FetchResult)
    assert by_path.source_uri == str(tmp_path / "reports" / "q.pdf")
    assert by_url.sha256 == by_path.sha256
    assert not by_path.unchanged  # unchanged is per period: same bytes, another quarter


def test_local_non_pdf_is_rejected(settings: Settings, tmp_path: Path) -> None:
    page = tmp_path / "page.pdf"
    page.write_text("<html>not a report</html>")
    write_sources(settings, f"template: {page}\n")
    with pytest.raises(NotAPdf, match=r"page\.pdf did not return a PDF"):
        fetch_report(date(2018, 3, 31), settings=settings)
    assert landed_files(settings) == []


def test_versions_in_order(settings: Settings, tmp_path: Path) -> None:
    v1, v2 = tmp_path / "v1.pdf", tmp_path / "v2.pdf"
    write_sources(settings, f"periods:\n  2018-09-30: [{v1}, {v2}]\n")
    v1.write_bytes(tiny_pdf("first issue"))

    only_first = fetch_all(REISSUED, settings=settings)
    assert isinstance(only_first, list)
    assert [(r.version, r.unchanged) for r in only_first] == [(1, False)]

    v2.write_bytes(tiny_pdf("re-issue"))
    both = fetch_all(REISSUED, settings=settings)
    assert isinstance(both, list)
    assert [(r.version, r.unchanged) for r in both] == [(1, True), (2, False)]
    latest = fetch_report(REISSUED, settings=settings)
    assert isinstance(latest, FetchResult)
    assert (latest.version, latest.sha256) == (2, both[1].sha256)
    first = fetch_report(REISSUED, settings=settings, version=1)
    assert isinstance(first, FetchResult)
    assert first.sha256 == both[0].sha256
    assert [r.version for r in landed_reports(REISSUED, settings=settings)] == [1, 2]


def test_no_version_published(settings: Settings, tmp_path: Path) -> None:
    write_sources(settings, f"template: ['{tmp_path}/a-{{period_end}}.pdf', {tmp_path}/b.pdf]\n")
    outcome = fetch_all(date(2018, 3, 31), settings=settings)
    assert isinstance(outcome, NotPublished)
    assert len(outcome.sources) == 2
    assert isinstance(check_published(date(2018, 3, 31), settings=settings), NotPublished)


def test_default_sources_point_at_the_samples() -> None:
    plain = list_sources(date(2018, 3, 31))
    assert plain == [str(SAMPLES / "derby-scorecard-2018-03-31.pdf")]
    reissued = list_sources(REISSUED)
    assert reissued == [
        str(SAMPLES / "derby-scorecard-2018-09-30.pdf"),
        str(SAMPLES / "derby-scorecard-2018-09-30-v2.pdf"),
    ]


@needs_samples
def test_bundled_samples_land_with_their_truth_sha256(settings: Settings) -> None:
    bundled = dataclasses.replace(settings, sources_file=PROJECT_DIR / "sources.yml")
    results = fetch_all(REISSUED, settings=bundled)
    assert isinstance(results, list)
    assert [r.sha256 for r in results] == [
        truth_sha256(SAMPLES / "derby-scorecard-2018-09-30.pdf"),
        truth_sha256(SAMPLES / "derby-scorecard-2018-09-30-v2.pdf"),
    ]
    with local_copy(results[1].landed_path) as path:
        assert path.read_bytes() == (SAMPLES / "derby-scorecard-2018-09-30-v2.pdf").read_bytes()


@needs_samples
def test_sample_over_http(settings: Settings, server: ScriptedServer) -> None:
    pdf = SAMPLES / "derby-scorecard-2018-03-31.pdf"
    server.script("/derby/2018-03-31.pdf", Reply(200, pdf.read_bytes()))
    write_sources(settings, f"allow_http: true\ntemplate: {server.base}/derby/{{period_end}}.pdf\n")
    result = fetch_report(date(2018, 3, 31), settings=settings)
    assert isinstance(result, FetchResult)
    assert result.sha256 == truth_sha256(pdf)
    assert result.to_dict()["period_end"] == "2018-03-31"
    assert FetchResult.from_dict(result.to_dict()) == result
