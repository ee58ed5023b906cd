"""What each ingest task read and wrote, told to Airflow's hook-lineage collector.

Airflow's OpenLineage provider (on only when ``SCORECARD_LINEAGE_URL`` or Airflow's own transport
is set) turns what a task told the collector into the inputs and outputs of that task's
OpenLineage events, through the converters the providers register: ``file`` (the landing area
and ``file://`` sources) and ``postgres`` (the warehouse's tables). So a lineage server draws
report -> landed file -> ``raw`` tables, and Cosmos's own events carry on from ``raw`` through
the dbt models to the marts. With lineage off, the collector is Airflow's no-op one.

- **fetch**: the report's location (input), the landed file (output);
- **extract** and **validate**: the landed file (input);
- **load**: the landed file (input), ``raw.reports`` and ``raw.measures`` (outputs).

An ``https://`` report's address is converted by the project's own provider information
(:mod:`scorecard.orchestration.provider`), so a website's report is in the events too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from scorecard.settings import Settings, get_settings

log = logging.getLogger(__name__)

RAW_TABLES = ("reports", "measures")


def _uri(location: str) -> str:
    """A location as an asset URI: a plain path becomes ``file://``."""
    return location if "://" in location else f"file://{location}"


def _tell(inputs: Iterable[str], outputs: Iterable[str]) -> None:
    """Tell the collector; lineage is a by-product, so a failure to tell is logged, never raised."""
    try:
        _collect([_uri(u) for u in inputs], [_uri(u) for u in outputs])
    except Exception as error:  # the task's own work is done: lineage must not undo it
        log.warning("lineage not recorded: %s: %s", type(error).__name__, error)


def _collect(inputs: list[str], outputs: list[str]) -> None:
    from airflow.sdk import ObjectStoragePath
    from airflow.sdk.lineage import get_hook_lineage_collector

    files = [uri for uri in [*inputs, *outputs] if not uri.startswith(("postgres://", "http"))]
    if not files:
        return
    context = ObjectStoragePath(files[0])  # the landed file: what the task worked on
    collector = get_hook_lineage_collector()
    for uri in inputs:
        collector.add_input_asset(context=context, uri=uri)
    for uri in outputs:
        collector.add_output_asset(context=context, uri=uri)


def raw_tables(settings: Settings | None = None) -> list[str]:
    """The ``raw`` tables a load writes, as asset URIs (``postgres://host:port/db/raw/table``)."""
    url = (settings or get_settings()).loader_url
    where = f"{url.host or '127.0.0.1'}:{url.port or 5432}"
    return [f"postgres://{where}/{url.database}/raw/{table}" for table in RAW_TABLES]


def fetched(items: list[dict[str, Any]]) -> None:
    """fetch read each report's location and wrote its landed file."""
    _tell([i["source_uri"] for i in items], [i["landed_path"] for i in items])


def read_landed(items: list[dict[str, Any]]) -> None:
    """extract and validate read the landed files."""
    _tell([i["landed_path"] for i in items], [])


def loaded(items: list[dict[str, Any]], settings: Settings | None = None) -> None:
    """load read the landed files and wrote the ``raw`` tables."""
    if items:
        _tell([i["landed_path"] for i in items], raw_tables(settings))
