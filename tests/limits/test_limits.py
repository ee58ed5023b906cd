"""The limit settings: defaults, environment overrides, one-line messages naming the setting."""

from __future__ import annotations

import pytest

from scorecard.pdf.limits import ResourceLimit
from scorecard.settings import get_settings
from scorecard.settings.env import SettingError
from scorecard.settings.limits import MIB, SETTING_NAMES, Limits


def test_defaults_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in [*SETTING_NAMES.values(), "SCORECARD_FETCH_ALLOW_ADDRESSES"]:
        monkeypatch.delenv(variable, raising=False)
    assert Limits.from_env() == Limits()
    monkeypatch.setenv("SCORECARD_EXTRACT_MEMORY_MB", "512")
    monkeypatch.setenv("SCORECARD_EXTRACT_CPU_SECONDS", "30")
    monkeypatch.setenv("SCORECARD_PDF_MAX_GLYPHS", "1000")
    monkeypatch.setenv("SCORECARD_FETCH_ALLOW_ADDRESSES", "127.0.0.1, 10.0.0.0/8")
    limits = get_settings().limits
    assert limits.extract_memory_bytes == 512 * MIB
    assert limits.extract_cpu_seconds == 30.0
    assert limits.pdf_max_glyphs == 1000
    assert limits.fetch_allow_addresses == ("127.0.0.1", "10.0.0.0/8")


def test_a_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCORECARD_FETCH_DEADLINE_SECONDS", "soon")
    with pytest.raises(
        SettingError, match="SCORECARD_FETCH_DEADLINE_SECONDS='soon': expected a number"
    ):
        Limits.from_env()


def test_the_message_names_file_limit_value_and_setting() -> None:
    error = ResourceLimit(
        "q4.pdf", "extract_memory_bytes", 2048 * MIB, "extraction needed more memory"
    )
    assert str(error) == (
        "q4.pdf: refused: extraction needed more memory, over the limit extract_memory_bytes of "
        "2,048 MiB (set by SCORECARD_EXTRACT_MEMORY_MB); nothing was kept"
    )
