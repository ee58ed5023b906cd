"""Great Expectations, set up once per process: an ephemeral context with file-backed results.

The context is *ephemeral* (nothing of GX's own configuration is written to disk: the suite
comes from the committed JSON in ``expectations/``, the datasource and checkpoint are built
here), but two stores are on the file system so they outlive the process:

- validation results: ``<landing>/validations/<suite>/<period_end>_<sha12>/<run time>/...json``
  (one JSON per run; its path is returned and recorded in ``audit.validation_runs``);
- Data Docs: ``<landing>/data_docs/index.html``, updated by the checkpoint's
  ``UpdateDataDocsAction`` after every run (the index lists the newest results). They are
  rendered by the views of :mod:`scorecard.validate.data_docs`: vendored assets instead of
  CDNs (the pages open offline and contact no one) and report values escaped.

``import great_expectations`` takes about 10 s, so it happens inside :func:`get_runner`, once;
the runner is cached per (suite file, landing folder).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from scorecard.profiles.vocabulary import Vocabulary
from scorecard.profiles.vocabulary import vocabulary as profile_vocabulary
from scorecard.settings import Settings, switch_off_telemetry

if TYPE_CHECKING:
    import pandas as pd

SUITE_FILE = "scorecard_measures.json"
"""The committed suite, under ``settings.expectations_dir``."""

INDEX_COLUMN = "measure_code"
"""Failures are reported by measure code (GX ``unexpected_index_column_names``)."""

DATA_DOCS_RESULTS_LIMIT = 50
"""The Data Docs index lists the newest runs only (building it reads each listed result, so an
unbounded index would slow every validation down as history grows; all JSONs are kept)."""

RESULT_FORMAT: dict[str, Any] = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [INDEX_COLUMN],
    "include_unexpected_rows": False,
}


def landing_dir(settings: Settings) -> Path:
    """The local landing folder: ``landing_url`` when it is ``file://``, else ``home/landing``
    (validation results and Data Docs are local files even when reports land in object storage)."""
    parsed = urlparse(settings.landing_url)
    if parsed.scheme in ("", "file"):
        return Path(parsed.path)
    return settings.home / "landing"


def results_dir(settings: Settings) -> Path:
    """Where GX keeps one validation-result JSON per run."""
    return landing_dir(settings) / "validations"


def data_docs_dir(settings: Settings) -> Path:
    """The GX Data Docs site (open ``index.html``)."""
    return landing_dir(settings) / "data_docs"


def suite_path(settings: Settings) -> Path:
    """The committed expectation suite JSON."""
    return settings.expectations_dir / SUITE_FILE


VOCABULARY_COLUMNS = ("quarterly_status", "forecast_status", "direction_of_travel")
"""Columns whose value sets are the active layout profiles' vocabulary, not the file's."""


def read_suite(path: Path, vocabulary: Vocabulary | None = None) -> dict[str, Any]:
    """The suite JSON as a dict (GX 1.x format: name, expectations, meta), the value sets of
    the status and direction columns taken from the active layout profiles' ``vocabulary``
    (:mod:`scorecard.profiles.vocabulary`): a word a profile declares is accepted, no other."""
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    words = vocabulary or profile_vocabulary()
    sets = {"quarterly_status": words.statuses, "forecast_status": words.statuses}
    sets["direction_of_travel"] = words.directions
    for item in data.get("expectations", []):
        column = item.get("kwargs", {}).get("column")
        if item.get("type") == "expect_column_values_to_be_in_set" and column in sets:
            item["kwargs"]["value_set"] = list(sets[column])
    return data


@dataclass
class Runner:
    """A ready GX context with the suite, a pandas datasource and a checkpoint."""

    context: Any
    checkpoint: Any
    suite_name: str
    results_dir: Path
    docs_dir: Path

    def run(self, frame: pd.DataFrame, run_name: str) -> tuple[dict[str, Any], str, str | None]:
        """Validate one frame; return (result JSON dict, result file path, Data Docs page URL)."""
        from great_expectations.core.run_identifier import RunIdentifier

        checkpoint_result = self.checkpoint.run(
            batch_parameters={"dataframe": frame},
            run_id=RunIdentifier(run_name=safe_run_name(run_name)),
        )
        (key, result), *_ = checkpoint_result.run_results.items()
        result_path = str(self.results_dir.joinpath(*key.to_tuple())) + ".json"
        docs = self.context.get_docs_sites_urls(resource_identifier=key)
        docs_url = docs[0].get("site_url") if docs else None
        return result.to_json_dict(), result_path, docs_url


def safe_run_name(run_name: str) -> str:
    """The run name as GX may store and show it: letters, digits, ``_.-`` only (a report's
    period end is part of it, and a ``/`` or markup there must not reach paths or pages)."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", run_name)[:120] or "run"


