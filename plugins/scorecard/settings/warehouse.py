"""Where the warehouse is and who logs in: the :class:`Settings` snapshot of the configuration.

With nothing set, everything lives under the repository's git-ignored ``.scorecard/`` folder:
an embedded PostgreSQL on 127.0.0.1 where every role logs in with its own generated secret
(:mod:`scorecard.settings.embedded`), an Airflow home on SQLite and a local landing area.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from sqlalchemy.engine import URL, make_url

from scorecard.settings.embedded import kept_port, remembered_port, role_secret
from scorecard.settings.env import Setting, SettingError, declare
from scorecard.settings.limits import Limits
from scorecard.settings.project import PROJECT_DIR
from scorecard.settings.sessions import Sessions, read_sessions

WAREHOUSE_CONN_ID = "scorecard_warehouse"
"""Airflow connection id of the warehouse, defined by ``AIRFLOW_CONN_SCORECARD_WAREHOUSE``."""

EMBEDDED_ADMIN_USER = "postgres"
"""The embedded server's superuser: bootstraps roles and databases, never used by a stage."""

ROLE_KEYS = ("owner", "loader", "validator", "transformer", "reader")
"""The pipeline's roles, by the key their settings use (``<key>_role``, ``<key>_url``)."""

_GROUP = "configuration"
WAREHOUSE_URL = declare(
    "SCORECARD_WAREHOUSE_URL",
    None,
    "the owner's login to a real PostgreSQL (`postgresql://user:pw@host:5432/db`): runs the "
    "migrations; nothing is started when set",
    group=_GROUP,
    shown="unset: embedded PostgreSQL on 127.0.0.1",
)
_ROLE_USE = {
    "loader": "loads `raw`",
    "validator": "records validations in `audit`",
    "transformer": "dbt's login",
    "reader": "a BI tool's login",
}
ROLE_URLS: dict[str, Setting] = {
    key: declare(
        f"SCORECARD_{key.upper()}_URL",
        None,
        f"the {key} role's connection: {use}",
        group=_GROUP,
        shown="the warehouse URL (embedded: the role with its own secret)",
    )
    for key, use in _ROLE_USE.items()
}
_ROLE_DEFAULTS = {key: f"scorecard_{key}" for key in ROLE_KEYS} | {"reader": "scorecard_bi_reader"}
ROLE_NAMES: dict[str, Setting] = {
    key: declare(f"SCORECARD_{key.upper()}_ROLE", name, f"the {key} role's name", group=_GROUP)
    for key, name in _ROLE_DEFAULTS.items()
}
HOME = declare(
    "SCORECARD_HOME",
    None,
    "local state: embedded data, secrets, Airflow home, landing area, docs",
    group=_GROUP,
    shown="`.scorecard/`",
)
PG_PORT = declare(
    "SCORECARD_PG_PORT",
    None,
    "TCP port of the embedded server (127.0.0.1 only)",
    group=_GROUP,
    shown="a free port chosen per home, kept in `.scorecard/pg-port`",
)
DB_NAME = declare("SCORECARD_DB_NAME", "scorecard", "database of the embedded server", group=_GROUP)
LANDING_URL = declare(
    "SCORECARD_LANDING_URL",
    None,
    "landing area; a folder or any fsspec URL (`s3://bucket/prefix` with `s3fs` installed)",
    group=_GROUP,
    shown="`file://.scorecard/landing`",
)
SOURCES = declare(
    "SCORECARD_SOURCES",
    None,
    "where each quarter's report is published",
    group=_GROUP,
    shown="`sources.yml`",
)
AIRFLOW_HOME = declare(
    "AIRFLOW_HOME",
    None,
    "Airflow home (SQLite metadata)",
    group=_GROUP,
    shown="`.scorecard/airflow`",
)


def _limits() -> Limits:
    from scorecard.settings.limits import read_limits

    return read_limits()


