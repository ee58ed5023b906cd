"""The warehouse schema as versioned migrations: ``sql/NNN_name.sql``, applied once each, in order.

Run as the owner role, all pending files in one transaction that holds a lock on
``audit.schema_migrations`` (a table only the owner may lock, unlike an advisory key, which any
login could take and hold), recorded there with a checksum of their statements: an applied file
whose statements change is refused (add a new file instead). Role names come from settings
through ``${loader_role}``-style placeholders, so one set of files serves the embedded warehouse
and a production database whose DBA created the roles. Each role's session limits are then
brought to the settings (:mod:`scorecard.warehouse.role_settings`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from scorecard.errors import ConfigurationError
from scorecard.settings import Settings, get_settings, libpq_url
from scorecard.warehouse import role_settings

SQL_DIR = Path(__file__).parent / "sql"
"""Where the migration files live."""

VERSION_TABLE = "audit.schema_migrations"

_FILE_NAME = re.compile(r"^(?P<number>\d{3})_[a-z0-9_]+\.sql$")
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

_BOOTSTRAP = f"""
create schema if not exists audit;
create table if not exists {VERSION_TABLE} (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
);
"""


class MigrationError(ConfigurationError):
    """A migration file is malformed, was edited after being applied, or failed to run."""


@dataclass(frozen=True)
class Migration:
    """One SQL file: its name (file stem), template text and the checksum of that text."""

    name: str
    template: str

    @property
    def checksum(self) -> str:
        """sha256 of the statements only: comments and layout may be edited after applying."""
        return hashlib.sha256(statements_only(self.template).encode()).hexdigest()


def statements_only(template: str) -> str:
    """The SQL without ``--`` comment lines and with whitespace collapsed."""
    lines = [line for line in template.splitlines() if not line.lstrip().startswith("--")]
    return " ".join(" ".join(lines).split())


def discover(sql_dir: Path = SQL_DIR) -> list[Migration]:
    """All migration files in order; a file whose name does not fit ``NNN_name.sql`` is an error."""
    migrations: list[Migration] = []
    for path in sorted(sql_dir.glob("*.sql")):
        if not _FILE_NAME.match(path.name):
            raise MigrationError(f"{path}: migration files must be named NNN_lowercase_name.sql")
        migrations.append(Migration(name=path.stem, template=path.read_text()))
    numbers = [m.name[:3] for m in migrations]
    if len(numbers) != len(set(numbers)):
        raise MigrationError(f"{sql_dir}: two migration files share a number: {numbers}")
    return migrations


def role_names(settings: Settings) -> dict[str, str]:
    """The ``${...}`` substitutions: role names, checked to be plain lowercase identifiers."""
    names = {
        "loader_role": settings.loader_role,
        "validator_role": settings.validator_role,
        "transformer_role": settings.transformer_role,
        "reader_role": settings.reader_role,
    }
    for key, value in names.items():
        if not _ROLE_NAME.match(value):
            raise MigrationError(
                f"role name {value!r} ({key}) must be a lowercase identifier: a-z, 0-9, _"
            )
    return names


def render(template: str, substitutions: dict[str, str]) -> str:
    """Replace ``${name}`` placeholders; an unknown placeholder is an error, not silent text."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in substitutions:
            raise MigrationError(f"unknown placeholder ${{{key}}} in a migration")
        return substitutions[key]

    return re.sub(r"\$\{([a-z_]+)\}", replace, template)


def migrate(settings: Settings | None = None) -> list[str]:
    """Apply the pending migrations as the admin user; return the names applied (maybe none)."""
    s = settings or get_settings()
    migrations = discover()
    substitutions = role_names(s)
    with psycopg.connect(libpq_url(s.warehouse_url)) as conn:
        _create_version_table(conn)
        done = _apply_pending(conn, migrations, substitutions)
    role_settings.sync(s)
    return done


def _create_version_table(conn: psycopg.Connection[Any]) -> None:
    """The version table, made once (two first migrators at once: the second finds it made)."""
    for attempt in range(3):
        try:
            with conn.transaction():
                conn.execute(_BOOTSTRAP)
            return
        except (psycopg.errors.UniqueViolation, psycopg.errors.DuplicateObject):
            if attempt == 2:
                raise


def _apply_pending(
    conn: psycopg.Connection[Any], migrations: list[Migration], substitutions: dict[str, str]
) -> list[str]:
    """Apply every migration not yet recorded, in one transaction holding the version table."""
    with conn.transaction():
        conn.execute(f"lock table {VERSION_TABLE} in share row exclusive mode")
        rows = conn.execute(f"select name, checksum from {VERSION_TABLE}").fetchall()
        applied: dict[str, str] = {name: checksum for name, checksum in rows}
        _check_unchanged(migrations, applied)
        done: list[str] = []
        for migration in migrations:
            if migration.name in applied:
                continue
            try:
                conn.execute(render(migration.template, substitutions).encode())
            except psycopg.Error as error:
                raise MigrationError(f"migration {migration.name} failed: {error}") from error
            conn.execute(
                f"insert into {VERSION_TABLE} (name, checksum) values (%s, %s)",
                (migration.name, migration.checksum),
            )
            done.append(migration.name)
    return done


def _check_unchanged(migrations: list[Migration], applied: dict[str, str]) -> None:
    """Refuse to run when an applied file was edited afterwards (add a new file instead)."""
    for migration in migrations:
        recorded = applied.get(migration.name)
        if recorded is not None and recorded != migration.checksum:
            raise MigrationError(
                f"migration {migration.name} was changed after it was applied; "
                "add a new migration file instead of editing an applied one"
            )


_MIGRATED: set[str] = set()


def ensure_migrated(settings: Settings | None = None) -> None:
    """Run :func:`migrate` once per process and database (called before every load)."""
    s = settings or get_settings()
    key = libpq_url(s.warehouse_url)
    if key not in _MIGRATED:
        migrate(s)
        _MIGRATED.add(key)
