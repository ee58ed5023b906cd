"""Migrations: ordered, recorded, idempotent, and refusing edited history."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import URL

from scorecard.settings import Settings
from scorecard.warehouse import migrations

EXPECTED_SCHEMAS = {"raw", "audit", "staging", "intermediate", "marts"}


def test_migrate_twice_applies_nothing_the_second_time(scratch_warehouse: Settings) -> None:
    assert migrations.migrate(scratch_warehouse) == []


def test_every_file_is_recorded_in_order(
    scratch_warehouse: Settings, connect: Callable[[URL], psycopg.Connection[Any]]
) -> None:
    with connect(scratch_warehouse.warehouse_url) as conn:
        recorded = [r[0] for r in conn.execute("select name from audit.schema_migrations")]
        schemas = {
            r[0] for r in conn.execute("select schema_name from information_schema.schemata")
        }
        owners = dict(
            conn.execute(
                "select nspname, pg_get_userbyid(nspowner) from pg_namespace"
                " where nspname in ('staging', 'intermediate', 'marts')"
            ).fetchall()
        )
    assert sorted(recorded) == [m.name for m in migrations.discover()]
    assert schemas >= EXPECTED_SCHEMAS
    assert set(owners.values()) == {scratch_warehouse.transformer_role}


def test_edited_migration_is_refused(
    scratch_warehouse: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for source in migrations.SQL_DIR.glob("*.sql"):
        (tmp_path / source.name).write_text(source.read_text())
    first = sorted(tmp_path.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- a comment may change\n")
    assert migrations.migrate(scratch_warehouse) == []
    first.write_text(first.read_text() + "\ncreate schema if not exists edited;\n")
    monkeypatch.setattr(migrations, "SQL_DIR", tmp_path)
    monkeypatch.setattr(migrations.discover, "__defaults__", (tmp_path,))
    with pytest.raises(migrations.MigrationError, match="changed after it was applied"):
        migrations.migrate(scratch_warehouse)


def test_render_rejects_unknown_placeholders_and_bad_role_names(warehouse: Settings) -> None:
    with pytest.raises(migrations.MigrationError, match="unknown placeholder"):
        migrations.render("grant x to ${nobody}", {"loader_role": "a"})
    assert migrations.render("to ${loader_role};", {"loader_role": "etl"}) == "to etl;"
    bad = dataclasses.replace(warehouse, reader_role="bi; drop table x")
    with pytest.raises(migrations.MigrationError, match="lowercase identifier"):
        migrations.role_names(bad)
