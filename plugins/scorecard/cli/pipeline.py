"""``scorecard validate`` and ``scorecard load``: the validate and load stages by hand.

Both take report PDFs (or, for an analyst's corrected input, an extraction ``.json`` in the
contract's format). Exit codes: 0 all good, 1 a report failed validation (nothing of it was
loaded), 2 a file could not be read or extracted (one line naming file, page, what was
expected). With several files every file is attempted and the worst code is returned.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

EXIT_INVALID = 1
EXIT_BAD_FILE = 2

_err = Console(stderr=True)


class BadFile(Exception):
    """A file that is missing, unreadable or not a scorecard; the message is one line."""


def read_extraction(path: Path) -> dict[str, Any]:
    """Extract a PDF (or read an extraction JSON); raise :class:`BadFile` with one line."""
    from scorecard.extract import ExtractionError
    from scorecard.isolation import extract_isolated

    if not path.is_file():
        raise BadFile(f"{path}: no such file")
    if path.suffix.lower() == ".json":
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise BadFile(f"{path}: expected an extraction JSON ({error})") from error
        if not isinstance(data, dict) or "report" not in data or "measures" not in data:
            raise BadFile(f"{path}: expected an extraction JSON with 'report' and 'measures'")
        return data
    try:
        return extract_isolated(path)
    except ExtractionError as error:
        raise BadFile(str(error)) from error
    except OSError as error:
        raise BadFile(f"{path}: cannot be read ({error.strerror or error})") from error


def source_uri(path: Path) -> str:
    """The file's absolute ``file://`` URI, stored as the report's source."""
    return path.resolve().as_uri()


def fetched_at(path: Path) -> datetime:
    """When a local file was fetched: its modification time (UTC)."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


@contextmanager
def _status(message: str) -> Iterator[None]:
    with _err.status(message, spinner="dots"):
        yield


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--record/--no-record",
    default=True,
    show_default=True,
    help="Record each run in audit.validation_runs (the loader only loads reports that passed).",
)
def validate(files: tuple[Path, ...], record: bool) -> None:
    """Extract and validate report FILES (PDF or extraction JSON) against the expectation suite.

    Prints a summary per file, keeps the GX result JSON and updates Data Docs under the landing
    folder. Exit 1 if a report fails, 2 if a file cannot be read.
    """
    from scorecard.validate import ValidationFailed, validate_extraction

    code = 0
    for path in files:
        try:
            with _status(f"extracting {path.name}"):
                extraction = read_extraction(path)
            with _status(f"validating {path.name}"):
                summary = validate_extraction(
                    extraction, source_uri=source_uri(path), record=record
                )
            click.echo(summary.describe())
        except BadFile as error:
            click.echo(str(error), err=True)
            code = max(code, EXIT_BAD_FILE)
        except ValidationFailed as failure:
            click.echo(failure.summary.describe())
            code = max(code, EXIT_INVALID)
    raise SystemExit(code)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def load(files: tuple[Path, ...]) -> None:
    """Extract, validate and load report FILES into the warehouse's raw schema (idempotent).

    Applies pending migrations first. Prints per file: inserted (first report of its quarter),
    superseded (a re-issue, now current), older (kept, not current), unchanged (already loaded),
    or why it was not loaded. Exit 1 if a report fails validation, 2 if a file cannot be read.
    """
    from scorecard import warehouse
    from scorecard.load import Loader, LoadResult
    from scorecard.load.migrations import migrate

    warehouse.ensure_running()
    applied = migrate()
    if applied:
        click.echo(f"applied migrations: {', '.join(applied)}")
    code = 0
    results: list[LoadResult] = []
    with Loader() as loader:
        for path in files:
            outcome, result = _load_one(loader, path)
            code = max(code, outcome)
            if result is not None:
                results.append(result)
    if len(files) > 1:
        counts = {o: sum(r.outcome == o for r in results) for o in ("inserted", "superseded")}
        counts |= {o: sum(r.outcome == o for r in results) for o in ("older", "unchanged")}
        click.echo(
            f"{len(results)}/{len(files)} loaded: "
            + ", ".join(f"{n} {name}" for name, n in counts.items())
        )
    raise SystemExit(code)


def _load_one(loader: Any, path: Path) -> tuple[int, Any]:
    """Extract + validate + load one file; return (exit code contribution, LoadResult|None)."""
    from scorecard.load import LoadError
    from scorecard.validate import ValidationFailed, validate_extraction

    try:
        with _status(f"extracting {path.name}"):
            extraction = read_extraction(path)
        with _status(f"validating {path.name}"):
            validate_extraction(extraction, source_uri=source_uri(path))
        total = len(extraction["measures"])
        with Progress(
            TextColumn(f"loading {path.name}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=_err,
            transient=True,
        ) as progress:
            task = progress.add_task("rows", total=total)
            result = loader.load(
                extraction,
                source_uri=source_uri(path),
                fetched_at=fetched_at(path),
                hook=lambda done, _total: progress.update(task, completed=done),
            )
    except BadFile as error:
        click.echo(str(error), err=True)
        return EXIT_BAD_FILE, None
    except ValidationFailed as failure:
        click.echo(f"not loaded {path.name}: {failure.summary.describe()}")
        return EXIT_INVALID, None
    except LoadError as error:
        click.echo(f"not loaded {path.name}: {error}", err=True)
        return EXIT_INVALID, None
    click.echo(f"{path.name}: {result.describe()}")
    return 0, result
