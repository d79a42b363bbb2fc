"""Source spans of units and facts in the sheet's own terms (DOCX: paragraph numbers)."""

from __future__ import annotations

from dataclasses import replace

from ingest.reading.sources import SheetText
from ingest.records import Fact, Unit


def to_source_spans(
    sheet: SheetText, units: list[Unit], facts: list[Fact]
) -> tuple[list[Unit], list[Fact]]:
    """Units and facts with ``lines`` and ``span`` as the source counts (``ingest.records``).

    The parser numbers the lines of the text it was given; for a DOCX those lines map back to
    the paragraphs and table rows they were read from (``SheetText.blocks``).
    """
    blocks = sheet.blocks
    if blocks is None:
        return units, facts

    def place(lines: tuple[int, int]) -> tuple[int, int]:
        first = blocks[lines[0] - 1] if 0 < lines[0] <= len(blocks) else 0
        last = blocks[lines[1] - 1] if 0 < lines[1] <= len(blocks) else 0
        if first <= 0 or last <= 0:
            raise ValueError(f"text lines {lines} map to no paragraph of the source")
        return (first, max(first, last))

    return (
        [replace(u, lines=place(u.lines), span=sheet.span) for u in units],
        [replace(f, lines=place(f.lines), span=sheet.span) for f in facts],
    )
