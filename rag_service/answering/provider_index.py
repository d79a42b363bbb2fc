"""One provider's share of an index version, ready to answer: units, BM25, vectors, facts.

Built from that provider's records alone (linear in its size), so a version of many providers
is built provider by provider, and a provider that did not change can be reused as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ingest.analysis import analyze
from ingest.records import Fact, Unit, secret_values
from rag_service.answering.confidence import SheetVocabulary
from rag_service.answering.retrieval import LexicalIndex
from rag_service.answering.unit_text import heading_text


@dataclass(frozen=True)
class ProviderIndex:
    """Everything the engine reads to answer one provider's questions."""

    provider: str
    name: str
    units: tuple[Unit, ...]
    lexical: LexicalIndex
    # BM25 over each unit's question (or opening situation) and heading alone.
    headings: LexicalIndex
    vectors: np.ndarray | None
    facts: tuple[Fact, ...]
    facts_by_unit: dict[str, tuple[Fact, ...]]
    vocabulary: SheetVocabulary
    # The provider's secret values (passwords), longest first: what redaction looks for.
    secrets: tuple[str, ...]

    @classmethod
    def build(
        cls,
        provider: str,
        name: str,
        units: Sequence[Unit],
        tokens: Sequence[Sequence[str]],
        vectors: np.ndarray | None,
        facts: Sequence[Fact],
    ) -> ProviderIndex:
        if len(tokens) != len(units):
            raise ValueError(f"{provider}: {len(tokens)} token lists for {len(units)} units")
        if vectors is not None and len(vectors) != len(units):
            raise ValueError(f"{provider}: {len(vectors)} vectors for {len(units)} units")
        by_unit: dict[str, list[Fact]] = {}
        for fact in facts:
            by_unit.setdefault(fact.unit_id, []).append(fact)
        # The provider's own name is in every question about it: never a foreign word.
        names = f"{provider} {name}".split()
        return cls(
            provider=provider,
            name=name,
            units=tuple(units),
            lexical=LexicalIndex(tokens),
            headings=LexicalIndex([analyze(heading_text(u)) for u in units]),
            vectors=vectors,
            facts=tuple(facts),
            facts_by_unit={uid: tuple(fs) for uid, fs in by_unit.items()},
            vocabulary=SheetVocabulary((u.search_text() for u in units), generic=names),
            secrets=secret_values(facts),
        )
