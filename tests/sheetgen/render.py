"""The only I/O of the generator: a sheet's plain text as a PDF, the way an office export looks."""

from __future__ import annotations

import re
from pathlib import Path

from tests.ingest.pdf_render import render_pdf as render_text_pdf

from .sheet import GeneratedSheet


def plain_text(sheet: GeneratedSheet) -> str:
    """The sheet as plain text: Markdown headings and bold markers removed, values untouched.

    Generated values never hold "**" nor start with "#", so the truth still holds verbatim.
    """
    text = unescaped(sheet.text)
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
