"""A stand-in for the load stage, for developing and testing the dbt project on its own.

Creates the ``raw`` tables exactly as docs/CONTRACTS.md describes them and inserts extraction
JSON (the samples' truth files) into them. The real pipeline loads through ``scorecard.load``;
the dbt tests use that when it exists (see ``conftest.py``) and fall back to this otherwise. The
benchmark uses :func:`create_raw_schema` for its synthetic database too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

RAW_DDL = """
create schema if not exists raw;
create schema if not exists staging;
create schema if not exists intermediate;
create schema if not exists marts;
create table if not exists raw.reports (
    report_sha256 text primary key,
    source_uri text,
    period_end date not null,
    financial_year text,
    quarter smallint,
    council text,
    report_name text,
    data_source text,
    time_fetched timestamp,
    fetched_at timestamptz,
    page_count int,
    measure_count int,
    extractor_version text,
    loaded_at timestamptz not null default now(),
    is_current boolean not null default true,
    superseded_by text
);
create table if not exists raw.measures (
    report_sha256 text not null references raw.reports (report_sha256),
    period_end date not null,
    measure_ordinal int not null,
    directorate text,
    measure_code text not null,
    measure_title text,
    quarterly_status text,
    forecast_status text,
    quarterly_target_text text,
    quarterly_actual_text text,
    forecast_target_text text,
    forecast_actual_text text,
    quarterly_target numeric,
    quarterly_actual numeric,
    forecast_target numeric,
    forecast_actual numeric,
    unit text,
    direction_of_travel text,
    context text,
    improvement_actions text,
    intervention_review text,
    first_page int,
    last_page int,
    pages int[],
    primary key (report_sha256, measure_code)
);
create table if not exists raw.report_supersessions (
    period_end date not null,
    superseded_sha256 text not null,
    superseding_sha256 text not null,
    recorded_at timestamptz not null default now()
);
"""

MEASURE_COLUMNS = [
    "directorate",
    "measure_code",
    "measure_title",
    "quarterly_status",
    "forecast_status",
    "quarterly_target_text",
    "quarterly_actual_text",
    "forecast_target_text",
    "forecast_actual_text",
    "quarterly_target",
    "quarterly_actual",
    "forecast_target",
    "forecast_actual",
    "unit",
    "direction_of_travel",
    "context",
    "improvement_actions",
    "intervention_review",
]


def create_raw_schema(conninfo: str) -> None:
    """Create the raw tables (idempotent)."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(RAW_DDL)


def load_extraction(
    conninfo: str, extraction: dict[str, Any], *, source_uri: str, loaded_at: datetime | None = None
) -> str:
    """Insert one extraction (report + measures) and recompute ``is_current`` for its period."""
    report = extraction["report"]
    sha = report["source_sha256"]
    loaded_at = loaded_at or datetime.now(UTC)
    with psycopg.connect(conninfo) as conn, conn.transaction():
        conn.execute(
            """
            insert into raw.reports (report_sha256, source_uri, period_end, financial_year, quarter,
                council, report_name, data_source, time_fetched, fetched_at, page_count,
                measure_count, extractor_version, loaded_at)
            values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
            on conflict (report_sha256) do nothing
            """,
            (
                sha,
                source_uri,
                report["period_end"],
                report["financial_year"],
                report["quarter"],
                report["council"],
                report["report_name"],
                report["data_source"],
                report["time_fetched"],
                loaded_at,
                report["page_count"],
                len(extraction["measures"]),
                "dev",
                loaded_at,
            ),
        )
        for ordinal, m in enumerate(extraction["measures"], start=1):
            pages = m.get("pages") or []
            conn.execute(
                f"""
                insert into raw.measures (report_sha256, period_end, measure_ordinal,
                    {", ".join(MEASURE_COLUMNS)}, first_page, last_page, pages)
                values (%s, %s, %s, {", ".join(["%s"] * len(MEASURE_COLUMNS))}, %s, %s, %s)
                on conflict do nothing
                """,
                (
                    sha,
                    report["period_end"],
                    ordinal,
                    *[m.get(c) for c in MEASURE_COLUMNS],
                    min(pages) if pages else None,
                    max(pages) if pages else None,
                    pages,
                ),
            )
        _recompute_current(conn, report["period_end"])
    return sha


def _recompute_current(conn: psycopg.Connection, period_end: str) -> None:
    conn.execute(
        """
        with ranked as (
            select report_sha256,
                   row_number() over (order by time_fetched desc, loaded_at desc) as rn,
                   lag(report_sha256) over (order by time_fetched desc, loaded_at desc) as newer
            from raw.reports where period_end = %s
        )
        update raw.reports r set is_current = (ranked.rn = 1), superseded_by = ranked.newer
        from ranked where r.report_sha256 = ranked.report_sha256
        """,
        (period_end,),
    )


def load_files(conninfo: str, paths: Iterable[Path]) -> list[str]:
    """Load truth JSON files in order of time fetched (as a quarterly pipeline would)."""
    extractions = [(json.loads(p.read_text()), p) for p in paths]
    extractions.sort(key=lambda e: e[0]["report"]["time_fetched"])
    return [
        load_extraction(conninfo, ex, source_uri=p.resolve().with_suffix(".pdf").as_uri())
        for ex, p in extractions
    ]
