"""Lint on generated sheets with known truth: on a clean sheet it finds exactly what the truth
leaves open (blank questions, fees stated without amount), and on a sheet with one injected
defect it finds that defect and nothing else.

Lint reports what the parser read; a generated sheet the parser reads otherwise than its truth
(a password ending in "?" read as a question, a cell table running into the next one) is outside
the exactness test, and the test checks that most sheets are inside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from ingest.lint import lint_sheet, lint_sheets
from tests.ingest.lint.generated import (
    expected_findings,
    kinds_and_lines,
    line_of,
    lint_input,
    read_as_truth,
)
from tests.sheetgen import TEMPLATE_QUESTIONS, GeneratedSheet, generate_sheet

SEEDS = range(80)
# Layouts the parser reads as the truth has them, so that a defect is the only difference.
PLAIN = {
    "envelope": "none",  # the defects are put in by the sheet's own headings
    "answers": "same_line",
    "contacts": "tab_rows",
    "credentials": "pipe_table",
    "credential_sentence": "none",
    "blocks": "label_lines",
    "plans": "table_pipes",
    "headings": "plain",
    "escapes": "none",
    "tables": "pipes",
    "questions": "plain",
}


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_a_clean_sheet_has_exactly_the_gaps_its_truth_has(fmt: str) -> None:
    inside = 0
    for seed in SEEDS:
        sheet = generate_sheet(seed, fmt=fmt)
        lint = lint_input(f"{sheet.provider_id}.{fmt}", sheet.text, sheet.provider_id)
        if not read_as_truth(sheet, lint):
            continue
        inside += 1
        found = kinds_and_lines(lint_sheet(lint))
        assert found == expected_findings(sheet), (seed, fmt, sheet.truth.variants)
    assert inside >= len(SEEDS) // 8, f"only {inside} of {len(SEEDS)} sheets read as their truth"


def test_plain_layouts_are_read_as_their_truth_and_clean() -> None:
    inside = 0
    for seed in SEEDS:
        sheet = generate_sheet(seed, force=PLAIN)
        lint = lint_input("x.txt", sheet.text, sheet.provider_id)
        if read_as_truth(sheet, lint):
            inside += 1
            assert kinds_and_lines(lint_sheet(lint)) == expected_findings(sheet), seed
    assert inside >= len(SEEDS) * 9 // 10


# --- one defect at a time -------------------------------------------------------------------

Defect = Callable[[list[str], GeneratedSheet], tuple[str, int]]


def _after(lines: list[str], question: str) -> int:
    """The 0-based index of the line after a template question."""
    return next(k for k, line in enumerate(lines) if question in line) + 1


def _blank_answer(lines: list[str], sheet: GeneratedSheet) -> tuple[str, int]:
    k = _after(lines, TEMPLATE_QUESTIONS["cancellation"])
    lines[k] = ""
    return "unanswered-question", k  # the question's own line, 1-based


def _fee_without_amount(lines: list[str], sheet: GeneratedSheet) -> tuple[str, int]:
    k = _after(lines, TEMPLATE_QUESTIONS["visit"])
    lines[k] = "R: É cobrado, valor informado pelo financeiro"
    return "value-missing", k + 1


def _days_without_number(lines: list[str], sheet: GeneratedSheet) -> tuple[str, int]:
    k = _after(lines, TEMPLATE_QUESTIONS["blocks"])
    lines[k] = re.sub(r"\d+ ", "", lines[k], count=1)
    return "value-missing", k + 1


def _contact_without_value(lines: list[str], sheet: GeneratedSheet) -> tuple[str, int]:
    whatsapp = sheet.truth.contact("whatsapp")
    assert whatsapp is not None
    k = next(i for i, line in enumerate(lines) if line.endswith(whatsapp.value))
    lines[k] = lines[k][: -len(whatsapp.value)]
    return "value-missing", k + 1


def _conflicting_hours(lines: list[str], sheet: GeneratedSheet) -> tuple[str, int]:
    heading = re.compile(r"^(?:#+\s*)?financeiro e comercial$", re.IGNORECASE)
    k = next(i for i, line in enumerate(lines) if heading.match(line.strip()))
    lines[k:k] = ["HORÁRIO\tDe Segunda a Sexta das 07h às 11h", ""]
    company = next(h for h in sheet.truth.hours if h.key == "company")
    return "conflicting-values", line_of("\n".join(lines), company.text, start=k + 3)


def _password_cell_emptied(lines: list[str], sheet: GeneratedSheet) -> tuple[str, int]:
    row = sheet.truth.credentials[0]
    written = (row.password, row.password.replace("|", "\\|"))  # a pipe table escapes "|"
    k, cell = next(
        (i, w) for i, line in enumerate(lines) for w in written if row.model in line and w in line
    )
    lines[k] = lines[k].replace(cell, " " * len(cell))
    return "credential-cell-missing", k + 1


def _row_too_wide(lines: list[str], sheet: GeneratedSheet) -> tuple[str, int]:
    # The last row of the first table: the rows after a misfit one fall out of the table.
    first = sheet.truth.plans[0].technology
    plan = [p for p in sheet.truth.plans if p.technology == first][-1]
    k = next(i for i, line in enumerate(lines) if plan.price in line and line.startswith("|"))
    lines[k] = lines[k].rstrip() + " promoção |"
    return "table-row-mismatch", k + 1


def _unread_line(lines: list[str], sheet: GeneratedSheet) -> tuple[str, int]:
    k = _after(lines, TEMPLATE_QUESTIONS["technologies"]) + 1
    lines[k:k] = ["SISTEMAS\tCANAIS\tSETORES", ""]
    return "unread-text", k + 1


DEFECTS: dict[str, Defect] = {
    "unanswered-question": _blank_answer,
    "fee-without-amount": _fee_without_amount,
    "days-without-number": _days_without_number,
    "contact-without-value": _contact_without_value,
    "conflicting-hours": _conflicting_hours,
    "password-cell-emptied": _password_cell_emptied,
    "row-too-wide": _row_too_wide,
    "unread-line": _unread_line,
}
# One plan table: a row that does not fit moves the lines after it into another unit, and a
# second group of plans there would be read otherwise (a finding of its own).
LAYOUT_OF = {"row-too-wide": {"technologies": "single_labeled"}}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_each_injected_defect_is_found_and_nothing_else(defect: str, fmt: str) -> None:
    tried = 0
    for seed in range(12):
        sheet = generate_sheet(seed, fmt=fmt, force={**PLAIN, **LAYOUT_OF.get(defect, {})})
        clean = lint_input("x", sheet.text, sheet.provider_id)
        if not read_as_truth(sheet, clean) or sheet.truth.contact("whatsapp") is None:
            continue
        tried += 1
        lines = sheet.text.split("\n")
        kind, line = DEFECTS[defect](lines, sheet)
        text = "\n".join(lines)
        found = kinds_and_lines(lint_sheet(lint_input("x", text, sheet.provider_id)))
        assert found == expected_findings(sheet, text) | {(kind, line)}, (seed, fmt)
    assert tried >= 6


def _template_labels(sheet: GeneratedSheet) -> bool:
    """The sheet names its system and portal as the template does (not "SGP", "Cliente")."""
    system = sheet.truth.contact("system_url")
    portal = sheet.truth.contact("subscriber_portal")
    return (
        system is not None
        and "sistema" in system.label.lower()
        and portal is not None
        and "assinante" in portal.label.lower()
        and sheet.truth.contact("email") is not None
    )


def test_a_section_the_other_sheets_have_is_missing_once() -> None:
    peers = [generate_sheet(seed, force=PLAIN) for seed in range(100, 106)]
    peer_inputs = [lint_input(f"{s.provider_id}.txt", s.text, s.provider_id) for s in peers]
    tried = 0
    for seed in range(20):
        sheet = generate_sheet(seed, force=PLAIN)
        if not _template_labels(sheet):
            continue
        lines = sheet.text.split("\n")
        k = _after(lines, TEMPLATE_QUESTIONS["cancellation"]) - 1
        del lines[k : k + 2]  # the question and its answer
        text = "\n".join(lines)
        target = lint_input(f"{sheet.provider_id}.txt", text, sheet.provider_id)
        if not read_as_truth(sheet, target):
            continue
        tried += 1
        found = lint_sheets([target], peer_inputs)
        missing = [f for f in found if f.kind == "section-missing"]
        assert [(f.line, f.path) for f in missing] == [(1, f"{sheet.provider_id}.txt")], seed
        assert TEMPLATE_QUESTIONS["cancellation"] in missing[0].message
        assert "6 de 6 planilhas" in missing[0].message
        assert kinds_and_lines([f for f in found if f not in missing]) == expected_findings(
            sheet, text
        )
    assert tried >= 4
