"""The pipeline's steps as the Airflow tasks call them: one function per task.

Each function takes and returns JSON-friendly values (they travel through XCom) and does one
stage by calling that stage's module: :mod:`scorecard.ingest.fetch`, :mod:`scorecard.extract`,
:mod:`scorecard.validate`, :mod:`scorecard.load`, :mod:`scorecard.transform.dbt`. Data flows one
way; the only look across stages is :func:`fetch_quarter` asking the load stage whether an
unchanged file is already loaded (:func:`scorecard.load.stored.loaded_files`), so that a file landed but never loaded (say, it failed
validation before the suite was fixed) is processed again rather than skipped forever.

Heavy libraries (pdfplumber, pandas, great_expectations, dbt) are imported inside the functions:
DAG files import this module at parse time.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from typing import Any

from scorecard.errors import NothingToDo, Refused
from scorecard.settings import Settings, get_settings

log = logging.getLogger(__name__)

EXTRACTED_DIR = "extracted"
"""Folder of the landing area holding each report's extraction JSON, by sha256."""


class NothingToProcess(NothingToDo):
    """Every published version of the quarter is already loaded: the run has nothing to do."""


class BadReport(Refused):
    """The report itself is wrong (unreadable PDF, failed validation): retrying cannot help."""


def fetch_quarter(period_end: str, settings: Settings | None = None) -> list[dict[str, Any]]:
    """Land every published version; return those that still need processing, in issue order.

    Versions already loaded by an older extractor are re-extracted here (a new version is
    loaded only where the data changed, see :mod:`scorecard.orchestration.reextract`).

    Raises :class:`NothingToProcess` when every version is unchanged and already loaded.
    """
    from scorecard.ingest.fetch import NotPublished, fetch_all
    from scorecard.load.stored import loaded_files

    s = settings or get_settings()
    results = fetch_all(date.fromisoformat(period_end), settings=s)
    if isinstance(results, NotPublished):
        raise RuntimeError(
            f"report for {period_end} withdrawn since the sensor saw it: {results.reason}"
        )
    loaded = loaded_files([r.sha256 for r in results], s)
    if loaded:  # loaded by an older extractor: re-extract, load a new version if data changed
        from scorecard.orchestration.reextract import reextract_quarters
        from scorecard.quarters import Quarter

        for reextracted in reextract_quarters(
            [Quarter.from_period_end(date.fromisoformat(period_end))], s
        ):
            log.info("re-extraction: %s", reextracted.describe())
    todo = [r.to_dict() for r in results if not (r.unchanged and r.sha256 in loaded)]
    for result in results:
        state = "to process" if result.sha256 not in loaded else "already loaded"
        log.info(
            "version %d %s %s: %s", result.version, result.sha256[:12], result.source_uri, state
        )
    if not todo:
        raise NothingToProcess(f"{period_end}: every published version is already loaded")
    return todo


def _extracted_path(sha256: str, settings: Settings) -> Any:
    from scorecard.ingest.landing import landing_root

    return landing_root(settings) / EXTRACTED_DIR / f"{sha256}.json"


