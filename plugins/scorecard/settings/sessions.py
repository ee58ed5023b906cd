"""How long the warehouse's sessions may wait for a lock, run a statement or sit idle in a
transaction, and how long a validation may be loaded: the :class:`Sessions` settings.

Each role gets its values as role defaults (``ALTER ROLE ... SET``, applied when the warehouse is
bootstrapped and checked at every migration; :mod:`scorecard.warehouse.role_settings`), so they
hold for every client of that login, a BI tool's included: a BI reader cannot hold a lock or a
transaction open for longer than its limits, and a pipeline session gives up waiting for a lock
(a retry may then succeed) instead of hanging behind one.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorecard.settings.env import Setting, SettingError, declare

_GROUP = "sessions"
READER_STATEMENT = declare(
    "SCORECARD_READER_STATEMENT_TIMEOUT_SECONDS",
    "300",
    "longest query of the BI reader (`statement_timeout`)",
    group=_GROUP,
)
READER_IDLE = declare(
    "SCORECARD_READER_IDLE_IN_TRANSACTION_SECONDS",
    "60",
    "longest a BI reader's transaction may sit idle (`idle_in_transaction_session_timeout`)",
    group=_GROUP,
)
PIPELINE_LOCK = declare(
    "SCORECARD_PIPELINE_LOCK_TIMEOUT_SECONDS",
    "60",
    "longest a pipeline role (owner, loader, validator, transformer) waits for a lock; "
    "then the step fails as transient and is retried",
    group=_GROUP,
)
PIPELINE_STATEMENT = declare(
    "SCORECARD_PIPELINE_STATEMENT_TIMEOUT_SECONDS",
    "1800",
    "longest statement, and longest idle transaction, of a pipeline role",
    group=_GROUP,
)
PUBLISH_WAIT = declare(
    "SCORECARD_PUBLISH_WAIT_SECONDS",
    "30",
    "how long publishing the marts retries its short lock waits (with backoff) before it fails "
    "naming the session in the way",
    group=_GROUP,
)
VALIDATION_HOURS = declare(
    "SCORECARD_VALIDATION_TTL_HOURS",
    "168",
    "how long a passing validation may be loaded; after that, validate again",
    group=_GROUP,
)

PIPELINE_ROLES = ("owner", "loader", "validator", "transformer")
"""The roles whose sessions are the pipeline's own (the reader is a BI tool's)."""


@dataclass(frozen=True)
class Sessions:
    """The session limits in force (see the module docstring); :func:`read_sessions` reads them."""

    reader_statement_seconds: float = 300.0
    reader_idle_seconds: float = 60.0
    pipeline_lock_seconds: float = 60.0
    pipeline_statement_seconds: float = 1800.0
    publish_wait_seconds: float = 30.0
    validation_hours: float = 168.0

    def role_parameters(self, role_key: str) -> dict[str, str]:
        """The parameters a role's sessions start with (``{"statement_timeout": "300000ms"}``);
        a value of 0 leaves that parameter to the server's default."""
        if role_key == "reader":
            wanted = {
                "statement_timeout": self.reader_statement_seconds,
                "idle_in_transaction_session_timeout": self.reader_idle_seconds,
            }
        elif role_key in PIPELINE_ROLES:
            wanted = {
                "lock_timeout": self.pipeline_lock_seconds,
                "statement_timeout": self.pipeline_statement_seconds,
                "idle_in_transaction_session_timeout": self.pipeline_statement_seconds,
            }
        else:
            raise ValueError(f"unknown role key {role_key!r}")
        return {name: f"{round(seconds * 1000)}ms" for name, seconds in wanted.items() if seconds}


SETTING_OF = {
    ("reader", "statement_timeout"): READER_STATEMENT.name,
    ("reader", "idle_in_transaction_session_timeout"): READER_IDLE.name,
    ("pipeline", "lock_timeout"): PIPELINE_LOCK.name,
    ("pipeline", "statement_timeout"): PIPELINE_STATEMENT.name,
    ("pipeline", "idle_in_transaction_session_timeout"): PIPELINE_STATEMENT.name,
}
"""Which variable sets a role's parameter (``pipeline`` stands for every pipeline role)."""


def _amount(setting: Setting) -> float:
    value = setting.number()
    if value < 0:
        raise SettingError(f"{setting.name}={value:g}: expected 0 or more")
    return value


def read_sessions() -> Sessions:
    """The defaults, overridden by whichever variables are set."""
    return Sessions(
        reader_statement_seconds=_amount(READER_STATEMENT),
        reader_idle_seconds=_amount(READER_IDLE),
        pipeline_lock_seconds=_amount(PIPELINE_LOCK),
        pipeline_statement_seconds=_amount(PIPELINE_STATEMENT),
        publish_wait_seconds=_amount(PUBLISH_WAIT),
        validation_hours=_amount(VALIDATION_HOURS),
    )
