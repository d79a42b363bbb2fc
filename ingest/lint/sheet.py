"""Linting one sheet (its units, facts and what the parser could not fit) and many together.

Every check is a function of the sheet's structure and its facts' kinds and attributes, never
of a sheet's values; messages quote the sheet's words but never a secret value.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.lint import conflicts, questions, tables, values
from ingest.lint.report import Check, Report, SheetInput
from ingest.lint.sections import missing_sections
from ingest.records import Finding

CHECKS: tuple[Check, ...] = (
    questions.unanswered,
    values.missing_values,
    conflicts.conflicting_values,
    tables.table_findings,
    tables.unread_text,
)


def lint_sheet(sheet: SheetInput) -> list[Finding]:
    """The findings of one sheet on its own (every kind but ``section-missing``), sorted."""
    report = Report(sheet)
    for check in CHECKS:
        check(report)
    return sorted(set(report.findings))


def lint_sheets(sheets: Sequence[SheetInput], peers: Sequence[SheetInput] = ()) -> list[Finding]:
    """The findings of each sheet, plus the topics it lacks compared with every other sheet
    (the other given sheets and ``peers``, e.g. the index's other providers), sorted."""
    found: list[Finding] = []
    for sheet in sheets:
        found += lint_sheet(sheet)
    found += missing_sections(sheets, peers)
    return sorted(set(found))
