"""Orchestration: the only package that imports Airflow. The DAG helpers (timetable, sensor,
assets, run notes), the task bodies that call each stage, status and backfill over Airflow's
runs, and the Cosmos configuration of the transform DAG."""
