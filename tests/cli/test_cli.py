"""The CLI answers --help with its commands and prints a usable warehouse URL."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard.cli import COMMANDS, main


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("warehouse", "extract", "env"):
        assert name in result.output


def test_every_registered_command_imports() -> None:
    import importlib.util

    runner = CliRunner()
    for name, spec in COMMANDS.items():
        if importlib.util.find_spec(spec.split(":")[0]) is None:
            continue
        if name == "airflow":
            continue  # execs Airflow's own CLI, which would replace this process
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)


def test_warehouse_url_prints_role_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCORECARD_WAREHOUSE_URL", raising=False)
    monkeypatch.setenv("SCORECARD_DB_NAME", "scorecard")
    runner = CliRunner()
    owner = runner.invoke(main, ["warehouse", "url"]).output.strip()
    assert re.fullmatch(r"postgresql://scorecard_owner:\*\*\*@127\.0\.0\.1:\d+/scorecard", owner)
    shown = runner.invoke(main, ["warehouse", "url", "--role", "reader", "--show-password"])
    assert re.fullmatch(
        r"postgresql://scorecard_bi_reader:[\w-]{20,}@127\.0\.0\.1:\d+/scorecard",
        shown.output.strip(),
    )
    env = runner.invoke(main, ["env"]).output
    assert "***" in env and shown.output.strip().split(":")[2].split("@")[0] not in env


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "scorecard"
    out = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert "Usage" in out.stdout
