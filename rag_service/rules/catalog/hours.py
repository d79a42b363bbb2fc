"""Opening hours, of the provider or of one service, and the on-call service ("plantão")."""

from __future__ import annotations

from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer, answered, line
from rag_service.rules.question import Question, in_groups
from rag_service.rules.registry import Rule, RuleContext
from rag_service.rules.subjects import stem_overlap, stems
from rag_service.rules.words import VOCAB, Word

_READ = (Word.HOURS, Word.OPENS, Word.TIME, Word.WHEN, Word.HOURS_GENERIC)


def hours(q: Question, found: list[Fact], ctx: RuleContext) -> RuleAnswer | None:
    if q.has(Word.TECHNICIAN) and q.has(Word.WEEKEND) and not q.has_any(Word.HOURS, Word.ONCALL):
        return _oncall(found)
    opens = q.has(Word.OPENS) and q.has_any(Word.TIME, Word.WHEN)
    if not (q.has_any(Word.HOURS, Word.ONCALL) or opens):
        return None
    if "fora" in q.tokens:
        return None  # who answers OUTSIDE the hours is a procedure the hours facts do not hold
    generic = stems(sorted(w.rstrip("*") for w in VOCAB[Word.HOURS_GENERIC] | VOCAB[Word.HOURS]))
    asked = stems(q.content(*_READ)) - generic
    if asked:
        # The day asked tells hours apart once something else is asked ("plantão no domingo").
        days = stems(" ".join(t for t in q.tokens if in_groups(t, frozenset({Word.WEEKEND}))))
        asked |= days
        scored = [(_score(asked, f, generic), f) for f in found]
        best = max(score for score, _ in scored)
        if not best:
            return None  # hours of something no hours fact is about: let retrieval look
        chosen = [f for score, f in scored if score == best]
        if days and not any(_tells_of(days, f) for f in chosen):
            return None  # "plantão no domingo" where the sheet tells only of Saturday
        return answered("hours", chosen, [line(f) for f in chosen])
    return answered("hours", found, [line(f) for f in found])


def _score(asked: set[str], fact: Fact, generic: set[str]) -> int:
    """What the hours are of is named by the subject ("HORÁRIO DA LOJA"), or said in the hours
    ("Sábado das 08h às 12h - Somente Transbordo"); the subject counts twice."""
    named = stem_overlap(asked, stems(fact.subject) - generic)
    said = stem_overlap(asked - named, stems(fact.value) - generic)
    return 2 * len(named) + len(said)


# "finais de semana", "fim de semana": every weekend day at once.
_WEEKEND_STEMS = stems("fim final finais")


def _tells_of(days: set[str], fact: Fact) -> bool:
    said = stems(f"{fact.subject} {fact.value}")
    return bool(stem_overlap(days, said) or stem_overlap(_WEEKEND_STEMS, said))


def _oncall(found: list[Fact]) -> RuleAnswer | None:
    """The hours facts about the on-call service ("plantão"), for "tem técnico no domingo?"."""
    oncall = stems(sorted(w.rstrip("*") for w in VOCAB[Word.ONCALL]))
    chosen = [f for f in found if stem_overlap(stems(f.subject), oncall)]
    return answered("hours", chosen, [line(f) for f in chosen]) if chosen else None


RULE = Rule(
    name="hours",
    kind="hours",
    triggers=frozenset({Word.HOURS, Word.ONCALL}),
    reads=frozenset({*_READ, Word.TECHNICIAN, Word.WEEKEND}),
    answer=hours,
)
