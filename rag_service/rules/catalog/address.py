"""The address a router is reached at ("qual o ip do roteador?", "ip de acesso")."""

from __future__ import annotations

import re

from ingest.analysis import ROUTER_BRANDS, fold, model_key
from ingest.records import Fact
from rag_service.rules.answer import RuleAnswer, answered, line, not_found
from rag_service.rules.question import Question
from rag_service.rules.registry import Rule, RuleContext
from rag_service.rules.words import Word


def access_ip(q: Question, addresses: list[Fact], ctx: RuleContext) -> RuleAnswer | None:
    if not q.has(Word.IP) or q.has(Word.NOT_ACCESS_IP):
        return None
    asked = _brands(" ".join(q.raw_tokens))
    if asked:
        # "ip do roteador zte": an address said for the Huawei routers only is not its answer.
        fitting = [f for f in addresses if not _brands(f.subject) or _brands(f.subject) & asked]
        if not fitting:
            said = "; ".join(line(f) for f in addresses)
            return not_found("access_ip", f"A planilha não dá o IP desse equipamento ({said}).")
        addresses = fitting
    return answered("access_ip", addresses, [line(f) for f in addresses])


def _brands(text: str) -> set[str]:
    """The router makers a text names, by their general names ("tp link", "Huawei")."""
    joined = model_key(text)
    folded = set(re.findall(r"[a-z0-9]+", fold(text)))
    return {b for b in ROUTER_BRANDS if b in folded or (len(b) > 4 and b in joined)}


RULE = Rule(
    name="access_ip",
    kind="access_ip",
    triggers=frozenset({Word.IP}),
    excludes=frozenset({Word.NOT_ACCESS_IP}),
    answer=access_ip,
)
