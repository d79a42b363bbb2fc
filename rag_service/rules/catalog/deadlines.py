"""Support deadlines ("qual o prazo do suporte?", "em quantas horas o técnico vem?")."""

from __future__ import annotations

from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer, answered, line, not_found
from rag_service.rules.question import Question
from rag_service.rules.registry import Rule, RuleContext
from rag_service.rules.subjects import match_subject
from rag_service.rules.words import Word

_READ = (Word.DEADLINE, Word.TIME_AMOUNT, Word.HOW_MANY, Word.TIME_UNIT, Word.RESOLVE)


def deadline(q: Question, deadlines: list[Fact], ctx: RuleContext) -> RuleAnswer | None:
    how_long = q.has(Word.HOW_MANY) and (
        q.has(Word.TIME_AMOUNT) or (q.has(Word.TIME_UNIT) and q.has(Word.RESOLVE))
    )
    if not (q.has(Word.DEADLINE) or how_long):
        return None
    asked = q.content(*_READ)
    if not asked:
        return answered("deadline", deadlines, [line(f) for f in deadlines])
    scored = [(match_subject(asked, f.subject).question_hits, f) for f in deadlines]
    best = max(score for score, _ in scored)
    chosen = [f for score, f in scored if score == best] if best else []
    # "prazo pra cliente corporativo" where the sheet gives the residential one only: a case
    # asked that no deadline is for is not the case the sheet answers.
    cases = q.matching(Word.CASE)
    unmet = [w for w in cases if not _meets(w, deadlines)]
    if unmet and not any(_meets(w, chosen) for w in cases):
        return not_found(
            "deadline",
            "A planilha não informa o prazo para esse caso. Prazos na planilha: "
            + "; ".join(line(f) for f in deadlines)
            + ".",
            mention=" ".join(sorted(unmet)),
        )
    if not chosen:
        return None  # a deadline of something the sheet's deadlines are not about
    return answered("deadline", chosen, [line(f) for f in chosen])


def _meets(word: str, facts: list[Fact]) -> bool:
    return any(match_subject([word], f.subject).question_hits for f in facts)


RULE = Rule(
    name="deadline",
    kind="deadline",
    triggers=frozenset({Word.DEADLINE}),
    reads=frozenset(_READ),
    answer=deadline,
)
