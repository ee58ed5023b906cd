"""Test-session bootstrap, loaded by pytest before any test module (so before Airflow is imported).

Tests share the embedded PostgreSQL server with `make run` but never its data: they use their
own database (``scorecard_test``), Airflow home and landing area under ``.scorecard/test/``.
Anything already set in the environment wins, so the suite can run against a real server too
(``SCORECARD_WAREHOUSE_URL=... make test``).
"""

from __future__ import annotations

import os

from scorecard.settings import PROJECT_DIR, apply_runtime_environment

_TEST_HOME = PROJECT_DIR / ".scorecard" / "test"
os.environ.setdefault("SCORECARD_DB_NAME", "scorecard_test")
os.environ.setdefault("AIRFLOW_HOME", str(_TEST_HOME / "airflow"))
os.environ.setdefault("SCORECARD_LANDING_URL", f"file://{_TEST_HOME / 'landing'}")
apply_runtime_environment()
