"""Word sheets (.docx, as Word, LibreOffice and Google Docs save them): the text the parser reads.

The document's body is read block by block, a *block* being a paragraph with text or a table
row, numbered from 1 in document order; that number is the source span of a DOCX sheet
("parágrafo N", ``ingest.records``). Each block becomes the lines a TXT or Markdown sheet
would have for it:

* a heading (style "Heading N"/"Título N"/"Title", or an outline level) -> "## text";
* a list paragraph (Word numbering, or a "List Bullet"/"List Number" style) -> "- text" or
  "N. text";
* bold runs at word edges -> "**text**" (a bold piece inside a word stays plain, so that a
  password is never touched); a line break inside a paragraph -> a new line;
* a table row -> one row of cells the parser's table readers understand: tab-separated, as
  Word's TXT export writes it, or between pipes when a row has an empty first or last cell
  (which tab rows lose) and no cell holds a "|"; merged
  cells: a row merged across the whole table is a line of its own, a cell merged down repeats
  its text in every row it covers, a cell merged across keeps its text in its first column;
  a cell of several paragraphs continues on lines of its own below the row, as Word's TXT
  export writes it.

Text boxes, headers and footers are not part of the sheet's flow: ignored with a warning.
Every block's lines are separated by a blank line: nothing of a DOCX is a wrapped line.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ingest.reading.docx_parts import (
    W_NS,
    ListNumbers,
    check_container,
    ignored_parts,
    style_chain,
    xp,
)
from ingest.reading.errors import SourceError

logger = logging.getLogger(__name__)

_HEADING_NAME = re.compile(r"^(?:heading|t[ií]tulo|titulo)\s*(\d)$", re.IGNORECASE)
_FALSE = {"0", "false", "off", "none"}


class DocxText(NamedTuple):
    """The text of a DOCX sheet, the block number of each of its lines (0: blank), warnings."""

    text: str
    blocks: tuple[int, ...]
    warnings: list[str]


def docx_text(path: Path, data: bytes) -> DocxText:
    """The text of a DOCX sheet; SourceError naming the file when it is not a usable document."""
    check_container(path, data)
    # Imported here so that text-only use does not pay for python-docx (and lxml).
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # a dependency of the project: a broken install
        raise SourceError(
            f"{path}: reading .docx needs python-docx (pip install python-docx)"
        ) from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise SourceError(f"{path}: a zip archive, but not a Word document ({exc})") from exc
    except Exception as exc:  # python-docx and lxml raise many kinds on damaged files
        raise SourceError(f"{path}: damaged Word document ({type(exc).__name__}: {exc})") from exc
    reader = _Reader(document)
    lines: list[str] = []
    blocks: list[int] = []
    number = 0
    for block in reader.blocks(document.element.body):
        if not block:
            continue
        number += 1
        for line in block:
            lines.extend((line, ""))
            blocks.extend((number, 0))
    if number == 0:
        raise SourceError(f"{path}: empty document (no text)")
    warnings = [f"{path}: {w}" for w in ignored_parts(document)]
    for warning in warnings:
        logger.warning("%s", warning)
    return DocxText("\n".join(lines), tuple(blocks), warnings)


def _qn(tag: str) -> str:
    prefix, name = tag.split(":")
    assert prefix == "w"
    return f"{{{W_NS}}}{name}"


def _val(element: Any, path: str) -> str | None:
    found = xp(element, f"{path}/@w:val")
    return str(found[0]) if found else None


class _Reader:
    """Turns the body's paragraphs and tables into blocks of lines."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.styles = {str(s.style_id): s for s in document.styles}
        self.lists = ListNumbers(document)

    def blocks(self, container: Any) -> Iterator[list[str]]:
        """Each block's lines (paragraphs with text, table rows), in document order."""
        for child in container.iterchildren():
            if child.tag == _qn("w:p"):
                lines = self.paragraph(child)
                if lines:
                    yield lines
            elif child.tag == _qn("w:tbl"):
                yield from self.table(child)
            elif child.tag == _qn("w:sdt"):  # a content control: its content is the sheet's
                for content in child.iterchildren(_qn("w:sdtContent")):
                    yield from self.blocks(content)

    # --- paragraphs ------------------------------------------------------------------------

    def paragraph(self, p: Any) -> list[str]:
        pieces = _runs(p)
        plain = "".join(text for text, _ in pieces)
        if not plain.strip():
            return []
        style = self.styles.get(_val(p, "w:pPr/w:pStyle") or "")
        level = self.heading_level(p, style)
        if level is not None:
            return [f"{'#' * level} {' '.join(plain.split())}"]
        lines = [line.rstrip() for line in _with_bold(pieces).split("\n") if line.strip()]
        marker = self.lists.marker(p, style)
        if marker is not None:
            lines[0] = marker + lines[0].lstrip()
        return lines

    def heading_level(self, p: Any, style: Any) -> int | None:
        """1-6 for a heading paragraph (by style name or outline level), else None."""
        chain = style_chain(style)
        for s in chain:
            name = str(s.name or "")
            if name.lower() == "title":
                return 1
            match = _HEADING_NAME.match(name)
            if match:
                return min(6, max(1, int(match.group(1))))
        for element in [p, *(s.element for s in chain)]:
            outline = _val(element, "w:pPr/w:outlineLvl")
            if outline is not None and outline.isdigit() and int(outline) < 9:
                return min(6, int(outline) + 1)
        return None

    # --- tables ----------------------------------------------------------------------------

    def table(self, tbl: Any) -> Iterator[list[str]]:
        grid = len(xp(tbl, "w:tblGrid/w:gridCol")) or 1
        # Per row: the first line of each grid cell, each cell's further paragraphs, and
        # whether one cell spans the whole row (a title merged across the table).
        rows: list[tuple[list[str], list[list[str]], bool]] = []
        above: dict[int, str] = {}
        for tr in xp(tbl, "w:tr"):
            cells: list[str] = []
            more: list[list[str]] = []
            before = _val(tr, "w:trPr/w:gridBefore")
            for _ in range(int(before) if before and before.isdigit() else 0):
                cells.append("")
                more.append([])
            tcs = xp(tr, "w:tc | w:sdt/w:sdtContent/w:tc")
            whole = False
            for tc in tcs:
                span_text = _val(tc, "w:tcPr/w:gridSpan")
                span = int(span_text) if span_text and span_text.isdigit() else 1
                whole = len(tcs) == 1 and not cells and span >= grid > 1
                texts = [t for t in map(_plain, xp(tc, "w:p | w:sdt/w:sdtContent/w:p")) if t]
                column = len(cells)
                if xp(tc, "w:tcPr/w:vMerge") and _val(tc, "w:tcPr/w:vMerge") != "restart":
                    # Merged down: the cell above's text holds for this row too.
                    texts = [above[column]] if above.get(column) else []
                first = texts[0] if texts else ""
                above[column] = first
                cells.append(first)
                more.append(texts[1:])
                for extra in range(1, span):
                    above[column + extra] = ""
                    cells.append("")
                    more.append([])
            if any(cells) or any(more):
                rows.append((cells, more, whole))
        if not rows:
            return
        grid = max(grid, *(len(cells) for cells, _, _ in rows))
        pipes = _needs_pipes([cells for cells, _, whole in rows if not whole])
        for cells, more, whole in rows:
            if grid == 1 or whole:
                # A one-column table, or a row merged across the table (a title): lines.
                yield [t for t in (cells[0], *more[0]) if t] if cells else []
                continue
            cells = cells + [""] * (grid - len(cells))
            if grid >= 3 or _labelled_cells(cells, more):
                # A row of three columns or more is one record: a cell's paragraphs stay in
                # its cell ("Archer C6 / TP-Link", "Login: admin / Senha: x@1"), as a text
                # export writes them; so do a two-column row's "label: value" paragraphs
                # ("usuário: admin" / "senha: x"); a two-column table's answer cell goes on
                # below.
                more = more + [[]] * (grid - len(more))
                cells = [" / ".join([c, *m]) for c, m in zip(cells, more, strict=True)]
                more = []
            lines = [_row(cells, pipes)]
            depth = max((len(m) for m in more), default=0)
            for k in range(depth):
                continued = [m[k] if k < len(m) else "" for m in more]
                continued += [""] * (grid - len(continued))
                lines.append(_row(continued, pipes))
            yield lines


