"""PDF sheets: the text of each printed row, rows a narrow page wrapped joined back by geometry."""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from ingest.parsing.lines import (
    ends_terminal,
    is_answer_start,
    is_caps_shape,
    kv_pair,
)
from ingest.parsing.wraps import is_broken_url, reads_as_wrap
from ingest.reading.errors import SourceError

logger = logging.getLogger(__name__)


def pdf_text(path: Path, data: bytes) -> str:
    """The text of a PDF sheet, wrapped lines rejoined from the page geometry."""
    # Imported here so that text-only use does not pay for pypdf.
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SourceError(f"{path}: encrypted PDF")
        rows = _pdf_rows(reader)
        if rows is None:
            logger.debug("%s: no layout information from pypdf, reading plain text", path)
            pages = [page.extract_text() or "" for page in reader.pages]
        else:
            return "\n".join(centred_labels(join_rows(drop_running_rows(rows))))
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SourceError(f"{path}: not a readable PDF ({exc})") from exc
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise SourceError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from exc
    return "\n".join(pages)


class PdfRow(NamedTuple):
    """One printed line of a PDF page: its text and where it sits (PDF points)."""

    text: str
    left: float
    right: float
    page: int
    size: float


def _pdf_rows(reader: Any) -> list[PdfRow] | None:
    """The printed lines of every page with their x extent; None when pypdf cannot tell.

    The geometry comes from pypdf's layout machinery (not a public API, hence the guard):
    each text run with the x where it starts and the x where its last glyph ends.
    """
    try:
        from pypdf._text_extraction import _layout_mode
        from pypdf.generic import ContentStream
    except ImportError:
        return None
    rows: list[PdfRow] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            contents = page.get("/Contents")
            if contents is None:
                continue
            ops = iter(ContentStream(contents.get_object(), page.pdf, "bytes").operations)
            groups = _layout_mode.text_show_operations(ops, page._layout_mode_fonts())
        except (AttributeError, TypeError, KeyError, ValueError, IndexError) as exc:
            logger.debug("page %d: layout extraction failed (%s)", number, exc)
            return None
        rows.extend(_rows_of(groups, number))
    return rows


class _Run(NamedTuple):
    text: str
    left: float
    right: float
    y: float
    size: float


def _rows_of(groups: list[Any], page: int) -> list[PdfRow]:
    """Runs on the same baseline merged into one row; a cell boundary becomes a tab.

    A boundary is a wide gap, or a run that starts where runs of other rows start too (the
    column of a drawn table, whose cells may sit closer than a wide gap). A row whose first
    run starts at such a column, right of the rows' left edge, opens with an empty cell (a
    merged cell above it, as a word processor prints one).
    """
    lines: list[list[_Run]] = []
    for g in groups:  # pypdf yields them top to bottom, left to right
        text, size = str(g["text"]), float(g["font_size"]) or 10.0
        if not text.strip():
            continue
        run = _Run(text, float(g["tx"]), float(g["displaced_tx"]), float(g["ty"]), size)
        last = lines[-1][0] if lines else None
        if last is not None and abs(run.y - last.y) < 0.5 * float(g["font_height"] or size):
            lines[-1].append(run)
        else:
            lines.append([run])
    for line in lines:
        # A line reads left to right whatever order its runs were drawn in (a table's first
        # column drawn after the others).
        line.sort(key=lambda r: r.left)
    page_columns = _columns(lines)
    block_columns = _block_columns(lines)
    left_edge = min((line[0].left for line in lines), default=0.0)
    rows: list[PdfRow] = []
    for k, line in enumerate(lines):
        columns = block_columns.get(k, page_columns)
        first = line[0]
        opens_empty = round(first.left) in columns and first.left > left_edge + first.size
        text = ("\t" if opens_empty else "") + first.text
        right = first.right
        for run in line[1:]:
            gap = run.left - right
            if gap > run.size or (gap > 0.15 * run.size and round(run.left) in columns):
                # A column that starts inside the gap is an empty cell of this row.
                skipped = sum(1 for x in columns if right + 1 < x < round(run.left) - 1)
                glue = "\t" * (1 + skipped)
            else:
                glue = " " if gap > 0.15 * run.size else ""
            text += glue + run.text
            right = max(right, run.right)
        rows.append(PdfRow(text, first.left, right, page, first.size))
    return rows


