"""Every setting of the project, read from environment variables, with embedded defaults.

One place answers "where is the warehouse, where do reports land, where is Airflow's home,
where do reports come from". With nothing set, everything lives under the repository's
git-ignored ``.scorecard/`` folder: an embedded PostgreSQL, an Airflow home on SQLite and a
local landing area, fed by the bundled sample reports.

| variable | default | meaning |
|---|---|---|
| ``SCORECARD_WAREHOUSE_URL`` | (unset: embedded server) | owner's URL of a real PostgreSQL (runs migrations); nothing is started when set |
| ``SCORECARD_LOADER_URL`` | warehouse URL (embedded: the loader role) | connection that loads ``raw`` |
| ``SCORECARD_VALIDATOR_URL`` | warehouse URL (embedded: the validator role) | connection that records validations in ``audit`` |
| ``SCORECARD_TRANSFORMER_URL`` | warehouse URL (embedded: the transformer role) | connection dbt uses |
| ``SCORECARD_READER_URL`` | warehouse URL (embedded: the BI reader role) | connection a BI tool uses |
| ``SCORECARD_HOME`` | ``<repo>/.scorecard`` | local state: embedded data, secrets, Airflow home, landing area |
| ``SCORECARD_PG_PORT`` | a free port chosen per home, kept in ``<home>/pg-port`` | TCP port of the embedded server (127.0.0.1 only) |
| ``SCORECARD_DB_NAME`` | ``scorecard`` | database created in the embedded server |
| ``SCORECARD_LANDING_URL`` | ``file://<home>/landing`` | landing area (any ``ObjectStoragePath`` URL: ``s3://...``) |
| ``SCORECARD_SOURCES`` | ``<repo>/sources.yml`` | where each quarter's report is published |
| ``SCORECARD_OWNER_ROLE`` ... | ``scorecard_owner``, ``scorecard_loader``, ``scorecard_validator``, ``scorecard_transformer``, ``scorecard_bi_reader`` | role names |
| ``AIRFLOW_HOME`` | ``<home>/airflow`` | Airflow home (SQLite metadata unless configured) |

Embedded, every role logs in with its own generated secret (:mod:`scorecard.embedded`); the
superuser only bootstraps the roles and the database (:mod:`scorecard.warehouse`).

Scheduling of ``scorecard_ingest`` (read by the DAG file through :func:`get_schedule`):

| variable | default | meaning |
|---|---|---|
| ``SCORECARD_PUBLICATION_LAG_DAYS`` | ``60`` | a quarter's run is due this long after the quarter ends |
| ``SCORECARD_WAIT_HORIZON_DAYS`` | ``365`` | how long after it is due a missing report is waited for; later it is "not available" |
| ``SCORECARD_SENSOR_POKE_SECONDS`` | ``21600`` | how often a waiting run looks for its report (6 h) |
| ``SCORECARD_RETRY_DELAY_SECONDS`` | ``300`` | first retry delay of a transient fault (doubling, capped) |
| ``SCORECARD_TASK_TIMEOUT_MINUTES`` | ``30`` | ``execution_timeout`` of every ingest task (one poke of the sensor) |
| ``SCORECARD_MAX_ACTIVE_QUARTERS`` | ``16`` | quarters that may run at once (waiting ones included) |
| ``SCORECARD_FIRST_QUARTER`` | ``2016Q1`` | first quarter the schedule covers (catch-up starts here) |
| ``SCORECARD_LAST_QUARTER`` | (unset: open-ended) | last quarter the schedule covers |

Airflow's ports (exported by :func:`runtime_environment`):

| variable | default | meaning |
|---|---|---|
| ``SCORECARD_AIRFLOW_PORT`` | ``8080`` | API server and UI port; the execution API URL the tasks call follows it |
| ``SCORECARD_AIRFLOW_URL`` | ``http://localhost:<port>`` | the API server's base URL, when it is reached by another name |
| ``SCORECARD_WORKER_LOG_PORT`` | ``8793`` | log server of the workers (task logs while a task runs) |
| ``SCORECARD_TRIGGER_LOG_PORT`` | ``8794`` | log server of the triggerer |

Bounds on hostile input (``settings.limits``): ``SCORECARD_EXTRACT_*``, ``SCORECARD_FETCH_*`` and
``SCORECARD_PDF_*``, listed in :class:`scorecard.limits.Limits`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from scorecard.embedded import remembered_port, role_secret
from scorecard.limits import Limits

PROJECT_DIR = Path(os.environ.get("SCORECARD_PROJECT_DIR", Path(__file__).resolve().parents[2]))
"""The repository root (``dags/``, ``dbt_project/``, ``samples/`` live here)."""

WAREHOUSE_CONN_ID = "scorecard_warehouse"
"""Airflow connection id of the warehouse, defined by ``AIRFLOW_CONN_SCORECARD_WAREHOUSE``."""

EMBEDDED_ADMIN_USER = "postgres"
"""The embedded server's superuser: bootstraps roles and databases, never used by a stage."""

