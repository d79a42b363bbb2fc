"""A generator of provider operating sheets with known truth, and of agent-style questions.

``generate_sheet(seed, fmt=..., force=...)`` writes one sheet in the template's order, each
part in a layout the template's authors use (``LAYOUT_VARIANTS``), with its ``SheetTruth``;
``derive_questions(sheet, rng)`` asks about it the way agents type, each question with the
substrings its answer must (``expect``) and must not (``forbid``) contain.
No value comes from the shipped sheets: generality is measured on sheets never seen.
"""

from __future__ import annotations

from .judge import answer_holds, forbidden_found, judge_response, missing_expected, normalise
from .layouts import LAYOUT_VARIANTS, TEMPLATE_QUESTIONS
from .questions import QUESTION_VARIANTS, GeneratedQuestion, derive_questions
from .render import plain_text, render_pdf
from .sheet import GeneratedSheet, generate_sheet
from .truth import (
    Contact,
    Credential,
    Fee,
    Hours,
    PasswordPolicy,
    Plan,
    SheetTruth,
    Threshold,
)

__all__ = [
    "LAYOUT_VARIANTS",
    "QUESTION_VARIANTS",
    "TEMPLATE_QUESTIONS",
    "Contact",
    "Credential",
    "Fee",
    "GeneratedQuestion",
    "GeneratedSheet",
    "Hours",
    "PasswordPolicy",
    "Plan",
    "SheetTruth",
    "Threshold",
    "answer_holds",
    "derive_questions",
    "forbidden_found",
    "generate_sheet",
    "judge_response",
    "missing_expected",
    "normalise",
    "plain_text",
    "render_pdf",
]
