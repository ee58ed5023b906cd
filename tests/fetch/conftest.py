"""Fixtures for the fetch stage (servers and settings); the helpers live in ``fetchkit``."""

from __future__ import annotations

import dataclasses
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from fetchkit import ScriptedServer, self_signed

from scorecard.settings import Settings, apply_runtime_environment, get_settings

apply_runtime_environment()  # Airflow home etc. before ObjectStoragePath imports Airflow


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer()
    yield srv
    srv.close()


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[ScriptedServer]:
    cert_file, key_file = self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    srv = ScriptedServer(tls=context)
    yield srv
    srv.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh landing area and sources file under ``tmp_path``; the local test
    servers' address (127.0.0.1) is allow-listed, as a deployment never would."""
    base = get_settings()
    return dataclasses.replace(
        base,
        landing_url=f"file://{tmp_path / 'landing'}",
        sources_file=tmp_path / "sources.yml",
        limits=dataclasses.replace(base.limits, fetch_allow_addresses=("127.0.0.1",)),
    )
