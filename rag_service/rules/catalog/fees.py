"""What is charged for a service: the amount, or that it is free ("qto custa a visita?")."""

from __future__ import annotations

from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer, answered, line
from rag_service.rules.question import Question
from rag_service.rules.registry import Rule, RuleContext
from rag_service.rules.speeds import question_speeds
from rag_service.rules.subjects import match_subject
from rag_service.rules.words import Word


def fee(q: Question, fees: list[Fact], ctx: RuleContext) -> RuleAnswer | None:
    # "Em quanto tempo", "quantos dias": "quanto" asks for a duration there, not a price.
    charge = q.has(Word.CHARGE) and not _asks_duration(q)
    if not charge and q.has_any(Word.HOW, Word.WHERE, Word.WHEN, Word.PLAN):
        return None
    # "Can we / do we tell the customer" words are not the subject of the fee. Without a money
    # word, the equipment moved is not the subject either ("mudar o roteador de cômodo").
    ignored = (Word.CHARGE, Word.POLICY, Word.CUSTOMER) + (() if charge else (Word.EQUIPMENT,))
    asked = q.content(*ignored)
    if not asked:
        return None
    scored = [(match_subject(asked, f.subject), f) for f in fees]
    best = max(m.subject_hits for m, _ in scored)
    top = [(m, f) for m, f in scored if m.subject_hits == best]
    covered = max(m.question_hits for m, _ in top)
    total = scored[0][0].question_words
    if best == 0 or not total:
        return None  # the question is about something the fee subjects do not cover
    if charge:
        # The distinctive words must meet the subject: more than half of them, or two stems.
        if not (covered / total > 0.5 or best >= 2):
            return None
        if best < 2 and (q.has(Word.PLAN) or question_speeds(q, set())):
            return None
    elif best < 2 or covered < total:
        # No money word ("cliente mudou de casa"): only when every word names one fee subject.
        return None
    chosen = [f for m, f in top if m.question_hits == covered]
    return answered("fee", chosen, [line(f) for f in chosen])


def _asks_duration(q: Question) -> bool:
    return q.phrase(Word.HOW_MANY, Word.TIME_AMOUNT) or q.phrase(Word.HOW_MANY, Word.TIME_UNIT)


RULE = Rule(name="fee", kind="fee", triggers=frozenset({Word.CHARGE}), answer=fee)
