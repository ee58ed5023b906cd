"""Render a report as HTML and CSS with WeasyPrint: its own table layout, Pango line breaking
and shaping (real `liga` ligatures with DejaVu), margin boxes for the page header and footer.

A row may split over pages anywhere inside a paragraph, never between two (as the reference
renderer guarantees: a paragraph gap at a page break would leave no trace of itself).
Which pages a measure landed on is read back from WeasyPrint's anchors: an id at the start of
each row and one at the end of each of its cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from html import escape

import weasyprint

from samples.cells import HEADERS, format_value
from samples.model import Measure, Report
from samples.zoo.fonts import FACES
from samples.zoo.furniture import (
    NOTES,
    RAG_KEY,
    back_pages,
    cover_lines,
    footer_lines,
    front_pages,
    title_block,
)
from samples.zoo.layout import TEXT_FIELDS
from samples.zoo.styles import COLOURED, COLUMNS, RGB, ZooStyle, fill_for, ink_on

# A word Pango could break inside (after "/", "!", ...) is kept whole, as in the reference
# renderer; a hyphen is a break opportunity only when the style wraps at hyphens.
_UNSAFE = re.compile(r"[^\w.,;:'\"()%&\u2018\u2019\u201c\u201d\u00ad-]|(?<=\w)-(?=\w)")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b")
PAGE = {"A4": "A4 landscape", "A3": "A3 landscape", "Letter": "letter landscape"}


def css_colour(rgb: RGB | None) -> str:
    return "transparent" if rgb is None else "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


class Html:
    """Builds the HTML of one report in one style."""

    def __init__(self, style: ZooStyle, draw: Callable[[str], str]) -> None:
        self.style, self.draw = style, draw

    def words(self, text: str) -> str:
        """Escaped text: no break after a non-hyphen sign, none before a "-" token."""
        out: list[str] = []
        for token in text.split(" "):
            unsafe = _UNSAFE.search(token.replace("-", "")) or (
                self.style.hyphen_wrap == "off" and "-" in token.strip("-")
            )
            html = escape(token)
            if self.style.superscripts == "on":
                html = _ORDINAL.sub(r"<sup>\1</sup>", html)
            if unsafe:
                html = f'<span class="nw">{html}</span>'
            if out and token.startswith("-"):
                out[-1] = f'<span class="nw">{out[-1]} {html}</span>'
            else:
                out.append(html)
        return " ".join(out)

    def details(self, m: Measure) -> str:
        code = escape(m.code)
        title = self.words(m.title)
        sep = escape(m.code_separator)
        if self.style.code_wrap == "own-line":
            return f'<span class="nw">{code}{sep.rstrip()}</span><br>{title}'
        head, _, rest = m.code.partition(" ")
        if self.style.code_wrap == "wrapped" and rest:
            return f'{escape(head)}<br><span class="nw">{escape(rest)}</span>{sep}{title}'
        return f'<span class="nw">{code}</span>{sep}{title}'

    def status(self, m: Measure, forecast: bool) -> str:
        status = m.forecast_status if forecast else m.quarterly_status
        target = m.forecast_target if forecast else m.quarterly_target
        actual = m.forecast_actual if forecast else m.quarterly_actual
        lines = []
        if status and not (self.style.status_display == "colour-only" and status in COLOURED):
            lines.append(f"<b>{escape(status)}</b>")
        lines.append("Forecast data" if forecast else "Quarterly data")
        for label, value in (("Target", target), ("Actual", actual)):
            lines.append(" ".join(escape(t) for t in format_value(label, value, m.unit)))
        return "<br>".join(lines)

    def commentary(self, text: str) -> str:
        paragraphs = (p for p in text.split("\n\n") if p.strip())
        return "".join(
            "<p>" + "<br>".join(self.words(hard) for hard in p.split("\n")) + "</p>"
            for p in paragraphs
        )

    def row(self, index: int, m: Measure) -> str:
        dm = replace(m, **{k: self.draw(getattr(m, k)) for k in TEXT_FIELDS})
        cells = [
            self.details(dm),
            self.status(dm, False),
            self.status(dm, True),
            escape(dm.direction or ""),
            self.commentary(dm.context),
            self.commentary(dm.actions),
            self.commentary(dm.intervention),
        ]
        fills = [
            None,
            fill_for(self.style, m.quarterly_status),
            fill_for(self.style, m.forecast_status),
        ]
        tds = []
        for j, cell in enumerate(cells):
            fill = fills[j] if j < 3 else None
            ink = css_colour(ink_on(self.style, fill))
            bg = f' style="background:{css_colour(fill)};color:{ink}"' if fill else ""
            tds.append(f'<td{bg}>{cell}<a id="m{index}-e{j}"></a></td>')
        return f'<tr id="m{index}">{"".join(tds)}</tr>'


def _css_string(text: str) -> str:
    """A CSS string literal ("\\A" for a line break)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def stylesheet(report: Report, style: ZooStyle) -> str:
    """Page boxes, table and text styles."""
    family = FACES[style.font].family
    lines = title_block(report, style)
    footer = footer_lines(report, 0, 0)
    left = "\n".join(line[0] for line in footer)
    ruling = {
        "grid": "td, th { border: 0.5pt solid #000; }",
        "horizontal": "tr > * { border-top: 0.5pt solid #000; border-bottom: 0.5pt solid #000; }",
        "none": "th { background: transparent !important; }",
    }[style.rulings]
    if style.title_lines == "1":
        head = (
            f"@top-left {{ content: {_css_string(lines[0])}; font-weight: bold; font-size: 12pt; }}"
            f"@top-center {{ content: {_css_string(lines[1])}; font-size: 9.75pt; }}"
            f"@top-right {{ content: {_css_string(lines[2])}; font-size: 9.75pt; }}"
        )
    else:
        head = "@top-left { content: element(pagehead); vertical-align: bottom; }"
    spacing = "letter-spacing: 0.6pt;" if style.letter_spacing == "wide" else ""
    ligatures = "common-ligatures" if style.ligatures == "on" else "no-common-ligatures"
    return f"""
@page {{ size: {PAGE[style.page_size]}; margin: 62pt 22pt 46pt 22pt;
  {head}
  @bottom-left {{ content: {_css_string(left)}; white-space: pre; vertical-align: top;
                  font-size: 7.5pt; padding-top: 6pt; }}
  @bottom-center {{ content: {_css_string(footer[0][1])}; vertical-align: top; font-size: 7.5pt;
                    padding-top: 6pt; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages) "\\A {footer[1][2]}";
                   white-space: pre; text-align: right; vertical-align: top; font-size: 7.5pt;
                   padding-top: 6pt; }}
}}
@page cover {{ @top-left {{ content: none; }} @top-center {{ content: none; }}
              @top-right {{ content: none; }} }}
html {{ font-family: '{family}'; font-size: 7.5pt; line-height: 9.75pt; {spacing}
        font-variant-ligatures: {ligatures}; }}
.pagehead {{ position: running(pagehead); }}
.pagehead .name {{ font-weight: bold; font-size: 12pt; line-height: 15pt; }}
.pagehead div {{ font-size: 9.75pt; line-height: 11.25pt; }}
table.scorecard {{ width: 100%; table-layout: fixed; border-collapse: collapse; }}
td, th {{ padding: 3pt; vertical-align: top; text-align: left; overflow: visible; }}
th {{ background: #dbdbdb; font-weight: bold; }}
tr {{ break-inside: {"avoid" if style.row_split == "keep" else "auto"}; }}
tr.banner td {{ background: #c7dbf0; font-weight: bold; }}
p {{ margin: 0; }} p + p {{ margin-top: 9.75pt; break-before: avoid; }}
.nw {{ white-space: nowrap; }}
sup {{ font-size: 65%; vertical-align: super; line-height: 0; }}
section.front, section.back {{ break-after: page; }}
section.cover {{ page: cover; text-align: center; padding-top: 90pt; }}
section.cover div {{ margin-bottom: 12pt; }}
section.cover .name {{ font-size: 20pt; font-weight: bold; line-height: 24pt; }}
table.key td {{ padding: 3pt 8pt; border: none; }}
td.swatch {{ width: 24pt; border: 0.5pt solid #000 !important; }}
h2 {{ font-size: 12pt; margin: 12pt 0; }}
{ruling}
"""


