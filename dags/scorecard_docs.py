"""
### scorecard_docs: the scorecard site and the documentation, rebuilt after the marts change

Scheduled on the `scorecard_marts` asset, which `scorecard_transform` updates when its
`publish_marts` task has swapped new marts in. A transform run therefore ends when the marts are
published; the documents follow in a run of their own (`max_active_runs=1`: events that arrive
while a run is going are folded into the next one).

- **publish_docs**: rebuilds the scorecard site (read from the marts as the BI reader), the GX
  Data Docs, the dbt docs (one static page) and the docs home linking them, under
  `.scorecard/docs`. Every page opens from disk, offline.

`scorecard run` and `scorecard backfill` run this DAG after a successful transform.
"""

from __future__ import annotations

from airflow.sdk import dag, task

from scorecard.orchestration.assets import MARTS
from scorecard.orchestration.defaults import SINCE, task_defaults
from scorecard.settings import get_transform_settings

TRANSFORM = get_transform_settings()


@dag(
    dag_id="scorecard_docs",
    schedule=[MARTS],
    start_date=SINCE,
    catchup=False,
    max_active_runs=1,
    default_args=task_defaults(
        retries=2, retry_delay=TRANSFORM.retry_delay, timeout=TRANSFORM.task_timeout
    ),
    tags=["scorecard", "docs"],
    doc_md=__doc__,
)
def scorecard_docs() -> None:
    @task
    def publish_docs() -> dict[str, str]:
        from scorecard.orchestration.pipeline import publish_docs as publish

        return publish()

    publish_docs()


scorecard_docs()
