"""One assembled table row parsed into a Measure, each cell read as its column's field says.

A combined status cell reads: a status label, '<Quarterly|Forecast> data', 'Target' value,
'Actual' value; values may wrap (``On / Track``, ``13.5 / per 100,000 / population``). A
spreadsheet-style row has the status, target and actual in cells of their own, and may have a
Unit column. The label text comes first and the cell's fill confirms it (a Red label on a green
cell is an error); a cell that shows its status by colour only is read from the fill's hue.
Extra columns are kept as printed; ignored ones are left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scorecard.extract.colours import colour_name
from scorecard.extract.errors import TableError, unknown_word
from scorecard.extract.model import Measure
from scorecard.extract.reading import Reading
from scorecard.extract.rows import Row, paragraphs
from scorecard.extract.text import join_lines, join_paragraphs, reader_text
from scorecard.extract.values import Value, measure_unit, normalise_space, parse_value
from scorecard.profiles.model import COMBINED_STATUS, COMMENTARY


def measure(path: Path, row: Row, pitch: float, mismapped: bool, reading: Reading) -> Measure:
    """Parse the assembled cells of one row into a Measure."""
    code, title = _code_and_title(path, row, mismapped, reading)
    figures: dict[str, Any] = {}
    values: list[Value] = []
    for key in COMBINED_STATUS:
        status, target, actual = _figures(path, row, key, code, reading)
        figures[f"{key}_status"] = status
        for name, value in (("target", target), ("actual", actual)):
            figures[f"{key}_{name}_text"] = value.text
            figures[f"{key}_{name}"] = value.number
            values.append(value)
    printed = _text(row, "direction_of_travel")
    direction = reading.profile.direction_of(printed) if printed else None
    if printed and direction is None:
        raise unknown_word(
            path, row.page, code, "direction of travel", normalise_space(printed), reading.profile
        )
    commentary: dict[str, Any] = {
        key: _paragraphs(row, key, pitch, mismapped) for key in COMMENTARY
    }
    extras = {
        name.removeprefix("extra:"): _paragraphs(row, name, pitch, mismapped)
        for name in row.columns
        if name.startswith("extra:")
    }
    return Measure(
        directorate=_directorate(path, row, code),
        measure_code=code,
        measure_title=title,
        **figures,
        unit=_unit(path, row, code, values),
        direction_of_travel=direction,
        **commentary,
        pages=row.pages,
        extras=extras or None,
    )


def _lines(row: Row, name: str) -> list[str]:
    column = row.column(name)
    return [] if column is None else [line.text for _, line in row.cells[column]]


def _text(row: Row, name: str) -> str:
    """A cell's text, wrapped lines joined."""
    return join_lines(_lines(row, name))


def _paragraphs(row: Row, name: str, pitch: float, mismapped: bool) -> str | None:
    column = row.column(name)
    return (
        None if column is None else join_paragraphs(paragraphs(row.cells[column], pitch), mismapped)
    )


def _code_and_title(path: Path, row: Row, mismapped: bool, reading: Reading) -> tuple[str, str]:
    """The code and title: from a Measure Details cell, or from a code and a title cell."""
    if row.column("measure_details") is not None:
        split = reading.split_code(reader_text(_text(row, "measure_details"), mismapped))
        if split is None:  # pragma: no cover - rows only start at a code
            raise TableError(path, "a measure code", page=row.page)
        return split
    split = reading.split_code(reader_text(_text(row, "measure_code"), mismapped))
    if split is None or split[1]:
        raise TableError(
            path,
            "a measure code alone in the code column",
            page=row.page,
            detail=f"found {_text(row, 'measure_code')[:60]!r}",
        )
    title = normalise_space(reader_text(_text(row, "measure_title"), mismapped))
    return split[0], title


def _directorate(path: Path, row: Row, code: str) -> str | None:
    """The directorate: its column, else the banner above the row (both must agree)."""
    if row.column("directorate") is None:
        return row.directorate
    named = normalise_space(_text(row, "directorate")) or None
    if row.directorate is not None and named not in (None, row.directorate):
        raise TableError(
            path,
            "the directorate column to name the banner's directorate",
            page=row.page,
            detail=f"{code}: {named!r} under the banner {row.directorate!r}",
        )
    return named or row.directorate


