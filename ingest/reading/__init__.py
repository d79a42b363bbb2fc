"""Sheet files into text: TXT and Markdown (UTF-8, cp1252 with a warning), PDF and DOCX."""

from ingest.reading.sources import (
    SUPPORTED_SUFFIXES,
    SheetText,
    SourceError,
    collect_sources,
    read_sheet,
)
from ingest.reading.spans import to_source_spans

__all__ = [
    "SUPPORTED_SUFFIXES",
    "SheetText",
    "SourceError",
    "collect_sources",
    "read_sheet",
    "to_source_spans",
]
