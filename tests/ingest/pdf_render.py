"""Render a sheet's text to PDF inside tests, the way an office export looks to pypdf.

Blank lines are dropped (an export loses them), tabs become a wide gap, long lines wrap on a
narrow page, text is justified. A real Unicode TTF font keeps the accents.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)


def unicode_font() -> Path | None:
    """A TTF font with Portuguese accents, or None when the machine has none."""
    return next((p for p in FONT_CANDIDATES if p.is_file()), None)


class _Manual(FPDF):
    """A printed manual's page: a running footer with the page number at its foot."""

    running = ""

    def footer(self) -> None:
        if self.running:
            self.set_y(-8)
            self.cell(0, 4, f"{self.running} - Página {self.page_no()} de {{nb}}", align="C")


def render_pdf(
    text: str,
    out: Path,
    page_width_mm: float = 150.0,
    font_size: float = 10,
    align: str = "J",
    *,
    drawn_tables: bool = False,
    footer: str = "",
) -> Path:
    """Write text as a PDF at out: no blank lines, wrapped, justified ("J") or ragged ("L").

    ``drawn_tables`` draws each run of tab-separated lines as a table of bordered cells (as a
    word processor prints one); ``footer`` is a running footer with page numbers on every page.
    """
    font = unicode_font()
    if font is None:
        raise RuntimeError("no Unicode TTF font found (install fonts-dejavu-core)")
    pdf = _Manual(format=(page_width_mm, 297))
    pdf.running = footer
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=14 if footer else 10)
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_font("DejaVu", size=font_size)
    pdf.add_page()
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    k = 0
    while k < len(lines):
        end = k
        while drawn_tables and end < len(lines) and "\t" in lines[end].strip():
            end += 1
        # A table: two rows at least (a lone "question?<tab>answer" is not), cells on one line.
        if end - k >= 2 and _table(pdf, [line.split("\t") for line in lines[k:end]], font_size):
            k = end
            continue
        line = lines[k].replace("\t", "    ")
        pdf.multi_cell(0, font_size * 0.5, line, new_x="LMARGIN", new_y="NEXT", align=align)
        k += 1
    pdf.output(str(out))
    return out


def _table(pdf: FPDF, rows: list[list[str]], font_size: float) -> bool:
    """Draw rows as bordered cells, each column as wide as its widest cell; False (nothing
    drawn) when the columns do not fit the page, as a word processor would wrap the cells."""
    width = max(len(row) for row in rows)
    rows = [[c.strip() for c in row] + [""] * (width - len(row)) for row in rows]
    padding = 2 * pdf.c_margin + 1
    widths = [max(pdf.get_string_width(row[i]) for row in rows) + padding for i in range(width)]
    if sum(widths) > pdf.epw:
        return False
    with pdf.table(
        line_height=font_size * 0.5,
        text_align="LEFT",
        first_row_as_headings=False,
        col_widths=tuple(widths),
        width=sum(widths),
        align="LEFT",
    ) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    return True


def render_image_only_pdf(out: Path) -> Path:
    """A PDF whose only page holds a drawn rectangle and no text (like a scanned page)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(30, 30, 30)
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(out))
    return out
