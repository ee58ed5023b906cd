"""Settings: embedded defaults (a secret per role, a port per home), a configured warehouse
honoured, telemetry off everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard.settings import (
    ROLE_KEYS,
    TELEMETRY_OFF,
    get_settings,
    libpq_url,
    runtime_environment,
)
from scorecard.settings.env import SettingError

SETTING_VARS = [
    "SCORECARD_WAREHOUSE_URL",
    "SCORECARD_LOADER_URL",
    "SCORECARD_VALIDATOR_URL",
    "SCORECARD_TRANSFORMER_URL",
    "SCORECARD_READER_URL",
    "SCORECARD_PG_PORT",
    "SCORECARD_DB_NAME",
    "AIRFLOW_CONN_SCORECARD_WAREHOUSE",
    "SCORECARD_DBT_HOST",
    "SCORECARD_DBT_PORT",
    "SCORECARD_DBT_USER",
    "SCORECARD_DBT_DBNAME",
    "SCORECARD_DBT_PASSWORD",
    "AIRFLOW__COSMOS__CACHE_DIR",
]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in SETTING_VARS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_are_embedded_on_loopback(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("SCORECARD_HOME", str(tmp_path))
    settings = get_settings()
    assert settings.embedded
    assert list(tmp_path.iterdir()) == []  # reading the settings writes nothing (DAG parsing)
    port = settings.pg_port  # chosen on first use
    assert int((tmp_path / "pg-port").read_text()) == port
    assert get_settings().pg_port == port  # and remembered
    url = libpq_url(settings.warehouse_url)
    secrets = tmp_path / "secrets"
    password = (secrets / "owner").read_text().strip()
    assert len(password) >= 20
    assert url == (f"postgresql://scorecard_owner:{password}@127.0.0.1:{port}/scorecard")
    assert get_settings().warehouse_url.password == password  # made once, then reused
    urls = {key: settings.role_url(key) for key in ROLE_KEYS}
    assert {key: url.username for key, url in urls.items()} == {
        "owner": "scorecard_owner",
        "loader": "scorecard_loader",
        "validator": "scorecard_validator",
        "transformer": "scorecard_transformer",
        "reader": "scorecard_bi_reader",
    }
    assert len({url.password for url in urls.values()}) == len(ROLE_KEYS)
    assert oct(secrets.stat().st_mode & 0o777) == "0o700"
    assert {oct(f.stat().st_mode & 0o777) for f in secrets.iterdir()} == {"0o600"}
    assert settings.superuser_url.username == "postgres"
    assert settings.pgdata == settings.home / "pgdata"


def test_port_env_wins_and_homes_differ(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("SCORECARD_HOME", str(tmp_path / "a"))
    first = get_settings().pg_port
    clean_env.setenv("SCORECARD_HOME", str(tmp_path / "b"))
    assert get_settings().pg_port != first
    clean_env.setenv("SCORECARD_PG_PORT", "54399")
    assert get_settings().warehouse_url.port == 54399


def test_transformer_credentials_reach_dbt_and_airflow(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_env.setenv("SCORECARD_HOME", str(tmp_path))
    transformer = get_settings().transformer_url
    env = runtime_environment()
    assert env["SCORECARD_DBT_USER"] == "scorecard_transformer"
    assert env["SCORECARD_DBT_PASSWORD"] == transformer.password
    assert env["AIRFLOW_CONN_SCORECARD_WAREHOUSE"] == libpq_url(transformer)
    assert env["AIRFLOW__COSMOS__CACHE_DIR"] == str(tmp_path.resolve() / "cosmos")  # not /tmp


def test_configured_url_is_used_as_is(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("SCORECARD_WAREHOUSE_URL", "postgres://etl:s3cret@db.example:6543/council")
    settings = get_settings()
    assert not settings.embedded
    assert settings.warehouse_url.drivername == "postgresql+psycopg"
    assert libpq_url(settings.warehouse_url) == "postgresql://etl:s3cret@db.example:6543/council"
    # without role URLs, every stage uses the configured credentials
    assert settings.loader_url == settings.warehouse_url
    assert settings.reader_url == settings.warehouse_url


def test_role_urls_can_be_configured_separately(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("SCORECARD_WAREHOUSE_URL", "postgresql://admin@db/council")
    clean_env.setenv("SCORECARD_READER_URL", "postgresql://bi:pw@db/council")
    assert get_settings().reader_url.username == "bi"


def test_non_postgres_url_is_refused(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("SCORECARD_WAREHOUSE_URL", "mysql://x@y/z")
    with pytest.raises(SettingError, match="PostgreSQL"):
        _ = get_settings().warehouse_url


def test_runtime_environment_turns_telemetry_off_and_registers_connection(
    clean_env: pytest.MonkeyPatch,
) -> None:
    for name in TELEMETRY_OFF:
        clean_env.delenv(name, raising=False)
    clean_env.setenv("SCORECARD_WAREHOUSE_URL", "postgresql://etl:pw@db.example:5432/council")
    env = runtime_environment()
    for name, value in TELEMETRY_OFF.items():
        assert env[name] == value
    assert env["AIRFLOW_CONN_SCORECARD_WAREHOUSE"] == "postgresql://etl:pw@db.example:5432/council"
    assert env["SCORECARD_DBT_HOST"] == "db.example"
    assert env["AIRFLOW__CORE__LOAD_EXAMPLES"] == "False"
    assert env["AIRFLOW__CORE__DAGS_FOLDER"].endswith("/dags")
