"""A table layout as a spreadsheet (.xlsx, openpyxl), for LibreOffice Calc.

The header row is the sheet's print title (repeated on every page), the title block is the
page header and the footer's three lines its footer (page numbers as fields), cells wrap their
text at the top, status cells are filled, directorate banners are merged rows. Calc does not
grow a row for wrapped text from an .xlsx, so each row's height comes from an over-estimate of
its lines (`office.line_estimate`); the pages are scaled to the paper's width.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from samples.model import Report
from samples.zoo.layouts import HEADERS, WIDTHS, TableLayout
from samples.zoo.office import cells, footer_left, hex_fill, line_estimate, title_lines

SIZE = 8.0
FONT = "Liberation Sans"
LEADING = 1.25 * SIZE
TITLE_ROWS = 3
"""The title block: the first rows of the sheet, printed on every page with the header row."""
POINTS_PER_UNIT = 5.6
"""Points per unit of column width (Calc's default font): WIDTHS are points."""


def _text(lines: list[str]) -> str:
    return "\n".join(lines)


def document(report: Report, layout: TableLayout, out: Path) -> Path:
    """Write the .xlsx of ``report`` in ``layout`` into ``out``; return its path."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Scorecard"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    top = Alignment(wrap_text=True, vertical="top", horizontal="left")
    for number, line in enumerate(title_lines(report), start=1):
        cell = sheet.cell(row=number, column=1, value=line)
        cell.font = Font(name=FONT, size=12 if number == 1 else 9.75, bold=number == 1)
        sheet.row_dimensions[number].height = 16 if number == 1 else 13
    header_row = TITLE_ROWS + 1
    letters = []
    for number, column in enumerate(layout.columns, start=1):
        letter = sheet.cell(row=header_row, column=number).column_letter
        letters.append(letter)
        sheet.column_dimensions[letter].width = WIDTHS[column] / POINTS_PER_UNIT
        cell = sheet.cell(row=header_row, column=number, value=HEADERS[column])
        cell.font = Font(name=FONT, size=SIZE, bold=True)
        cell.alignment, cell.border = top, border
        cell.fill = PatternFill("solid", fgColor="DBDBDB")
    sheet.row_dimensions[header_row].height = 3 * LEADING + 4
    row_number = header_row
    directorate = None
    for index, m in enumerate(report.measures):
        if layout.banners and m.directorate != directorate:
            directorate = m.directorate
            row_number += 1
            sheet.merge_cells(
                start_row=row_number, start_column=1, end_row=row_number, end_column=len(letters)
            )
            cell = sheet.cell(row=row_number, column=1, value=f"Directorate : {directorate}")
            cell.font = Font(name=FONT, size=SIZE, bold=True)
            cell.fill = PatternFill("solid", fgColor="C7DBF0")
            cell.alignment, cell.border = top, border
            sheet.row_dimensions[row_number].height = LEADING + 6
        row_number += 1
        tallest = 1
        for number, (column, (lines, status, _bold)) in enumerate(
            zip(layout.columns, cells(m, index, layout), strict=True), start=1
        ):
            cell = sheet.cell(row=row_number, column=number, value=_text(lines))
            cell.font = Font(name=FONT, size=SIZE)
            cell.alignment, cell.border = top, border
            colour = hex_fill(status)
            if colour:
                cell.fill = PatternFill("solid", fgColor=colour)
            width = WIDTHS[column] - 6
            tallest = max(tallest, line_estimate(lines, width, SIZE))
        sheet.row_dimensions[row_number].height = tallest * LEADING + 6
    sheet.print_title_rows = f"1:{header_row}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A3 if len(layout.columns) > 7 else sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    setup.fitToWidth, setup.fitToHeight = 1, 0
    left = footer_left(report)  # one line per section: Calc prints no line breaks there
    sheet.oddFooter.left.text = left[0]
    sheet.oddFooter.center.text = left[1]
    sheet.oddFooter.right.text = "Page &P of &N"
    for part in (sheet.oddFooter.left, sheet.oddFooter.center, sheet.oddFooter.right):
        part.size, part.font = 7, FONT
    path = out / f"{layout.name}.xlsx"
    book.save(str(path))
    return path