@dataclass(frozen=True)
class Settings:
    """A snapshot of the configuration; build one with :func:`get_settings`."""

    home: Path
    configured_warehouse_url: str | None
    configured_pg_port: int | None
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
    limits: Limits = field(default_factory=_limits)
    sessions: Sessions = field(default_factory=read_sessions)

    dags_folder: ClassVar[Path] = PROJECT_DIR / "dags"
    plugins_folder: ClassVar[Path] = PROJECT_DIR / "plugins"
    dbt_project_dir: ClassVar[Path] = PROJECT_DIR / "dbt_project"
    expectations_dir: ClassVar[Path] = PROJECT_DIR / "expectations"
    samples_dir: ClassVar[Path] = PROJECT_DIR / "samples" / "reports"

    @property
    def embedded(self) -> bool:
        """True when the project runs its own PostgreSQL (no warehouse URL configured)."""
        return self.configured_warehouse_url is None

    @cached_property
    def pg_port(self) -> int:
        """The embedded server's port: set, or chosen and remembered per home on first use
        (reading the settings opens no socket and writes no file; asking for the port may)."""
        if self.configured_pg_port is not None:
            return self.configured_pg_port
        return 0 if self.configured_warehouse_url else remembered_port(self.home)

    @property
    def pgdata(self) -> Path:
        return self.home / "pgdata"

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
            raise SettingError("a configured warehouse has no embedded superuser")
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

    def role_name(self, role_key: str) -> str:
        """The database role of one key of :data:`ROLE_KEYS`."""
        name: str = getattr(self, f"{role_key}_role")
        return name

    def role_url(self, role_key: str) -> URL:
        """The connection of one key of :data:`ROLE_KEYS` (``owner`` is the warehouse URL)."""
        if role_key == "owner":
            return self.warehouse_url
        configured: str | None = getattr(self, f"configured_{role_key}_url")
        if configured is not None:
            return _normalise(configured)
        if self.embedded:
            return self._embedded_url(self.role_name(role_key), role_key)
        return self.warehouse_url

    loader_url = property(lambda self: self.role_url("loader"))
    validator_url = property(lambda self: self.role_url("validator"))
    transformer_url = property(lambda self: self.role_url("transformer"))
    reader_url = property(lambda self: self.role_url("reader"))


def _normalise(url: str) -> URL:
    """Accept ``postgres://``, ``postgresql://`` or ``postgresql+psycopg://``; use psycopg 3."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.get_backend_name() != "postgresql":
        raise SettingError(f"warehouse URL must be a PostgreSQL URL, got {parsed.drivername!r}")
    return parsed.set(drivername="postgresql+psycopg")


def libpq_url(url: URL, *, hide_password: bool = False) -> str:
    """The URL as ``psql`` and libpq accept it (no SQLAlchemy driver suffix)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=hide_password)


def get_settings() -> Settings:
    """Read the environment now (tests change it between calls, so nothing is cached here)."""
    home = Path(HOME.text(str(PROJECT_DIR / ".scorecard"))).resolve()
    configured = WAREHOUSE_URL.raw()
    return Settings(
        home=home,
        configured_warehouse_url=configured,
        # a port already kept for this home is read (and a broken file refused) now; a new one
        # is chosen only when first asked for (Settings.pg_port)
        configured_pg_port=PG_PORT.integer()
        if PG_PORT.raw()
        else (None if configured else kept_port(home)),
        db_name=DB_NAME.text(),
        landing_url=LANDING_URL.text(f"file://{home / 'landing'}"),
        sources_file=Path(SOURCES.text(str(PROJECT_DIR / "sources.yml"))),
        airflow_home=Path(AIRFLOW_HOME.text(str(home / "airflow"))),
        **{f"{key}_role": setting.text() for key, setting in ROLE_NAMES.items()},  # type: ignore[arg-type]
        **{f"configured_{key}_url": s.raw() for key, s in ROLE_URLS.items()},  # type: ignore[arg-type]
    )
