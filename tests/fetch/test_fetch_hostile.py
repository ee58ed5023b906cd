"""A server that tries to turn the fetcher against us: each attempt ends as a typed error of one
line naming the URL and the rule, and nothing is landed. Every server here is on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import gzip

import pytest
from bombkit import GIB, glyph_bomb, gzip_bomb
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
    DeadlineExceeded,
    DecodingError,
    FetchError,
    FetchOptions,
    FetchResult,
    NotAPdf,
    Refused,
    ResourceLimit,
    TooLarge,
    TooManyRedirects,
    check_published,
    fetch_report,
)
from scorecard.settings import Settings


def sources(settings: Settings, url: str, *, allow_http: bool = True) -> Settings:
    write_sources(
        settings, f"allow_http: {str(allow_http).lower()}\nperiods:\n  2018-03-31: {url}\n"
    )
    return settings


def refused(settings: Settings, error: type[FetchError], options: FetchOptions = FAST) -> str:
    """Fetch expecting ``error``; check it is one line and nothing landed; give its message."""
    with pytest.raises(error) as caught:
        fetch_report(PERIOD, settings=settings, options=options)
    message = str(caught.value)
    assert "\n" not in message
    assert landed_files(settings) == []
    return message


def test_double_gzip_bomb_is_cut_off_at_the_cap(server: ScriptedServer, settings: Settings) -> None:
    body = gzip_bomb(10 * GIB)  # about 25 KB on the wire
    url = server.script(PATH, Reply(200, body, {**PDF, "Content-Encoding": "gzip, gzip"}))
    options = dataclasses.replace(FAST, max_bytes=2_000_000)

    message = refused(sources(settings, url), TooLarge, options)

    assert url in message and "2,000,000 bytes" in message
    assert server.seen(PATH)[0].headers["accept-encoding"] == "identity"


def test_a_gzipped_report_is_decoded_and_landed(server: ScriptedServer, settings: Settings) -> None:
    url = server.script(PATH, Reply(200, gzip.compress(tiny_pdf()), {"Content-Encoding": "gzip"}))
    result = fetch_report(PERIOD, settings=sources(settings, url), options=FAST)
    assert isinstance(result, FetchResult)
    assert result.size == len(tiny_pdf())


@pytest.mark.parametrize(
    ("coding", "body", "rule"),
    [("br", b"\x1b\x00", "'br' is not supported"), ("gzip", b"\x1f\x8bgarbage", "damaged")],
)
def test_unknown_or_damaged_encoding(
    server: ScriptedServer, settings: Settings, coding: str, body: bytes, rule: str
) -> None:
    url = server.script(PATH, Reply(200, body, {"Content-Encoding": coding}))
    message = refused(sources(settings, url), DecodingError)
    assert url in message and rule in message


def test_one_byte_a_second_is_cut_off_at_the_deadline(
    server: ScriptedServer, settings: Settings
) -> None:
    url = server.script(PATH, Reply(200, tiny_pdf() * 20, PDF, trickle=0.2))
    options = dataclasses.replace(FAST, deadline=1.5)

    message = refused(sources(settings, url), DeadlineExceeded, options)

    assert url in message and "deadline of 1.5 s" in message


def test_redirects_are_followed_and_landed(server: ScriptedServer, settings: Settings) -> None:
    url = server.redirect(PATH, "/moved.pdf", 301)
    server.script("/moved.pdf", Reply(200, tiny_pdf(), PDF))
    result = fetch_report(PERIOD, settings=sources(settings, url), options=FAST)
    assert isinstance(result, FetchResult)
    assert result.source_uri == url


def test_a_redirect_loop_stops_at_the_cap(server: ScriptedServer, settings: Settings) -> None:
    url = server.redirect(PATH, "/a")
    server.redirect("/a", PATH)
    message = refused(sources(settings, url), TooManyRedirects)
    assert "more than 5 redirects" in message
    assert len(server.requests) == 6


@pytest.mark.parametrize(
    ("target", "rule", "text"),
    [
        ("http://169.254.169.254/latest/meta-data/", "public-address", "cloud metadata"),
        ("http://10.1.2.3/report.pdf", "public-address", "a private address"),
        ("http://[::ffff:127.0.0.2]/x.pdf", "public-address", "a loopback address"),
        ("http://127.0.0.2:9/x.pdf", "public-address", "127.0.0.2 is a loopback address"),
        ("file:///etc/passwd", "scheme", "not an http(s) URL"),
        ("http://[bad/x.pdf", "scheme", "a malformed redirect"),
    ],
)
def test_redirects_to_forbidden_targets_are_refused(
    server: ScriptedServer, settings: Settings, target: str, rule: str, text: str
) -> None:
    """Checked before any connection: no packet leaves for these addresses."""
    url = server.redirect(PATH, target)
    with pytest.raises(Refused) as caught:
        fetch_report(PERIOD, settings=sources(settings, url), options=FAST)
    assert caught.value.rule == rule
    assert text in str(caught.value)
    assert f"redirected from {url}" in str(caught.value) or rule == "scheme"
    assert landed_files(settings) == []


def test_loopback_needs_the_allow_list(server: ScriptedServer, settings: Settings) -> None:
    url = server.script(PATH, Reply(200, tiny_pdf(), PDF))
    strict = dataclasses.replace(
        settings, limits=dataclasses.replace(settings.limits, fetch_allow_addresses=())
    )
    message = refused(sources(strict, url), Refused)
    assert "127.0.0.1 is a loopback address" in message
    assert server.requests == []
    with pytest.raises(Refused):
        check_published(PERIOD, settings=strict, options=FAST)


def test_host_names_are_checked_by_the_addresses_they_resolve_to(settings: Settings) -> None:
    strict = dataclasses.replace(
        settings, limits=dataclasses.replace(settings.limits, fetch_allow_addresses=())
    )
    message = refused(sources(strict, "https://localhost:9/report.pdf"), Refused)
    assert "localhost resolves to 127.0.0.1, is a loopback address" in message


def test_plain_http_needs_the_sources_file_to_allow_it(
    server: ScriptedServer, settings: Settings
) -> None:
    url = server.script(PATH, Reply(200, tiny_pdf(), PDF))
    message = refused(sources(settings, url, allow_http=False), Refused)
    assert "only https is fetched unless the sources file says 'allow_http: true'" in message
    assert server.requests == []


def test_no_downgrade_from_https_to_http(
    tls_server: ScriptedServer, server: ScriptedServer, settings: Settings, tmp_path: object
) -> None:
    plain = server.script("/plain.pdf", Reply(200, tiny_pdf(), PDF))
    url = tls_server.redirect(PATH, plain)
    options = dataclasses.replace(FAST, verify=str(tmp_path) + "/cert.pem")
    with pytest.raises(Refused) as caught:
        fetch_report(PERIOD, settings=sources(settings, url), options=options)
    assert caught.value.rule == "no-downgrade"
    assert server.requests == []


def test_html_error_page_is_not_quoted(server: ScriptedServer, settings: Settings) -> None:
    page = b"<html><script>alert('owned')</script>secret-token-123</html>"
    url = server.script(PATH, Reply(200, page, {"Content-Type": "text/html"}))
    message = refused(sources(settings, url), NotAPdf)
    assert "secret-token" not in message and "script" not in message
    assert "text/html" in message


def test_a_glyph_bomb_is_refused_before_landing(server: ScriptedServer, settings: Settings) -> None:
    url = server.script(PATH, Reply(200, glyph_bomb(), PDF))
    with pytest.raises(ResourceLimit) as caught:
        fetch_report(PERIOD, settings=sources(settings, url), options=FAST)
    assert caught.value.limit == "pdf_max_glyphs"
    assert url in str(caught.value) and "SCORECARD_PDF_MAX_GLYPHS" in str(caught.value)
    assert landed_files(settings) == []