def _columns(lines: list[list[_Run]]) -> set[int]:
    """Where runs other than a row's first start in two rows or more: a drawn table's columns."""
    starts = Counter(round(run.left) for line in lines for run in line[1:])
    return {x for x, n in starts.items() if n >= 2}


def _block_columns(lines: list[list[_Run]]) -> dict[int, set[int]]:
    """The columns of each table on a page: rows of several runs one after another are one
    table, read with its own columns (another table's would part its cells where they are
    not)."""
    out: dict[int, set[int]] = {}
    k = 0
    while k < len(lines):
        if len(lines[k]) < 2:
            k += 1
            continue
        end = k
        while end < len(lines) and len(lines[end]) >= 2:
            end += 1
        if end - k >= 2:
            columns = _columns(lines[k:end])
            out.update({j: columns for j in range(k, end)})
        k = end
    return out


_DIGITS = re.compile(r"\d+")
# Of the text's width, what a row short of the margin must fill to be read as wrapped.
_WIDE = 0.6


def drop_running_rows(rows: list[PdfRow]) -> list[PdfRow]:
    """Rows without a running header or footer: the first or last row of a page whose text,
    page numbers aside ("Página 2 de 6"), opens or closes half the pages (two at least)."""
    ends: dict[int, list[int]] = {}
    for k, row in enumerate(rows):
        ends.setdefault(row.page, []).append(k)
    edges = {k for ks in ends.values() for k in (ks[0], ks[-1])}
    shapes = Counter(_running_shape(rows[k].text) for k in edges)
    least = max(2, len(ends) // 2)
    running = {shape for shape, pages in shapes.items() if pages >= least}
    return [
        row
        for k, row in enumerate(rows)
        if k not in edges or _running_shape(row.text) not in running
    ]


def _running_shape(text: str) -> str:
    """A row's text with its numbers as "#" and its gaps as one space: a running header reads
    the same on every page, though the gap between its two ends may read as one cell
    boundary or two (the columns of the page it is on)."""
    return _DIGITS.sub("#", " ".join(text.split()))


def join_rows(rows: list[PdfRow]) -> list[str]:
    """Logical lines: a row that a narrow page wrapped is joined to the next one.

    In justified text every wrapped row ends at the right margin of the text block and a
    real line end stops short of it. In ragged text a row is wrapped when the next row's
    first word would not have fitted after it. Either way the next row starts at the left
    margin, and an answer mark ("R:") always opens a line of its own.
    """
    if not rows:
        return []
    # One text block for the whole document: a short last page has no full-width row.
    left_margin = min(r.left for r in rows)
    right_margin = max(r.right for r in rows)
    # Justified rows end on the margin to a rounding error; a natural row rarely gets closer.
    tol = 0.01 * max(r.size for r in rows)
    reach = [r.right >= right_margin - tol for r in rows]
    justified = sum(reach) >= 2  # in ragged text only the widest row is on the margin
    if justified:
        rows = [_unstretch(r) if full else r for r, full in zip(rows, reach, strict=True)]
    big = _heading_size(rows)
    out: list[str] = [_as_heading(rows[0], big)]
    for k in range(1, len(rows)):
        prev, row = rows[k - 1], rows[k]
        if row.size >= big or prev.size >= big:
            if row.size >= big and prev.size >= big and row.page == prev.page:
                out[-1] = f"{out[-1]} {row.text.strip()}"  # a title too long for one row
            else:
                out.append(_as_heading(row, big))
            continue
        if row.left > left_margin + tol or is_answer_start(row.text) or kv_pair(row.text):
            out.append(row.text.rstrip())
            continue
        piece = prev.text.strip()
        # A word too long for a row is cut: the row ends about a glyph short of the margin.
        cut = " " not in piece and " " not in row.text.strip()
        cut = cut and prev.right >= right_margin - prev.size
        if cut:
            wrapped = True
        elif justified:
            # A row short of the margin is wrapped too when it is most of the text's width
            # and reads on into the next (a bold run at its start, "4.2 - Da taxa.", is
            # measured narrower than it prints).
            wrapped = reach[k - 1] or _reads_on(prev, row, left_margin, right_margin)
        else:
            first = row.text.split()[0]
            char = (row.right - row.left) / max(len(row.text), 1)
            fits = prev.right + char * (len(first) + 1) <= right_margin - tol
            wrapped = not fits and reads_as_wrap(prev.text, row.text)
        if not wrapped:
            out.append(row.text.rstrip())
            continue
        if prev.text.endswith("  "):
            glue = "\t"  # the row broke at a wide gap: a key before, its value after
        elif cut or is_broken_url(piece, row.text):
            glue = ""
        else:
            glue = " "
        out[-1] = out[-1].rstrip() + glue + row.text.strip()
    return out


def centred_labels(lines: list[str]) -> list[str]:
    """A table's label printed at the middle height of its two-line cell ("\tAv. X, 12 – CEP"
    / "Endereço" / "\t68743-050") read with its cell, on the cell's first line (the other two
    blank, so that lines keep their numbers)."""
    out = list(lines)
    for k in range(1, len(out) - 1):
        above, label, below = out[k - 1], out[k], out[k + 1]
        if not (above.startswith("\t") and below.startswith("\t") and "\t" not in label):
            continue
        words = label.split()
        if not 1 <= len(words) <= _LABEL_WORDS or label.rstrip()[-1:] in ".;:?!":
            continue
        if above.count("\t") != 1 or below.count("\t") != 1:
            continue
        out[k - 1] = f"{label.strip()}\t{above.strip()} {below.strip()}"
        out[k] = out[k + 1] = ""
    return out


_LABEL_WORDS = 5


# A title prints larger than the text: a quarter larger than the size most text is in.
_HEADING_RATIO = 1.25


def _heading_size(rows: list[PdfRow]) -> float:
    """The font size from which a row is a title (a slide's, a section's)."""
    chars: Counter[float] = Counter()
    for row in rows:
        chars[round(row.size, 1)] += len(row.text)
    return _HEADING_RATIO * chars.most_common(1)[0][0]


def _as_heading(row: PdfRow, big: float) -> str:
    """A row as a line of text; a title as a Markdown heading ("## Bloqueio?"), as the
    markup reader reads headings."""
    text = row.text.rstrip()
    return f"## {text.strip()}" if row.size >= big and "\t" not in text else text


# "1.2 - Do atendimento", "4) ...", "(b) ...": a row that opens an item of its own.
_OPENS_ITEM = re.compile(r"^\s*(?:\d+(?:\.\d+)*\s*[-–—.)]|\(?[a-z]\))\s")


def _reads_on(prev: PdfRow, row: PdfRow, left_margin: float, right_margin: float) -> bool:
    """A justified row that stops short of the margin and still goes on into the next: a
    numbered item's first row (its bold title, "4.2 - Da taxa de religação.", is measured
    narrower than it prints) over most of the text's width, with no sentence end and no
    cells in either row, the next row opening no item and no heading."""
    wide = prev.right - left_margin >= _WIDE * (right_margin - left_margin)
    return (
        wide
        and _OPENS_ITEM.match(prev.text) is not None
        and not _CELL_GAP.search(_unstretch(prev).text.strip())
        and not _CELL_GAP.search(_unstretch(row).text.strip())
        and not ends_terminal(prev.text)
        and not _OPENS_ITEM.match(row.text)
        and not is_caps_shape(row.text.strip())
    )


# A tab, or the wide gap a cell boundary prints as.
_CELL_GAP = re.compile(r"\t| {3,}")


def _unstretch(row: PdfRow) -> PdfRow:
    """A justified row with its stretched spaces back to one; wider gaps (tabs) stay wide."""
    gaps = [len(g) for g in re.findall(r" +", row.text.strip())]
    if not gaps:
        return row
    usual = Counter(gaps).most_common(1)[0][0]
    text = re.sub(r" +", lambda m: " " if len(m.group(0)) < 2 * usual + 1 else "    ", row.text)
    return row._replace(text=text)
