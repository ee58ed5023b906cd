"""The style zoo: faithful renderings by other producers extract exactly, or are refused with a
typed error - never to different data.

`test_ci_sample` runs one case per style axis value (producers in turn); a case the extractor
does not read yet is an expected failure naming its axis (strict: it fails once fixed, so the
mark is removed). `test_any_style_is_exact_or_refused` draws whole styles with hypothesis.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from samples.zoo.check import EXACT, REFUSED, Case, check
from samples.zoo.sample import ci_sample
from samples.zoo.styles import AXES, PRODUCERS, UNSUPPORTED, ZooStyle, supports

ALL = PRODUCERS
# (axis, value) -> (producers, why a faithful rendering with it does not extract exactly yet).
NOT_YET: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {}
# Whole cases (by name) that do not extract exactly yet, with the axes that make them fail.
CASES_NOT_YET: dict[str, str] = {}


def _not_yet(case: Case) -> list[str]:
    """Why this case does not extract exactly yet (empty when it should)."""
    reasons = [
        NOT_YET[item][1]
        for item in case.style.varied().items()
        if item in NOT_YET and case.producer in NOT_YET[item][0]
    ]
    return reasons + ([CASES_NOT_YET[case.name]] if case.name in CASES_NOT_YET else [])


def _param(case: Case) -> object:
    reasons = _not_yet(case)
    marks = [pytest.mark.xfail(strict=True, reason="; ".join(reasons))] if reasons else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("zoo")


@pytest.mark.parametrize("case", [_param(c) for c in ci_sample()])
def test_ci_sample(case: Case, out: Path) -> None:
    """Each faithful rendering extracts to exactly the truth, every field."""
    outcome = check(case, out)
    assert outcome.kind == EXACT, f"{outcome.kind}: {outcome.path}: {outcome.detail}"


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A producer and a whole style it can draw (every axis drawn)."""
    producer = draw(st.sampled_from(PRODUCERS))
    values = {}
    for axis, options in AXES.items():
        allowed = [v for v in options if v not in UNSUPPORTED[producer].get(axis, ())]
        values[axis] = draw(st.sampled_from(allowed))
    style = ZooStyle(**values)
    case = Case(producer, style)
    # the known gaps are tracked (strict xfail) by test_ci_sample; explore the rest here
    assume(supports(producer, style) and not _not_yet(case))
    return case


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=cases())
def test_any_style_is_exact_or_refused(case: Case, out: Path) -> None:
    """Whatever the style: the exact extraction, or a typed refusal; never different data."""
    outcome = check(case, out)
    assert outcome.kind in (EXACT, REFUSED), f"{case.name}: {outcome.path}: {outcome.detail}"
