"""Data Docs with hostile report values, for the escaping and offline tests of Data Docs."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from scorecard.settings import get_settings

HOSTILE_STATUS = "<script>window.PWNED=1</script>"
HOSTILE_CODE = '<img src=x onerror="window.PWNED=2">'
HOSTILE_PERIOD = "2018/03/31<b>"


def hostile(extraction: dict[str, Any]) -> dict[str, Any]:
    """A copy whose first status, second code and period end are markup (its own sha256)."""
    data = json.loads(json.dumps(extraction))
    data["measures"][0]["quarterly_status"] = HOSTILE_STATUS
    data["measures"][1]["measure_code"] = HOSTILE_CODE
    data["report"]["period_end"] = HOSTILE_PERIOD
    data["report"]["source_sha256"] = hashlib.sha256(b"hostile").hexdigest()
    return data


def validate_into(landing: Path, extraction: dict[str, Any]) -> dict[str, Any]:
    """Validate the extraction and a hostile copy with Data Docs under ``landing``; return the
    two summaries (nothing recorded in the warehouse)."""
    from scorecard.validate import validate_extraction

    settings = dataclasses.replace(get_settings(), landing_url=landing.as_uri())
    return {
        name: validate_extraction(
            data,
            source_uri=f"file:///{name}.pdf",
            settings=settings,
            record=False,
            raise_on_failure=False,
        )
        for name, data in (("good", extraction), ("hostile", hostile(extraction)))
    }
