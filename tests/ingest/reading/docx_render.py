"""Writing sheets as .docx in tests, the way a person lays them out in a word processor.

``render_docx(text, path)`` turns a TXT or Markdown sheet into a Word document by the shape of
its lines: "#" lines become Heading paragraphs, "- "/"• "/"1. " lines list paragraphs
(List Bullet / List Number styles), "**bold**" bold runs, a run of pipe rows or of
tab-separated rows (two cells with text or more) a real table (a tab row's missing last
cells empty, a line that starts with a tab a further paragraph of the cell above), blank
lines nothing (Word spaces paragraphs by style), every other line a paragraph of its own.
Values are written as they are: the reader must give them back character for character.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_BREAK

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-•*]\s+(?=\S)")
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+(?=\S)")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def new_document() -> Any:
    return docx.Document()


def add_text(paragraph: Any, text: str) -> None:
    """Runs of ``text``, "**x**" pieces bold, "\\n" as a line break inside the paragraph."""
    for k, line in enumerate(text.split("\n")):
        if k:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        pos = 0
        for match in _BOLD.finditer(line):
            if match.start() > pos:
                paragraph.add_run(line[pos : match.start()])
            paragraph.add_run(match.group(1)).bold = True
            pos = match.end()
        if pos < len(line):
            paragraph.add_run(line[pos:])


def add_table(document: Any, rows: list[list[str]], extra: dict[tuple[int, int], list[str]]) -> Any:
    """A table of ``rows`` (padded to the widest); ``extra`` adds paragraphs to a cell."""
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c in range(width):
            cell = table.cell(r, c)
            cell.paragraphs[0].text = row[c] if c < len(row) else ""
            for more in extra.get((r, c), []):
                cell.add_paragraph(more)
    return table


def render_docx(text: str, path: Path) -> Path:
    """Write the sheet ``text`` (TXT or Markdown) as a .docx at ``path``."""
    document = new_document()
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            i += 1
            continue
        if line.lstrip().startswith("|"):
            i = _pipe_table(document, lines, i)
            continue
        if len([c for c in line.split("\t") if c.strip()]) >= 2:
            i = _tab_table(document, lines, i)
            continue
        heading = _HEADING.match(line)
        if heading:
            document.add_heading(heading.group(2), level=len(heading.group(1)))
        elif _BULLET.match(line):
            add_text(document.add_paragraph(style="List Bullet"), _BULLET.sub("", line, count=1))
        elif _NUMBERED.match(line):
            add_text(document.add_paragraph(style="List Number"), _NUMBERED.sub("", line, count=1))
        else:
            add_text(document.add_paragraph(), line)
        i += 1
    document.save(str(path))
    return path


def _pipe_table(document: Any, lines: list[str], i: int) -> int:
    rows: list[list[str]] = []
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        raw = lines[i].strip()
        if not _PIPE_SEPARATOR.match(raw):
            body = raw[1:-1] if raw.endswith("|") and len(raw) > 1 else raw[1:]
            # A Markdown "\|" is a pipe inside the cell: Word holds the character itself.
            cells = re.split(r"(?<!\\)\|", body)
            rows.append([cell.strip().replace("\\|", "|") for cell in cells])
        i += 1
    if rows:
        add_table(document, rows, {})
    return i


def _tab_table(document: Any, lines: list[str], i: int) -> int:
    rows: list[list[str]] = []
    extra: dict[tuple[int, int], list[str]] = {}
    while i < len(lines) and "\t" in lines[i].strip() and lines[i].strip():
        raw = lines[i].rstrip()
        if raw.startswith("\t") and rows and len([c for c in raw.split("\t") if c.strip()]) == 1:
            # Word's TXT export: a cell's further paragraph, after the tabs of the cells before
            # (a row with more than one cell after an empty first one is a row: a merged cell).
            column = len(raw) - len(raw.lstrip("\t"))
            extra.setdefault((len(rows) - 1, column), []).append(raw.strip())
        else:
            rows.append([cell.strip() for cell in raw.split("\t")])
        i += 1
    add_table(document, rows, extra)
    return i
