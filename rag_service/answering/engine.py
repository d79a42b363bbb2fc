"""The question answerer: retrieval over one index version plus the rule overrides.

One ``Engine`` serves one loaded version and never changes; the store swaps engines on reload.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ingest.analysis import analyze, clean, fold
from ingest.records import FACT_KINDS, Fact, Unit
from rag_service.answering.confidence import (
    PRICE_MISMATCH,
    Evidence,
    SheetVocabulary,
    answer_text,
    asks_price,
    combine,
    expanded_coverage,
    is_example_of,
    is_noise,
    margin,
    retrieval_body,
    rule_body,
    states_price,
    topic_tokens,
)
from rag_service.answering.expansion import expand
from rag_service.answering.retrieval import FUSIONS, LexicalIndex, Ranked, rank
from rag_service.settings import (
    DEFAULT_EXPANSION_WEIGHT,
    DEFAULT_FUSION,
    DEFAULT_LEXICAL_WEIGHT,
    DEFAULT_MIN_CONFIDENCE,
    DEFAULT_RRF_K,
    MAX_TOP_K,
)

if TYPE_CHECKING:
    from ingest.index.embed import Embedder
    from ingest.index.publish import LoadedVersion
    from rag_service.rules.registry import RuleAnswer

logger = logging.getLogger(__name__)

MODES = ("lexical", "dense", "hybrid", "full")
RulesFn = Callable[[str, list[Fact]], "RuleAnswer | None"]

# Lone surrogates come from JSON "\\ud800" escapes: not text, and not encodable as UTF-8.
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_QUERY_CACHE_SIZE = 512


class QuestionError(ValueError):
    """A request the engine cannot read: blank question, top_k or fact kind out of range."""


class ProviderError(LookupError):
    """A request names no provider where one is needed, or one the index does not hold."""

    def __init__(self, message: str, known: dict[str, str]) -> None:
        super().__init__(message)
        self.known = known


class UnknownProviderError(ProviderError):
    """The provider is not in the index."""


class ProviderRequiredError(ProviderError):
    """The index holds several providers and the request names none."""


@dataclass(frozen=True)
class _ProviderView:
    """One provider's share of the version: its units' rows, BM25, vectors and facts."""

    rows: list[int]
    lexical: LexicalIndex
    vectors: np.ndarray | None
    facts: list[Fact]
    facts_by_unit: dict[str, list[Fact]]
    vocabulary: SheetVocabulary


def read_question(text: str) -> str:
    """The question as it is read: invalid code points and control characters removed."""
    return clean(_SURROGATES.sub(" ", text))


def import_rules() -> RulesFn | None:
    """``rag_service.rules.registry.answer_by_rules``, or None while that module does not exist."""
    try:
        from rag_service.rules.registry import answer_by_rules
    except ModuleNotFoundError as exc:
        if exc.name != "rag_service.rules.registry":
            raise
        logger.warning("rag_service.rules.registry is missing: answering by retrieval only")
        return None
    return answer_by_rules


class Engine:
    """Answers questions from one loaded index version."""

    def __init__(
        self,
        loaded: LoadedVersion,
        embedder: Embedder | None = None,
        mode: str = "full",
        *,
        fusion: str = DEFAULT_FUSION,
        rrf_k: int = DEFAULT_RRF_K,
        lexical_weight: float = DEFAULT_LEXICAL_WEIGHT,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
        expansion_weight: float = DEFAULT_EXPANSION_WEIGHT,
        rules: RulesFn | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}: expected one of {', '.join(MODES)}")
        if fusion not in FUSIONS:
            raise ValueError(f"unknown fusion {fusion!r}: expected one of {', '.join(FUSIONS)}")
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be in [0, 1], got {min_confidence}")
        if not 0.0 <= expansion_weight <= 1.0:
            raise ValueError(f"expansion_weight must be in [0, 1], got {expansion_weight}")
        self.loaded = loaded
        self.version: str = loaded.version
        self.mode = mode
        self.fusion = fusion
        self.rrf_k = rrf_k
        self.lexical_weight = lexical_weight
        self.min_confidence = min_confidence
        self.expansion_weight = expansion_weight
        self.units: list[Unit] = list(loaded.units)
        self.embedder = embedder
        if self.uses_dense and embedder is None:
            raise ValueError(f"mode {mode!r} needs an embedder")
        # Rules only in "full": the other modes measure retrieval alone.
        self._rules: RulesFn | None = None
        if mode == "full":
            self._rules = rules if rules is not None else import_rules()
        self.providers = self._provider_names(loaded)
        vectors = self._vectors(loaded) if self.uses_dense else None
        self._views = self._build_views(loaded, vectors)
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    @classmethod
    def from_index_dir(
        cls,
        index_dir: Path,
        mode: str = "full",
        embedder: Embedder | None = None,
        **options: Any,
    ) -> Engine:
        """The engine of the current version in ``index_dir`` (the model from its manifest)."""
        from ingest.index.publish import load_version

        loaded = load_version(Path(index_dir))
        if embedder is None and mode != "lexical":
            from ingest.index.embed import load_embedder

            embedder = load_embedder(loaded.manifest["model"]["name"])
        return cls(loaded, embedder, mode, **options)

    @property
    def uses_dense(self) -> bool:
        return self.mode != "lexical"

    # -- building ----------------------------------------------------------------------

    def _provider_names(self, loaded: LoadedVersion) -> dict[str, str]:
        names = dict(loaded.providers)
        for unit in self.units:
            names.setdefault(unit.provider, unit.provider)
        return names

    def _vectors(self, loaded: LoadedVersion) -> np.ndarray:
        index = loaded.faiss_index
        assert self.embedder is not None
        if int(index.d) != int(self.embedder.dim):
            raise ValueError(
                f"embedder {self.embedder.name!r} has dim {self.embedder.dim} but index "
                f"version {loaded.version} has dim {index.d}"
            )
        if int(index.ntotal) != len(self.units):
            raise ValueError(
                f"index version {loaded.version} has {index.ntotal} vectors "
                f"for {len(self.units)} units"
            )
        model = loaded.manifest.get("model", {}).get("name")
        if model != self.embedder.name:
            logger.warning("embedder %s differs from the index model %s", self.embedder.name, model)
        # Every unit's score is needed for fusion, so the (small) matrix is scored directly:
        # the same inner products that IndexFlatIP computes.
        return np.asarray(index.reconstruct_n(0, index.ntotal), dtype=np.float32)

    def _build_views(
        self, loaded: LoadedVersion, vectors: np.ndarray | None
    ) -> dict[str, _ProviderView]:
        tokens = loaded.lexical_tokens
        if len(tokens) != len(self.units):
            raise ValueError(
                f"index version {loaded.version} has {len(tokens)} token lists "
                f"for {len(self.units)} units"
            )
        views: dict[str, _ProviderView] = {}
        for provider in self.providers:
            rows = [i for i, u in enumerate(self.units) if u.provider == provider]
            facts = [f for f in loaded.facts if f.provider == provider]
            by_unit: dict[str, list[Fact]] = {}
            for fact in facts:
                by_unit.setdefault(fact.unit_id, []).append(fact)
            # The provider's own name is in every question about it: never a foreign word.
            names = f"{provider} {self.providers[provider]}".split()
            views[provider] = _ProviderView(
                rows=rows,
                lexical=LexicalIndex([tokens[i] for i in rows]),
                vectors=None if vectors is None else vectors[rows],
                facts=facts,
                facts_by_unit=by_unit,
                vocabulary=SheetVocabulary(
                    (self.units[i].search_text() for i in rows), generic=names
                ),
            )
        return views

    # -- questions ---------------------------------------------------------------------

    def resolve_provider(self, provider: str | None) -> str:
        """The provider id a request means; raises ProviderError naming the known ones."""
        known = self.providers
        listing = ", ".join(f"{pid} ({name})" for pid, name in known.items()) or "none"
        if provider is None or not provider.strip():
            if len(known) == 1:
                return next(iter(known))
            if not known:
                raise UnknownProviderError("the index holds no provider", known)
            raise ProviderRequiredError(
                f"provider is required: the index holds several providers: {listing}", known
            )
        if provider in known:
            return provider
        wanted = fold(provider).strip()
        for pid, name in known.items():
            if wanted in (fold(pid), fold(name)):
                return pid
        raise UnknownProviderError(
            f"unknown provider {provider!r}: known providers are {listing}", known
        )

    def ask(self, question: str, provider: str | None = None, top_k: int = 3) -> dict[str, Any]:
        """The ``/ask`` response body for one question."""
        started = time.perf_counter()
        text = self._check_question(question, top_k)
        pid = self.resolve_provider(provider)
        view = self._views[pid]
        rule = self._rule_answer(text, view) if self._rules is not None else None
        if rule is not None:
            ranked = self._rank(text, view, lexical_only=True)
            body = rule_body(rule)
        else:
            ranked = self._rank(text, view, lexical_only=False)
            body = self._retrieval_body(text, view, ranked)
        return {
            "question": text,
            "provider": pid,
            **body,
            "passages": self._passages(view, ranked[:top_k]),
            "index_version": self.version,
            "took_ms": round((time.perf_counter() - started) * 1000.0, 3),
        }

    def search(self, question: str, provider: str | None = None, top_k: int = 3) -> dict[str, Any]:
        """The ``/search`` response body: passages only, ranked as in this engine's mode."""
        started = time.perf_counter()
        text = self._check_question(question, top_k)
        pid = self.resolve_provider(provider)
        view = self._views[pid]
        ranked = self._rank(text, view, lexical_only=False)
        return {
            "question": text,
            "provider": pid,
            "passages": self._passages(view, ranked[:top_k]),
            "index_version": self.version,
            "took_ms": round((time.perf_counter() - started) * 1000.0, 3),
        }

    def facts(self, provider: str | None = None, kind: str | None = None) -> list[Fact]:
        """The provider's extracted facts, optionally of one kind."""
        if kind is not None and kind not in FACT_KINDS:
            raise QuestionError(
                f"unknown fact kind {kind!r}: expected one of {', '.join(FACT_KINDS)}"
            )
        view = self._views[self.resolve_provider(provider)]
        return [f for f in view.facts if kind is None or f.kind == kind]

    def _check_question(self, question: str, top_k: int) -> str:
        if not 1 <= top_k <= MAX_TOP_K:
            raise QuestionError(f"top_k must be in 1..{MAX_TOP_K}, got {top_k}")
        text = read_question(question)
        if not text:
            raise QuestionError("question is empty")
        return text

    def _rule_answer(self, question: str, view: _ProviderView) -> RuleAnswer | None:
        assert self._rules is not None
        try:
            return self._rules(question, view.facts)
        except Exception:
            # A rule bug must not cost the agent the answer: retrieval still works.
            logger.exception("rules failed on a question; answering by retrieval")
            return None

    def _rank(self, question: str, view: _ProviderView, lexical_only: bool) -> list[Ranked]:
        if not view.rows:
            return []
        lexical = dense = None
        if self.mode != "dense" or lexical_only:
            tokens = topic_tokens(question)
            expansion = expand(tokens, question)
            lexical = view.lexical.scores_expanded(tokens, expansion, self.expansion_weight)
        if self.uses_dense and not lexical_only and view.vectors is not None:
            dense = view.vectors @ self._query_vector(question)
        ranked = rank(lexical, dense, self.fusion, self.rrf_k, self.lexical_weight)
        # Headings and noise lines ("UPSOFT - OK") are never what the agent should read.
        return [r for r in ranked if not is_noise(self.units[view.rows[r.row]])]

    def _query_vector(self, question: str) -> np.ndarray:
        with self._cache_lock:
            cached = self._query_cache.get(question)
            if cached is not None:
                self._query_cache.move_to_end(question)
                return cached
        assert self.embedder is not None
        vector = np.asarray(self.embedder.encode([question])[0], dtype=np.float32)
        with self._cache_lock:
            self._query_cache[question] = vector
            while len(self._query_cache) > _QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vector

    def _confidence(self, question: str, view: _ProviderView, ranked: list[Ranked]) -> float:
        best = ranked[0]
        coverage = None
        if best.lexical is not None:
            tokens = analyze(question)
            idf = view.lexical.idf_map(tokens)
            coverage = expanded_coverage(tokens, view.lexical.doc(best.row), idf)
        evidence = Evidence(
            coverage=coverage,
            similarity=best.dense,
            known=view.vocabulary.known_share(question),
            margin=margin(ranked),
        )
        return combine(evidence, self.lexical_weight)

    def _retrieval_body(
        self, question: str, view: _ProviderView, ranked: list[Ranked]
    ) -> dict[str, Any]:
        if not ranked:
            return retrieval_body(None, 0.0, self.min_confidence, [])
        row = ranked[0].row
        unit = self.units[view.rows[row]]
        score = round(self._confidence(question, view, ranked), 4)
        previous = self.units[view.rows[row - 1]] if row > 0 else None
        example = previous is not None and is_example_of(unit, previous)
        shown = f"{answer_text(previous)} {answer_text(unit)}" if example and previous else ""
        if asks_price(question) and not states_price(shown or answer_text(unit)):
            score = round(score * PRICE_MISMATCH, 4)
        if previous is not None and example:
            # An example illustrates the answer above it; alone it answers nothing.
            facts = view.facts_by_unit.get(previous.id, [])
            return retrieval_body(previous, score, self.min_confidence, facts, also=unit)
        return retrieval_body(unit, score, self.min_confidence, view.facts_by_unit.get(unit.id, []))

    def _passages(self, view: _ProviderView, ranked: list[Ranked]) -> list[dict[str, Any]]:
        out = []
        for hit in ranked:
            unit = self.units[view.rows[hit.row]]
            out.append(
                {
                    "id": unit.id,
                    "section": unit.section,
                    "question": unit.question,
                    "text": answer_text(unit),
                    "score": round(hit.score, 4),
                    "lines": [unit.lines[0], unit.lines[1]],
                }
            )
        return out
