"""The Helm values and the migration Job (not rendered here: no cluster, no chart) name what the
project reads, give every role its own secret, keep telemetry off and hold no secret inline."""

from __future__ import annotations

from typing import Any

import yaml
from sqlalchemy.engine import make_url

from scorecard.settings import PROJECT_DIR, SETTINGS, TELEMETRY_OFF

HELM = PROJECT_DIR / "deploy" / "helm"


def _values() -> dict[str, Any]:
    values: dict[str, Any] = yaml.safe_load((HELM / "values.yaml").read_text())
    return values


def test_the_values_run_celery_on_a_managed_postgres_with_secrets_from_secrets() -> None:
    values = _values()
    assert values["executor"] in {"CeleryExecutor", "KubernetesExecutor"}
    assert values["postgresql"]["enabled"] is False
    assert values["data"]["metadataSecretName"]
    assert "metadataConnection" not in values["data"]  # no password in the values
    for inline in ("fernetKey", "apiSecretKey", "jwtSecret", "webserverSecretKey"):
        assert inline not in values
    assert values["workers"]["replicas"] >= 2
    assert values["config"]["celery"]["worker_concurrency"] == int(
        SETTINGS["SCORECARD_CELERY_CONCURRENCY"].text()
    )


def test_the_values_name_the_projects_settings_and_each_role_its_secret() -> None:
    values = _values()
    env = {item["name"]: item["value"] for item in values["env"]}
    secrets = {
        item["envName"]: (item["secretName"], item["secretKey"]) for item in values["secret"]
    }
    for name in [*env, *secrets]:
        assert name in SETTINGS or name in TELEMETRY_OFF or name.startswith("AIRFLOW_CONN_"), name
    assert {key: env.get(key) for key in TELEMETRY_OFF} == TELEMETRY_OFF
    assert env["SCORECARD_EXECUTOR"] == values["executor"]
    assert make_url(env["SCORECARD_LANDING_URL"]).drivername == "s3"  # no shared disk
    roles = [f"SCORECARD_{key}_URL" for key in ("LOADER", "VALIDATOR", "TRANSFORMER", "READER")]
    keys = [secrets[name] for name in ["SCORECARD_WAREHOUSE_URL", *roles]]
    assert len(set(keys)) == len(keys)  # one login per role
    assert secrets["AIRFLOW_CONN_SCORECARD_WAREHOUSE"] == secrets["SCORECARD_TRANSFORMER_URL"]


def test_the_migration_job_runs_as_the_owner_not_as_root() -> None:
    job = yaml.safe_load((HELM / "warehouse-migrate-job.yaml").read_text())
    pod = job["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    [container] = pod["containers"]
    assert container["command"] == ["scorecard", "warehouse", "migrate"]
    env = {item["name"]: item for item in container["env"]}
    owner = env["SCORECARD_WAREHOUSE_URL"]["valueFrom"]["secretKeyRef"]
    assert (owner["name"], owner["key"]) == ("scorecard-warehouse", "owner-url")
    assert container["image"] == (
        f"{_values()['images']['airflow']['repository']}:{_values()['images']['airflow']['tag']}"
    )
