"""What a sheet leaves unanswered or unclear, as findings ``PATH:LINE: KIND: message``.

Pure logic over a parsed sheet (units, facts, ``ParsedSheet.notes``); ``lint_sheets`` also
compares each sheet with the others (the index's providers) for the topics it lacks, from each
sheet's ``Profile`` (made when it is parsed and kept with its partition). Used by ``python -m
ingest --lint`` and at the end of every ingest, and stored with each version
(``ingest.index.findings``) for the service's ``GET /admin/health``.
"""

from ingest.lint.kinds import Kind
from ingest.lint.report import SheetInput
from ingest.lint.sections import Profile, missing_in_profiles, missing_sections, profile
from ingest.lint.sheet import lint_sheet, lint_sheets

__all__ = [
    "Kind",
    "Profile",
    "SheetInput",
    "lint_sheet",
    "lint_sheets",
    "missing_in_profiles",
    "missing_sections",
    "profile",
]
