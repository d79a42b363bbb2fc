"""Opening hours, of the provider or of one service, and the on-call service ("plantão")."""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.analysis import fold
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
    # The day asked tells hours apart ("plantão no domingo", "horário de sábado").
    days = stems(" ".join(t for t in q.tokens if in_groups(t, frozenset({Word.WEEKEND}))))
    if not asked | days:
        return answered("hours", found, [line(f) for f in found])
    scored = [(_score(asked | days, f, generic), f) for f in found]
    best = max(score for score, _ in scored)
    if not best:
        return None  # hours of something no hours fact is about: let retrieval look
    top = [f for score, f in scored if score == best]
    if days and not any(_tells_of(days, f) for f in top):
        return None  # "plantão no domingo" where the sheet tells only of Saturday
    # The other lines of the same answer come with it ("Plantão: Sábado ... / Domingo ...").
    chosen = [
        f for f in found if any(f.unit_id == t.unit_id and f.subject == t.subject for t in top)
    ]
    given = answered("hours", chosen, [line(f) for f in chosen])
    # The hours words asked ("até q horas abre") are explained by these hours, though every
    # other hours fact's subject holds them too ("HORÁRIO DO CALL CENTER").
    return replace(given, mention=" ".join(sorted(q.matching(*_READ))) or None)


def _score(asked: set[str], fact: Fact, generic: set[str]) -> int:
    """What the hours are of is named by the subject ("HORÁRIO DA LOJA"), or said in the hours
    ("Sábado das 08h às 12h - Somente Transbordo"); the subject counts twice."""
    named = stem_overlap(asked, stems(fact.subject) - generic)
    said = stem_overlap(asked - named, stems(fact.value) - generic)
    return 2 * len(named) + len(said)


# "finais de semana", "fim de semana": every weekend day at once.
_WEEKEND_STEMS = stems("fim final finais")
_WEEKEND_DAYS = stems("sabado sabados domingo domingos sab dom")


# "Todos os dias", "24/7", "diariamente": every day at once.
_EVERY_DAY = re.compile(r"\btodos\s+os\s+dias\b|\b24\s*/\s*7\b|\bdiariamente\b")


def _tells_of(days: set[str], fact: Fact) -> bool:
    """Whether a fact tells of the days asked: by name, as the weekend, or as every day."""
    text = f"{fact.subject} {fact.value}"
    said = stems(text)
    every = _EVERY_DAY.search(fold(text)) is not None
    # "plantão no fim de semana" is told of by "Sábados e feriados ...": a weekend's day.
    weekend_day = bool(stem_overlap(_WEEKEND_STEMS, days) and stem_overlap(_WEEKEND_DAYS, said))
    return (
        every or weekend_day or bool(stem_overlap(days, said) or stem_overlap(_WEEKEND_STEMS, said))
    )


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
