"""Nothing a validation did not pass reaches ``raw``, whatever the loader's password tries.

The first two attacks found: a temp ``pg_class`` that fooled the old triggers into taking an
unvalidated report, and a validation of one file used to insert made-up measures under it.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import psycopg
import pytest
from gatekit import AsRole, attest
from psycopg import errors
from samplekit import BASE_SAMPLE, SAMPLES_DIR, dump_schema

from scorecard.load import NotValidated, Provenance, load_extraction
from scorecard.settings import Settings, libpq_url
from scorecard.warehouse.rows import REPORT_COLUMNS, extraction_sha256, report_row

LOAD = "select loaded, now_current, superseded from raw.load_validated(%s, %s, %s, now(), 'x')"


def _forged_insert(conn: psycopg.Connection[Any], extraction: dict[str, Any]) -> None:
    row = report_row(extraction, source_uri="file:///forged.pdf", fetched_at=None, version="x")
    values = dict(zip(REPORT_COLUMNS, row, strict=True)) | {"extraction_sha256": "never-validated"}
    columns = ", ".join(values)
    conn.execute(
        f"insert into raw.reports ({columns}) values ({', '.join(['%s'] * len(values))})",
        list(values.values()),
    )


def test_a_temp_pg_class_cannot_let_an_unvalidated_report_in(
    scratch_warehouse: Settings, as_role: AsRole, sample_extractions: dict[str, Any]
) -> None:
    """The first attack, step by step: the loader may not even make the temp table, may not
    insert into raw at all, and the database's own load refuses what was never validated."""
    extraction = sample_extractions[BASE_SAMPLE]
    loader = as_role("loader")
    with pytest.raises(errors.InsufficientPrivilege, match="temporary tables"):
        loader.execute("create temp table pg_class (oid oid, relowner oid)")
    loader.rollback()
    with pytest.raises(errors.InsufficientPrivilege, match="permission denied for table reports"):
        _forged_insert(loader, extraction)
    loader.rollback()
    with pytest.raises(errors.InsufficientPrivilege, match="was never validated"):
        loader.execute(LOAD, (extraction["report"]["source_sha256"], "never-validated", "pdf"))
    loader.rollback()
    assert dump_schema(scratch_warehouse, "raw")["reports"] == []


def test_hostile_temp_objects_in_the_calling_session_change_nothing(
    scratch_warehouse: Settings, sample_extractions: dict[str, Any]
) -> None:
    """The database's load names every table with its schema and puts pg_temp last: temp
    tables named like the catalog and ours, in the session that calls it, are never read (the
    owner may make temp tables, so the owner's session plays the hijacker)."""
    extraction = sample_extractions[BASE_SAMPLE]
    sha, content = extraction["report"]["source_sha256"], extraction_sha256(extraction)
    with psycopg.connect(libpq_url(scratch_warehouse.owner_url)) as conn:
        for name in ("pg_class", "pg_roles", "validation_runs", "validated_reports", "reports"):
            conn.execute(f"create temp table {name} (oid oid, success boolean, run_id uuid)")
        conn.execute("create temp view pg_namespace as select 1 as oid")
        with pytest.raises(errors.InsufficientPrivilege, match="was never validated"):
            conn.execute(LOAD, (sha, content, "pdf"))
        conn.rollback()
    attest(scratch_warehouse, extraction)
    with psycopg.connect(libpq_url(scratch_warehouse.loader_url)) as conn:
        assert conn.execute(LOAD, (sha, content, "pdf")).fetchone() == (True, True, [])
    assert len(dump_schema(scratch_warehouse, "raw")["measures"]) == len(extraction["measures"])


