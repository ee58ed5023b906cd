"""Test kit for the tests (and benchmarks) that build databases and run dbt: a fresh database,
the environment pointed at it with dbt's connection following, sample truth files loaded."""

from __future__ import annotations

import copy
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from scorecard.settings import DBT_CONNECTION_KEYS, PROJECT_DIR, Settings, get_settings, libpq_url


def drop_database(settings: Settings, name: str, *, create: bool = False) -> None:
    """Drop database ``name`` of the warehouse (as its owner), and create it empty again if asked."""
    admin = libpq_url(settings.warehouse_url.set(database="postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        ident = sql.Identifier(name)
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(ident))
        if create:
            conn.execute(sql.SQL("create database {}").format(ident))


def recreate_database(settings: Settings, name: str) -> None:
    """A new, empty database ``name`` (dropped first if it exists)."""
    drop_database(settings, name, create=True)


def point_at(name: str) -> Settings:
    """Point the environment at database ``name``; dbt's connection variables are forgotten so
    they follow it (the root conftest, or an earlier run, exported another database's)."""
    os.environ["SCORECARD_DB_NAME"] = name
    for key in DBT_CONNECTION_KEYS:
        os.environ.pop(key, None)
    return get_settings()


@contextmanager
def on_database(name: str) -> Iterator[Settings]:
    """:func:`point_at` for a while; the environment is restored afterwards."""
    import pytest

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SCORECARD_DB_NAME", name)
        for key in DBT_CONNECTION_KEYS:
            mp.delenv(key, raising=False)
        yield get_settings()


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


FORGED_QUARTERS = ("derby-scorecard-2017-12-31", "derby-scorecard-2018-03-31")
"""Two sample quarters that the transform tests load, then forge a re-issue of the last."""


def forged_reissue(name: str) -> dict[str, Any]:
    """A later 're-issue' of a quarter with every Red status turned Green."""
    data: dict[str, Any] = json.loads(
        (PROJECT_DIR / "samples" / "reports" / f"{name}.json").read_text(encoding="utf-8")
    )
    forged = copy.deepcopy(data)
    forged["report"]["source_sha256"] = hashlib.sha256(b"forged:" + name.encode()).hexdigest()
    forged["report"]["time_fetched"] = "2018-07-01T09:00:00"
    turned = 0
    for measure in forged["measures"]:
        if measure["quarterly_status"] == "Red":
            measure["quarterly_status"] = "Green"
            turned += 1
    assert turned, f"{name} has no Red measure to forge"
    return forged
