"""Load-test helpers: record a validation as the validator role, as the validate step would (a
passing one keeps the rows it saw), without running the suite (the loader is under test here)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from gatekit import attest as attest_run

from scorecard.settings import Settings

Attest = Callable[..., str]


@pytest.fixture
def attest(scratch_warehouse: Settings) -> Attest:
    """``attest(extraction, report_sha256=None, success=True, input_kind="pdf")``: a run in
    ``audit.validation_runs`` for exactly this content, written by the validator role."""
    return partial(attest_run, scratch_warehouse)
