"""Word-processor and spreadsheet exports: a table layout written as .docx and .xlsx, turned into
PDF by LibreOffice Writer and Calc (Debian's `libreoffice-writer-nogui`, `-calc-nogui`).

The documents carry the report's title block in the page header and its footer (page numbers
as fields), the table header row repeated on every page, status cells filled, rows that do not
break over pages. Writer wraps cell text itself; Calc does not grow a row for wrapped text, so
rows are given heights from a generous estimate of their lines (a clipped cell would lose text).
Which page each measure is on is read back from the PDF (`pages_of`), by its code at the left
edge of the code column.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from samples.model import (
    COUNCIL,
    DATA_SOURCE,
    REPORT_NAME,
    Measure,
    Report,
    fetched_label,
    period_label,
)  # fmt: skip
from samples.zoo.content import drawn
from samples.zoo.layouts import COMMENTARY, HEADERS, STATUS_FILLED, TableLayout, cell_text
from samples.zoo.layouts import printed_direction as direction
from samples.zoo.styles import BASE, fill_for

STYLE = BASE.__class__(quotes="curly")
"""Office documents print real curly quotes (no mis-mapped font)."""
NBSP = "\u00a0"
_INSTALL = (
    "apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui"
)


class NoLibreOffice(RuntimeError):
    """LibreOffice is not installed (`make zoo` installs it when run as root)."""


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        raise NoLibreOffice(f"LibreOffice is not installed: {_INSTALL}")
    return found


def cells(m: Measure, index: int, layout: TableLayout) -> list[tuple[list[str], str | None, bool]]:
    """Each cell of a measure row: its hard lines ('' for a blank line), fill status, bold first."""
    text = lambda value: drawn(value or "", STYLE)  # noqa: E731
    out: list[tuple[list[str], str | None, bool]] = []
    for column in layout.columns:
        if column == "details":
            code = NBSP.join(m.code.split())
            out.append(([f"{code}{m.code_separator}{text(m.title)}"], None, False))
        elif column in ("quarterly", "forecast"):
            forecast = column == "forecast"
            status = m.forecast_status if forecast else m.quarterly_status
            target = m.forecast_target if forecast else m.quarterly_target
            actual = m.forecast_actual if forecast else m.quarterly_actual
            lines = [status] if status else []
            lines.append("Forecast data" if forecast else "Quarterly data")
            for label, value in (("Target", target), ("Actual", actual)):
                lines.append(f"{label} {value}" if value else label)
                if value and m.unit and m.unit.startswith("per "):
                    lines += [" ".join(m.unit.split()[:2]), m.unit.split()[2]]
            out.append((lines, status, bool(status)))
        elif column == "performance":
            out.append(([direction(m, index, layout) or ""], None, False))
        elif column in ("context", "actions", "intervention", *COMMENTARY):
            value = {
                "context": m.context,
                "actions": m.actions,
                "intervention": m.intervention,
            }.get(column)
            body = text(value if value is not None else cell_text(column, m, index, layout))
            out.append((_paragraph_lines(body), None, False))
        else:
            value = cell_text(column, m, index, layout) or ""
            value = NBSP.join(value.split()) if column == "ref" else text(value)
            status = value if column in STATUS_FILLED else None
            out.append(([value], status, False))
    return out


def _paragraph_lines(text: str) -> list[str]:
    """Hard lines of a commentary: paragraphs apart by a blank line, bullets on their own."""
    lines: list[str] = []
    for number, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        if number:
            lines.append("")
        lines += paragraph.split("\n")
    return lines


def title_lines(report: Report) -> list[str]:
    return [REPORT_NAME, COUNCIL, period_label(report.period_end)]


def footer_left(report: Report) -> list[str]:
    return [
        f"Data Source: {DATA_SOURCE}",
        f"Time Fetched: {fetched_label(report.time_fetched)}",
        f"Report Name: {REPORT_NAME}",
    ]


def hex_fill(status: str | None) -> str | None:
    fill = fill_for(STYLE, status)
    return None if fill is None else "".join(f"{round(c * 255):02X}" for c in fill)


def convert(source: Path, out: Path) -> bytes:
    """The PDF LibreOffice makes of ``source`` (its own user profile, so calls may overlap)."""
    with tempfile.TemporaryDirectory(prefix="zoo-lo-") as home:
        command = [
            soffice(), f"-env:UserInstallation=file://{home}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(out), str(source),
        ]  # fmt: skip
        env = {**os.environ, "HOME": home}
        subprocess.run(command, check=True, capture_output=True, timeout=240, env=env)
    return (out / f"{source.stem}.pdf").read_bytes()


def pages_of(pdf: bytes, report: Report, layout: TableLayout) -> tuple[dict[int, list[int]], int]:
    """The page of each measure: where its code starts a line at the code column's left edge."""
    import io

    import pdfplumber

    key = next(c for c in layout.columns if c in ("details", "ref"))
    found: dict[int, list[int]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        count = len(doc.pages)
        for number, page in enumerate(doc.pages, start=1):
            words = page.extract_words()
            label = next(w for w in words if w["text"] == HEADERS[key].split()[0])
            for start in words:
                if abs(start["x0"] - label["x0"]) >= 3 or start["top"] <= label["bottom"]:
                    continue
                line = sorted(
                    (
                        w
                        for w in words
                        if abs(w["top"] - start["top"]) < 1 and w["x0"] >= start["x0"]
                    ),
                    key=lambda w: w["x0"],
                )
                texts = " ".join(w["text"] for w in line).replace(NBSP, " ").split()
                for index, m in enumerate(report.measures):
                    code = m.code.split()
                    if texts[: len(code)] == code:
                        found.setdefault(index, []).append(number)
    missing = [report.measures[i].code for i in range(len(report.measures)) if i not in found]
    if missing:
        raise RuntimeError(f"codes not found at the code column's edge: {missing}")
    return {i: pages[:1] for i, pages in found.items()}, count


def line_estimate(lines: list[str], width_points: float, size: float) -> int:
    """Lines a cell's text takes, over-estimated (an average glyph is ~0.5 em; we allow 0.6)."""
    per_line = max(1, int(width_points / (0.6 * size)))
    return sum(max(1, math.ceil(len(line) / per_line)) for line in lines)
