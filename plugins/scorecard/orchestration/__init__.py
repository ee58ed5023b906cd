"""Orchestration: the only package (with ``cli/``) that imports Airflow. The DAG helpers
(timetable, sensor, assets, task defaults), the task bodies that call each stage (``pipeline``,
``reextract``), how tasks ended (``outcomes``, a listener), ``backfill`` through ``dag.test()``
and ``status`` through Airflow's REST API."""