ROLE_KEYS = ("owner", "loader", "validator", "transformer", "reader")
"""The pipeline's roles, by the key their settings use (``<key>_role``, ``<key>_url``)."""


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _env_optional(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


@dataclass(frozen=True)
class Settings:
    """A snapshot of the configuration; build one with :func:`get_settings`."""

    home: Path
    configured_warehouse_url: str | None
    pg_port: int
    db_name: str
    landing_url: str
    sources_file: Path
    airflow_home: Path
    owner_role: str
    loader_role: str
    validator_role: str
    transformer_role: str
    reader_role: str
    configured_loader_url: str | None
    configured_validator_url: str | None
    configured_transformer_url: str | None
    configured_reader_url: str | None
    limits: Limits = field(default_factory=Limits.from_env)

    @property
    def embedded(self) -> bool:
        """True when the project runs its own PostgreSQL (no warehouse URL configured)."""
        return self.configured_warehouse_url is None

    @property
    def pgdata(self) -> Path:
        return self.home / "pgdata"

    @property
    def dags_folder(self) -> Path:
        return PROJECT_DIR / "dags"

    @property
    def plugins_folder(self) -> Path:
        return PROJECT_DIR / "plugins"

    @property
    def dbt_project_dir(self) -> Path:
        return PROJECT_DIR / "dbt_project"

    @property
    def expectations_dir(self) -> Path:
        return PROJECT_DIR / "expectations"

    @property
    def samples_dir(self) -> Path:
        return PROJECT_DIR / "samples" / "reports"

    @property
    def cosmos_cache_dir(self) -> Path:
        """Cosmos's profiles and partial-parse caches: private to this home (mode 0700)."""
        return self.home / "cosmos"

    @property
    def docs_dir(self) -> Path:
        """Where rendered GX Data Docs and dbt docs are published locally."""
        return self.home / "docs"

    @cached_property
    def warehouse_url(self) -> URL:
        """The owner's connection: runs migrations. Embedded: the owner role over TCP."""
        if self.configured_warehouse_url is not None:
            return _normalise(self.configured_warehouse_url)
        return self._embedded_url(self.owner_role, "owner")

    @property
    def owner_url(self) -> URL:
        """Same as :attr:`warehouse_url`: the role that owns ``raw`` and ``audit``."""
        return self.warehouse_url

    @property
    def superuser_url(self) -> URL:
        """Embedded only: the bootstrap superuser (creates roles and databases, nothing else)."""
        if not self.embedded:
            raise ValueError("a configured warehouse has no embedded superuser")
        return self._embedded_url(EMBEDDED_ADMIN_USER, "superuser")

    def _embedded_url(self, username: str, role_key: str) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=username,
            password=role_secret(self.home, role_key),
            host="127.0.0.1",
            port=self.pg_port,
            database=self.db_name,
        )

    def _role_url(self, configured: str | None, role_key: str) -> URL:
        if configured is not None:
            return _normalise(configured)
        if self.embedded:
            return self._embedded_url(self.role_name(role_key), role_key)
        return self.warehouse_url

    def role_name(self, role_key: str) -> str:
        """The database role of one key of :data:`ROLE_KEYS`."""
        name: str = getattr(self, f"{role_key}_role")
        return name

    def role_url(self, role_key: str) -> URL:
        """The connection of one key of :data:`ROLE_KEYS` (``owner`` is the warehouse URL)."""
        if role_key == "owner":
            return self.warehouse_url
        configured: str | None = getattr(self, f"configured_{role_key}_url")
        return self._role_url(configured, role_key)

    @property
    def loader_url(self) -> URL:
        return self.role_url("loader")

    @property
    def validator_url(self) -> URL:
        return self.role_url("validator")

    @property
    def transformer_url(self) -> URL:
        return self.role_url("transformer")

    @property
    def reader_url(self) -> URL:
        return self.role_url("reader")