def extract_reports(
    fetched: list[dict[str, Any]], settings: Settings | None = None
) -> list[dict[str, Any]]:
    """Extract each landed report (in a resource-limited child process, see
    :mod:`scorecard.pdf.isolation`); keep the extraction JSON in the landing area (by sha256)."""
    from scorecard.extract import ExtractionError
    from scorecard.ingest.landing import local_copy
    from scorecard.ingest.sources import layout_profile
    from scorecard.pdf.isolation import extract_isolated
    from scorecard.profiles import load_profile

    s = settings or get_settings()
    extracted = []
    for item in fetched:
        chosen = (item.get("source_details") or {}).get("profile")
        profile = (
            load_profile(chosen)
            if chosen
            else layout_profile(date.fromisoformat(item["period_end"]), settings=s)
        )
        with local_copy(item["landed_path"]) as pdf:
            try:
                data = extract_isolated(pdf, limits=s.limits, profile=profile)
            except ExtractionError as error:
                raise BadReport(f"{item['source_uri']}: {error}") from error
        if data["report"]["period_end"] != item["period_end"]:
            raise BadReport(
                f"{item['source_uri']}: the report is for period end {data['report']['period_end']}, "
                f"expected {item['period_end']} (check sources.yml)"
            )
        target = _extracted_path(item["sha256"], s)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1))
        extracted.append(
            {
                "sha256": item["sha256"],
                "period_end": item["period_end"],
                "source_uri": item["source_uri"],
                "fetched_at": item["fetched_at"],
                "landed_path": item["landed_path"],
                "extraction_path": str(target),
                "measures": len(data["measures"]),
                "pages": data["report"]["page_count"],
                "source_details": {**(item.get("source_details") or {}), "profile": profile.name},
            }
        )
        log.info("extracted %s: %d measures", item["source_uri"], len(data["measures"]))
    return extracted


def _read_extraction(item: dict[str, Any], settings: Settings) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_extracted_path(item["sha256"], settings).read_text())
    return data


def validate_reports(
    extracted: list[dict[str, Any]], settings: Settings | None = None
) -> list[dict[str, Any]]:
    """Validate each extraction with the GX suite; a failure is recorded in ``audit`` and raised."""
    from scorecard.validate import ValidationFailed, validate_extraction

    s = settings or get_settings()
    for item in extracted:
        try:
            summary = validate_extraction(
                _read_extraction(item, s), source_uri=item["source_uri"], settings=s
            )
        except ValidationFailed as error:
            raise BadReport(str(error)) from error
        log.info("validated %s: %s", item["source_uri"], summary)
    return extracted  # every one passed: a failure raised above


def load_reports(
    validated: list[dict[str, Any]], settings: Settings | None = None
) -> list[dict[str, Any]]:
    """Load each validated report into ``raw`` (one transaction per report), in issue order."""
    from scorecard.load.loader import load_extraction

    s = settings or get_settings()
    results = []
    for item in validated:
        result = load_extraction(
            _read_extraction(item, s),
            source_uri=item["source_uri"],
            fetched_at=datetime.fromisoformat(item["fetched_at"]),
            settings=s,
            pdf=item["landed_path"],
            source_details=item.get("source_details"),
        )
        log.info("%s", result.describe())
        results.append(
            {
                "sha256": result.report_sha256,
                "period_end": result.period_end.isoformat(),
                "outcome": result.outcome,
                "rows": result.rows,
                "is_current": result.is_current,
                "line": result.describe(),
            }
        )
    return results


def publish_docs(settings: Settings | None = None) -> dict[str, str]:
    """Build the scorecard site (as the BI reader), the dbt docs (one page that opens from
    disk) and the docs home linking them and the GX Data Docs; return where each is."""
    from scorecard.site.publish import publish_all

    published = publish_all(settings or get_settings())
    for name, path in published.items():
        log.info("published %s: %s", name, path)
    return published


def describe_failure(context: dict[str, Any]) -> str:
    """One line saying which task of which quarter failed and why (for on_failure_callback)."""
    ti = context.get("task_instance") or context.get("ti")
    params = context.get("params") or {}
    error = context.get("exception")
    error = getattr(error, "__cause__", None) or error  # what task_outcome() wrapped
    reason = str(error).strip().splitlines()[0] if error else "unknown reason"
    task_id = getattr(ti, "task_id", "?")
    dag_id = getattr(ti, "dag_id", "?")
    period = params.get("period_end") or context.get("data_interval_end")
    scope = (
        f"for quarter {period}"
        if dag_id == "scorecard_ingest" and period
        else f"in run {getattr(ti, 'run_id', '?')}"
    )
    kind = type(error).__name__ if error else "Error"
    return f"{dag_id}.{task_id} failed {scope}: {kind}: {reason}"


def log_failure(context: dict[str, Any]) -> None:
    """``on_failure_callback``: log one actionable line."""
    log.error("%s", describe_failure(context))
