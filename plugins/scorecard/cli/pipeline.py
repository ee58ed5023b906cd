"""``scorecard validate`` and ``scorecard load``: the validate and load stages by hand.

Both take report PDFs; an extraction ``.json`` is accepted beside its PDF when it is exactly
what the PDF extracts to, or on its own with ``--from-json`` (an analyst's corrected input),
recorded as untrusted under the JSON's own sha256 (:mod:`scorecard.cli.inputs`). Exit codes
(:mod:`scorecard.cli.exits`): 0 all good, 1 a report was refused (failed validation, or a JSON
that is not its PDF's; nothing of it was loaded), 2 a file could not be read or extracted (one
line naming file, page, what was expected). With several files every file is attempted and the
worst code is returned; should one fail unexpectedly, the files not tried are named before the
error is reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from scorecard.cli.exits import BAD_INPUT, FAILED, OK, code_for
from scorecard.cli.inputs import BadFile, Input, NotItsPdf, read_extraction, resolve

__all__ = ["BadFile", "load", "read_extraction", "validate"]

_err = Console(stderr=True)

_profile = click.option(
    "--profile",
    "profile_name",
    metavar="NAME",
    help="Layout profile the PDFs are read with (profiles/NAME.yml; default: derby).",
)

_from_json = click.option(
    "--from-json",
    is_flag=True,
    help="Take .json files as they are, without their PDF: recorded as untrusted input.",
)


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
    help="Record each run in audit.validation_runs (a load needs a passing run of its content).",
)
@_from_json
@_profile
def validate(
    files: tuple[Path, ...], record: bool, from_json: bool, profile_name: str | None
) -> None:
    """Extract and validate report FILES (PDF or extraction JSON) against the expectation suite.

    Prints a summary per file, keeps the GX result JSON and updates Data Docs under the landing
    folder. A JSON without its PDF is validated as untrusted input. Exit 1 if a report fails,
    2 if a file cannot be read.
    """
    from scorecard.errors import ScorecardError
    from scorecard.validate import ValidationFailed

    code = 0
    for index, path in enumerate(files):
        try:
            with _not_tried(files[index + 1 :]):
                with _status(f"extracting {path.name}"):
                    item = resolve(
                        path, from_json=from_json, bare_json_untrusted=True, profile=profile_name
                    )
                with _status(f"validating {path.name}"):
                    summary = _validate(item, record=record)
            click.echo(summary.describe())
        except BadFile as error:
            click.echo(str(error), err=True)
            code = max(code, BAD_INPUT)
        except NotItsPdf as error:
            click.echo(str(error), err=True)
            code = max(code, FAILED)
        except ValidationFailed as failure:
            click.echo(failure.summary.describe())
            code = max(code, FAILED)
        except ScorecardError as error:  # refused, or the warehouse: one line, next file
            click.echo(f"{path.name}: {error}", err=True)
            code = max(code, code_for(error))
    raise SystemExit(code)


@contextmanager
def _not_tried(rest: tuple[Path, ...]) -> Iterator[None]:
    """Name the files that will not be tried when an unexpected error ends the command."""
    from scorecard.errors import ScorecardError

    try:
        yield
    except ScorecardError:
        raise
    except Exception:
        if rest:
            click.echo(f"not tried: {', '.join(path.name for path in rest)}", err=True)
        raise


def _validate(item: Input, *, record: bool = True) -> Any:
    """Validate one input, recorded under its file's identity and provenance."""
    from scorecard.validate import validate_extraction

    return validate_extraction(
        item.extraction,
        source_uri=source_uri(item.path),
        record=record,
        report_sha256=item.report_sha256,
        input_kind=item.input_kind,
    )


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_from_json
@_profile
def load(files: tuple[Path, ...], from_json: bool, profile_name: str | None) -> None:
    """Extract, validate and load report FILES into the warehouse's raw schema (idempotent).

    Applies pending migrations first. Prints per file: inserted (first report of its quarter),
    superseded (a re-issue, now current), older (kept, not current), unchanged (already loaded),
    or why it was not loaded. A JSON loads beside its PDF (if it is what the PDF extracts to) or
    with --from-json (recorded as untrusted). Exit 1 if a report is refused, 2 if a file cannot
    be read.
    """
    from scorecard import warehouse
    from scorecard.load import Loader, LoadResult
    from scorecard.warehouse.migrations import migrate

    warehouse.ensure_running()
    applied = migrate()
    if applied:
        click.echo(f"applied migrations: {', '.join(applied)}")
    code = 0
    results: list[LoadResult] = []
    with Loader() as loader:
        for index, path in enumerate(files):
            with _not_tried(files[index + 1 :]):
                outcome, result = _load_one(loader, path, from_json, profile_name)
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


def _load_one(
    loader: Any, path: Path, from_json: bool, profile_name: str | None = None
) -> tuple[int, Any]:
    """Extract + validate + load one file; return (exit code contribution, LoadResult|None)."""
    from scorecard.errors import ScorecardError
    from scorecard.validate import ValidationFailed

    try:
        with _status(f"extracting {path.name}"):
            item = resolve(path, from_json=from_json, profile=profile_name)
        with _status(f"validating {path.name}"):
            _validate(item)
        total = len(item.extraction["measures"])
        with Progress(
            TextColumn(f"loading {path.name}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=_err,
            transient=True,
        ) as progress:
            task = progress.add_task("rows", total=total)
            result = loader.load(
                item.extraction,
                pdf=item.pdf,
                provenance=item.provenance,
                source_uri=source_uri(path),
                fetched_at=fetched_at(path),
                hook=lambda done, _total: progress.update(task, completed=done),
            )
    except BadFile as error:
        click.echo(str(error), err=True)
        return BAD_INPUT, None
    except ValidationFailed as failure:
        click.echo(f"not loaded {path.name}: {failure.summary.describe()}")
        return FAILED, None
    except ScorecardError as error:  # refused (NotItsPdf, LoadError...), or a transient fault
        click.echo(f"not loaded {path.name}: {error}", err=True)
        return code_for(error), None
    click.echo(f"{path.name}: {result.describe()}")
    return OK, result