def _normalise(url: str) -> URL:
    """Accept ``postgres://``, ``postgresql://`` or ``postgresql+psycopg://``; use psycopg 3."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"warehouse URL must be a PostgreSQL URL, got {parsed.drivername!r}")
    return parsed.set(drivername="postgresql+psycopg")


def libpq_url(url: URL, *, hide_password: bool = False) -> str:
    """The URL as ``psql`` and libpq accept it (no SQLAlchemy driver suffix)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=hide_password)


def get_settings() -> Settings:
    """Read the environment now (tests change it between calls, so nothing is cached here)."""
    home = Path(_env("SCORECARD_HOME", str(PROJECT_DIR / ".scorecard"))).resolve()
    configured = _env_optional("SCORECARD_WAREHOUSE_URL")
    port = _env_optional("SCORECARD_PG_PORT")
    return Settings(
        home=home,
        configured_warehouse_url=configured,
        pg_port=int(port) if port else (0 if configured else remembered_port(home)),
        db_name=_env("SCORECARD_DB_NAME", "scorecard"),
        landing_url=_env("SCORECARD_LANDING_URL", f"file://{home / 'landing'}"),
        sources_file=Path(_env("SCORECARD_SOURCES", str(PROJECT_DIR / "sources.yml"))),
        airflow_home=Path(_env("AIRFLOW_HOME", str(home / "airflow"))),
        owner_role=_env("SCORECARD_OWNER_ROLE", "scorecard_owner"),
        loader_role=_env("SCORECARD_LOADER_ROLE", "scorecard_loader"),
        validator_role=_env("SCORECARD_VALIDATOR_ROLE", "scorecard_validator"),
        transformer_role=_env("SCORECARD_TRANSFORMER_ROLE", "scorecard_transformer"),
        reader_role=_env("SCORECARD_READER_ROLE", "scorecard_bi_reader"),
        configured_loader_url=_env_optional("SCORECARD_LOADER_URL"),
        configured_validator_url=_env_optional("SCORECARD_VALIDATOR_URL"),
        configured_transformer_url=_env_optional("SCORECARD_TRANSFORMER_URL"),
        configured_reader_url=_env_optional("SCORECARD_READER_URL"),
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


def runtime_environment(settings: Settings | None = None) -> dict[str, str]:
    """Environment variables that every process of the pipeline runs with.

    Airflow home and configuration, the warehouse as an Airflow connection, dbt's connection
    settings (read by ``dbt_project/profiles.yml``) and telemetry off. Values already set in
    the environment win, so a deployment can override any of them.
    """
    s = settings or get_settings()
    transformer = s.transformer_url
    env = {
        **TELEMETRY_OFF,
        "AIRFLOW_HOME": str(s.airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(s.dags_folder),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(s.plugins_folder),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{s.airflow_home / 'airflow.db'}",
        "AIRFLOW_CONN_SCORECARD_WAREHOUSE": libpq_url(transformer),
        "SCORECARD_DBT_HOST": transformer.host or "127.0.0.1",
        "SCORECARD_DBT_PORT": str(transformer.port or 5432),
        "SCORECARD_DBT_USER": transformer.username or "",
        "SCORECARD_DBT_PASSWORD": transformer.password or "",
        "SCORECARD_DBT_DBNAME": transformer.database or "",
        "SCORECARD_READER_ROLE": s.reader_role,
        "DBT_PROFILES_DIR": str(s.dbt_project_dir),
        # Cosmos caches dbt profiles here, not in a /tmp folder shared by every checkout;
        # apply_runtime_environment makes it private (0700)
        "AIRFLOW__COSMOS__CACHE_DIR": str(s.cosmos_cache_dir),
        # the dbt build task never retries (a retry would not build again), so Cosmos need not
        # back up every node's result to an Airflow Variable as dbt runs (a write per node)
        "AIRFLOW__COSMOS__ENABLE_WATCHER_RELIABLE_RETRY": "False",
        **airflow_ports_environment(),
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


@dataclass(frozen=True)
class Schedule:
    """How ``scorecard_ingest`` is scheduled and how long it waits; see the module table."""

    publication_lag_days: int
    wait_horizon_days: int
    poke_seconds: int
    retry_delay_seconds: int
    task_timeout_minutes: int
    max_active_quarters: int
    first_quarter: str
    last_quarter: str | None


def get_schedule() -> Schedule:
    """Read the scheduling settings now (DAG files call this at parse time)."""
    return Schedule(
        publication_lag_days=int(_env("SCORECARD_PUBLICATION_LAG_DAYS", "60")),
        wait_horizon_days=int(_env("SCORECARD_WAIT_HORIZON_DAYS", "365")),
        poke_seconds=int(_env("SCORECARD_SENSOR_POKE_SECONDS", str(6 * 3600))),
        retry_delay_seconds=int(_env("SCORECARD_RETRY_DELAY_SECONDS", "300")),
        task_timeout_minutes=int(_env("SCORECARD_TASK_TIMEOUT_MINUTES", "30")),
        max_active_quarters=int(_env("SCORECARD_MAX_ACTIVE_QUARTERS", "16")),
        first_quarter=_env("SCORECARD_FIRST_QUARTER", "2016Q1"),
        last_quarter=_env_optional("SCORECARD_LAST_QUARTER"),
    )


def airflow_ports_environment() -> dict[str, str]:
    """Airflow's API port, its base and execution API URLs and both log-server ports.

    One setting each (``SCORECARD_AIRFLOW_PORT``, ``SCORECARD_WORKER_LOG_PORT``,
    ``SCORECARD_TRIGGER_LOG_PORT``): the API server listens on the port and the tasks call the
    execution API at the same place, so moving the port is one variable, not three.
    """
    port = int(_env("SCORECARD_AIRFLOW_PORT", "8080"))
    base = _env("SCORECARD_AIRFLOW_URL", f"http://localhost:{port}").rstrip("/")
    return {
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": base,
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{base}/execution/",
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": _env("SCORECARD_WORKER_LOG_PORT", "8793"),
        "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": _env("SCORECARD_TRIGGER_LOG_PORT", "8794"),
    }


@dataclass(frozen=True)
class TransformSettings:
    """How ``scorecard_transform`` runs dbt (read by the DAG file at parse time).

    | variable | default | meaning |
    |---|---|---|
    | ``SCORECARD_DBT_THREADS`` | ``4`` | dbt threads of the one ``dbt build`` |
    | ``SCORECARD_DBT_TASK_TIMEOUT_MINUTES`` | ``30`` | ``execution_timeout`` of every transform task |
    | ``SCORECARD_DBT_POKE_SECONDS`` | ``2`` | how often a model's task looks for its result |

    A failed model's task retries after ``SCORECARD_RETRY_DELAY_SECONDS`` (see :class:`Schedule`).
    """

    threads: int
    task_timeout: timedelta
    poke_seconds: float
    retry_delay: timedelta


def get_transform_settings() -> TransformSettings:
    """Read the transform settings now."""
    return TransformSettings(
        threads=int(_env("SCORECARD_DBT_THREADS", "4")),
        task_timeout=timedelta(minutes=float(_env("SCORECARD_DBT_TASK_TIMEOUT_MINUTES", "30"))),
        poke_seconds=float(_env("SCORECARD_DBT_POKE_SECONDS", "2")),
        retry_delay=timedelta(seconds=get_schedule().retry_delay_seconds),
    )
