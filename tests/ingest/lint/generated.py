"""Generated sheets for the lint tests: what the truth says lint must find, and whether the
parser read a sheet as the truth has it (lint reports what the parser read)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.facts import extract_facts
from ingest.lint import SheetInput
from ingest.parsing import parse_sheet
from ingest.records import Finding
from tests.sheetgen import GeneratedSheet, SheetTruth

Expected = set[tuple[str, int]]

# How the generator writes days (tests.sheetgen.values.hours_text), as day numbers.
_DAYS = {
    "de segunda a sexta": "0-4",
    "de seg. a sex.": "0-4",
    "de segunda à sábado": "0-5",
    "segunda a sábado": "0-5",
    "todos os dias": "0-6",
    "de segunda a domingo": "0-6",
    "sábado": "5",
    "sábados e feriados": "5,h",
    "sábado e domingo": "5-6",
}
_TIMES = re.compile(r"(\d{1,2})(?:h|:)(\d{2})?\D+?(\d{1,2})(?:h|:)(\d{2})?")


def lint_input(path: str, text: str, provider: str) -> SheetInput:
    """A sheet's text parsed and its facts extracted, as ingest gives it to lint."""
    parsed = parse_sheet(text, provider)
    facts = extract_facts(parsed.units, parsed.line_map)
    return SheetInput(path, provider, parsed.units, facts, parsed.notes, parsed.line_map)


def line_of(text: str, needle: str, start: int = 1) -> int:
    """The first 1-based line at or after ``start`` that holds ``needle``."""
    for number, line in enumerate(text.split("\n"), start=1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the sheet")


def _hours_key(text: str) -> tuple[str, ...] | None:
    """An independent reading of the generator's hours: days and times per segment."""
    if text == "24/7":
        return ("0-6 0:00-24:00",)
    segments = []
    for part in text.split(" e Sábado"):
        part = part if not segments else "sábado" + part
        days = next(
            (
                v
                for k, v in sorted(_DAYS.items(), key=lambda kv: -len(kv[0]))
                if part.lower().startswith(k)
            ),
            "?",
        )
        m = _TIMES.search(part)
        if m is None:
            return None
        a, am, b, bm = m.groups()
        segments.append(f"{days} {int(a)}:{am or '00'}-{int(b)}:{bm or '00'}")
    return tuple(segments)


def expected_findings(sheet: GeneratedSheet, text: str | None = None) -> Expected:
    """(kind, line) of what the truth says the sheet leaves open: its unanswered questions,
    its fees stated without an amount, its hours given twice in two forms (lines looked up in
    ``text``, the sheet's own by default)."""
    text, truth = text if text is not None else sheet.text, sheet.truth
    out: Expected = {("unanswered-question", line_of(text, q)) for q in truth.unanswered}
    for fee in truth.fees:
        if fee.stated_without_amount:
            out.add(("value-missing", line_of(text, fee.value)))
    seen: dict[tuple[str, ...], int] = {}
    for hours in truth.hours:
        key = _hours_key(hours.text)
        if key is None:
            continue
        line = line_of(text, hours.text)
        if key in seen and seen[key] != line:
            out.add(("repeated-value", line))
        seen.setdefault(key, line)
    return out


def read_as_truth(sheet: GeneratedSheet, lint: SheetInput) -> bool:
    """Whether the parser read the sheet as its truth has it: every credential and plan as a
    fact, every unanswered question as a blank one, every fee's words in some unit."""
    truth: SheetTruth = sheet.truth
    facts = lint.facts
    units_text = "\n".join(f"{u.question or ''}\n{u.answer}" for u in lint.units)
    blank = {u.question for u in lint.units if u.kind == "qa" and not u.answer}
    if any(q not in blank for q in truth.unanswered):
        return False
    creds = {(f.subject, f.value) for f in facts if f.kind == "credential"}
    if any((c.model, c.password) not in creds for c in truth.credentials):
        return False
    plans = {(f.subject, f.value) for f in facts if f.kind == "plan"}
    if any((p.speed, p.price) not in plans for p in truth.plans):
        return False
    return all(fee.value in units_text for fee in truth.fees)


def kinds_and_lines(findings: Sequence[Finding]) -> Expected:
    return {(f.kind, f.line) for f in findings}
