"""``scorecard fetch``: what it prints and its exit codes (0 landed/unchanged, 3, 2, 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bombkit import glyph_bomb
from click.testing import CliRunner
from fetchkit import tiny_pdf

from scorecard.cli.fetch import fetch


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (tmp_path / "sources.yml").write_text(f"template: {inbox}/{{code}}.pdf\n")
    return {
        "SCORECARD_SOURCES": str(tmp_path / "sources.yml"),
        "SCORECARD_LANDING_URL": f"file://{tmp_path / 'landing'}",
    }


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(fetch, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_not_published_exits_3(env: dict[str, str]) -> None:
    code, out, err = run(env, "--quarter", "2017Q4")
    assert code == 3
    assert out == ""
    assert "not published yet: 2018-03-31" in err
    assert "2017Q4.pdf" in err


def test_landed_then_unchanged_exit_0(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "inbox" / "2017Q4.pdf").write_bytes(tiny_pdf())
    code, out, _ = run(env, "--period", "2018-03-31")
    assert code == 0
    status, landed, sha = out.split()
    assert status == "landed"
    assert landed.startswith(f"file://{tmp_path}/landing/reports/sha256/")
    assert sha.startswith("sha256:") and landed.endswith(sha.removeprefix("sha256:") + ".pdf")

    code, out, _ = run(env, "--quarter", "2017Q4")
    assert code == 0
    assert out.split()[0] == "unchanged"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2018-03-30"], "2018-03-30 is not a quarter end"),
        (["--quarter", "2017Q5"], "'2017Q5' is not a quarter"),
        ([], "exactly one of --period"),
        (["--period", "2018-03-31", "--quarter", "2017Q4"], "exactly one of --period"),
        (["--period", "2018-03-31", "--version", "2"], "version 2 requested, expected 1..1"),
    ],
)
def test_bad_input_exits_2(env: dict[str, str], args: list[str], message: str) -> None:
    code, _, err = run(env, *args)
    assert code == 2
    assert message in err


def test_malformed_sources_file_is_configuration_and_exits_4(env: dict[str, str]) -> None:
    Path(env["SCORECARD_SOURCES"]).write_text("template: x/{nope}.pdf\n")
    code, _, err = run(env, "--quarter", "2017Q4")
    assert code == 4
    assert "unknown placeholder(s) nope" in err


def test_failed_fetch_exits_1(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "inbox" / "2017Q4.pdf").write_text("<html>error</html>")
    code, _, err = run(env, "--quarter", "2017Q4")
    assert code == 1
    assert "did not return a PDF" in err


def test_refused_fetches_print_one_line_and_exit_5_or_1(
    env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "inbox" / "2017Q4.pdf").write_bytes(glyph_bomb())
    code, out, err = run(env, "--quarter", "2017Q4")
    assert (code, out) == (5, "")
    assert err.count("\n") == 1 and "pdf_max_glyphs" in err

    Path(env["SCORECARD_SOURCES"]).write_text("template: http://127.0.0.1:9/{code}.pdf\n")
    code, _, err = run(env, "--quarter", "2017Q4")
    assert code == 1
    assert err.count("\n") == 1 and "only https is fetched" in err
