"""Deterministic answers from a provider's extracted facts (no fastapi, no I/O).

``answer_by_rules(question, facts)`` reads the question's words against the word groups
(``words``), tries every rule of the catalog on its kind's facts and returns the chosen answer,
or ``None`` when no rule clearly applies (a wrong rule answer is worse than letting retrieval
answer).
"""

from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer
from rag_service.rules.catalog import REGISTRY
from rag_service.rules.registry import Registry, Rule, RuleContext


def answer_by_rules(question: str, facts: list[Fact]) -> RuleAnswer | None:
    """Answer from the facts of ONE provider with every rule of the catalog."""
    return REGISTRY.answer(question, facts)


__all__ = ["REGISTRY", "Registry", "Rule", "RuleAnswer", "RuleContext", "answer_by_rules"]
