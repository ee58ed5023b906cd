"""``ReportSensor``: the ingest DAG's wait for a quarter's report to be published.

A plain :class:`~airflow.sdk.BaseSensorOperator` (not ``@task.sensor``, whose provider module
warns about a deprecated Airflow helper in every task log). Each poke asks the report's source
whether any version is published; the quarter's period end is pushed as the task's XCom for
``fetch``. A quarter past its wait horizon, or of a run whose ``wait`` param is false (``scorecard
backfill``), ends the task as skipped ("not available"); a bad ``period_end`` fails it at once
(see :func:`scorecard.orchestration.runs.task_outcome`).
"""

from __future__ import annotations

from typing import Any

from airflow.sdk import BaseSensorOperator, PokeReturnValue

from scorecard.settings import Schedule


class ReportSensor(BaseSensorOperator):
    """Done when the run's quarter has a published report; its XCom is the period end.

    ``schedule`` is the DAG's :class:`~scorecard.settings.Schedule` (lag and wait horizon), so
    the sensor decides "not available" with the settings the DAG was parsed with.
    """

    template_fields = ("council",)

    def __init__(self, *, schedule: Schedule, council: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.schedule = schedule
        self.council = council
        """The council whose report is waited for: its unit of work (``council``,
        ``period_end``), its name, or ``None`` for a sources file of one council."""

    def poke(self, context: Any) -> PokeReturnValue:
        from scorecard.orchestration.runs import period_end_of_run, report_published, task_outcome

        with task_outcome():
            period_end = period_end_of_run(context)
            wait = (context.get("params") or {}).get("wait", True)
            unit = self.council if isinstance(self.council, dict) else {"council": self.council}
            council = unit.get("council")
            published = report_published(
                period_end, schedule=self.schedule, wait=wait, council=council
            )
            return PokeReturnValue(
                is_done=published, xcom_value={"council": council, "period_end": period_end}
            )
