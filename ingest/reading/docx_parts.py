"""The parts of a DOCX around its body text: the container, list numbering, what is ignored.

``check_container`` tells a Word document from what only looks like one (an old binary
``.doc``, an encrypted file, a zip of something else) before python-docx is asked to open it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from ingest.reading.errors import SourceError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAMESPACES = {"w": W_NS}

# Compound File Binary (OLE2): old binary Office files, and Office files encrypted with a
# password (an OLE container holding the encrypted package).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_MAIN_PART = "word/document.xml"


def check_container(path: Path, data: bytes) -> None:
    """SourceError with the reason when ``data`` is not the zip container of a Word document."""
    if not data.strip():
        raise SourceError(f"{path}: empty file")
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED in data:
            raise SourceError(
                f"{path}: encrypted (password-protected) document: save it without a password"
            )
        if _WORD_STREAM in data:
            raise SourceError(
                f"{path}: old binary Word document (.doc), not .docx: save it as .docx"
            )
        raise SourceError(f"{path}: an OLE (old binary Office) file, not a .docx")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SourceError(f"{path}: not a .docx (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            damaged = archive.testzip()
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
        raise SourceError(f"{path}: damaged zip archive ({exc})") from exc
    if damaged is not None:
        raise SourceError(f"{path}: damaged zip archive (bad member {damaged!r})")
    if _MAIN_PART not in names and "[Content_Types].xml" not in names:
        raise SourceError(f"{path}: a zip archive, but not a Word document (no {_MAIN_PART})")


def xp(element: Any, path: str) -> list[Any]:
    """XPath over a DOCX element with the "w:" prefix bound (python-docx's or plain lxml's)."""
    from lxml import etree

    return list(etree._Element.xpath(element, path, namespaces=_NAMESPACES))


def ignored_parts(document: Any) -> list[str]:
    """Notes on the text that is not read: text boxes, headers and footers."""
    notes: list[str] = []
    body = document.element.body
    boxes = [
        box for box in xp(body, ".//w:txbxContent") if "".join(xp(box, ".//w:t/text()")).strip()
    ]
    if boxes:
        shown = " ".join("".join(xp(boxes[0], ".//w:t/text()")).split())[:60]
        notes.append(f"text of {len(boxes)} text box(es) ignored (first: {shown!r})")
    texts: list[str] = []
    for section in document.sections:
        for part in _margins(section):
            if part is None or part.is_linked_to_previous:
                continue
            text = " ".join(" ".join(p.text for p in part.paragraphs).split())
            for table in part.tables:
                text += " " + " ".join(c.text for row in table.rows for c in row.cells)
            if text.strip() and text.strip() not in texts:
                texts.append(text.strip())
    if texts:
        notes.append(f"header/footer text ignored ({texts[0][:60]!r})")
    return notes


def _margins(section: Any) -> list[Any]:
    # A header or footer without a definition of its own reads as linked to the previous one.
    return [
        section.header,
        section.footer,
        section.first_page_header,
        section.first_page_footer,
        section.even_page_header,
        section.even_page_footer,
    ]


class ListNumbers:
    """List markers of paragraphs: "- " for bullets, "N. " for numbered items, counted."""

    def __init__(self, document: Any) -> None:
        try:
            self.numbering = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            self.numbering = None
        self.counters: dict[tuple[str, int], int] = {}

    def marker(self, p: Any, style: Any) -> str | None:
        """The list marker of paragraph ``p`` (with its style), or None when it is no item."""
        num_id, level = _num_pr(p)
        chain = style_chain(style)
        for s in chain:
            if num_id is None:
                num_id, style_level = _num_pr(s.element)
                level = level if level is not None else style_level
        level = level or 0
        names = " ".join(str(s.name or "").lower() for s in chain)
        if num_id is None or num_id == "0":
            if "list number" in names:
                return self._count("style", level, None)
            if "list bullet" in names:
                return "  " * level + "- "
            return None
        fmt, start = self._format(num_id, level)
        if fmt in (None, "bullet", "none"):
            return "  " * level + "- "
        return self._count(num_id, level, start)

    def _count(self, key: str, level: int, start: int | None) -> str:
        for deeper in [k for k in self.counters if k[0] == key and k[1] > level]:
            del self.counters[deeper]
        at = (key, level)
        self.counters[at] = self.counters.get(at, (start if start is not None else 1) - 1) + 1
        return "  " * level + f"{self.counters[at]}. "

    def _format(self, num_id: str, level: int) -> tuple[str | None, int | None]:
        if self.numbering is None:
            return None, None
        abstract = xp(self.numbering, f'w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return None, None
        lvl = xp(
            self.numbering,
            f'w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]',
        )
        if not lvl:
            return None, None
        fmt = xp(lvl[0], "w:numFmt/@w:val")
        start = xp(lvl[0], "w:start/@w:val")
        first = int(start[0]) if start and str(start[0]).isdigit() else None
        return (str(fmt[0]) if fmt else None), first


def _num_pr(element: Any) -> tuple[str | None, int | None]:
    ids = xp(element, "w:pPr/w:numPr/w:numId/@w:val")
    levels = xp(element, "w:pPr/w:numPr/w:ilvl/@w:val")
    level = int(levels[0]) if levels and str(levels[0]).isdigit() else None
    return (str(ids[0]) if ids else None), level


def style_chain(style: Any) -> list[Any]:
    """A paragraph style and the styles it is based on, nearest first."""
    chain: list[Any] = []
    while style is not None and len(chain) < 10:
        chain.append(style)
        style = style.base_style
    return chain
