"""The text of each cell of a measure row, measured and wrapped to its column.

A wrapped line never starts with "-" (a line that does is a bullet), a commentary cell splits
only inside a paragraph, and in the letter-spaced style every glyph is followed by a seeded gap.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from samples.model import Measure, mismap
from samples.styles import Style

HEADERS = (
    "Measure Details",
    "Quarterly Target Status",
    "Forecast Year End Status",
    "Performance VS Target",
    "Context for Current Performance",
    "Improvement Actions Taken",
    "Intervention / Review",
)
COMMENTARY_COLUMNS = (4, 5, 6)
NBSP = "\u00a0"  # joins tokens that must not be wrapped apart; drawn as a word gap


@dataclass(frozen=True)
class Line:
    """One printed line of a cell; an empty text is the blank line between paragraphs."""

    text: str
    bold: bool = False


Cell = list[Line]


class Metrics:
    """Text measuring and wrapping for one style (letter-spaced or plain)."""

    def __init__(self, style: Style) -> None:
        self.style = style
        self.scale = style.font_size / 7.0

    def char_gaps(self, word: str) -> list[float]:
        """The extra gap after each glyph of a word but the last (letter-spaced style only)."""
        if not self.style.letter_spacing:
            return [0.0] * max(len(word) - 1, 0)
        gaps = []
        for i in range(len(word) - 1):
            h = zlib.crc32(f"{word}|{i}".encode())
            a, b = word[i], word[i + 1]
            split = (a.isupper() and b.islower() and h % 10 < 8) or h % 100 < 30
            gap = 1.05 + (h % 7) * 0.05 if split else (h % 5) * 0.04
            gaps.append(gap * self.scale)
        return gaps

    def word_width(self, word: str, bold: bool = False) -> float:
        """Width of one word (no spaces) including its letter gaps."""
        font = self.style.bold_font if bold else self.style.font
        width = stringWidth(word, font, self.style.font_size)
        return width + sum(self.char_gaps(word))

    def space(self, bold: bool = False) -> float:
        """The gap between two words."""
        font = self.style.bold_font if bold else self.style.font
        width = stringWidth(" ", font, self.style.font_size)
        return width + (self.style.word_gap_extra * self.scale if self.style.letter_spacing else 0)

    def unit_width(self, unit: str, bold: bool = False) -> float:
        """Width of a token whose words are joined by NBSP."""
        words = unit.split(NBSP)
        return sum(self.word_width(w, bold) for w in words) + self.space(bold) * (len(words) - 1)

    def wrap(self, text: str, width: float, bold: bool = False) -> list[str]:
        """Wrap one hard line to `width`; a wrapped line never starts with "-"."""
        units = wrap_units(mismap(text))
        lines: list[str] = []
        current: list[str] = []
        used = 0.0
        for unit in units:
            w = self.unit_width(unit, bold)
            if w > width + 0.01:
                raise ValueError(
                    f"word {unit!r} ({w:.1f}pt) is wider than its cell ({width:.1f}pt)"
                )
            extra = w if not current else self.space(bold) + w
            if current and used + extra > width:
                lines.append(" ".join(current))
                current, used = [unit], w
            else:
                current.append(unit)
                used += extra
        if current:
            lines.append(" ".join(current))
        return lines


def wrap_units(text: str) -> list[str]:
    """The words of a line, a word starting with "-" joined (NBSP) to the one before it, so that
    a wrapped line never starts with "-" (a line that does is a bullet)."""
    units: list[str] = []
    for token in (t for t in text.split(" ") if t):
        if units and token.startswith("-"):
            units[-1] += NBSP + token
        else:
            units.append(token)
    return units


def format_value(label: str, value: str | None, unit: str | None) -> list[str]:
    """The hard lines of a "Target X" / "Actual Y" entry; a population unit gets its own lines."""
    lines = [f"{label} {value}" if value else label]
    if unit and unit.startswith("per ") and value:
        lines += [" ".join(unit.split()[:2]), unit.split()[2]]
    return lines


def status_cell(metrics: Metrics, width: float, m: Measure, forecast: bool) -> Cell:
    """Status label, then the data lines of the quarterly or forecast column."""
    status = m.forecast_status if forecast else m.quarterly_status
    target = m.forecast_target if forecast else m.quarterly_target
    actual = m.forecast_actual if forecast else m.quarterly_actual
    cell: Cell = []
    if status:
        cell += [Line(t, bold=True) for t in metrics.wrap(status, width, bold=True)]
    cell.append(Line("Forecast data" if forecast else "Quarterly data"))
    for hard in format_value("Target", target, m.unit) + format_value("Actual", actual, m.unit):
        cell += [Line(t) for t in metrics.wrap(hard, width)]
    return cell


def commentary_cell(metrics: Metrics, width: float, text: str) -> Cell:
    """Paragraphs separated by a blank line, bullet lines on their own line."""
    cell: Cell = []
    for i, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        if i:
            cell.append(Line(""))
        for hard in paragraph.split("\n"):
            cell += [Line(t) for t in metrics.wrap(hard, width)]
    return cell


def measure_cells(metrics: Metrics, widths: Sequence[float], m: Measure) -> list[Cell]:
    """The seven cells of a measure row."""
    code = NBSP.join(mismap(m.code).split())
    details = f"{code}{m.code_separator}{m.title}"
    return [
        [Line(t) for t in metrics.wrap(details, widths[0])],
        status_cell(metrics, widths[1], m, forecast=False),
        status_cell(metrics, widths[2], m, forecast=True),
        [Line(m.direction)] if m.direction else [],
        commentary_cell(metrics, widths[4], m.context),
        commentary_cell(metrics, widths[5], m.actions),
        commentary_cell(metrics, widths[6], m.intervention),
    ]


def split_point(cell: Cell, fit: int, commentary: bool) -> int:
    """How many lines of `cell` go on this page: at most `fit`, never at a paragraph gap."""
    k = min(fit, len(cell))
    if k == len(cell):
        return k
    if commentary:
        while k > 0 and (not cell[k - 1].text or not cell[k].text):
            k -= 1
    return k
