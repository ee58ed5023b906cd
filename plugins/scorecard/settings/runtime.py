"""The environment every process of the pipeline runs with, and telemetry switched off.

Airflow's home, configuration and ports, the warehouse as an Airflow connection, dbt's
connection variables (read by ``dbt_project/profiles.yml``) and every tool's usage reporting
off, derived from the settings; values already set in the environment win, so a deployment can
override any of them.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL

from scorecard.settings.celery import celery_environment, get_celery_settings
from scorecard.settings.env import declare
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
    so moving the port is one variable, not three.
    """
    port = AIRFLOW_PORT.integer()
    base = AIRFLOW_URL.text(f"http://localhost:{port}").rstrip("/")
    return {
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": base,
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{base}/execution/",
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": WORKER_LOG_PORT.text(),
        "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": TRIGGER_LOG_PORT.text(),
    }


def runtime_environment(settings: Settings | None = None) -> dict[str, str]:
    """Environment variables that every process of the pipeline runs with (see the module)."""
    s = settings or get_settings()
    transformer = s.transformer_url
    metadata = os.environ.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN") or (
        f"sqlite:///{s.airflow_home / 'airflow.db'}"
    )
    env = {
        **TELEMETRY_OFF,
        "AIRFLOW_HOME": str(s.airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(s.dags_folder),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(s.plugins_folder),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": metadata,
        # the executor; with Celery, the broker, and the result backend on the metadata database
        **celery_environment(get_celery_settings(), s.home, metadata),
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
    return {key: os.environ.get(key) or value for key, value in env.items()}


def apply_runtime_environment(settings: Settings | None = None) -> dict[str, str]:
    """Export :func:`runtime_environment` into ``os.environ`` (before Airflow is imported)."""
    env = runtime_environment(settings)
    os.environ.update(env)
    cache = Path(env["AIRFLOW__COSMOS__CACHE_DIR"])
    if "://" not in str(cache):
        cache.mkdir(parents=True, exist_ok=True)
        cache.chmod(0o700)
    return env
