"""The smaller items: a refused JSON leaves no passing validation and the other files are still
tried; a full disk is named; a dbt build stopped part-way says how far it got."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from samplekit import BASE_SAMPLE

from scorecard.cli import main
from scorecard.settings import Settings, libpq_url
from scorecard.transform.dbt import TransformSummary, _failure_message


def test_a_nul_byte_in_a_json_is_refused_and_the_next_file_still_loads(
    scratch_warehouse: Settings, sample_extractions: dict[str, Any], tmp_path: Path
) -> None:
    genuine = sample_extractions[BASE_SAMPLE]
    poisoned = json.loads(json.dumps(genuine))
    poisoned["measures"][3]["context"] = "looks fine\x00until stored"
    bad, good = tmp_path / "poisoned.json", tmp_path / "genuine.json"
    bad.write_text(json.dumps(poisoned))
    good.write_text(json.dumps(genuine))
    result = CliRunner().invoke(main, ["load", "--from-json", str(bad), str(good)])
    assert result.exit_code == 1, result.output
    assert (
        "not loaded poisoned.json" in result.output and "storable_in_the_warehouse" in result.output
    )
    assert "genuine.json: inserted" in result.output
    with psycopg.connect(libpq_url(scratch_warehouse.owner_url)) as conn:
        runs = conn.execute(
            "select v.source_uri, v.success, s.run_id is not null from audit.validation_runs as v"
            " left join audit.validated_reports as s on s.run_id = v.run_id order by 1"
        ).fetchall()
    assert runs == [(good.as_uri(), True, True), (bad.as_uri(), False, False)]


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 KiB file system (tmpfs, as root; skipped where mounting is not allowed)."""
    mount = tmp_path / "full"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_is_named(
    full_disk: Path, scratch_warehouse: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = full_disk / "landing"
    monkeypatch.setenv("SCORECARD_LANDING_URL", f"file://{landing}")
    result = CliRunner().invoke(main, ["fetch", "--period", "2018-03-31"])
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"Error: no space left on the device holding {full_disk}")


def test_a_build_stopped_part_way_says_how_far_it_got() -> None:
    stopped = TransformSummary(command=("build",), success=False, seconds=9.0)
    reason = ConnectionError("server closed the connection unexpectedly")
    message = _failure_message(stopped, reason, finished=117)
    assert message.startswith("dbt build stopped after 117 node(s) had run: server closed")
    assert "before running any node" in _failure_message(stopped, reason, finished=0)
