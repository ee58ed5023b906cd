"""Test kit for the dbt tests: load sample truth files through the load stage, in issue order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scorecard.settings import Settings


def load_truths(settings: Settings, paths: list[Path]) -> None:
    """Load truth files through the load stage, in the order their reports were issued."""
    from scorecard.load import load_extraction

    extractions: list[tuple[dict[str, Any], Path]] = [
        (json.loads(p.read_text(encoding="utf-8")), p) for p in paths
    ]
    extractions.sort(key=lambda item: item[0]["report"]["time_fetched"])
    for extraction, path in extractions:
        load_extraction(
            extraction,
            source_uri=path.with_suffix(".pdf").resolve().as_uri(),
            settings=settings,
            require_validated=False,
        )
