"""Each role's session limits, as role defaults: set by the embedded warehouse itself, checked
at every migration, and, where the migrating login may not set them, refused with the exact
statements a DBA runs (which the docker compose init script runs)."""

from __future__ import annotations

import dataclasses
import re

import psycopg
import pytest

from scorecard.settings import PROJECT_DIR, ROLE_KEYS, Settings, libpq_url
from scorecard.settings.sessions import Sessions
from scorecard.warehouse import role_settings

INIT_SCRIPT = PROJECT_DIR / "deploy" / "postgres-init" / "01-databases.sh"


def test_the_compose_init_script_sets_the_default_limits() -> None:
    written = set(
        re.findall(r"alter role :\"(\w+)\" set (\w+) = '(\w+)';", INIT_SCRIPT.read_text())
    )
    defaults = Sessions()
    wanted = {
        (key, name, value)
        for key in ROLE_KEYS
        for name, value in defaults.role_parameters(key).items()
    }
    assert written == wanted


def test_a_login_that_may_not_set_them_is_told_the_statements(warehouse: Settings) -> None:
    """As a configured warehouse is migrated: by the owner, who may not alter other roles."""
    configured = dataclasses.replace(
        warehouse,
        configured_warehouse_url=libpq_url(warehouse.owner_url),
        sessions=dataclasses.replace(warehouse.sessions, reader_statement_seconds=301),
    )
    with pytest.raises(role_settings.RoleSettingsError) as refused:
        role_settings.sync(configured)
    message = str(refused.value)
    assert "SCORECARD_READER_STATEMENT_TIMEOUT_SECONDS" in message
    assert f'alter role "{warehouse.reader_role}" set "statement_timeout" = \'301000ms\'' in message
    with psycopg.connect(libpq_url(warehouse.superuser_url)) as conn:
        assert role_settings.pending(warehouse, role_settings.current(conn)) == []
