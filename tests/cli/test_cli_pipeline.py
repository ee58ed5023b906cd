"""``scorecard validate`` and ``scorecard load`` from the command line, on real sample PDFs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from samplekit import BASE_SAMPLE, SAMPLES_DIR, doctor

from scorecard.cli import main
from scorecard.settings import Settings

V1, V2 = "derby-scorecard-2018-09-30", "derby-scorecard-2018-09-30-v2"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_validate_a_sample_pdf(scratch_warehouse: Settings) -> None:
    code, output = _run("validate", str(SAMPLES_DIR / f"{BASE_SAMPLE}.pdf"))
    assert code == 0, output
    assert "passed" in output and "scorecard_measures" in output


def test_validate_a_doctored_extraction_exits_1(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    doctored = tmp_path / "doctored.json"
    doctored.write_text(json.dumps(doctor(sample_extractions[BASE_SAMPLE], "status_purple")))
    code, output = _run("validate", str(doctored))
    assert code == 1
    assert "FAILED" in output and "'Purple'" in output


def test_bad_file_exits_2_with_one_line(scratch_warehouse: Settings, tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_text("not a pdf")
    code, output = _run("validate", str(junk))
    assert code == 2
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and str(junk) in lines[0]
    code, output = _run("load", str(tmp_path / "missing.pdf"))
    assert code == 2 and "no such file" in output


def test_load_reissue_then_reload_is_unchanged(scratch_warehouse: Settings) -> None:
    files = [str(SAMPLES_DIR / f"{stem}.pdf") for stem in (V1, V2)]
    code, output = _run("load", *files)
    assert code == 0, output
    assert f"{V1}.pdf: inserted" in output
    assert f"{V2}.pdf: superseded" in output
    code, output = _run("load", *files)
    assert code == 0, output
    assert output.count("unchanged") >= 2 and "2/2 loaded" in output
