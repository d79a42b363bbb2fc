"""The one place answers are built: a rule's answer, retrieval's best unit, or an abstention."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from ingest.placeholders import opens_not_known
from ingest.records import Fact, Unit
from rag_service.answering.records import Gap, Verdict
from rag_service.answering.unit_text import answer_text
from rag_service.rules import RuleAnswer
from rag_service.rules.answer import line

logger = logging.getLogger(__name__)


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """The items, first occurrences only, in order."""
    return tuple(dict.fromkeys(items))


def from_rule(rule: RuleAnswer) -> Verdict:
    """A rule's answer; a rule is sure (1.0) or abstains (0.0).

    A rule's not_found explains what the sheet lacks: advice (a caveat), not an answer.
    """
    answered = rule.status == "answered"
    caveats = list(rule.caveats)
    if not answered and rule.answer and rule.answer not in caveats:
        caveats.insert(0, rule.answer)
    if answered and rule.secret:
        logger.info("credential disclosed by rule %s", rule.rule)
    return Verdict(
        status="answered" if answered else "not_found",
        text=rule.answer if answered else None,
        source="rule",
        rule=rule.rule,
        facts=tuple(rule.facts),
        caveats=unique(caveats),
        confidence=1.0 if answered else 0.0,
        value=rule.value if answered else None,
        suggestions=unique(rule.suggestions),
        gap=None if answered else _rule_gap(rule),
    )


def _rule_gap(rule: RuleAnswer) -> Gap:
    """A rule's not_found: the value asked not stated, no such entity (with the words that
    named it), or nothing on it."""
    if rule.unstated is not None:
        fact = rule.unstated
        return Gap("value", question=line(fact), lines=fact.lines, span=fact.span)
    if rule.mention or rule.suggestions:
        return Gap("entity", mention=rule.mention or None)
    return Gap("absent")


def from_retrieval(
    unit: Unit | None,
    score: float,
    min_confidence: float,
    facts: Sequence[Fact],
    also: Unit | None = None,
) -> Verdict:
    """The best unit's own answer, or not_found (abstention) below the threshold.

    ``also`` is a unit whose text follows the answer (an example of it). A unit that asks the
    question without answering it is not_found too.
    """
    text = answer_text(unit) if unit is not None else ""
    if text and also is not None:
        text = f"{text}\n{answer_text(also)}"
    confidence = score if unit is not None else 0.0
    if score < min_confidence:
        return abstention(confidence)
    if not text:
        assert unit is not None
        # The best unit asks the question and the sheet leaves it unanswered: say which.
        return abstention(confidence, Gap("blank", unit.question, unit.lines, unit.span))
    if opens_not_known(text):
        assert unit is not None
        # "Não informado. O comercial passa a data": what the sheet says, never an answer.
        return abstention(confidence, Gap("value", text, unit.lines, unit.span))
    return Verdict(
        status="answered",
        text=text,
        source="retrieval",
        rule=None,
        facts=tuple(facts),
        caveats=unique(c for f in facts for c in f.caveats),
        confidence=score,
        value=None,
    )


def abstention(confidence: float = 0.0, gap: Gap | None = None) -> Verdict:
    """Not in the sheet: too little evidence for any unit (or the sheet's question is blank)."""
    return Verdict(
        status="not_found",
        text=None,
        source=None,
        rule=None,
        facts=(),
        caveats=(),
        confidence=confidence,
        value=None,
        gap=gap or Gap("absent"),
    )


def with_parts(verdict: Verdict, others: Sequence[Verdict]) -> Verdict:
    """A rule's answer with the answers retrieval gave to the question's other parts: every
    part's lines and facts in one answer, as sure as its least sure part; the value stays only
    while the other parts add no fact (one exact value)."""
    facts = [*verdict.facts, *(f for v in others for f in v.facts)]
    return Verdict(
        status="answered",
        text="\n".join(t for t in (verdict.text, *(v.text for v in others)) if t),
        source=verdict.source,
        rule=verdict.rule,
        facts=tuple(facts),
        caveats=unique([*verdict.caveats, *(c for v in others for c in v.caveats)]),
        confidence=min([verdict.confidence, *(v.confidence for v in others)]),
        value=verdict.value if len(facts) == len(verdict.facts) else None,
        suggestions=verdict.suggestions,
    )
