"""The reference reading of a question's expect, exact and forbid, for whoever scores answers.

Whether an answer abstains is the product's own signal and is not judged here: a consumer
checks ``question.abstain`` against it, then these functions for the answer's text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .questions import GeneratedQuestion
from .values import fold


def normalise(text: str) -> str:
    """Lower case, no accents, runs of whitespace as one space: how non-exact strings compare."""
    return re.sub(r"\s+", " ", fold(text)).strip()


def missing_expected(question: GeneratedQuestion, answer: str) -> list[str]:
    """The expected strings the answer lacks: verbatim when exact, else after normalise; and
    the statements it must make (``says``), after normalise."""
    folded = normalise(answer)
    unsaid = [s for s in question.says if normalise(s) not in folded]
    if question.exact:
        return [e for e in question.expect if e not in answer] + unsaid
    return [e for e in question.expect if normalise(e) not in folded] + unsaid


def forbidden_found(question: GeneratedQuestion, answer: str) -> list[str]:
    """The forbidden strings the answer holds, compared verbatim."""
    return [f for f in question.forbid if f in answer]


def answer_holds(question: GeneratedQuestion, answer: str) -> bool:
    """Whether the answer holds every expected string and no forbidden one."""
    return not missing_expected(question, answer) and not forbidden_found(question, answer)


def judge_response(question: GeneratedQuestion, body: Mapping[str, Any]) -> bool:
    """An /ask response is right when it abstains exactly when it should, with no forbidden
    string anywhere it shows (answer, value, caveats), and holds the expected ones."""
    shown = "\n".join([body.get("answer") or "", body.get("value") or "", *body.get("caveats", [])])
    if question.abstain:
        return body["status"] == "not_found" and not forbidden_found(question, shown)
    if forbidden_found(question, shown):
        return False
    return body["status"] == "answered" and answer_holds(question, body.get("answer") or "")
