"""Every table of the site as a CSV file, written beside the pages, for analysts to take away.

A :class:`Table` is what a page shows as a table and what its CSV holds: the same rows, with
figures as numbers (and as printed, where the report printed them) rather than formatted text.
Files are UTF-8 with a byte-order mark, so Excel reads accented titles and pound signs right.

Report text is untrusted: a cell that a spreadsheet would read as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, and not simply a number such as
``-2.5%``) is written with a leading apostrophe, so opening the file runs nothing.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[-+]?[\d,]*\.?\d+%?")


@dataclass(frozen=True)
class Table:
    """A table's CSV: where it goes (relative to the site's root), its header and rows."""

    path: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]


def cell(value: Any) -> Any:
    """A value as a CSV cell: numbers as numbers, booleans as true/false, dates as ISO, text
    defused where a spreadsheet would run it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write(table: Table, root: Path) -> Path:
    """Write ``table`` under ``root``; return the file."""
    path = root / table.path
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.columns)
        writer.writerows([cell(value) for value in row] for row in table.rows)
    return path
