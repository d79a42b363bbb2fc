"""Day thresholds of late payment: when the speed is reduced, when it is blocked, the most days
late for a release in trust."""

from __future__ import annotations

from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer, answered, line
from rag_service.rules.question import Question
from rag_service.rules.registry import Rule, RuleContext
from rag_service.rules.words import Word


def block_days(q: Question, found: list[Fact], ctx: RuleContext) -> RuleAnswer | None:
    if q.has(Word.RELEASE):
        if not q.has(Word.DAYS):
            return None  # how to release, not the limit
        chosen = [f for f in found if f.attrs.get("threshold") == "max_days_late_release"]
        return answered("trust_release_days", chosen, [line(f) for f in chosen]) if chosen else None
    slowed = q.has(Word.SLOW) and q.has(Word.LATE)  # "atrasou, com quantos dias fica lenta?"
    if not (q.has_any(Word.BLOCK, Word.CUT, Word.REDUCE) or slowed):
        return None
    if q.has_any(Word.HOW, Word.PLAN):
        return None
    loose = q.has(Word.BLOCK) and not q.content(Word.BLOCK)
    asks_when = q.has_any(Word.DAYS, Word.WHEN, Word.PARTIAL, Word.TOTAL, Word.SPEED)
    if not (asks_when or loose):
        return None
    wanted = set()
    if q.has_any(Word.PARTIAL, Word.REDUCE) or slowed:
        wanted.add("partial_block")
    if q.has_any(Word.TOTAL, Word.CUT):
        wanted.add("total_block")
    chosen = [f for f in found if f.attrs.get("threshold") in (wanted or {"partial_block"})]
    if not wanted or not chosen:
        chosen = [f for f in found if f.attrs.get("threshold") in {"partial_block", "total_block"}]
    return answered("block_days", chosen, [line(f) for f in chosen]) if chosen else None


RULE = Rule(
    name="block_days",
    kind="day_threshold",
    triggers=frozenset({Word.BLOCK, Word.CUT, Word.REDUCE, Word.RELEASE}),
    reads=frozenset({Word.DAYS, Word.WHEN, Word.PARTIAL, Word.TOTAL, Word.SLOW, Word.LATE}),
    answer=block_days,
)
