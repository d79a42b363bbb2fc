"""What a sheet leaves unanswered or unclear, as findings ``PATH:LINE: KIND: message``.

Pure logic over a parsed sheet (units, facts, ``ParsedSheet.notes``); ``lint_sheets`` also
compares each sheet with the others (the index's providers) for the topics it lacks. Used by
``python -m ingest --lint`` and at the end of every ingest, and stored with each version
(``ingest.index.findings``) for the service's ``GET /admin/health``.
"""

from ingest.lint.kinds import Kind
from ingest.lint.report import SheetInput
from ingest.lint.sections import missing_sections
from ingest.lint.sheet import lint_sheet, lint_sheets

__all__ = ["Kind", "SheetInput", "lint_sheet", "lint_sheets", "missing_sections"]
