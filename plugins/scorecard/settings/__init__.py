"""Every setting of the project: the only reader of the environment.

One module per concern, each declaring its variables once (name, default, meaning) in
:mod:`.env`: :mod:`.project` (the repository, tracebacks), :mod:`.warehouse` (the warehouse,
roles, home, landing area), :mod:`.limits` (bounds on hostile input), :mod:`.sessions` (how
long warehouse sessions may wait, run or sit idle), :mod:`.schedule` (the DAGs' schedule and
dbt), :mod:`.operators` (notices and lineage) and :mod:`.runtime` (the environment of every
process, Airflow's ports, telemetry off). ``scorecard settings --markdown`` prints the README's
tables from them.
"""

from __future__ import annotations

from scorecard.settings.env import GROUPS, SETTINGS, Setting, markdown
from scorecard.settings.limits import read_limits
from scorecard.settings.operators import (
    NOTICE_SECRET_KEYS,
    SMTP_CONN_ID,
    WEBHOOK_CONN_ID,
    Notices,
    get_notices,
)
from scorecard.settings.project import PROJECT_DIR, show_traceback
from scorecard.settings.runtime import (
    DBT_CONNECTION_KEYS,
    TELEMETRY_OFF,
    airflow_api,
    airflow_ports_environment,
    apply_runtime_environment,
    runtime_environment,
    switch_off_telemetry,
)
from scorecard.settings.schedule import (
    Schedule,
    TransformSettings,
    get_schedule,
    get_transform_settings,
)
from scorecard.settings.sessions import Sessions
from scorecard.settings.warehouse import (
    EMBEDDED_ADMIN_USER,
    ROLE_KEYS,
    WAREHOUSE_CONN_ID,
    Settings,
    get_settings,
    libpq_url,
)

__all__ = [
    "DBT_CONNECTION_KEYS",
    "EMBEDDED_ADMIN_USER",
    "GROUPS",
    "NOTICE_SECRET_KEYS",
    "PROJECT_DIR",
    "ROLE_KEYS",
    "SETTINGS",
    "SMTP_CONN_ID",
    "TELEMETRY_OFF",
    "WAREHOUSE_CONN_ID",
    "WEBHOOK_CONN_ID",
    "Notices",
    "Schedule",
    "Sessions",
    "Setting",
    "Settings",
    "TransformSettings",
    "airflow_api",
    "airflow_ports_environment",
    "apply_runtime_environment",
    "get_notices",
    "get_schedule",
    "get_settings",
    "get_transform_settings",
    "libpq_url",
    "markdown",
    "read_limits",
    "runtime_environment",
    "show_traceback",
    "switch_off_telemetry",
]
