"""The marts as a BI tool finds them: primary and foreign keys declared in PostgreSQL (and still
there after incremental builds and the write-audit-publish swap), column types from the model
contracts, and dbt docs that describe the published ``marts`` schema with every column's type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from psycopg.rows import dict_row

from scorecard import transform
from scorecard.settings import libpq_url
from scorecard.transform.dbt import run_dbt

if TYPE_CHECKING:
    from councilkit import TwoCouncils

    from conftest import BuiltWarehouse  # tests/dbt/conftest.py

pytestmark = pytest.mark.slow

PRIMARY_KEYS = {
    "dim_council": ("council_id",),
    "dim_quarter": ("council_id", "period_end"),
    "dim_measure": ("council_id", "measure_code"),
    "dim_measure_title_history": ("council_id", "measure_code", "measure_title"),
    "fct_measure_quarter": ("council_id", "measure_code", "period_end"),
    "fct_directorate_quarter": ("council_id", "period_end", "directorate"),
    "fct_measure_quarter_versions": ("report_sha256", "measure_code"),
}
MEASURE = ("council_id", "measure_code")
QUARTER = ("council_id", "period_end")
COUNCIL = ("council_id",)
FOREIGN_KEYS = {
    *((table, COUNCIL, "dim_council", COUNCIL) for table in PRIMARY_KEYS if table != "dim_council"),
    ("dim_measure_title_history", MEASURE, "dim_measure", MEASURE),
    ("fct_measure_quarter", MEASURE, "dim_measure", MEASURE),
    ("fct_measure_quarter", QUARTER, "dim_quarter", QUARTER),
    ("fct_directorate_quarter", QUARTER, "dim_quarter", QUARTER),
    ("fct_measure_quarter_versions", MEASURE, "dim_measure", MEASURE),
    ("fct_measure_quarter_versions", QUARTER, "dim_quarter", QUARTER),
}
"""Every key starts with the council (a report, and so its sha256, is one council's)."""

# what a JDBC driver's getPrimaryKeys/getImportedKeys reads (pg_catalog, open to every role;
# information_schema.table_constraints hides tables the role can only select from)
KEYS = """
select
    con.contype,
    tab.relname as table_name,
    array(
        select att.attname from unnest(con.conkey) with ordinality as k(num, pos)
        join pg_attribute as att on att.attrelid = con.conrelid and att.attnum = k.num
        order by k.pos
    ) as columns,
    ref.relname as referenced_table,
    refns.nspname as referenced_schema,
    array(
        select att.attname from unnest(con.confkey) with ordinality as k(num, pos)
        join pg_attribute as att on att.attrelid = con.confrelid and att.attnum = k.num
        order by k.pos
    ) as referenced_columns
from pg_constraint as con
join pg_class as tab on tab.oid = con.conrelid
join pg_namespace as ns on ns.oid = tab.relnamespace
left join pg_class as ref on ref.oid = con.confrelid
left join pg_namespace as refns on refns.oid = ref.relnamespace
where ns.nspname = 'marts' and con.contype in ('p', 'f')
"""


def keys_as_reader(
    built: BuiltWarehouse | TwoCouncils,
) -> tuple[dict[str, tuple[str, ...]], set[Any]]:
    with psycopg.connect(libpq_url(built.settings.reader_url), row_factory=dict_row) as conn:
        rows = conn.execute(KEYS).fetchall()
    primary = {r["table_name"]: tuple(r["columns"]) for r in rows if r["contype"] == "p"}
    foreign = {
        (
            r["table_name"],
            tuple(r["columns"]),
            r["referenced_table"],
            tuple(r["referenced_columns"]),
        )
        for r in rows
        if r["contype"] == "f"
    }
    assert {r["referenced_schema"] for r in rows if r["contype"] == "f"} == {"marts"}
    return primary, foreign


def test_the_reader_finds_primary_and_foreign_keys(dbt_built: BuiltWarehouse) -> None:
    primary, foreign = keys_as_reader(dbt_built)
    assert primary == PRIMARY_KEYS
    assert foreign == FOREIGN_KEYS


def test_keys_survive_incremental_builds_and_the_swap(
    dbt_built: BuiltWarehouse, tmp_path: Path
) -> None:
    """The facts merge into their tables and the dimensions merge into theirs, so no table the
    keys refer to is dropped; each build then swaps the other copy in."""
    for _ in range(2):
        summary = transform.build(dbt_built.settings, target_path=dbt_built.target_path)
        assert summary.published is not None
        assert keys_as_reader(dbt_built) == (PRIMARY_KEYS, FOREIGN_KEYS)
    dims = [
        n
        for n in summary.nodes
        if n.name in ("dim_council", "dim_measure", "dim_quarter") and n.resource_type == "model"
    ]
    assert len(dims) == 3 and all("MERGE" in (n.message or "") for n in dims), dims


def test_a_foreign_key_refuses_an_orphan_fact(dbt_built: BuiltWarehouse) -> None:
    """The keys are enforced, not decorative (tried as the owner of the marts, in a rolled back
    transaction)."""
    with psycopg.connect(libpq_url(dbt_built.settings.transformer_url)) as conn:
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute(
                "update marts.fct_measure_quarter set measure_code = 'NO SUCH MEASURE'"
                " where measure_code = 'CM PM09a'"
            )
        conn.rollback()


def test_mart_column_types_follow_the_contracts(dbt_built: BuiltWarehouse) -> None:
    rows = dbt_built.query(
        "select table_name, column_name, data_type from information_schema.columns"
        " where table_schema = 'marts'"
    )
    types = {(r["table_name"], r["column_name"]): r["data_type"] for r in rows}
    assert types[("fct_measure_quarter", "period_end")] == "date"
    assert types[("fct_measure_quarter", "quarter_index")] == "integer"
    assert types[("fct_measure_quarter", "financial_year_start")] == "integer"
    assert types[("fct_measure_quarter", "change_better")] == "numeric"
    assert types[("fct_measure_quarter", "status_rank")] == "integer"
    assert types[("dim_quarter", "is_sample_data")] == "boolean"
    assert types[("dim_council", "is_sample_data")] == "boolean"
    assert {types[(table, "council_id")] for table in PRIMARY_KEYS} == {"text"}


def test_dbt_docs_describe_the_published_marts_with_types(
    dbt_built: BuiltWarehouse, tmp_path: Path
) -> None:
    site = transform.docs_generate(dbt_built.settings, target_path=tmp_path, publish=False)
    manifest = json.loads((site / "manifest.json").read_text())
    catalog = json.loads((site / "catalog.json").read_text())
    marts = [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["fqn"][1] == "marts"
    ]
    assert len(marts) == 7
    assert {n["schema"] for n in marts} == {"marts"}
    for node in marts:
        entry = catalog["nodes"][node["unique_id"]]
        assert entry["metadata"]["schema"] == "marts", node["name"]
        columns = entry["columns"]
        assert set(columns) == set(node["columns"]), node["name"]
        assert all(column["type"] for column in columns.values()), node["name"]
    assert "marts_audit" not in json.dumps(catalog)


def test_a_build_with_the_docs_schema_is_refused(dbt_built: BuiltWarehouse, tmp_path: Path) -> None:
    """Naming the published schema is for the docs only: a build must go through the audit."""
    with pytest.raises(transform.TransformError, match="describe_published_marts"):
        run_dbt(
            ["build", "--vars", "{describe_published_marts: true}"],
            dbt_built.settings,
            target_path=tmp_path,
        )