def key_table(style: ZooStyle) -> str:
    rows = "".join(
        f'<tr><td class="swatch" style="background:{css_colour(fill_for(style, status))}"></td>'
        f"<td><b>{escape(status)}</b></td><td>{escape(meaning)}</td></tr>"
        for status, meaning in RAG_KEY
    )
    return f'<h2>Key to status</h2><table class="key">{rows}</table>'


def non_table(kind: str, report: Report, style: ZooStyle) -> str:
    """A cover, title, key or notes section."""
    if kind in ("cover", "title"):
        lines = cover_lines(report, style)
        body = f'<div class="name">{escape(lines[0])}</div>'
        body += "".join(f"<div>{escape(line)}</div>" for line in lines[1:])
        key = key_table(style) if kind == "cover" else ""
        return f'<section class="front cover">{body}{key}</section>'
    if kind == "key":
        return f'<section class="front">{key_table(style)}</section>'
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in NOTES[1:])
    return f'<section class="back" style="width: 60%"><h2>{NOTES[0]}</h2>{paragraphs}</section>'


def document(report: Report, style: ZooStyle, draw: Callable[[str], str]) -> str:
    """The whole HTML document."""
    html = Html(style, draw)
    lines = title_block(report, style)
    head = f'<div class="pagehead"><div class="name">{escape(lines[0])}</div>'
    head += "".join(f"<div>{escape(line)}</div>" for line in lines[1:]) + "</div>"
    cols = "".join(f'<col style="width:{w}%">' for w in _percent(COLUMNS[style.columns]))
    header = "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in HEADERS) + "</tr>"
    rows: list[str] = [] if style.header_repeat == "yes" else [header]
    directorate = None
    for i, m in enumerate(report.measures):
        if m.directorate != directorate:
            directorate = m.directorate
            rows.append(
                f'<tr class="banner"><td colspan="7">Directorate : {escape(directorate)}</td></tr>'
            )
        rows.append(html.row(i, m))
    thead = f"<thead>{header}</thead>" if style.header_repeat == "yes" else ""
    table = f'<table class="scorecard"><colgroup>{cols}</colgroup>{thead}<tbody>{"".join(rows)}</tbody></table>'
    front = "".join(non_table(k, report, style) for k in front_pages(style))
    back = "".join(non_table(k, report, style) for k in back_pages(style))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{stylesheet(report, style)}"
        f"</style></head><body>{head}{front}{table}{back}</body></html>"
    )


def _percent(widths: tuple[float, ...]) -> list[float]:
    return [round(100 * w / sum(widths), 3) for w in widths]


def render(
    report: Report, style: ZooStyle, draw: Callable[[str], str]
) -> tuple[bytes, dict[int, list[int]], int]:
    """PDF bytes, the 1-based pages of each measure, and the page count."""
    doc = weasyprint.HTML(string=document(report, style, draw)).render()
    found: dict[int, list[int]] = {}
    for number, page in enumerate(doc.pages, start=1):
        for anchor in page.anchors:
            if anchor.startswith("m"):
                found.setdefault(int(anchor[1:].split("-")[0]), []).append(number)
    pages_of = {i: list(range(min(p), max(p) + 1)) for i, p in found.items()}
    return doc.write_pdf(), pages_of, len(doc.pages)
