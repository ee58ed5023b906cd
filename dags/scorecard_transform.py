"""
### scorecard_transform: the dbt marts, after each batch of loads

Scheduled on the `scorecard_raw` asset, so one dbt build follows a batch of quarterly loads
(a backfill of twelve quarters triggers it once it has caught up, not twelve times).

- **dbt**: the dbt project rendered by astronomer-cosmos from its pre-built manifest
  (`dbt_project/target/manifest.json`, made by `dbt parse`; DAG parsing never runs dbt), each
  model followed by its tests, connected as the transformer role through the Airflow connection
  `scorecard_warehouse`.
- **publish_docs**: rebuilds the GX Data Docs and the dbt docs (static HTML under `.scorecard/docs`).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from airflow.sdk import dag, task
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import InvocationMode, LoadMode, TestBehavior, TestIndirectSelection
from cosmos.profiles import PostgresUserPasswordProfileMapping

from scorecard.assets import RAW_REPORTS
from scorecard.pipeline import log_failure
from scorecard.settings import WAREHOUSE_CONN_ID, get_settings

DBT_PROJECT = get_settings().dbt_project_dir
MANIFEST = DBT_PROJECT / "target" / "manifest.json"
if not MANIFEST.exists():
    raise FileNotFoundError(
        f"{MANIFEST} is missing: build it with `uv run scorecard transform --parse-only` "
        "(scorecard backfill, scorecard airflow and the docker image's airflow-init do it for you)"
    )

default_args = {
    "owner": "performance-data",
    "retries": 2,
    "retry_delay": timedelta(seconds=int(os.environ.get("SCORECARD_RETRY_DELAY_SECONDS", "120"))),
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
            profile_name="scorecard",
            target_name="airflow",
            profile_mapping=PostgresUserPasswordProfileMapping(
                conn_id=WAREHOUSE_CONN_ID, profile_args={"schema": "staging"}
            ),
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.AFTER_EACH,
            emit_datasets=False,
        ),
        # cautious: a model's test task runs only the tests whose every parent is built by then
        # (a relationships test to a later model runs with that model)
        execution_config=ExecutionConfig(
            invocation_mode=InvocationMode.DBT_RUNNER,
            test_indirect_selection=TestIndirectSelection.CAUTIOUS,
        ),
        operator_args={"install_deps": False},
        default_args=default_args,
    )

    @task
    def publish_docs() -> dict[str, str]:
        from scorecard.pipeline import publish_docs as publish

        return publish()

    dbt >> publish_docs()


scorecard_transform()
