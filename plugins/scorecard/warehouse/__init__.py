"""The warehouse every stage shares: the embedded PostgreSQL's lifecycle (:mod:`.server`,
:mod:`.binaries`), the superuser's one job of bootstrapping roles and the database
(:mod:`.bootstrap`), the schema as versioned migrations (:mod:`.migrations`, ``sql/``), each
role's session limits (:mod:`.role_settings`), the rows a report becomes (:mod:`.rows`), the
validation audit trail with the rows each passing validation kept (:mod:`.audit`) and the guard
that no stage logs in as a superuser (:mod:`.roles`). Loading into ``raw`` is the load stage's
(:mod:`scorecard.load`), through the database's own ``raw.load_validated``."""

from __future__ import annotations

from scorecard.warehouse.migrations import MigrationError, ensure_migrated, migrate
from scorecard.warehouse.server import (
    SERVER_USER,
    Status,
    WarehouseError,
    destroy,
    ensure_running,
    psql_path,
    rekey_role,
    start,
    status,
    stop,
)

__all__ = [
    "SERVER_USER",
    "MigrationError",
    "Status",
    "WarehouseError",
    "destroy",
    "ensure_migrated",
    "ensure_running",
    "migrate",
    "psql_path",
    "rekey_role",
    "start",
    "status",
    "stop",
]
