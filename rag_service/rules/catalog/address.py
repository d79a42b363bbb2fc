"""The address a router is reached at ("qual o ip do roteador?", "ip de acesso")."""

from __future__ import annotations

from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer, answered, line
from rag_service.rules.question import Question
from rag_service.rules.registry import Rule, RuleContext
from rag_service.rules.words import Word


def access_ip(q: Question, addresses: list[Fact], ctx: RuleContext) -> RuleAnswer | None:
    if not q.has(Word.IP) or q.has(Word.NOT_ACCESS_IP):
        return None
    return answered("access_ip", addresses, [line(f) for f in addresses])


RULE = Rule(
    name="access_ip",
    kind="access_ip",
    triggers=frozenset({Word.IP}),
    excludes=frozenset({Word.NOT_ACCESS_IP}),
    answer=access_ip,
)
