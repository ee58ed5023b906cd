"""The ingest DAG's steps as its tasks call them: one function per task, each one stage.

Each function takes and returns JSON-friendly values (they travel through XCom) and calls its
stage's module: :mod:`scorecard.ingest.fetch`, :mod:`scorecard.extract`,
:mod:`scorecard.validate`, :mod:`scorecard.load`. An item is one version of a council's report for
a quarter: the landed file (``sha256``, ``landed_path``, ``source_uri``, ``fetched_at``,
``period_end``), the ``council`` whose sources listed it (its name; ``None`` for a sources file of
one council that does not name it) and, for a re-extraction, the ``report_key`` its new version is loaded under
(:mod:`scorecard.orchestration.reextract`). A first load and a re-extraction go through the
same :func:`extract_reports`, :func:`validate_reports` and :func:`load_reports`.

Heavy libraries (pdfplumber, pandas, great_expectations) are imported inside the functions:
DAG files import this module at parse time.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from typing import Any

from scorecard.errors import Refused, TransientError
from scorecard.settings import Settings, get_settings

log = logging.getLogger(__name__)

EXTRACTED_DIR = "extracted"
"""Folder of the landing area holding each report's extraction JSON, by sha256."""

Item = dict[str, Any]


class Withdrawn(TransientError):
    """The report the sensor saw is not published any more: a later try may find it again."""


class WrongQuarter(Refused):
    """The report is for another quarter than the one its source is listed for."""


class WrongCouncil(Refused):
    """The report prints another council than the one whose sources list it."""


def councils_of_quarter(period_end: str, settings: Settings | None = None) -> list[Item]:
    """One unit of work per council the sources file lists: ``{"council", "period_end"}``
    (``council`` is ``None`` for a file of one council that does not name it)."""
    from scorecard.ingest.sources import load_councils

    councils = load_councils(settings=settings or get_settings())
    return [{"council": c.council, "period_end": period_end} for c in councils]


def fetch_quarter(
    period_end: str, settings: Settings | None = None, council: str | None = None
) -> list[Item]:
    """Land every published version of the council's (``None``: the only council's) report
    for the quarter; return, in issue order, those not loaded yet (an empty list when every
    version is already loaded)."""
    from scorecard.ingest.fetch import NotPublished, fetch_all
    from scorecard.load.stored import loaded_files

    s = settings or get_settings()
    results = fetch_all(date.fromisoformat(period_end), settings=s, council=council)
    if isinstance(results, NotPublished):
        whose = f"{council}'s " if council else ""
        raise Withdrawn(
            f"{whose}report for {period_end} withdrawn since the sensor saw it: {results.reason}"
        )
    loaded = loaded_files([r.sha256 for r in results], s)
    for result in results:
        state = "already loaded" if result.sha256 in loaded else "to process"
        log.info(
            "version %d %s %s: %s", result.version, result.sha256[:12], result.source_uri, state
        )
    return [_item(r.to_dict(), council) for r in results if r.sha256 not in loaded]


def _item(landed: dict[str, Any], council: str | None) -> Item:
    keys = ("sha256", "period_end", "source_uri", "fetched_at", "landed_path")
    return {
        **{key: landed[key] for key in keys},
        "source_details": landed.get("source_details"),
        "council": council,
    }


def _extracted_path(item: Item, settings: Settings) -> Any:
    from scorecard.ingest.landing import landing_root

    name = item.get("report_key") or item["sha256"]
    return landing_root(settings) / EXTRACTED_DIR / f"{name}.json"


def extract_reports(items: list[Item], settings: Settings | None = None) -> list[Item]:
    """Extract each landed report (in a resource-limited child process, see
    :mod:`scorecard.pdf.isolation`); keep the extraction JSON in the landing area."""
    from scorecard.ingest.landing import local_copy
    from scorecard.ingest.sources import layout_profile
    from scorecard.pdf.isolation import extract_isolated
    from scorecard.profiles import load_profile

    s = settings or get_settings()
    for item in items:
        chosen = (item.get("source_details") or {}).get("profile")
        profile = (
            load_profile(chosen)
            if chosen
            else layout_profile(
                date.fromisoformat(item["period_end"]), settings=s, council=item.get("council")
            )
        )
        with local_copy(item["landed_path"]) as pdf:
            data = extract_isolated(pdf, limits=s.limits, profile=profile)
        if data["report"]["period_end"] != item["period_end"]:
            raise WrongQuarter(
                f"{item['source_uri']}: the report is for period end "
                f"{data['report']['period_end']}, expected {item['period_end']} (check sources.yml)"
            )
        _check_council(item, data["report"]["council"], s)
        target = _extracted_path(item, s)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1))
        item["source_details"] = {**(item.get("source_details") or {}), "profile": profile.name}
        log.info("extracted %s: %d measures", item["source_uri"], len(data["measures"]))
    return items


def _check_council(item: Item, printed: str, settings: Settings) -> None:
    """A report filed under a council must print that council's name."""
    from scorecard.councils import council_id

    listed = item.get("council")
    if listed and council_id(printed) != council_id(listed):
        raise WrongCouncil(
            f"{item['source_uri']}: the report prints council {printed!r}, but "
            f"{settings.sources_file} lists it under {listed!r}; fix the location, or give the "
            "council's entry the name its reports print"
        )


def read_extraction(item: Item, settings: Settings | None = None) -> dict[str, Any]:
    """The extraction :func:`extract_reports` kept for an item."""
    path = _extracted_path(item, settings or get_settings())
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def validate_reports(items: list[Item], settings: Settings | None = None) -> list[Item]:
    """Validate each extraction with the GX suite, recorded in ``audit``; a failure raises."""
    from scorecard.validate import validate_extraction

    s = settings or get_settings()
    for item in items:
        summary = validate_extraction(
            read_extraction(item, s),
            source_uri=item["source_uri"],
            settings=s,
            report_sha256=item.get("report_key"),
        )
        log.info("validated %s: %s", item["source_uri"], summary.describe())
    return items


def load_reports(items: list[Item], settings: Settings | None = None) -> list[dict[str, Any]]:
    """Load each validated report into ``raw`` (one transaction per report), in issue order."""
    from scorecard.load import Loader, Provenance

    s = settings or get_settings()
    results = []
    with Loader(s) as loader:
        for item in items:
            where = {"pdf": item["landed_path"]}
            if item.get("report_key"):  # a newer extractor's reading: its own version key
                where = {
                    "provenance": Provenance.reextraction(
                        item["landed_path"], item["sha256"], item["report_key"]
                    )
                }
            result = loader.load(
                read_extraction(item, s),
                source_uri=item["source_uri"],
                fetched_at=datetime.fromisoformat(item["fetched_at"]),
                source_details=item.get("source_details"),
                **where,
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
