"""Airflow assets shared by the DAGs (kept here so both DAG files name them identically)."""

from __future__ import annotations

from airflow.sdk import Asset

RAW_REPORTS = Asset(name="scorecard_raw", uri="scorecard://warehouse/raw/reports")
"""Updated by ``scorecard_ingest`` whenever a report is loaded into ``raw``; schedules dbt."""

MARTS = Asset(name="scorecard_marts", uri="scorecard://warehouse/marts")
"""Updated by ``scorecard_transform`` when it has published the marts; schedules the docs."""