# "usuário: admin", "senha:x@1": a short label, a colon, its value.
_LABELLED_PARAGRAPH = re.compile(r"^[^:?/]{2,25}:(?!//)\s*\S")


def _labelled_cells(cells: list[str], more: list[list[str]]) -> bool:
    """Whether a row's cells of several paragraphs are "label: value" lines, every one."""
    stacked = [[c, *m] for c, m in zip(cells, more, strict=False) if m]
    return bool(stacked) and all(_LABELLED_PARAGRAPH.match(p) for ps in stacked for p in ps)


def _needs_pipes(rows: list[list[str]]) -> bool:
    """Pipes when a row has an empty first or last cell (tab rows lose them), unless a cell
    holds a "|"; else tabs, as a word processor's text export writes a table's rows."""
    edge_empty = any(not cells[0] or not cells[-1] for cells in rows)
    return edge_empty and not any("|" in c for cells in rows for c in cells)


def _row(cells: list[str], pipes: bool) -> str:
    clean = [" ".join(c.replace("\t", " ").split()) for c in cells]
    if pipes:
        return "| " + " | ".join(clean) + " |"
    return "\t".join(clean)


# --- runs ----------------------------------------------------------------------------------

# Runs of the paragraph's own text: not deleted (tracked changes), not inside a text box.
_RUNS = (
    ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"
)


