"""Finding sheet files and reading their text (.txt, .md as UTF-8 or cp1252; .pdf via pypdf)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NamedTuple

from ingest.reading.errors import SourceError
from ingest.reading.pdf import pdf_text

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")
# Share of control / replacement characters above which a "text" file is junk.
_MAX_JUNK_SHARE = 0.05


class SheetText(NamedTuple):
    text: str
    warnings: list[str]
    format: str


def collect_sources(paths: list[Path]) -> list[Path]:
    """The sheet files named, folders expanded to their .txt/.md/.pdf files (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                )
            )
        elif path.is_file():
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
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(f"{path}: unsupported file type {suffix or '(none)'!r}")
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError(f"{path}: no such file or directory") from exc
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if suffix == ".pdf":
        text, fmt = pdf_text(path, data), "pdf"
        warnings: list[str] = []
    else:
        text, warnings = _plain_text(path, data)
        fmt = suffix.lstrip(".")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        if fmt == "pdf":
            raise SourceError(f"{path}: PDF has no text layer (scanned image?)")
        raise SourceError(f"{path}: empty file")
    return SheetText(text=text, warnings=warnings, format=fmt)


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
