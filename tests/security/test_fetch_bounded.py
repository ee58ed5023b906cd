"""The fetch step parses nothing in its own process and reaches no internal address: the fourth
attack at fetch time (the quadratic file landed after 35.8 s against a 20 s deadline) and the
IPv6 forms that carried an internal IPv4 address past the address rule."""

from __future__ import annotations

import dataclasses
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from fetchkit import FAST, PATH, PDF, PERIOD, Reply, ScriptedServer, landed_files, write_sources

from scorecard.ingest.fetch import Refused, ResourceLimit, fetch_report
from scorecard.ingest.fetch.guard import address_rule
from scorecard.settings import Settings, apply_runtime_environment, get_settings

apply_runtime_environment()  # Airflow home etc. before ObjectStoragePath imports Airflow


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer()
    yield srv
    srv.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    base = get_settings()
    return dataclasses.replace(
        base,
        landing_url=f"file://{tmp_path}/landing",
        sources_file=tmp_path / "sources.yml",
        limits=dataclasses.replace(base.limits, fetch_allow_addresses=("127.0.0.1",)),
    )


def _serve(server: ScriptedServer, settings: Settings, body: bytes) -> Settings:
    url = server.script(PATH, Reply(200, body, PDF))
    write_sources(settings, f"allow_http: true\nperiods:\n  2018-03-31: {url}\n")
    return settings


def test_the_quadratic_file_is_refused_at_fetch_and_not_landed(
    server: ScriptedServer, settings: Settings
) -> None:
    body = b"%PDF-1.7\n" + b"1 0 obj (" * (160 * 1024 // 9)
    with pytest.raises(ResourceLimit) as refused:
        fetch_report(PERIOD, settings=_serve(server, settings, body), options=FAST)
    assert refused.value.limit == "pdf_max_reread"
    assert server.url(PATH) in str(refused.value)
    assert landed_files(settings) == []


def test_the_fetch_deadline_covers_the_pre_scan(server: ScriptedServer, settings: Settings) -> None:
    """A body that downloads at once but takes the pre-scan long (half a million small objects,
    every cap respected) is stopped when the download's deadline runs out, in the child."""
    body = b"%PDF-1.7\n" + b"".join(b"%d 0 obj << /A 1 >> endobj\n" % n for n in range(500_000))
    options = dataclasses.replace(FAST, deadline=2.0)
    with pytest.raises(ResourceLimit) as refused:
        fetch_report(PERIOD, settings=_serve(server, settings, body), options=options)
    assert refused.value.limit == "fetch_deadline_seconds"
    assert "SCORECARD_FETCH_DEADLINE_SECONDS" in str(refused.value)
    assert landed_files(settings) == []


EMBEDDED = {
    "NAT64": ("64:ff9b::a9fe:a9fe", "169.254.169.254 (NAT64), which is a cloud metadata"),
    "6to4": ("2002:a9fe:a9fe::1", "169.254.169.254 (6to4), which is a cloud metadata"),
    "IPv4-compatible": ("::a9fe:a9fe", "169.254.169.254 (IPv4-compatible), which is a cloud"),
    "IPv4-mapped": ("::ffff:10.0.0.1", "10.0.0.1 (IPv4-mapped), which is a private"),
    "Teredo": ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "192.0.2.45 (Teredo client)"),
    "NAT64 loopback": ("64:ff9b::7f00:1", "127.0.0.1 (NAT64), which is a loopback"),
}


@pytest.mark.parametrize(("address", "text"), EMBEDDED.values(), ids=EMBEDDED.keys())
def test_an_internal_ipv4_address_inside_an_ipv6_one_is_refused(
    settings: Settings, address: str, text: str
) -> None:
    """Refused before any connection is made (nothing listens there: a connection would hang
    or fail differently)."""
    strict = dataclasses.replace(
        settings, limits=dataclasses.replace(settings.limits, fetch_allow_addresses=())
    )
    write_sources(strict, f"allow_http: true\nperiods:\n  2018-03-31: http://[{address}]/r.pdf\n")
    with pytest.raises(Refused) as refused:
        fetch_report(PERIOD, settings=strict, options=FAST)
    assert f"embeds {text}" in str(refused.value)
    assert landed_files(strict) == []


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8"])
def test_the_same_forms_of_a_public_address_pass(address: str) -> None:
    assert address_rule(ipaddress.ip_address(address)) is None
