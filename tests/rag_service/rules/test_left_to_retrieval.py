"""Questions no rule answers: procedures, foreign topics, near facts."""

from __future__ import annotations

import pytest

from tests.factories import (
    NOT_RULE_QUESTIONS,
    ask,
)

# --- questions the rules must leave to retrieval -----------------------------------------------


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
@pytest.mark.parametrize("question", NOT_RULE_QUESTIONS)
def test_questions_left_to_retrieval(sheet: str, question: str) -> None:
    assert ask(sheet, question) is None
