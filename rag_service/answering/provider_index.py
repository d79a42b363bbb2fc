"""One provider's share of an index version, ready to answer: units, BM25, vectors, facts; and
the indexes of a whole version, built partition by partition.

A provider's index is built from its own partition alone (linear in its size), so a version of
many providers is built provider by provider, and a provider whose partition did not change
between two versions (same digest) is reused as it is: a reload builds what changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ingest.analysis import analyze, fold
from ingest.records import Fact, Unit, secret_values
from rag_service.answering.confidence import SheetVocabulary
from rag_service.answering.retrieval import LexicalIndex
from rag_service.answering.unit_text import heading_text

if TYPE_CHECKING:
    from ingest.index import LoadedVersion, Partition


class LazyLexical:
    """A provider's BM25, built from its tokens the first time it is asked (under a lock):
    a portfolio of a thousand providers is ready without building a thousand BM25 indexes,
    and a provider's first question pays its own (about a millisecond). ``tokens`` makes the
    token lists (the stored ones, or an analysis run only then)."""

    def __init__(self, tokens: Callable[[], Sequence[Sequence[str]]]) -> None:
        self._tokens: Callable[[], Sequence[Sequence[str]]] | None = tokens
        self._index: LexicalIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> LexicalIndex:
        index = self._index
        if index is None:
            with self._lock:
                if self._index is None:
                    assert self._tokens is not None
                    self._index = LexicalIndex(self._tokens())
                    self._tokens = None
                index = self._index
        return index


@dataclass(frozen=True)
class ProviderIndex:
    """Everything the engine reads to answer one provider's questions."""

    provider: str
    name: str
    units: tuple[Unit, ...]
    lexical_of: LazyLexical
    # BM25 over each unit's question (or opening situation) and heading alone, built lazily too.
    headings_of: LazyLexical
    vectors: np.ndarray | None
    facts: tuple[Fact, ...]
    facts_by_unit: dict[str, tuple[Fact, ...]]
    vocabulary: SheetVocabulary
    # The provider's secret values (passwords), longest first: what redaction looks for.
    secrets: tuple[str, ...]
    # The partition it was built from ("" when built from records): what a reload compares.
    digest: str = ""

    @property
    def lexical(self) -> LexicalIndex:
        """The provider's BM25 over its units' tokens."""
        return self.lexical_of.get()

    @property
    def headings(self) -> LexicalIndex:
        """The provider's BM25 over each unit's ``heading_text`` (its question, opening
        situation or heading), analysed on its first question."""
        return self.headings_of.get()

    @classmethod
    def build(
        cls,
        provider: str,
        name: str,
        units: Sequence[Unit],
        tokens: Sequence[Sequence[str]],
        vectors: np.ndarray | None,
        facts: Sequence[Fact],
        *,
        vocabulary: SheetVocabulary | None = None,
        digest: str = "",
    ) -> ProviderIndex:
        if len(tokens) != len(units):
            raise ValueError(f"{provider}: {len(tokens)} token lists for {len(units)} units")
        if vectors is not None and len(vectors) != len(units):
            raise ValueError(f"{provider}: {len(vectors)} vectors for {len(units)} units")
        by_unit: dict[str, list[Fact]] = {}
        for fact in facts:
            by_unit.setdefault(fact.unit_id, []).append(fact)
        if vocabulary is None:
            vocabulary = SheetVocabulary(
                (u.search_text() for u in units), generic=_names(provider, name)
            )
        kept = tuple(units)
        return cls(
            provider=provider,
            name=name,
            units=kept,
            lexical_of=LazyLexical(lambda: tokens),
            headings_of=LazyLexical(lambda: [analyze(heading_text(u)) for u in kept]),
            vectors=vectors,
            facts=tuple(facts),
            facts_by_unit={uid: tuple(fs) for uid, fs in by_unit.items()},
            vocabulary=vocabulary,
            secrets=secret_values(facts),
            digest=digest,
        )

    @classmethod
    def of_partition(cls, partition: Partition, name: str, dense: bool) -> ProviderIndex:
        """The index of a loaded partition (its stored words and stems: nothing re-analysed)."""
        provider = partition.provider
        return cls.build(
            provider=provider,
            name=name,
            units=partition.units,
            tokens=partition.tokens,
            vectors=partition.vectors if dense else None,
            facts=partition.facts,
            vocabulary=SheetVocabulary.of_words(
                partition.words, partition.stems, generic=_names(provider, name)
            ),
            digest=partition.digest,
        )


def _names(provider: str, name: str) -> list[str]:
    # The provider's own name is in every question about it: never a foreign word.
    return f"{provider} {name}".split()


class SecretWords:
    """Every provider's secret values, case-folded, with how many providers hold each: the audit
    looks a typed word up in it (O(1)); a reload updates it by the providers that changed."""

    def __init__(self, counts: Mapping[str, int] | None = None) -> None:
        self._counts: dict[str, int] = dict(counts or {})

    @classmethod
    def of(cls, views: Iterable[ProviderIndex]) -> SecretWords:
        words = cls()
        for view in views:
            words._add(view, 1)
        return words

    def updated(
        self, removed: Iterable[ProviderIndex], added: Iterable[ProviderIndex]
    ) -> SecretWords:
        """A copy without the secrets of ``removed`` and with those of ``added``."""
        words = SecretWords(self._counts)
        for view in removed:
            words._add(view, -1)
        for view in added:
            words._add(view, 1)
        return words

    def _add(self, view: ProviderIndex, step: int) -> None:
        for value in {s.casefold() for s in view.secrets}:
            count = self._counts.get(value, 0) + step
            if count > 0:
                self._counts[value] = count
            else:
                self._counts.pop(value, None)

    def __contains__(self, word: object) -> bool:
        return word in self._counts

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)


@dataclass(frozen=True)
class Portfolio:
    """The providers of one version: their indexes, the names they can be asked by, and every
    provider's secret words."""

    indexes: dict[str, ProviderIndex]
    aliases: dict[str, str]
    secret_words: SecretWords
    built: int


def build_portfolio(
    loaded: LoadedVersion, dense: bool, previous: Portfolio | None = None
) -> Portfolio:
    """Each provider's index: reused from ``previous`` where its partition (digest, name, and
    whether it holds vectors) is the same, built from the loaded partition otherwise."""
    reusable: dict[str, ProviderIndex] = {}
    if previous is not None:
        reusable = {v.digest: v for v in previous.indexes.values() if v.digest}
    indexes: dict[str, ProviderIndex] = {}
    built: list[ProviderIndex] = []
    for entry in loaded.entries:
        old = reusable.get(entry.digest)
        if old is not None and old.name == entry.name and (old.vectors is not None) == dense:
            indexes[entry.provider] = old
            continue
        partition = loaded.partitions.get(entry.provider)
        if partition is None:
            raise ValueError(
                f"index version {loaded.version}: partition of {entry.provider} neither "
                "loaded nor held by the previous engine"
            )
        view = ProviderIndex.of_partition(partition, entry.name, dense)
        indexes[entry.provider] = view
        built.append(view)
    if previous is None:
        secret_words = SecretWords.of(indexes.values())
    else:
        kept = {id(v) for v in indexes.values()}
        gone = [v for v in previous.indexes.values() if id(v) not in kept]
        secret_words = previous.secret_words.updated(gone, built)
    aliases: dict[str, str] = {}
    for pid, view in indexes.items():
        aliases.setdefault(fold(view.name).strip(), pid)
    for pid in indexes:  # an id wins over another provider's display name
        aliases[fold(pid)] = pid
    return Portfolio(indexes, aliases, secret_words, built=len(built))
