"""One assembled table row parsed into a Measure: code and title, status cells, commentary.

A status cell reads: a status label, '<Quarterly|Forecast> data', 'Target' value, 'Actual'
value; values may wrap (``On / Track``, ``13.5 / per 100,000 / population``). The label text
comes first and the cell's fill confirms it (a Red label on a green cell is an error); a cell
that shows its status by colour only is read from the fill's hue family.
"""

from __future__ import annotations

from pathlib import Path

from scorecard.extract.codes import split_code
from scorecard.extract.colours import colour_name
from scorecard.extract.errors import TableError
from scorecard.extract.model import COLOUR_STATUSES, STATUSES, Measure
from scorecard.extract.rows import Row, paragraphs
from scorecard.extract.text import join_lines, join_paragraphs, reader_text
from scorecard.extract.values import (
    Value,
    measure_unit,
    parse_direction,
    parse_status,
    parse_value,
)


def measure(path: Path, row: Row, pitch: float, mismapped: bool) -> Measure:
    """Parse the assembled cells of one row into a Measure."""
    details = reader_text(join_lines(line.text for line in row.lines(0)), mismapped)
    split = split_code(details)
    if split is None:  # pragma: no cover - rows only start at a code
        raise TableError(path, "a measure code", page=row.page)
    code, title = split
    q_status, q_target, q_actual = status_cell(path, row, 1, code)
    f_status, f_target, f_actual = status_cell(path, row, 2, code)
    try:
        direction = parse_direction(join_lines(line.text for line in row.lines(3)))
    except ValueError as exc:
        raise TableError(
            path, "Improving, Deteriorating or N/A", page=row.page, detail=f"{code}: {exc}"
        ) from exc
    texts = [join_paragraphs(paragraphs(row.cells[c], pitch), mismapped) for c in (4, 5, 6)]
    return Measure(
        directorate=row.directorate,
        measure_code=code,
        measure_title=title,
        quarterly_status=q_status,
        forecast_status=f_status,
        quarterly_target_text=q_target.text,
        quarterly_actual_text=q_actual.text,
        forecast_target_text=f_target.text,
        forecast_actual_text=f_actual.text,
        quarterly_target=q_target.number,
        quarterly_actual=q_actual.number,
        forecast_target=f_target.number,
        forecast_actual=f_actual.number,
        unit=measure_unit([q_target, q_actual, f_target, f_actual]),
        direction_of_travel=direction,
        context=texts[0],
        improvement_actions=texts[1],
        intervention_review=texts[2],
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
