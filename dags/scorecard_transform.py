"""
### scorecard_transform: the dbt marts, written, audited, then published

Scheduled on the `scorecard_raw` asset. Airflow folds the asset events of every load that
finished while a transform was queued or running into one run (`max_active_runs=1`), so a
catch-up or backfill of many quarters is followed by one or two transforms, not one per quarter.
Any extra run is cheap: the facts are incremental (a run with nothing new merges no rows) and
publishing an unchanged build swaps two schemas.

- **dbt** (astronomer-cosmos, watcher execution mode): one `dbt build` in the
  `dbt_producer_watcher` task, rendered from the pre-built manifest
  (`dbt_project/target/manifest.json`, made by `dbt parse`; DAG parsing never runs dbt). Every
  model, seed and model's tests still shows as its own task and reflects its node's result in
  that build: a failed test's task fails, and so does the task of a model dbt skipped because
  of it. These tasks all start when the build has finished (they do not wait for each other;
  each task's notes name its parents in dbt's lineage, which the dbt docs draw). Under the
  scheduler they start in the triggerer: a node that passed ends there at once, without a
  worker; one that did not resumes in a worker and fails with dbt's message (a model's retry
  runs that model alone). dbt connects as the transformer role through the Airflow connection
  `scorecard_warehouse`.
- **publish_marts** (write-audit-publish): dbt builds the marts into `marts_audit`, which the BI
  reader cannot see; only when the build passed, every model and test in it, is `marts_audit`
  swapped with `marts` in one transaction (this task follows the build task, beside the node
  tasks). A failed test fails the build and its own task (named after the model it tests),
  this task does not run, and the reader keeps the last good marts. Publishing updates the
  `scorecard_marts` asset: the `scorecard_docs` DAG then rebuilds the site and the docs, so a
  transform run ends when the marts are published and every node's task has its result.
"""

from __future__ import annotations

from datetime import UTC, datetime

from airflow.sdk import dag, task
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import ExecutionMode, InvocationMode, LoadMode, TestBehavior
from cosmos.profiles import PostgresUserPasswordProfileMapping

from scorecard.orchestration.assets import MARTS, RAW_REPORTS
from scorecard.orchestration.pipeline import log_failure
from scorecard.orchestration.watcher import (
    prepare_build,
    producer_of,
    secure_cosmos_cache,
    start_after_build,
)
from scorecard.settings import WAREHOUSE_CONN_ID, get_settings, get_transform_settings
from scorecard.transform.dbt import DBT_PROFILE, DBT_TARGET

DBT_PROJECT = get_settings().dbt_project_dir
MANIFEST = DBT_PROJECT / "target" / "manifest.json"
if not MANIFEST.exists():
    raise FileNotFoundError(
        f"{MANIFEST} is missing: build it with `uv run scorecard transform --parse-only` "
        "(scorecard backfill, scorecard airflow and the docker image's airflow-init do it for you)"
    )

TRANSFORM = get_transform_settings()

default_args = {
    "owner": "performance-data",
    "retries": 2,
    "retry_delay": TRANSFORM.retry_delay,
    "execution_timeout": TRANSFORM.task_timeout,
    "on_failure_callback": log_failure,
}


@dag(
    dag_id="scorecard_transform",
    schedule=[RAW_REPORTS],
    start_date=datetime(2016, 4, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["scorecard", "dbt", "marts"],
    doc_md=__doc__,
)
def scorecard_transform() -> None:
    dbt = DbtTaskGroup(
        group_id="dbt",
        project_config=ProjectConfig(
            dbt_project_path=DBT_PROJECT,
            manifest_path=MANIFEST,
            install_dbt_deps=False,
        ),
        profile_config=ProfileConfig(
            profile_name=DBT_PROFILE,
            target_name=DBT_TARGET,
            profile_mapping=PostgresUserPasswordProfileMapping(
                conn_id=WAREHOUSE_CONN_ID,
                # connect_timeout as in dbt_project/profiles.yml: dbt keys its partial parse on
                # the connection settings, so this build and `scorecard transform` share it
                profile_args={
                    "schema": "staging",
                    "threads": TRANSFORM.threads,
                    "connect_timeout": 10,
                },
            ),
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.AFTER_EACH,
            emit_datasets=False,
            # the BI exposure documents the marts; it is not a node dbt builds
            exclude=["resource_type:exposure"],
        ),
        execution_config=ExecutionConfig(
            execution_mode=ExecutionMode.WATCHER,
            invocation_mode=InvocationMode.DBT_RUNNER,
            # a retry of the build task would not build again (Cosmos skips it): fail at once,
            # naming the failed nodes; the node tasks retry their own node if it failed
            setup_operator_args={"retries": 0, "on_execute_callback": prepare_build},
        ),
        operator_args={
            # the node tasks start when the build has finished (start_after_build): in the
            # triggerer under the scheduler; as a sensor that finds its result at its first
            # look under dag.test() or when resumed in a worker
            "deferrable": False,
            "mode": "poke",
            "poke_interval": TRANSFORM.poke_seconds,
            "on_execute_callback": secure_cosmos_cache,
        },
        default_args=default_args,
    )

    start_after_build(dbt)

    @task(outlets=[MARTS])
    def publish_marts() -> dict[str, object]:
        from scorecard.transform.dbt import publish_marts as publish

        return publish().to_dict()

    # the swap needs the build to have passed, which is every model and test in it passing:
    # it runs beside the node tasks, which report each node's part of that result
    producer_of(dbt) >> publish_marts()


scorecard_transform()
