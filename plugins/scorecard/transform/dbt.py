"""Transform: run the dbt project (``dbt_project/``) against the configured warehouse.

``build()`` is what ``scorecard transform`` calls: ``dbt build`` (seed, run, test and unit-test
every node in dependency order) as the transformer role, with the connection settings of
:func:`scorecard.settings.runtime_environment` exported for ``dbt_project/profiles.yml``; the
marts are built and tested in ``marts_audit`` and published by :func:`scorecard.transform.publish.publish_marts`
once the whole build passed. ``parse()`` writes the manifest that Cosmos renders the DAG from;
``docs_generate()`` writes the dbt docs site and publishes it under ``settings.docs_dir``.
The transform DAG runs the same build with Cosmos's ``DbtBuildLocalOperator``.

dbt runs in-process through ``dbtRunner`` (no subprocess, so Airflow sees one task's logs).
dbt itself is imported only when a function here is called: a DAG file may import this module.
A failed build raises :class:`TransformError`, whose message names every failed node and why.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scorecard.errors import StepFailed
from scorecard.settings import Settings, get_settings, runtime_environment
from scorecard.transform.publish import PublishResult, discard_audit_copy, publish_marts

DBT_PROFILE = "scorecard"
DBT_TARGET = "warehouse"
"""The profile and target of ``dbt_project/profiles.yml``; the transform DAG uses the same names."""

FAILED_STATUSES = frozenset({"error", "fail", "runtime error"})
"""dbt node statuses that make a build fail (``warn`` and ``skipped`` do not by themselves)."""


class TransformError(StepFailed):
    """dbt could not run, or nodes failed; the message names them and what went wrong."""

    def __init__(self, message: str, summary: TransformSummary | None = None) -> None:
        super().__init__(message)
        self.summary = summary


@dataclass(frozen=True)
class NodeResult:
    """What dbt did with one node (model, seed, data test, unit test)."""

    unique_id: str
    name: str
    resource_type: str
    status: str
    message: str | None
    seconds: float
    failures: int | None = None

    @property
    def failed(self) -> bool:
        return self.status in FAILED_STATUSES


@dataclass(frozen=True)
class TransformSummary:
    """The outcome of one dbt invocation."""

    command: tuple[str, ...]
    success: bool
    seconds: float
    nodes: tuple[NodeResult, ...] = field(default=())
    target_path: Path | None = None
    published: PublishResult | None = None

    def counts(self) -> dict[str, int]:
        """Nodes by status, e.g. ``{"success": 20, "pass": 75}``."""
        out: dict[str, int] = {}
        for node in self.nodes:
            out[node.status] = out.get(node.status, 0) + 1
        return dict(sorted(out.items()))

    def by_type(self) -> dict[str, int]:
        """Nodes by resource type, e.g. ``{"model": 13, "test": 70, "unit_test": 8}``."""
        out: dict[str, int] = {}
        for node in self.nodes:
            out[node.resource_type] = out.get(node.resource_type, 0) + 1
        return dict(sorted(out.items()))

    @property
    def failed(self) -> tuple[NodeResult, ...]:
        return tuple(node for node in self.nodes if node.failed)

    def describe(self) -> str:
        """One line: the command, how many nodes of each kind, their statuses and the time."""
        kinds = (
            ", ".join(f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in self.by_type().items())
            or "no nodes"
        )
        statuses = ", ".join(f"{n} {status}" for status, n in self.counts().items())
        verdict = "ok" if self.success else "FAILED"
        published = f"; {self.published.describe()}" if self.published else ""
        return (
            f"dbt {' '.join(self.command)}: {verdict} in {self.seconds:.1f}s; {kinds}"
            + (f" ({statuses})" if statuses else "")
            + published
        )


def dbt_environment(settings: Settings | None = None) -> dict[str, str]:
    """The variables dbt runs with: the project's runtime environment (connection, telemetry)."""
    return runtime_environment(settings)


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """Export ``values`` for the duration of a dbt call, then restore what was there."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def run_dbt(
    args: Sequence[str],
    settings: Settings | None = None,
    *,
    target_path: Path | None = None,
    raise_on_failure: bool = True,
    project_dir: Path | None = None,
) -> TransformSummary:
    """Run one dbt command (``["build"]``, ``["parse"]``, ...) on the project; summarise it.

    ``target_path`` keeps dbt's artefacts and logs apart from the project's ``target/`` (tests
    and benchmarks use their own, so parallel runs do not share partial-parse state);
    ``project_dir`` runs another copy of the project (a benchmark's baseline).
    Raises :class:`TransformError` naming the failed nodes when ``raise_on_failure``.
    """
    from dbt.cli.main import dbtRunner

    s = settings or get_settings()
    project_dir = project_dir or s.dbt_project_dir
    env = dbt_environment(s)
    command = list(args)
    argv = [*command, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
    # name the profile and target as the transform DAG's Cosmos tasks do, so that dbt's
    # partial-parse state (keyed on them) written here is reused there, and back
    argv += ["--profile", DBT_PROFILE, "--target", DBT_TARGET]
    if target_path is not None:
        target_path.mkdir(parents=True, exist_ok=True)
        argv += ["--target-path", str(target_path), "--log-path", str(target_path / "logs")]
    started = time.perf_counter()
    finished: list[str] = []  # nodes dbt finished, as its events say (results may be lost)

    def note(event: Any) -> None:
        if event.info.name == "NodeFinished":
            finished.append(event.info.name)

    with _environment(env):
        outcome = dbtRunner(callbacks=[note]).invoke(argv)
    seconds = time.perf_counter() - started
    nodes = tuple(_node_results(outcome.result))
    summary = TransformSummary(
        command=tuple(command),
        success=bool(outcome.success),
        seconds=seconds,
        nodes=nodes,
        target_path=target_path or project_dir / "target",
    )
    if raise_on_failure and not summary.success:
        message = _failure_message(summary, outcome.exception, len(finished))
        raise TransformError(message, summary)
    return summary


def _node_results(result: Any) -> Iterator[NodeResult]:
    for item in getattr(result, "results", None) or []:
        node = getattr(item, "node", None)
        if node is None:
            continue
        status = getattr(item.status, "value", item.status)
        yield NodeResult(
            unique_id=node.unique_id,
            name=str(node.name),
            resource_type=str(getattr(node.resource_type, "value", node.resource_type)),
            status=str(status),
            message=item.message,
            seconds=float(item.execution_time or 0.0),
            failures=item.failures,
        )


def _failure_message(
    summary: TransformSummary, exception: BaseException | None, finished: int = 0
) -> str:
    command = " ".join(summary.command)
    failed = summary.failed
    if not failed:
        reason = f": {exception}" if exception else ""
        if finished:
            return f"dbt {command} stopped after {finished} node(s) had run{reason}"
        return f"dbt {command} failed before running any node{reason}"
    lines = [f"dbt {command} failed: {len(failed)} node(s) failed"]
    for node in failed:
        message = " ".join((node.message or node.status).split())
        lines.append(f"- {node.resource_type} {node.name}: {message}")
    skipped = [node.name for node in summary.nodes if node.status == "skipped"]
    if skipped:
        lines.append(f"skipped because of them: {', '.join(skipped)}")
    lines.append(f"compiled SQL and logs: {summary.target_path}")
    return "\n".join(lines)


def build(
    settings: Settings | None = None,
    *,
    select: Sequence[str] = (),
    full_refresh: bool = False,
    target_path: Path | None = None,
) -> TransformSummary:
    """``dbt build``: seeds, models (incremental facts merge new quarters), tests, unit tests.

    A whole build (no ``select``) that passes publishes the audited marts to the reader; a
    selection builds and tests in ``marts_audit`` only (part of the marts is not a set to
    publish). ``full_refresh`` rebuilds the incremental marts from scratch (the result is the
    same; the tests compare) and, once published, discards the previous copy left in the audit
    schema, so that a change of a model's columns needs one full refresh, not one per copy.
    Raises :class:`TransformError` naming the failed nodes, with the reader's marts unchanged.
    """
    s = settings or get_settings()
    args = ["build"]
    if select:
        args += ["--select", *select]
    if full_refresh:
        args.append("--full-refresh")
    summary = run_dbt(args, s, target_path=target_path)
    if select:
        return summary
    published = replace(summary, published=publish_marts(s))
    if full_refresh:
        discard_audit_copy(s)
    return published


def parse(settings: Settings | None = None, *, target_path: Path | None = None) -> Path:
    """``dbt parse``: write ``manifest.json`` (what Cosmos renders tasks from); return its path."""
    summary = run_dbt(["parse"], settings, target_path=target_path)
    manifest = (summary.target_path or Path()) / "manifest.json"
    if not manifest.exists():
        raise TransformError(f"dbt parse succeeded but wrote no manifest at {manifest}", summary)
    return manifest


DOCS_FILES = ("manifest.json", "catalog.json")
STATIC_DOCS = "static_index.html"
"""``dbt docs generate --static``: one page with the manifest and catalog inlined, so it opens
from disk (``index.html`` alone fetches the JSON files, which a browser blocks for ``file:``)."""


# dbt's page asks for two URLs that cannot exist: icons whose ``xlink:href`` holds an Angular
# expression (fetched before Angular fills it in) and a favicon left as a webpack placeholder.
DOCS_PAGE_FIXES = (
    ('xlink:href="{{ getIcon(', 'ng-attr-href="{{ getIcon('),
    ("href=\"${require('./assets/favicons/favicon.ico')}\"", 'href="data:,"'),
)


def offline_docs_page(page: str) -> str:
    """The dbt docs page without its two broken URLs (so opening it requests nothing)."""
    for broken, fixed in DOCS_PAGE_FIXES:
        page = page.replace(broken, fixed)
    return page


def docs_generate(
    settings: Settings | None = None,
    *,
    target_path: Path | None = None,
    publish: bool = True,
) -> Path:
    """``dbt docs generate --static`` describing the published ``marts`` schema (the one the
    reader queries, its catalog read after the swap: every column with its type); publish the
    self-contained page as ``<docs_dir>/dbt/index.html`` (with the manifest and catalog beside
    it) and return that folder (or the target folder when ``publish`` is false). It opens from
    disk, offline. Its own target folder by default, so that the build's partial parse (other
    vars) is left alone."""
    s = settings or get_settings()
    target = target_path or s.dbt_project_dir / "target" / "published-docs"
    summary = run_dbt(
        ["docs", "generate", "--static", "--vars", "{describe_published_marts: true}"],
        s,
        target_path=target,
    )
    source = summary.target_path or target
    if not publish:
        return source
    destination = s.docs_dir / "dbt"
    destination.mkdir(parents=True, exist_ok=True)
    page = (source / STATIC_DOCS).read_text(encoding="utf-8")
    (destination / "index.html").write_text(offline_docs_page(page), encoding="utf-8")
    for name in DOCS_FILES:
        shutil.copy2(source / name, destination / name)
    return destination
