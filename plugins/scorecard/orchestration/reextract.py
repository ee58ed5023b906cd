"""Re-extraction of landed reports when the extractor improves: the ingest DAG's second path.

Every loaded version records the extractor that read it. :func:`find_outdated` lists the landed
files of a quarter whose latest loaded version an older extractor read; they go through the same
:func:`~scorecard.orchestration.pipeline.extract_reports` as a first load, then
:func:`keep_changed` drops those whose loaded fields read the same as what is loaded, and the
rest are validated and loaded by the same steps as a first load, as a new version keyed by
:func:`~scorecard.load.provenance.reextraction_key` (the file's sha256 stays the file's). The
new version becomes current in its file's place; the earlier one stays as history. A file the
new extractor or the validation refuses changes nothing.

``scorecard reextract`` runs the same steps one file at a time (:func:`reextract_quarters`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from scorecard.orchestration.pipeline import (
    EXTRACTED_DIR,
    Item,
    extract_reports,
    load_reports,
    read_extraction,
    validate_reports,
)
from scorecard.quarters import Quarter
from scorecard.settings import Settings, get_settings

Outcome = Literal["reloaded", "unchanged", "current", "refused"]
"""``reloaded``: the data changed, a new version was loaded. ``unchanged``: the current
extractor reads the same data, nothing loaded. ``current``: already read by the current
extractor. ``refused``: the current extractor or the validation refuses it; nothing changed."""


@dataclass(frozen=True)
class ReextractResult:
    """What re-extracting one landed file did; ``describe()`` is the line the CLI prints."""

    period_end: date
    file_sha256: str
    outcome: Outcome
    detail: str = ""

    def describe(self) -> str:
        """One line: quarter, file, outcome and why."""
        head = f"{self.outcome:<10} {self.period_end.isoformat()} {self.file_sha256[:12]}"
        return f"{head} {self.detail}".rstrip()


def loaded_readings(period_end: str, settings: Settings | None = None) -> list[Item]:
    """The loaded landed files of a quarter, each with the extractor that read its latest
    version (``loaded_by``) and that version's key (``loaded_key``)."""
    from scorecard.ingest.landing import landed_reports
    from scorecard.load.stored import latest_versions

    s = settings or get_settings()
    landed = landed_reports(date.fromisoformat(period_end), settings=s)
    latest = latest_versions([report.sha256 for report in landed], s)
    return [
        {
            "sha256": report.sha256,
            "period_end": period_end,
            "source_uri": report.source_uri,
            "fetched_at": report.fetched_at.isoformat(),
            "landed_path": report.landed_path,
            "source_details": report.source_details,
            "loaded_key": latest[report.sha256].report_sha256,
            "loaded_by": latest[report.sha256].extractor_version,
            "council": latest[report.sha256].council,
        }
        for report in landed
        if report.sha256 in latest
    ]


def _same_reading(item: Item, settings: Settings) -> Any:
    """Where the landing area notes that the current extractor reads a file as loaded: the
    reading of the same bytes by the same extractor is the same, so it is not done again."""
    from scorecard.ingest.landing import landing_root

    return landing_root(settings) / EXTRACTED_DIR / f"{item['report_key']}.same"


def find_outdated(period_end: str, settings: Settings | None = None) -> list[Item]:
    """The quarter's loaded files an older extractor read (and the current one has not found
    unchanged), each with the key of the version the current extractor's reading would be
    loaded under (``report_key``)."""
    from scorecard.extract import EXTRACTOR_VERSION
    from scorecard.load.provenance import reextraction_key

    s = settings or get_settings()
    outdated = [
        {**item, "report_key": reextraction_key(item["sha256"], EXTRACTOR_VERSION)}
        for item in loaded_readings(period_end, s)
        if item["loaded_by"] != EXTRACTOR_VERSION
    ]
    return [item for item in outdated if not _same_reading(item, s).exists()]


def keep_changed(items: list[Item], settings: Settings | None = None) -> list[Item]:
    """The re-extracted items whose loaded fields differ from their loaded version's; the
    others are noted as read the same (:func:`find_outdated` passes them by)."""
    from scorecard.load.stored import comparable, loaded_content

    s = settings or get_settings()
    changed = []
    for item in items:
        if comparable(read_extraction(item, s)) != loaded_content(item["loaded_key"], s):
            changed.append(item)
        else:
            _same_reading(item, s).write_text(item["loaded_key"] + "\n")
    return changed


def landed_quarters(settings: Settings | None = None) -> list[Quarter]:
    """Every quarter with a manifest in the landing area, in order."""
    from scorecard.ingest.landing import PERIODS_DIR, landing_root

    folder = landing_root(settings) / PERIODS_DIR
    if not folder.exists():
        return []
    ends = sorted(date.fromisoformat(p.name.removesuffix(".json")) for p in folder.iterdir())
    return [Quarter.from_period_end(end) for end in ends]


def reextract_quarters(
    quarters: Iterable[Quarter], settings: Settings | None = None
) -> Iterator[ReextractResult]:
    """Re-extract every loaded file of these quarters, one at a time (``scorecard reextract``)."""
    from scorecard.extract import EXTRACTOR_VERSION
    from scorecard.load.provenance import reextraction_key

    s = settings or get_settings()
    for quarter in quarters:
        for item in loaded_readings(quarter.period_end.isoformat(), s):
            item["report_key"] = reextraction_key(item["sha256"], EXTRACTOR_VERSION)
            if item["loaded_by"] == EXTRACTOR_VERSION:
                yield _result(item, "current", f"read by {EXTRACTOR_VERSION}")
            elif _same_reading(item, s).exists():
                yield _result(item, "unchanged", f"extractor {EXTRACTOR_VERSION} reads the same")
            else:
                yield reextract_one(item, s)


def reextract_one(item: Item, settings: Settings) -> ReextractResult:
    """One outdated file through extract, compare, validate and load."""
    from scorecard.errors import Refused
    from scorecard.extract import EXTRACTOR_VERSION

    change = f"extractor {item['loaded_by']} -> {EXTRACTOR_VERSION}"
    try:
        extract_reports([item], settings)
        if not keep_changed([item], settings):
            return _result(item, "unchanged", f"{change} reads the same")
        validate_reports([item], settings)
        [loaded] = load_reports([item], settings)
    except Refused as error:
        return _result(item, "refused", f"by {change}: {error}")
    return _result(item, "reloaded", f"{change}: {loaded['line']}")


def _result(item: Item, outcome: Outcome, detail: str) -> ReextractResult:
    return ReextractResult(date.fromisoformat(item["period_end"]), item["sha256"], outcome, detail)