def test_a_validation_loads_its_own_rows_and_nothing_else(
    scratch_warehouse: Settings, as_role: AsRole, sample_extractions: dict[str, Any]
) -> None:
    """The second attack: validate a sample with one byte appended, then try to load that
    report with a made-up council and one invented measure. Only the validated rows go in."""
    pdf = (SAMPLES_DIR / f"{BASE_SAMPLE}.pdf").read_bytes() + b"\n"
    validated = copy.deepcopy(sample_extractions[BASE_SAMPLE])
    validated["report"]["source_sha256"] = hashlib.sha256(pdf).hexdigest()
    attest(scratch_warehouse, validated)
    forged = copy.deepcopy(validated)
    forged["report"]["council"] = "Made-up Council"
    forged["measures"] = [{**forged["measures"][0], "measure_code": "INVENTED 1"}]
    sha = validated["report"]["source_sha256"]
    loader = as_role("loader")
    with pytest.raises(errors.InsufficientPrivilege):
        _forged_insert(loader, forged)
    loader.rollback()
    with pytest.raises(errors.InsufficientPrivilege, match="was never validated"):
        loader.execute(LOAD, (sha, extraction_sha256(forged), "pdf"))
    loader.rollback()
    with pytest.raises(errors.InsufficientPrivilege, match="was never validated"):
        loader.execute(LOAD, (sha, extraction_sha256(validated), "json-untrusted"))
    loader.rollback()
    with pytest.raises(NotValidated, match="not validated yet"):
        load_extraction(forged, source_uri="file:///forged.pdf", provenance=Provenance(sha))
    loaded = load_extraction(validated, source_uri="file:///x.pdf", provenance=Provenance(sha))
    assert (loaded.outcome, loaded.rows) == ("inserted", len(validated["measures"]))
    with psycopg.connect(libpq_url(scratch_warehouse.owner_url)) as conn:
        councils = conn.execute("select distinct council from raw.reports").fetchall()
        codes = {row[0] for row in conn.execute("select measure_code from raw.measures")}
    assert councils == [(validated["report"]["council"],)]
    assert codes == {m["measure_code"] for m in validated["measures"]}
    assert "INVENTED 1" not in codes


def test_an_unused_validation_expires(
    scratch_warehouse: Settings, sample_extractions: dict[str, Any]
) -> None:
    """A validation left behind (a load killed after it) cannot be loaded once it expires."""
    extraction = sample_extractions[BASE_SAMPLE]
    attest(scratch_warehouse, extraction, hours=-1)
    sha, content = extraction["report"]["source_sha256"], extraction_sha256(extraction)
    with pytest.raises(NotValidated, match="expired"):
        load_extraction(
            extraction, source_uri="file:///x.pdf", pdf=SAMPLES_DIR / f"{BASE_SAMPLE}.pdf"
        )
    with (
        psycopg.connect(libpq_url(scratch_warehouse.loader_url)) as conn,
        pytest.raises(errors.InsufficientPrivilege, match="expired"),
    ):
        conn.execute(LOAD, (sha, content, "pdf"))
    assert dump_schema(scratch_warehouse, "raw")["reports"] == []


def test_a_failed_latest_validation_is_not_loaded(
    scratch_warehouse: Settings, sample_extractions: dict[str, Any]
) -> None:
    extraction = sample_extractions[BASE_SAMPLE]
    attest(scratch_warehouse, extraction)
    attest(scratch_warehouse, extraction, success=False)
    sha, content = extraction["report"]["source_sha256"], extraction_sha256(extraction)
    with (
        psycopg.connect(libpq_url(scratch_warehouse.loader_url)) as conn,
        pytest.raises(errors.InsufficientPrivilege, match="latest validation failed"),
    ):
        conn.execute(LOAD, (sha, content, "pdf"))


@pytest.mark.parametrize(
    ("role", "statement"),
    [
        (
            "loader",
            "insert into raw.measures (report_sha256, measure_code, period_end,"
            " measure_ordinal, measure_title) values ('x', 'x', '2018-03-31', 1, 'x')",
        ),
        ("loader", "update raw.reports set is_current = true"),
        ("loader", "insert into audit.validated_reports (run_id) values (gen_random_uuid())"),
        ("loader", "select * from raw.refresh_currency('2018-03-31', 'x')"),
        ("validator", "insert into raw.reports (report_sha256) values ('x')"),
        ("validator", "select * from raw.load_validated('x', 'x', 'pdf', now(), 'x')"),
        ("validator", "update audit.validated_reports set expires_at = now() + interval '1 year'"),
        ("transformer", "select * from raw.load_validated('x', 'x', 'pdf', now(), 'x')"),
        ("reader", "select * from raw.load_validated('x', 'x', 'pdf', now(), 'x')"),
    ],
)
def test_no_other_way_in(as_role: AsRole, role: str, statement: str) -> None:
    with pytest.raises(errors.InsufficientPrivilege):
        as_role(role).execute(statement)
