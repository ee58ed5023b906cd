"""One error taxonomy: every error class of the package sits under ``ScorecardError`` and its
category alone decides retries, skips and exit codes."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import scorecard
from scorecard.cli import exits
from scorecard.errors import Category, ScorecardError, category_of
from scorecard.orchestration.runs import is_permanent


def _error_classes() -> list[type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for module in pkgutil.walk_packages(scorecard.__path__, "scorecard."):
        if ".vendor" in module.name:
            continue
        loaded = importlib.import_module(module.name)
        for _, value in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__.startswith("scorecard."):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


ERRORS = _error_classes()


def test_the_walk_finds_the_errors_of_every_stage() -> None:
    modules = {error.__module__.split(".")[1] for error in ERRORS}
    assert {"extract", "ingest", "load", "pdf", "settings", "warehouse", "transform"} <= modules


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: error.__qualname__)
def test_every_error_class_has_the_root_and_a_category(error: type[BaseException]) -> None:
    assert issubclass(error, ScorecardError), f"{error.__module__}.{error.__qualname__}"
    assert isinstance(error.category, Category)


EXPECTED = {
    "scorecard.extract.errors.TableError": Category.REFUSED,
    "scorecard.extract.errors.NotAPdfError": Category.REFUSED,
    "scorecard.pdf.limits.ResourceLimit": Category.RESOURCE_LIMIT,
    "scorecard.ingest.fetch.errors.TooLarge": Category.RESOURCE_LIMIT,
    "scorecard.ingest.fetch.errors.NotAPdf": Category.REFUSED,
    "scorecard.ingest.fetch.errors.DeadlineExceeded": Category.TRANSIENT,
    "scorecard.ingest.sources.SourcesError": Category.CONFIGURATION,
    "scorecard.settings.env.SettingError": Category.CONFIGURATION,
    "scorecard.quarters.QuarterError": Category.BAD_INPUT,
    "scorecard.load.errors.NotValidated": Category.REFUSED,
    "scorecard.validate.results.ValidationFailed": Category.REFUSED,
    "scorecard.warehouse.binaries.WarehouseError": Category.UNREACHABLE,
    "scorecard.transform.dbt.TransformError": Category.FAILED,
    "scorecard.orchestration.runs.ReportNotAvailable": Category.NOT_AVAILABLE,
    "scorecard.orchestration.pipeline.Withdrawn": Category.TRANSIENT,
    "scorecard.orchestration.pipeline.WrongQuarter": Category.REFUSED,
    "scorecard.orchestration.api.AirflowUnreachable": Category.UNREACHABLE,
}


@pytest.mark.parametrize(("name", "category"), sorted(EXPECTED.items()))
def test_the_category_of_each_kind_of_failure(name: str, category: Category) -> None:
    module, _, qualname = name.rpartition(".")
    assert getattr(importlib.import_module(module), qualname).category is category


@pytest.mark.parametrize("category", list(Category))
def test_retries_and_exit_codes_follow_the_category(category: Category) -> None:
    error = type("Probe", (ScorecardError,), {"category": category})("probe")
    assert category_of(error) is category
    assert is_permanent(error) is not category.retried
    assert exits.code_for(error) == category.exit_code


def test_a_source_refusing_is_permanent_and_a_server_fault_is_retried() -> None:
    from scorecard.ingest.fetch.errors import FetchFailed

    assert is_permanent(FetchFailed("https://x/r.pdf", "403 Forbidden", status=403))
    assert not is_permanent(FetchFailed("https://x/r.pdf", "429 Too Many", status=429))
    assert not is_permanent(FetchFailed("https://x/r.pdf", "503", status=503))
    assert exits.code_for(FetchFailed("https://x/r.pdf", "404", status=404)) == exits.FAILED


@pytest.mark.parametrize("error", [ValueError("x"), OSError("x"), KeyError("x")])
def test_a_builtin_error_is_a_bug_not_bad_input(error: BaseException) -> None:
    assert exits.code_for(error) == exits.INTERNAL
    assert not is_permanent(error)
