"""The warehouse: the embedded PostgreSQL's lifecycle (:mod:`.server`) and the superuser's
one job, bootstrapping roles and the database (:mod:`.bootstrap`). Migrations, loads and
validation records run as the pipeline's own roles (:mod:`scorecard.load`)."""

from __future__ import annotations

from scorecard.warehouse.server import (
    SERVER_USER,
    Status,
    WarehouseError,
    destroy,
    ensure_running,
    psql_path,
    start,
    status,
    stop,
)

__all__ = [
    "SERVER_USER",
    "Status",
    "WarehouseError",
    "destroy",
    "ensure_running",
    "psql_path",
    "start",
    "status",
    "stop",
]
