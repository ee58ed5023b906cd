"""Recording validations and reaching the warehouse as each role, the way the pipeline and an
attacker holding one role's password do (a module of its own: several folders use it).

- :func:`attest`: a validation run written by the validator role, as the validate step writes
  it (a passing one keeps the rows it saw), without running the suite.
- :func:`role_url`: a role's connection string as ``scorecard warehouse url --role ROLE
  --show-password`` prints it (its own password from the project home).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import psycopg
from click.testing import CliRunner

from scorecard.settings import Settings
from scorecard.warehouse.audit import Staged, ValidationRun, record_validation_run
from scorecard.warehouse.rows import extraction_sha256, staged_rows

AsRole = Callable[..., psycopg.Connection[Any]]
"""``as_role("loader", autocommit=True)``: a connection as that role (tests/security)."""


def attest(
    settings: Settings,
    extraction: dict[str, Any],
    report_sha256: str | None = None,
    *,
    success: bool = True,
    input_kind: str = "pdf",
    hours: float = 1.0,
    source_uri: str = "file:///attested.pdf",
) -> str:
    """A validation run of exactly this content, written by the validator role; its id."""
    sha = report_sha256 or extraction["report"]["source_sha256"]
    rows = staged_rows(extraction, source_uri=source_uri, report_sha256=sha, input_kind=input_kind)
    return record_validation_run(
        ValidationRun(
            report_sha256=sha,
            source_uri=source_uri,
            period_end=None,
            suite_name="attested-by-test",
            success=success,
            evaluated=1,
            successful=int(success),
            unsuccessful=int(not success),
            run_at=datetime.now(UTC),
            result_path=None,
            extraction_sha256=extraction_sha256(extraction),
            input_kind=input_kind,  # type: ignore[arg-type]
        ),
        settings,
        Staged(*rows, hours=hours),
    )


def role_url(role: str) -> str:
    """``scorecard warehouse url --role ROLE --show-password`` (the settings in the environment)."""
    from scorecard.cli.warehouse import url

    printed = CliRunner().invoke(url, ["--role", role, "--show-password"])
    assert printed.exit_code == 0, printed.output
    return printed.output.strip()
