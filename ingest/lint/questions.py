"""Questions the sheet asks and leaves without an answer."""

from __future__ import annotations

import re

from ingest.analysis import fold
from ingest.lint.kinds import Kind
from ingest.lint.report import Report
from ingest.placeholders import is_placeholder

# "senha: x", "a senha é x" (folded): a credential line, whatever ends it, is no question.
_CREDENTIAL_LINE = re.compile(r"\b(?:senhas?|password)\b\s*(?:[:=]|\be\b)\s*\S")


def looks_asked(question: str) -> bool:
    """A line that asks something: words, not a cell or a credential line ending in "?"."""
    return len(question.split()) >= 2 and not _CREDENTIAL_LINE.search(fold(question))


def unanswered(report: Report) -> None:
    """A question with nothing after it, or only a placeholder, before the next unit.

    A title on the very next line answers it ("Quais os planos?" over "FIBRA" and its table,
    "Possui atendimento presencial?" over "Sim"): the question heads what follows.
    """
    titles = {n.line for n in report.sheet.notes if n.reason == "heading"}
    for unit in report.sheet.units:
        if unit.kind != "qa" or not unit.question or not is_placeholder(unit.answer):
            continue
        if not looks_asked(unit.question) or unit.lines[1] + 1 in titles:
            continue
        message = f"pergunta sem resposta: {report.quote(unit.question)}"
        report.add(unit.lines[0], Kind.UNANSWERED, message)
