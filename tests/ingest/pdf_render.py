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


def render_pdf(
    text: str,
    out: Path,
    page_width_mm: float = 150.0,
    font_size: float = 10,
    align: str = "J",
) -> Path:
    """Write text as a PDF at out: no blank lines, wrapped, justified ("J") or ragged ("L")."""
    font = unicode_font()
    if font is None:
        raise RuntimeError("no Unicode TTF font found (install fonts-dejavu-core)")
    pdf = FPDF(format=(page_width_mm, 297))
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=10)
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_font("DejaVu", size=font_size)
    pdf.add_page()
    for line in text.splitlines():
        line = line.replace("\t", "    ").rstrip()
        if not line.strip():
            continue
        pdf.multi_cell(0, font_size * 0.5, line, new_x="LMARGIN", new_y="NEXT", align=align)
    pdf.output(str(out))
    return out


def render_image_only_pdf(out: Path) -> Path:
    """A PDF whose only page holds a drawn rectangle and no text (like a scanned page)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(30, 30, 30)
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(out))
    return out
