"""Airflow plugin of the Council Scorecard project: ``QuarterlyTimetable`` and task outcomes.

Airflow 3 keeps a DAG's custom timetable in the serialized DAG as an import path plus
``serialize()``; the scheduler and API server rebuild it only if a plugin registers the class
(``AirflowPlugin.timetables``), otherwise they fail with "Timetable class ... is not registered".
Airflow imports every ``.py`` file in ``[core] plugins_folder`` (the project's runtime
environment sets ``AIRFLOW__CORE__PLUGINS_FOLDER`` to this ``plugins/`` folder), so this file is
found without an entry point. Keep it tiny: it is imported by every Airflow process.
"""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from scorecard.orchestration import outcomes
from scorecard.orchestration.timetable import QuarterlyTimetable


class ScorecardPlugin(AirflowPlugin):
    """Registers the financial-quarter timetable of the ``scorecard_ingest`` DAG."""

    name = "scorecard"
    timetables = [QuarterlyTimetable]  # noqa: RUF012 - Airflow's declared class attribute
    listeners = [outcomes]  # noqa: RUF012 - how each task ended, for `scorecard backfill`
