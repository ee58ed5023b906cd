"""Transform: the dbt project built into ``marts_audit`` (:mod:`.dbt`), then published into
``marts`` by a schema swap only when every model and test passed (:mod:`.publish`)."""

from __future__ import annotations

from scorecard.transform.dbt import (
    DBT_PROFILE,
    DBT_TARGET,
    TransformError,
    TransformSummary,
    build,
    docs_generate,
    parse,
)
from scorecard.transform.publish import PublishError, PublishResult, publish_marts

__all__ = [
    "DBT_PROFILE",
    "DBT_TARGET",
    "PublishError",
    "PublishResult",
    "TransformError",
    "TransformSummary",
    "build",
    "docs_generate",
    "parse",
    "publish_marts",
]
