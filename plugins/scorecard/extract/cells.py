"""One assembled table row parsed into a Measure: code and title, status cells, commentary.

A status cell reads: a status label, '<Quarterly|Forecast> data', 'Target' value, 'Actual'
value; values may wrap (``On / Track``, ``13.5 / per 100,000 / population``). The label text
comes first and the cell's fill confirms it (a Red label on a green cell is an error); a cell
that shows its status by colour only is read from the fill's hue family.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scorecard.extract.codes import split_code
from scorecard.extract.colours import colour_name
from scorecard.extract.errors import TableError
from scorecard.extract.header import COLUMN, COLUMN_KEYS, COMMENTARY_KEYS
from scorecard.extract.model import (
    COLOUR_STATUSES,
    DIRECTIONS,
    MEASURE_FIELDS,
    STATUSES,
    Measure,
)
from scorecard.extract.rows import Row, paragraphs
from scorecard.extract.text import join_lines, join_paragraphs, reader_text
from scorecard.extract.values import (
    Value,
    measure_unit,
    parse_direction,
    parse_status,
    parse_value,
)

STATUS_KEYS: tuple[str, ...] = tuple(k for k in COLUMN_KEYS if f"{k}_status" in MEASURE_FIELDS)
"""The status cells ("quarterly", "forecast"): each gives the measure fields it prefixes."""


def measure(path: Path, row: Row, pitch: float, mismapped: bool) -> Measure:
    """Parse the assembled cells of one row into a Measure."""
    details = row.lines(COLUMN["measure_details"])
    split = split_code(reader_text(join_lines(line.text for line in details), mismapped))
    if split is None:  # pragma: no cover - rows only start at a code
        raise TableError(path, "a measure code", page=row.page)
    code, title = split
    figures: dict[str, Any] = {}
    values: list[Value] = []
    for key in STATUS_KEYS:
        status, target, actual = status_cell(path, row, COLUMN[key], code)
        figures[f"{key}_status"] = status
        for name, value in (("target", target), ("actual", actual)):
            figures[f"{key}_{name}_text"] = value.text
            figures[f"{key}_{name}"] = value.number
            values.append(value)
    try:
        direction = parse_direction(
            join_lines(line.text for line in row.lines(COLUMN["performance"]))
        )
    except ValueError as exc:
        raise TableError(
            path,
            ", ".join(DIRECTIONS[:-1]) + " or " + DIRECTIONS[-1],
            page=row.page,
            detail=f"{code}: {exc}",
        ) from exc
    commentary: dict[str, Any] = {
        key: join_paragraphs(paragraphs(row.cells[COLUMN[key]], pitch), mismapped)
        for key in COMMENTARY_KEYS
    }
    return Measure(
        directorate=row.directorate,
        measure_code=code,
        measure_title=title,
        **figures,
        unit=measure_unit(values),
        direction_of_travel=direction,
        **commentary,
        pages=row.pages,
    )


def status_cell(path: Path, row: Row, column: int, code: str) -> tuple[str | None, Value, Value]:
    """Status, target and actual of a 'Quarterly' or 'Forecast' cell."""
    tokens = [w.text for line in row.lines(column) for w in line.words]
    marker = next(
        (
            i
            for i in range(1, len(tokens))
            if tokens[i].lower() == "data" and tokens[i - 1] in ("Quarterly", "Forecast")
        ),
        None,
    )
    target_at = next(
        (i for i, t in enumerate(tokens) if t == "Target" and (marker is None or i > marker)), None
    )
    label_end = (
        marker - 1 if marker is not None else (target_at if target_at is not None else len(tokens))
    )
    label = " ".join(tokens[:label_end])
    try:
        status = parse_status(label)
    except ValueError as exc:
        expected = "a status label (" + ", ".join(STATUSES) + ")"
        raise TableError(path, expected, page=row.page, detail=f"{code}: {exc}") from exc
    status = _with_fill(path, row, column, code, status)
    if target_at is None:
        rest = tokens[label_end + (2 if marker is not None else 0) :]
        if rest:
            raise TableError(
                path,
                "'Target' and 'Actual' values",
                page=row.page,
                detail=f"{code}: {' '.join(rest)!r}",
            )
        return status, parse_value(None), parse_value(None)
    actual_at = next(
        (i for i in range(target_at + 1, len(tokens)) if tokens[i] == "Actual"), len(tokens)
    )
    target = parse_value(" ".join(tokens[target_at + 1 : actual_at]))
    actual = parse_value(" ".join(tokens[actual_at + 1 :]))
    return status, target, actual


def _with_fill(path: Path, row: Row, column: int, code: str, status: str | None) -> str | None:
    """The status confirmed by the cell's fill, or read from it when no label is printed."""
    colours = {
        name for fill in row.fills[column] if (name := colour_name(fill.rgb))
    } & COLOUR_STATUSES
    if status is None:
        if len(colours) > 1:
            raise TableError(
                path,
                "one status colour in a status cell without a label",
                page=row.page,
                detail=f"{code}: filled {'/'.join(sorted(colours))}",
            )
        return next(iter(colours), None)
    if status in COLOUR_STATUSES and colours and status not in colours:
        raise TableError(
            path,
            f"a status cell whose colour matches its label {status!r}",
            page=row.page,
            detail=f"{code}: the cell is filled {'/'.join(sorted(colours))}",
        )
    return status
