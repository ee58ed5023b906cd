"""
### scorecard_transform: the dbt marts, written, audited, then published

Scheduled on the `scorecard_raw` asset, which every `scorecard_ingest` run that loads a report
updates. Airflow folds the events that arrive while a transform is queued or running into the
next run (`max_active_runs=1`), so a catch-up of many quarters is followed by a few transforms,
not one per quarter; each one builds from everything loaded when it starts. An extra run is
cheap: the facts are incremental and publishing an unchanged build swaps two schemas.

- **dbt_build**: one `dbt build` of the whole project (Cosmos's `DbtBuildLocalOperator`, as
  shipped), connecting as the transformer role through the Airflow connection
  `scorecard_warehouse`. It builds and tests every model into `marts_audit`, which the BI reader
  cannot see; a failed test fails this task, and its log names the failed nodes. The lineage
  of every model and column is in the dbt docs (`scorecard_docs` publishes them).
- **publish_marts** (write-audit-publish): only after the build passed, every model and test,
  swaps `marts_audit` with `marts` in one transaction, so the reader keeps the last good marts
  otherwise. Publishing updates the `scorecard_marts` asset: `scorecard_docs` then rebuilds the
  site and the docs.
"""

from __future__ import annotations

from airflow.sdk import dag, task
from cosmos import ProfileConfig
from cosmos.constants import InvocationMode
from cosmos.operators.local import DbtBuildLocalOperator
from cosmos.profiles import PostgresUserPasswordProfileMapping

from scorecard.orchestration.assets import MARTS, RAW_REPORTS
from scorecard.orchestration.defaults import SINCE, task_defaults
from scorecard.settings import PROJECT_DIR, WAREHOUSE_CONN_ID, get_transform_settings
from scorecard.transform.dbt import DBT_PROFILE, DBT_TARGET

TRANSFORM = get_transform_settings()


@dag(
    dag_id="scorecard_transform",
    schedule=[RAW_REPORTS],
    start_date=SINCE,
    catchup=False,
    max_active_runs=1,
    default_args=task_defaults(
        retries=2, retry_delay=TRANSFORM.retry_delay, timeout=TRANSFORM.task_timeout
    ),
    tags=["scorecard", "dbt", "marts"],
    doc_md=__doc__,
)
def scorecard_transform() -> None:
    build = DbtBuildLocalOperator(
        task_id="dbt_build",
        project_dir=str(PROJECT_DIR / "dbt_project"),
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
        install_deps=False,
        invocation_mode=InvocationMode.DBT_RUNNER,
        # the marts are one asset (publish_marts's outlet), not one Airflow asset per model
        emit_datasets=False,
    )

    @task(outlets=[MARTS])
    def publish_marts() -> dict[str, object]:
        from scorecard.transform.publish import publish_marts as publish

        return publish().to_dict()

    build >> publish_marts()


scorecard_transform()
