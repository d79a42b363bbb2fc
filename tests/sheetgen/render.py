"""The only I/O of the generator: a sheet's plain text as a PDF, the way an office export looks."""

from __future__ import annotations

import re
from pathlib import Path

from tests.ingest.pdf_render import render_pdf as render_text_pdf

from .sheet import GeneratedSheet


def plain_text(sheet: GeneratedSheet) -> str:
    """The sheet as plain text: Markdown headings and bold markers removed, tables drawn as
    boxes back as rows, values untouched.

    Generated values never hold "**" nor start with "#", so the truth still holds verbatim.
    """
    text = unescaped(sheet.text)
    if sheet.truth.variants["tables"] == "boxes":
        text = unboxed(text)  # a printed manual draws its tables as tables
    if sheet.fmt == "txt":
        return text
    text = re.sub(r"^#{1,6} ", "", text, flags=re.MULTILINE)
    return text.replace("**", "")


def unescaped(text: str) -> str:
    """The text without a Markdown export's backslashes ("R\\$ 80" -> "R$ 80")."""
    return re.sub(r"\\([$_#!+])", r"\1", text)


def render_pdf(sheet: GeneratedSheet, path: Path, *, align: str = "J") -> Path:
    """Write the sheet's plain text as a PDF at path (see tests/ingest/pdf_render.py)."""
    return render_text_pdf(plain_text(sheet), path, align=align)


def unboxed(text: str) -> str:
    """A text of box tables (``layouts.common.draw_boxes``) with each row on one line, its
    wrapped cells' pieces joined: the values as the author wrote them."""
    out: list[str] = []
    record: list[list[str]] = []
    for line in text.split("\n"):
        if line.startswith("+") and line.endswith("+"):
            if record:
                out.append("| " + " | ".join(" ".join(filter(None, c)) for c in record) + " |")
            record = []
        elif line.startswith("| ") and line.endswith(" |"):
            cells = [c.strip() for c in line[2:-2].split(" | ")]
            record = (
                [[*col, c] for col, c in zip(record, cells, strict=True)]
                if record
                else [[c] for c in cells]
            )
        else:
            out.append(line)
    return "\n".join(out)
