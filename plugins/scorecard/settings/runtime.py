"""The environment every process of the pipeline runs with, and telemetry switched off.

Airflow's home, configuration and ports, the warehouse as an Airflow connection, dbt's
connection variables (read by ``dbt_project/profiles.yml``) and every tool's usage reporting
off, derived from the settings; values already set in the environment win, so a deployment can
override any of them.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import URL

from scorecard.settings.celery import celery_environment, get_celery_settings
from scorecard.settings.env import EXPORTED, SettingError, agreed, airflows_own, declare
from scorecard.settings.operators import lineage_environment, notice_connections
from scorecard.settings.warehouse import Settings, get_settings, libpq_url

_GROUP = "airflow"
AIRFLOW_PORT = declare(
    "SCORECARD_AIRFLOW_PORT",
    "8080",
    "API server and UI port; the execution API URL the tasks call follows it",
    group=_GROUP,
)
AIRFLOW_URL = declare(
    "SCORECARD_AIRFLOW_URL",
    None,
    "the API server's URL, if reached by another name",
    group=_GROUP,
    shown="`http://localhost:<port>`",
)
WORKER_LOG_PORT = declare(
    "SCORECARD_WORKER_LOG_PORT", "8793", "log server of the workers", group=_GROUP
)
TRIGGER_LOG_PORT = declare(
    "SCORECARD_TRIGGER_LOG_PORT", "8794", "log server of the triggerer", group=_GROUP
)

TELEMETRY_OFF = {
    "DO_NOT_TRACK": "1",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
    "GX_ANALYTICS_ENABLED": "False",
    "SCARF_ANALYTICS": "false",
    "AIRFLOW__USAGE_DATA_COLLECTION__ENABLED": "False",
}
"""Usage reporting of every tool we run, switched off (dbt, Cosmos, GX, Airflow/Scarf)."""


def dbt_connection(url: URL) -> dict[str, str]:
    """dbt's connection variables for a login (read by ``dbt_project/profiles.yml``)."""
    return {
        "SCORECARD_DBT_HOST": url.host or "127.0.0.1",
        "SCORECARD_DBT_PORT": str(url.port or 5432),
        "SCORECARD_DBT_USER": url.username or "",
        "SCORECARD_DBT_PASSWORD": url.password or "",
        "SCORECARD_DBT_DBNAME": url.database or "",
    }


DBT_CONNECTION_KEYS = tuple(dbt_connection(URL.create("postgresql")))
"""The variables of :func:`dbt_connection`: forget them and they follow the settings again."""


def switch_off_telemetry() -> None:
    """Export :data:`TELEMETRY_OFF` into this process (before a tool is imported); a value
    already set wins."""
    for key, value in TELEMETRY_OFF.items():
        os.environ.setdefault(key, value)


def airflow_ports_environment() -> dict[str, str]:
    """Airflow's API port, its base and execution API URLs and both log-server ports.

    The API server listens on the port and the tasks call the execution API at the same place,
    so moving the port is one variable, not three. Airflow's own ``AIRFLOW__API__PORT`` and
    ``AIRFLOW__API__BASE_URL`` are honoured when set instead of the project's settings (and the
    execution API URL follows them); a base URL on this machine naming another port than the
    API server's is refused, naming the setting to change.
    """
    follows = "the API server, the tasks' execution API URL and the workers follow it"
    text = agreed(AIRFLOW_PORT, "AIRFLOW__API__PORT", follows) or AIRFLOW_PORT.text()
    if not text.isdigit():
        raise SettingError(f"{AIRFLOW_PORT.name}={text!r}: expected a port number")
    port = int(text)
    base = (
        agreed(AIRFLOW_URL, "AIRFLOW__API__BASE_URL", follows) or f"http://localhost:{port}"
    ).rstrip("/")
    parts = urlsplit(base)
    if parts.hostname in {"localhost", "127.0.0.1", "0.0.0.0"} and (parts.port or 80) != port:
        raise SettingError(
            f"the API server's URL {base} names port {parts.port or 80} but the API server "
            f"listens on {port}: set {AIRFLOW_PORT.name}={parts.port or 80} (or "
            f"{AIRFLOW_URL.name} to its URL on port {port})"
        )
    execution = airflows_own("AIRFLOW__CORE__EXECUTION_API_SERVER_URL") or f"{base}/execution/"
    return {
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": base,
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": execution,
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": WORKER_LOG_PORT.text(),
        "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": TRIGGER_LOG_PORT.text(),
    }


def airflow_api() -> tuple[str, Path]:
    """Where Airflow's REST API is (this process's ``AIRFLOW__API__BASE_URL`` wins) and the
    simple auth manager's passwords file (``airflow standalone`` writes it in Airflow's home)."""
    url = (
        os.environ.get("AIRFLOW__API__BASE_URL")
        or airflow_ports_environment()["AIRFLOW__API__BASE_URL"]
    )
    explicit = os.environ.get("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE")
    home = Path(os.environ.get("AIRFLOW_HOME") or get_settings().airflow_home)
    return url.rstrip("/"), Path(explicit or home / "simple_auth_manager_passwords.json.generated")


def runtime_environment(settings: Settings | None = None) -> dict[str, str]:
    """Environment variables that every process of the pipeline runs with (see the module)."""
    s = settings or get_settings()
    transformer = s.transformer_url
    metadata = os.environ.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN") or (
        f"sqlite:///{s.airflow_home / 'airflow.db'}"
    )
    executor = celery_environment(get_celery_settings(), s.home, metadata)
    env = {
        **TELEMETRY_OFF,
        "AIRFLOW_HOME": str(s.airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(s.dags_folder),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(s.plugins_folder),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": metadata,
        # the executor; with Celery, the broker, and the result backend on the metadata database
        **executor,
        "AIRFLOW_CONN_SCORECARD_WAREHOUSE": libpq_url(transformer),
        **dbt_connection(transformer),
        "SCORECARD_READER_ROLE": s.reader_role,
        "DBT_PROFILES_DIR": str(s.dbt_project_dir),
        # Cosmos caches dbt profiles here, not in a /tmp folder shared by every checkout;
        # apply_runtime_environment makes it private (0700)
        "AIRFLOW__COSMOS__CACHE_DIR": str(s.cosmos_cache_dir),
        # the dbt build task never retries (a retry would not build again), so Cosmos need not
        # back up every node's result to an Airflow Variable as dbt runs (a write per node)
        "AIRFLOW__COSMOS__ENABLE_WATCHER_RELIABLE_RETRY": "False",
        **airflow_ports_environment(),
        # the notice channels as Airflow connections; OpenLineage off unless configured
        **notice_connections(),
        **lineage_environment(),
    }
    env = {key: os.environ.get(key) or value for key, value in env.items()}
    # Airflow's own port, URL and executor variables are already weighed against the project's
    # settings (honoured, or refused when they disagree): what was decided stands
    decided = {"AIRFLOW__CORE__EXECUTOR": executor["AIRFLOW__CORE__EXECUTOR"]}
    return {**env, **airflow_ports_environment(), **decided}


def apply_runtime_environment(settings: Settings | None = None) -> dict[str, str]:
    """Export :func:`runtime_environment` into ``os.environ`` (before Airflow is imported)."""
    env = runtime_environment(settings)
    EXPORTED.update({key: value for key, value in env.items() if os.environ.get(key) != value})
    os.environ.update(env)
    cache = Path(env["AIRFLOW__COSMOS__CACHE_DIR"])
    if "://" not in str(cache):
        cache.mkdir(parents=True, exist_ok=True)
        cache.chmod(0o700)
    return env