_RUNNERS: dict[tuple[str, float, str, str], Runner] = {}
_LOCK = threading.Lock()


def get_runner(settings: Settings) -> Runner:
    """The process-wide runner for this suite file (reloaded if the file or the profiles'
    vocabulary changed) and landing."""
    path = suite_path(settings)
    words = profile_vocabulary()
    key = (str(path), path.stat().st_mtime, str(landing_dir(settings)), repr(words))
    with _LOCK:
        runner = _RUNNERS.get(key)
        if runner is None:
            runner = _build_runner(path, results_dir(settings), data_docs_dir(settings), words)
            _RUNNERS[key] = runner
        return runner


def rebuild_stale_data_docs(settings: Settings) -> int:
    """Re-render every Data Docs page when any predates the offline views (it still names a
    CDN), e.g. pages published by an earlier version; return how many pages were stale."""
    from scorecard.validate.data_docs_assets import is_stale_page

    docs = data_docs_dir(settings)
    stale = sum(1 for page in docs.rglob("*.html") if is_stale_page(page))
    if stale:
        get_runner(settings).context.build_data_docs()
    return stale


QUIET_LOGGERS = ("great_expectations",)
"""Third-party loggers held at WARNING: at INFO, importing GX alone logs about 200 lines of
"Skipping registering function ... because it is a closure", which drowned a task's result."""


def quiet_third_party_logs() -> None:
    """Keep GX's INFO chatter out of task logs (its warnings and errors still show)."""
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)


def _build_runner(path: Path, results: Path, docs: Path, words: Vocabulary) -> Runner:
    switch_off_telemetry()
    quiet_third_party_logs()
    import great_expectations as gx

    from scorecard.validate.data_docs_assets import install_assets

    install_assets(docs)
    context = gx.get_context(project_config=_project_config(results, docs), mode="ephemeral")
    suite = context.suites.add(gx.ExpectationSuite(**read_suite(path, words)))
    batch = (
        context.data_sources.add_pandas("scorecard")
        .add_dataframe_asset("measures")
        .add_batch_definition_whole_dataframe("report")
    )
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=f"{suite.name}_report", data=batch, suite=suite)
    )
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=f"{suite.name}_checkpoint",
            validation_definitions=[definition],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")],
            result_format=RESULT_FORMAT,
        )
    )
    return Runner(context, checkpoint, suite.name, results, docs)


def _project_config(results: Path, docs: Path) -> Any:
    """In-memory stores except validation results and the Data Docs site (files)."""
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    defaults = InMemoryStoreBackendDefaults()
    stores = dict(defaults.stores)
    stores[defaults.validation_results_store_name] = {
        "class_name": "ValidationResultsStore",
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(results),
        },
    }
    offline_view = {"module_name": "scorecard.validate.data_docs", "class_name": "OfflinePageView"}
    return DataContextConfig(
        store_backend_defaults=defaults,
        stores=stores,
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        data_docs_sites={
            "local_site": {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs),
                },
                "site_index_builder": {
                    "class_name": "DefaultSiteIndexBuilder",
                    "validation_results_limit": DATA_DOCS_RESULTS_LIMIT,
                    "view": {**offline_view, "class_name": "OfflineIndexPageView"},
                },
                "site_section_builders": {
                    "expectations": {"view": offline_view},
                    "validations": {"view": offline_view},
                    "profiling": {"view": offline_view},
                },
            }
        },
    )
