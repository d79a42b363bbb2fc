"""Sheet files into text: TXT and Markdown (UTF-8, cp1252 with a warning) and PDF."""

from ingest.reading.sources import (
    SUPPORTED_SUFFIXES,
    SheetText,
    SourceError,
    collect_sources,
    read_sheet,
)

__all__ = ["SUPPORTED_SUFFIXES", "SheetText", "SourceError", "collect_sources", "read_sheet"]
