"""Finding sheet files and reading their text (.txt, .md as UTF-8 or cp1252; .pdf via pypdf;
.docx via python-docx)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NamedTuple

from ingest.reading.docx import docx_text
from ingest.reading.errors import SourceError
from ingest.reading.pdf import pdf_text

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")
# Formats a sheet may come in that are refused with what to do instead (not skipped in a folder:
# a sheet there would be lost silently).
_REFUSED = {
    ".doc": "old binary Word document (.doc): save it as .docx",
    ".odt": "OpenDocument text (.odt): save it as .docx",
    ".rtf": "RTF document: save it as .docx",
}
# What the numbers of a sheet's source spans count (``ingest.records``): DOCX has no lines.
SPAN_LINE = "line"
SPAN_PARAGRAPH = "paragraph"
# Share of control / replacement characters above which a "text" file is junk.
_MAX_JUNK_SHARE = 0.05


class SheetText(NamedTuple):
    """A sheet's text, and where its lines come from.

    ``blocks`` is None when the text's line numbers are the source's (TXT, Markdown, PDF text);
    for DOCX it gives, per text line (index 0: line 1), the number of the paragraph or table
    row it comes from (0 for the blank lines between them), and ``span`` is "paragraph".
    """

    text: str
    warnings: list[str]
    format: str
    blocks: tuple[int, ...] | None = None
    span: str = SPAN_LINE


def collect_sources(paths: list[Path]) -> list[Path]:
    """The sheet files named, folders expanded to their .txt/.md/.pdf/.docx files (sorted).

    A .doc (or .odt, .rtf) is refused with what to do, named or in a folder; other files in a
    folder are not sheets and are left alone; Word's lock files ("~$x.docx") are skipped.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            members = sorted(p for p in path.iterdir() if p.is_file())
            for member in members:
                if member.suffix.lower() in _REFUSED and not member.name.startswith("~$"):
                    raise SourceError(f"{member}: {_REFUSED[member.suffix.lower()]}")
            found.extend(
                p
                for p in members
                if p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith("~$")
            )
        elif path.is_file():
            if path.suffix.lower() in _REFUSED:
                raise SourceError(f"{path}: {_REFUSED[path.suffix.lower()]}")
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise SourceError(
                    f"{path}: unsupported file type {path.suffix or '(none)'!r}"
                    f" (expected {', '.join(SUPPORTED_SUFFIXES)})"
                )
            found.append(path)
        else:
            raise SourceError(f"{path}: no such file or directory")
    return found


def read_sheet(path: Path) -> SheetText:
    """The text of one sheet with line endings as "\\n"; SourceError when it is unusable."""
    suffix = path.suffix.lower()
    if suffix in _REFUSED:
        raise SourceError(f"{path}: {_REFUSED[suffix]}")
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(f"{path}: unsupported file type {suffix or '(none)'!r}")
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError(f"{path}: no such file or directory") from exc
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    blocks: tuple[int, ...] | None = None
    span = SPAN_LINE
    if suffix == ".pdf":
        text, fmt = pdf_text(path, data), "pdf"
        warnings: list[str] = []
    elif suffix == ".docx":
        read = docx_text(path, data)
        text, warnings, blocks, span, fmt = (
            read.text,
            read.warnings,
            read.blocks,
            SPAN_PARAGRAPH,
            "docx",
        )
    else:
        text, warnings = _plain_text(path, data)
        fmt = suffix.lstrip(".")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        if fmt == "pdf":
            raise SourceError(f"{path}: PDF has no text layer (scanned image?)")
        raise SourceError(f"{path}: empty file")
    return SheetText(text=text, warnings=warnings, format=fmt, blocks=blocks, span=span)


def _plain_text(path: Path, data: bytes) -> tuple[str, list[str]]:
    if not data.strip():
        raise SourceError(f"{path}: empty file")
    if b"\x00" in data:
        raise SourceError(f"{path}: binary file, not a text sheet")
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append(f"{path}: not UTF-8, read as cp1252")
        logger.warning("%s: not UTF-8, read as cp1252", path)
    junk = sum(1 for c in text if c == "\ufffd" or (ord(c) < 32 and c not in "\t\n\r\f"))
    if junk > _MAX_JUNK_SHARE * len(text):
        raise SourceError(f"{path}: binary file, not a text sheet")
    return text, warnings
