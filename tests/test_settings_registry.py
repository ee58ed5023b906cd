"""The settings declare themselves: the README's tables are printed from the declarations, every
declared variable is read through them, and nothing else in the package reads a setting."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from scorecard.cli.settings import settings as settings_command
from scorecard.settings import (
    GROUPS,
    PROJECT_DIR,
    SETTINGS,
    TELEMETRY_OFF,
    get_notices,
    get_schedule,
    get_settings,
    get_transform_settings,
    markdown,
    runtime_environment,
    show_traceback,
)

README = PROJECT_DIR / "README.md"
BLOCK = re.compile(r"<!-- settings: (\w+) .*?-->\n(.*?)\n<!-- /settings -->", re.S)


def test_the_readme_tables_are_the_printed_ones() -> None:
    blocks = dict(BLOCK.findall(README.read_text()))
    assert set(blocks) == set(GROUPS)
    for group, table in blocks.items():
        printed = CliRunner().invoke(settings_command, ["--markdown", group])
        assert printed.exit_code == 0, printed.output
        assert table == printed.output.strip() == markdown(group), group


def test_the_listing_names_every_setting_and_whether_it_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCORECARD_MAX_ACTIVE_QUARTERS", "3")
    monkeypatch.delenv("SCORECARD_FIRST_QUARTER", raising=False)
    listed = CliRunner().invoke(settings_command, []).output.splitlines()
    assert [line.split(" ")[0] for line in listed] == list(SETTINGS)
    assert "SCORECARD_MAX_ACTIVE_QUARTERS (set): " in "\n".join(listed)
    assert "SCORECARD_FIRST_QUARTER (unset: `2016Q1`): " in "\n".join(listed)


def test_every_setting_has_a_readme_row_with_its_default() -> None:
    text = README.read_text()
    for setting in SETTINGS.values():
        assert f"| `{setting.name}` | {setting.default_shown} | {setting.doc} |" in text


class _Recording(dict[str, str]):
    """``os.environ`` as the readers see it, noting every name looked up."""

    def __init__(self, values: dict[str, str]) -> None:
        super().__init__(values)
        self.read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Recording]:
    recording = _Recording(dict(os.environ))
    monkeypatch.setattr(os, "environ", recording)
    yield recording


def test_the_readers_read_exactly_the_declared_settings(recorded: _Recording) -> None:
    settings = get_settings()
    _ = settings.limits
    get_schedule()
    get_transform_settings()
    get_notices()
    runtime_environment(settings)
    show_traceback()
    declared = set(SETTINGS) - {"SCORECARD_PROJECT_DIR"}  # read once, at import
    read = {name for name in recorded.read if name.startswith("SCORECARD_") or name in SETTINGS}
    assert declared <= read
    assert read - declared <= set(runtime_environment(settings))  # exported values that win


def _names_a_variable(key: ast.expr) -> bool:
    """A literal name or a constant, not a loop variable saving and restoring values."""
    return not (isinstance(key, ast.Name) and key.id.islower())


def _environment_reads(tree: ast.AST) -> Iterator[int]:
    """Lines that read a named variable: ``os.environ.get``, ``os.environ[...]``, ``getenv``."""
    readers = ("os.environ.get", "os.getenv", "environ.get", "getenv")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and ast.unparse(node.func) in readers:
            key = node.args[0]
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            key = node.slice if ast.unparse(node.value) in ("os.environ", "environ") else None
        else:
            continue
        if key is not None and _names_a_variable(key):
            yield node.lineno


def test_only_the_settings_package_reads_the_environment() -> None:
    readers = []
    own = PROJECT_DIR / "plugins" / "scorecard" / "settings"
    for folder in ("plugins/scorecard", "dags"):
        for path in sorted((PROJECT_DIR / folder).rglob("*.py")):
            if path.is_relative_to(own):
                continue
            lines = list(_environment_reads(ast.parse(path.read_text())))
            readers += [f"{path.relative_to(PROJECT_DIR)}:{line}" for line in lines]
    assert readers == [], "read a setting through scorecard.settings instead"


def test_telemetry_is_switched_off_from_one_list() -> None:
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
    deployed = compose["x-airflow"]["environment"]
    assert {key: deployed.get(key) for key in TELEMETRY_OFF} == TELEMETRY_OFF
    readme = README.read_text()
    assert all(f"`{key}={value}`" in readme for key, value in TELEMETRY_OFF.items())