def _unit(path: Path, row: Row, code: str, values: list[Value]) -> str | None:
    """The unit the values print, or the Unit column's (which must not contradict them)."""
    printed = measure_unit(values)
    if row.column("unit") is None:
        return printed
    column = normalise_space(_text(row, "unit")) or None
    if printed is not None and column not in (None, printed):
        raise TableError(
            path,
            "the unit column to agree with the unit the values print",
            page=row.page,
            detail=f"{code}: {column!r} and {printed!r}",
        )
    return column or printed


def _figures(
    path: Path, row: Row, key: str, code: str, reading: Reading
) -> tuple[str | None, Value, Value]:
    """Status, target and actual of the quarter or the forecast, from a combined cell or from
    cells of their own (absent columns give nothing)."""
    combined = row.column(key)
    if combined is not None:
        return status_cell(path, row, combined, code, reading)
    status = None
    column = row.column(f"{key}_status")
    if column is not None:
        label = " ".join(w.text for _, line in row.cells[column] for w in line.words)
        status = _with_fill(
            path, row, column, code, _status(path, row, code, label, reading), reading
        )
    target, actual = (
        parse_value(" ".join(_lines(row, f"{key}_{part}")) or None) for part in ("target", "actual")
    )
    return status, target, actual


def _status(path: Path, row: Row, code: str, label: str, reading: Reading) -> str | None:
    if not label.strip():
        return None
    status = reading.profile.status_of(label)
    if status is None:
        raise unknown_word(path, row.page, code, "status", normalise_space(label), reading.profile)
    return status


def status_cell(
    path: Path, row: Row, column: int, code: str, reading: Reading
) -> tuple[str | None, Value, Value]:
    """Status, target and actual of a 'Quarterly' or 'Forecast' cell."""
    words = reading.profile.status_cell
    tokens = [w.text for _, line in row.cells[column] for w in line.words]
    marker = next((i for i in range(1, len(tokens)) if reading.marker_at(tokens, i)), None)
    target_at = next(
        (i for i, t in enumerate(tokens) if t == words.target and (marker is None or i > marker)),
        None,
    )
    label_end = (
        marker - 1 if marker is not None else (target_at if target_at is not None else len(tokens))
    )
    status = _status(path, row, code, " ".join(tokens[:label_end]), reading)
    status = _with_fill(path, row, column, code, status, reading)
    if target_at is None:
        rest = tokens[label_end + (2 if marker is not None else 0) :]
        if rest:
            raise TableError(
                path,
                f"{words.target!r} and {words.actual!r} values",
                page=row.page,
                detail=f"{code}: {' '.join(rest)!r}",
            )
        return status, parse_value(None), parse_value(None)
    actual_at = next(
        (i for i in range(target_at + 1, len(tokens)) if tokens[i] == words.actual), len(tokens)
    )
    target = parse_value(" ".join(tokens[target_at + 1 : actual_at]))
    actual = parse_value(" ".join(tokens[actual_at + 1 :]))
    return status, target, actual


def _with_fill(
    path: Path, row: Row, column: int, code: str, status: str | None, reading: Reading
) -> str | None:
    """The status confirmed by the cell's fill, or read from it when no label is printed."""
    by_hue = reading.profile.fills()
    colours = {
        by_hue[name] for fill in row.fills[column] if (name := colour_name(fill.rgb)) in by_hue
    }
    if status is None:
        if len(colours) > 1:
            raise TableError(
                path,
                "one status colour in a status cell without a label",
                page=row.page,
                detail=f"{code}: filled {'/'.join(sorted(colours))}",
            )
        return next(iter(colours), None)
    if status in by_hue.values() and colours and status not in colours:
        raise TableError(
            path,
            f"a status cell whose colour matches its label {status!r}",
            page=row.page,
            detail=f"{code}: the cell is filled {'/'.join(sorted(colours))}",
        )
    return status
