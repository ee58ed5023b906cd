"""A table layout as a word-processor document (.docx, python-docx), for LibreOffice Writer.

Landscape pages (A3 for wide layouts), the title block as the page header, the footer's three
lines with tab stops and PAGE / NUMPAGES fields, a grid table whose header row repeats on every
page and whose rows do not break over pages, status cells shaded, directorate banners as merged
rows. Writer ignores cell widths unless the table's autofit is off and every cell has one.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from samples.model import FOOTER_DIRECTORATE, TEAM, Report
from samples.zoo.layouts import HEADERS, WIDTHS, TableLayout
from samples.zoo.office import cells, footer_left, hex_fill, title_lines

SIZE = 7.5
FONT = "Liberation Sans"
PADDING = 3.0
MARGIN = 28.0
PAGES = {"A4": (841.89, 595.28), "A3": (1190.55, 841.89)}


def _tight(paragraph, size: float = SIZE, bold: bool = False, text: str = "") -> None:  # type: ignore[no-untyped-def]
    """A paragraph with no spacing around it, in the document's size."""
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold


def _field(paragraph, instruction: str) -> None:  # type: ignore[no-untyped-def]
    """A PAGE or NUMPAGES field."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(int(SIZE * 2)))
    props.append(size)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _shade(cell, colour: str) -> None:  # type: ignore[no-untyped-def]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _margins(table, points: float) -> None:  # type: ignore[no-untyped-def]
    """The same left and right padding in every cell (Writer's default is wider)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        item = OxmlElement(f"w:{side}")
        item.set(qn("w:w"), str(int(points * 20)))
        item.set(qn("w:type"), "dxa")
        margins.append(item)
    table._tbl.tblPr.append(margins)


def _row_flag(row, name: str) -> None:  # type: ignore[no-untyped-def]
    row._tr.get_or_add_trPr().append(OxmlElement(name))


def _fill(cell, lines: list[str], bold_first: bool = False) -> None:  # type: ignore[no-untyped-def]
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        _tight(paragraph, bold=bold_first and index == 0, text=line)
        if not line:
            _tight(paragraph, text="\u200b")  # an empty paragraph keeps a line's height


def document(report: Report, layout: TableLayout, out: Path) -> Path:
    """Write the .docx of ``report`` in ``layout`` into ``out``; return its path."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    width, height = PAGES["A3" if len(layout.columns) > 7 else "A4"]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Pt(width), Pt(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Pt(MARGIN))
    section.header_distance = section.footer_distance = Pt(14)
    head = section.header.paragraphs[0]
    for index, line in enumerate(title_lines(report)):
        paragraph = head if index == 0 else section.header.add_paragraph()
        _tight(paragraph, size=12 if index == 0 else 9.75, bold=index == 0, text=line)
    usable = width - 2 * MARGIN
    left = footer_left(report)
    rights = [None, TEAM, ""]
    for index, text in enumerate(left):
        paragraph = section.footer.paragraphs[0] if index == 0 else section.footer.add_paragraph()
        stops = paragraph.paragraph_format.tab_stops
        stops.add_tab_stop(Pt(usable / 2), WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(Pt(usable), WD_TAB_ALIGNMENT.RIGHT)
        _tight(paragraph, text=text)
        if index == 0:
            _tight(paragraph, text=f"\t{FOOTER_DIRECTORATE}\tPage ")
            _field(paragraph, "PAGE")
            _tight(paragraph, text=" of ")
            _field(paragraph, "NUMPAGES")
        elif rights[index]:
            _tight(paragraph, text=f"\t\t{rights[index]}")
    total = sum(WIDTHS[c] for c in layout.columns)
    widths = [Pt(usable * WIDTHS[c] / total) for c in layout.columns]
    table = doc.add_table(rows=1, cols=len(layout.columns))
    table.style = "Table Grid"
    table.autofit = False
    _margins(table, PADDING)
    for column, column_width in zip(table.columns, widths, strict=True):
        column.width = column_width
    header = table.rows[0]
    _row_flag(header, "w:tblHeader")
    _row_flag(header, "w:cantSplit")
    for cell, column, cell_width in zip(header.cells, layout.columns, widths, strict=True):
        cell.width = cell_width
        _fill(cell, [HEADERS[column]], bold_first=True)
        _shade(cell, "DBDBDB")
    directorate = None
    for index, m in enumerate(report.measures):
        if layout.banners and m.directorate != directorate:
            directorate = m.directorate
            row = table.add_row()
            _row_flag(row, "w:cantSplit")
            for cell, cell_width in zip(row.cells, widths, strict=True):
                cell.width = cell_width
            merged = row.cells[0].merge(row.cells[-1])
            _fill(merged, [f"Directorate : {directorate}"], bold_first=True)
            _shade(merged, "C7DBF0")
        row = table.add_row()
        _row_flag(row, "w:cantSplit")
        for cell, cell_width, (lines, status, bold) in zip(
            row.cells, widths, cells(m, index, layout), strict=True
        ):
            cell.width = cell_width
            _fill(cell, lines, bold_first=bold)
            colour = hex_fill(status)
            if colour:
                _shade(cell, colour)
    path = out / f"{layout.name}.docx"
    doc.save(str(path))
    return path
