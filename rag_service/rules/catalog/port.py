"""The access port of the routers ("qual a porta de acesso?")."""

from __future__ import annotations

from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer, answered, line
from rag_service.rules.question import Question
from rag_service.rules.registry import Rule, RuleContext
from rag_service.rules.words import Word


def access_port(q: Question, ports: list[Fact], ctx: RuleContext) -> RuleAnswer | None:
    if not q.has(Word.PORT):
        return None
    return answered("access_port", ports, [line(f) for f in ports])


RULE = Rule(
    name="access_port", kind="access_port", triggers=frozenset({Word.PORT}), answer=access_port
)