def _runs(p: Any) -> list[tuple[str, bool]]:
    """(text, bold) of each run of a paragraph, tabs and line breaks as "\\t" and "\\n"."""
    out: list[tuple[str, bool]] = []
    for run in xp(p, _RUNS):
        parts: list[str] = []
        for child in run.iterchildren():
            tag = child.tag
            if tag == _qn("w:t"):
                parts.append(child.text or "")
            elif tag == _qn("w:tab"):
                parts.append("\t")
            elif tag in (_qn("w:br"), _qn("w:cr")):
                parts.append("\n")
            elif tag == _qn("w:noBreakHyphen"):
                parts.append("-")
        if parts:
            out.append(("".join(parts), _is_bold(run)))
    return out


def _plain(p: Any) -> str:
    """A paragraph's text on one line (a table cell's paragraph)."""
    return " ".join("".join(text for text, _ in _runs(p)).split())


def _is_bold(run: Any) -> bool:
    values = xp(run, "w:rPr/w:b/@w:val")
    if xp(run, "w:rPr/w:b"):
        return not values or str(values[0]).lower() not in _FALSE
    return False


def _with_bold(pieces: list[tuple[str, bool]]) -> str:
    """The runs' text with bold spans marked "**...**" where Markdown would read them back."""
    merged: list[tuple[str, bool]] = []
    for text, bold in pieces:
        if merged and merged[-1][1] == bold:
            merged[-1] = (merged[-1][0] + text, bold)
        else:
            merged.append((text, bold))
    out: list[str] = []
    for index, (text, bold) in enumerate(merged):
        before = merged[index - 1][0][-1:] if index > 0 else ""
        after = merged[index + 1][0][:1] if index + 1 < len(merged) else ""
        if not bold or not text.strip():
            out.append(text)
            continue
        out.append("\n".join(_mark(line, before, after) for line in text.split("\n")))
    return "".join(out)


def _mark(text: str, before: str, after: str) -> str:
    core = text.strip()
    if not core or "*" in core or "_" in core[:1] + core[-1:]:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    # Inside a word ("Sen" + bold "ha") the marks would stay in the text: leave it plain.
    if (not lead and before.isalnum()) or (not trail and after.isalnum()):
        return text
    return f"{lead}**{core}**{trail}"
