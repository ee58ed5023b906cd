"""HTTP(S) fetching against a real local server with scripted faults: one test per case."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from fetchkit import (
    FAST,
    PATH,
    PDF,
    PERIOD,
    Reply,
    ScriptedServer,
    landed_files,
    tiny_pdf,
    write_sources,
)

from scorecard.ingest.fetch import (
    FetchFailed,
    FetchOptions,
    FetchResult,
    NotAPdf,
    NotPublished,
    TooLarge,
    check_published,
    fetch_report,
    landed_reports,
)
from scorecard.settings import Settings


@pytest.fixture
def http_settings(settings: Settings, server: ScriptedServer) -> Settings:
    write_sources(
        settings, f"allow_http: true\ntemplate: {server.base}/reports/{{period_end}}.pdf\n"
    )
    return settings


def fetch(settings: Settings, options: FetchOptions = FAST) -> FetchResult | NotPublished:
    return fetch_report(PERIOD, settings=settings, options=options)


def test_not_published_then_landed(server: ScriptedServer, http_settings: Settings) -> None:
    url = server.script(PATH, Reply(404, b"nope"), Reply(200, tiny_pdf(), PDF))

    first = fetch(http_settings)
    assert isinstance(first, NotPublished)
    assert first.sources == (url,)
    assert "404" in first.reason
    assert landed_files(http_settings) == []

    second = fetch(http_settings)
    assert isinstance(second, FetchResult)
    assert not second.unchanged
    assert second.source_uri == url
    assert second.size == len(tiny_pdf())
    landed = Path(second.landed_path.removeprefix("file://"))
    assert landed.read_bytes() == tiny_pdf()
    assert landed.parent.name == second.sha256[:2]
    assert landed.name == f"{second.sha256}.pdf"
    assert [r.sha256 for r in landed_reports(PERIOD, settings=http_settings)] == [second.sha256]


def test_gone_is_not_published(server: ScriptedServer, http_settings: Settings) -> None:
    server.script(PATH, Reply(410, b"gone"))
    assert isinstance(fetch(http_settings), NotPublished)


def test_server_errors_are_retried(server: ScriptedServer, http_settings: Settings) -> None:
    server.script(PATH, Reply(500, b"oops"), Reply(503, b"busy"), Reply(200, tiny_pdf(), PDF))

    result = fetch(http_settings)

    assert isinstance(result, FetchResult)
    assert not result.unchanged
    assert len(server.seen(PATH)) == 3


def test_server_errors_give_up_after_max_attempts(
    server: ScriptedServer, http_settings: Settings
) -> None:
    url = server.script(PATH, Reply(500, b"oops"))

    with pytest.raises(FetchFailed) as caught:
        fetch(http_settings)

    assert len(server.seen(PATH)) == FAST.max_attempts
    assert caught.value.attempts == FAST.max_attempts
    assert url in str(caught.value)
    assert "HTTP 500" in str(caught.value)
    assert landed_files(http_settings) == []


def test_read_timeout_is_retried(server: ScriptedServer, http_settings: Settings) -> None:
    options = FetchOptions(read_timeout=0.2, max_attempts=3, backoff_initial=0.01, backoff_max=0.05)
    server.script(PATH, Reply(200, tiny_pdf(), PDF, delay=1.0), Reply(200, tiny_pdf(), PDF))

    result = fetch(http_settings, options)

    assert isinstance(result, FetchResult)
    assert len(server.seen(PATH)) == 2


def test_other_client_errors_are_not_retried(
    server: ScriptedServer, http_settings: Settings
) -> None:
    url = server.script(PATH, Reply(403, b"forbidden"))

    with pytest.raises(FetchFailed) as caught:
        fetch(http_settings)

    assert caught.value.status == 403
    assert len(server.seen(PATH)) == 1
    assert url in str(caught.value)


def test_html_with_200_is_not_a_pdf(server: ScriptedServer, http_settings: Settings) -> None:
    page = b"<!DOCTYPE html><html><body>Sorry, this page has moved</body></html>"
    url = server.script(PATH, Reply(200, page, {"Content-Type": "text/html"}))

    with pytest.raises(NotAPdf) as caught:
        fetch(http_settings)

    message = str(caught.value)
    assert url in message
    assert "%PDF-" in message
    assert "text/html" in message
    assert caught.value.uri == url
    assert len(server.seen(PATH)) == 1  # not retried
    assert landed_files(http_settings) == []


def test_body_over_the_cap_is_too_large(server: ScriptedServer, http_settings: Settings) -> None:
    big = tiny_pdf() + b"0" * 300_000
    url = server.script(PATH, Reply(200, big, PDF))
    options = FetchOptions(max_bytes=100_000, max_attempts=1)

    with pytest.raises(TooLarge) as caught:
        fetch(http_settings, options)

    assert url in str(caught.value)
    assert "100,000" in str(caught.value)
    assert landed_files(http_settings) == []  # no report, no manifest, no temp object


def test_unchanged_with_etag_is_a_304(server: ScriptedServer, http_settings: Settings) -> None:
    headers = {**PDF, "ETag": '"abc123"', "Last-Modified": "Mon, 04 Jun 2018 12:07:08 GMT"}
    server.script(PATH, Reply(200, tiny_pdf(), headers))

    first = fetch(http_settings)
    second = fetch(http_settings)

    assert isinstance(first, FetchResult)
    assert isinstance(second, FetchResult)
    assert not first.unchanged
    assert first.etag == '"abc123"'
    assert second.unchanged
    assert second.sha256 == first.sha256
    assert second.landed_path == first.landed_path
    assert second.size == first.size
    conditional = server.seen(PATH)[1].headers
    assert conditional["if-none-match"] == '"abc123"'
    assert conditional["if-modified-since"] == "Mon, 04 Jun 2018 12:07:08 GMT"
    manifest = json.loads(
        (
            Path(http_settings.landing_url.removeprefix("file://")) / "periods/2018-03-31.json"
        ).read_text()
    )
    assert len(manifest["versions"]) == 1
    assert manifest["sources"][first.source_uri]["etag"] == '"abc123"'


def test_unchanged_without_validators_by_sha256(
    server: ScriptedServer, http_settings: Settings
) -> None:
    server.script(PATH, Reply(200, tiny_pdf(), PDF))

    first = fetch(http_settings)
    second = fetch(http_settings)

    assert isinstance(first, FetchResult)
    assert isinstance(second, FetchResult)
    assert (first.unchanged, second.unchanged) == (False, True)
    assert "if-none-match" not in server.seen(PATH)[1].headers
    assert len(landed_reports(PERIOD, settings=http_settings)) == 1


def test_reissue_at_the_same_url_is_a_new_version(
    server: ScriptedServer, http_settings: Settings
) -> None:
    server.script(
        PATH,
        Reply(200, tiny_pdf("first"), {**PDF, "ETag": '"1"'}),
        Reply(200, tiny_pdf("second"), {**PDF, "ETag": '"2"'}),
    )

    first = fetch(http_settings)
    second = fetch(http_settings)

    assert isinstance(first, FetchResult)
    assert isinstance(second, FetchResult)
    assert not second.unchanged
    assert second.sha256 != first.sha256
    assert [r.sha256 for r in landed_reports(PERIOD, settings=http_settings)] == [
        first.sha256,
        second.sha256,
    ]


def test_connection_error_is_retried_then_fails(settings: Settings) -> None:
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}{PATH}"
    write_sources(settings, f"allow_http: true\nperiods:\n  2018-03-31: {url}\n")

    with pytest.raises(FetchFailed) as caught:
        fetch(settings)

    message = str(caught.value)
    assert caught.value.attempts == FAST.max_attempts
    assert url in message
    assert f"gave up after {FAST.max_attempts} tries" in message
    assert "ConnectError" in message
    assert landed_files(settings) == []


def test_tls_verification_failure_is_not_retried(
    tls_server: ScriptedServer, settings: Settings
) -> None:
    url = tls_server.script(PATH, Reply(200, tiny_pdf(), PDF))
    write_sources(settings, f"template: {tls_server.base}/reports/{{period_end}}.pdf\n")

    with pytest.raises(FetchFailed) as caught:
        fetch(settings)

    assert caught.value.attempts == 1
    assert url in str(caught.value)
    assert "certificate verification failed" in str(caught.value)
    assert tls_server.seen(PATH) == []  # the request never got through the handshake
    assert landed_files(settings) == []


def test_tls_with_a_trusted_bundle_lands(
    tls_server: ScriptedServer, settings: Settings, tmp_path: Path
) -> None:
    tls_server.script(PATH, Reply(200, tiny_pdf(), PDF))
    write_sources(settings, f"template: {tls_server.base}/reports/{{period_end}}.pdf\n")
    options = FetchOptions(verify=str(tmp_path / "cert.pem"), max_attempts=1)

    result = fetch(settings, options)

    assert isinstance(result, FetchResult)


def test_check_published_probes_without_landing(
    server: ScriptedServer, http_settings: Settings
) -> None:
    url = server.script(PATH, Reply(404), Reply(200, tiny_pdf(), PDF))

    assert isinstance(check_published(PERIOD, settings=http_settings, options=FAST), NotPublished)
    assert check_published(PERIOD, settings=http_settings, options=FAST) == url
    assert {r.method for r in server.requests} == {"HEAD"}
    assert landed_files(http_settings) == []
