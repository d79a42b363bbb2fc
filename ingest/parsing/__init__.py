"""A sheet's text into units, by the shape of its lines (questions, answers, tables, lists,
key-value blocks, headings), never by its values."""

from ingest.parsing.sheet import ParsedSheet, parse_sheet

__all__ = ["ParsedSheet", "parse_sheet"]
