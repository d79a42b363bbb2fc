"""The question answerer: the rules on facts first, then hybrid retrieval over the units.

One ``Engine`` serves one loaded version and never changes; the store swaps engines on reload.
A question goes: read (``read_question``) -> the asked provider's index -> its typing slips
fixed against that provider's sheet (``fix_slips``) -> the rules (full
mode) -> otherwise ranking (BM25 + dense, fused) -> the best unit with its confidence, or
not_found -> an ``Answer``.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ingest.analysis import MONEY, analyze, clean, fold
from ingest.placeholders import withholds_amount
from ingest.records import Fact
from rag_service.answering.answers import abstention, from_retrieval, from_rule, with_parts
from rag_service.answering.confidence import (
    Evidence,
    combine,
    expanded_coverage,
    margin,
    topic_tokens,
)
from rag_service.answering.expansion import expand, read_idioms
from rag_service.answering.provider_index import Portfolio, ProviderIndex, build_portfolio
from rag_service.answering.records import (
    MAX_TOP_K,
    MODES,
    Answer,
    Gap,
    Mode,
    Passage,
    ProviderRequiredError,
    QuestionError,
    SearchResult,
    UnknownProviderError,
    Verdict,
    provider_listing,
)
from rag_service.answering.retrieval import Ranked, RankingOptions, rank
from rag_service.answering.slips import fix_slips
from rag_service.answering.unit_text import (
    PRICE_MISMATCH,
    answer_text,
    asks_price,
    is_example_of,
    is_noise,
    misses_priced,
    states_price,
    withheld_price,
)
from rag_service.rules import RuleAnswer, answer_by_rules
from rag_service.rules.registry import parts

if TYPE_CHECKING:
    from ingest.index import Embedder, LoadedVersion

logger = logging.getLogger(__name__)

RulesFn = Callable[[str, list[Fact]], RuleAnswer | None]

# Lone surrogates come from JSON "\\ud800" escapes: not text, and not encodable as UTF-8.
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_QUERY_CACHE_SIZE = 512
# How sure retrieval must be to add its answer to a part of a question beside a rule's answer
# (a second answer the agent did not need is noise beside the one asked).
_PART_MIN = 0.3


def read_question(text: str) -> str:
    """The question as it is read: invalid code points and control characters removed."""
    return clean(_SURROGATES.sub(" ", text))


class Engine:
    """Answers questions from one loaded index version."""

    def __init__(
        self,
        loaded: LoadedVersion,
        embedder: Embedder | None = None,
        mode: Mode = "full",
        *,
        rules: RulesFn | None = answer_by_rules,
        previous: Engine | None = None,
        **options: Any,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}: expected one of {', '.join(MODES)}")
        self.options = RankingOptions(**options)
        self.loaded = loaded
        self.version: str = loaded.version
        self.mode = mode
        self.embedder = embedder
        if self.uses_dense and embedder is None:
            raise ValueError(f"mode {mode!r} needs an embedder")
        # Rules only in "full": the other modes measure retrieval alone.
        self._rules = rules if mode == "full" else None
        self.providers = dict(loaded.providers)
        if self.uses_dense:
            self._check_dense(loaded)
        # Partitions unchanged since ``previous`` keep their built indexes (a reload builds only
        # what changed); every secret word of the portfolio is ready before the first request.
        before = previous.portfolio if previous is not None and previous.mode == mode else None
        self.portfolio: Portfolio = build_portfolio(loaded, self.uses_dense, before)
        self.indexes = self.portfolio.indexes
        self.every_secret = self.portfolio.secret_words
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    @classmethod
    def from_index_dir(
        cls,
        index_dir: Path,
        mode: Mode = "full",
        embedder: Embedder | None = None,
        **options: Any,
    ) -> Engine:
        """The engine of the current version in ``index_dir`` (the model from its manifest)."""
        from ingest.index import load_embedder, load_version

        loaded = load_version(Path(index_dir))
        if embedder is None and mode != "lexical":
            embedder = load_embedder(loaded.manifest["model"]["name"])
        return cls(loaded, embedder, mode, **options)

    @property
    def uses_dense(self) -> bool:
        return self.mode != "lexical"

    @property
    def fact_kinds(self) -> tuple[str, ...]:
        """The kinds of fact the version's ingest extracts (its manifest says)."""
        return tuple(self.loaded.manifest.get("fact_kinds", ()))

    @property
    def min_confidence(self) -> float:
        return self.options.min_confidence

    def _check_dense(self, loaded: LoadedVersion) -> None:
        assert self.embedder is not None
        if int(loaded.dim) != int(self.embedder.dim):
            raise ValueError(
                f"embedder {self.embedder.name!r} has dim {self.embedder.dim} but index "
                f"version {loaded.version} has dim {loaded.dim}"
            )
        model = loaded.manifest.get("model", {}).get("name")
        if model != self.embedder.name:
            logger.warning("embedder %s differs from the index model %s", self.embedder.name, model)

    # -- questions ---------------------------------------------------------------------

    def resolve_provider(self, provider: str | None) -> str:
        """The provider id a request means; raises ProviderError naming known ones."""
        known = self.providers
        if provider is None or not provider.strip():
            if len(known) == 1:
                return next(iter(known))
            if not known:
                raise UnknownProviderError("the index holds no provider", known)
            raise ProviderRequiredError(
                "provider is required: the index holds several providers: "
                + provider_listing(known),
                known,
            )
        if provider in known:
            return provider
        found = self.portfolio.aliases.get(fold(provider).strip())
        if found is not None:
            return found
        raise UnknownProviderError(
            f"unknown provider {provider!r}: known providers are {provider_listing(known)}",
            known,
        )

    def index_of(self, provider: str | None) -> ProviderIndex:
        """The index of the provider a request means (see ``resolve_provider``)."""
        return self.indexes[self.resolve_provider(provider)]

    def ask(self, question: str, provider: str | None = None, top_k: int = 3) -> Answer:
        """The answer to one question of one provider."""
        started = time.perf_counter()
        text = self._check_question(question, top_k)
        view = self.index_of(provider)
        asked = fix_slips(text, view.vocabulary)
        rule = self._rules(asked, list(view.facts)) if self._rules is not None else None
        verdict: Verdict
        if rule is not None:
            ranked = _sources_first(self._rank(asked, view, lexical_only=True), view, rule)
            verdict = from_rule(rule)
            if verdict.status == "answered":
                verdict, ranked = self._other_parts(asked, view, verdict, ranked)
        else:
            sought = read_idioms(asked)
            ranked = self._rank(sought, view, lexical_only=False)
            verdict = self._retrieval_verdict(sought, view, ranked)
        return Answer(
            question=text,
            provider=view.provider,
            verdict=verdict,
            passages=self._passages(view, ranked[:top_k]),
            index_version=self.version,
            took_ms=_elapsed_ms(started),
        )

    def search(self, question: str, provider: str | None = None, top_k: int = 3) -> SearchResult:
        """The passages only, ranked as in this engine's mode."""
        started = time.perf_counter()
        text = self._check_question(question, top_k)
        view = self.index_of(provider)
        sought = read_idioms(fix_slips(text, view.vocabulary))
        ranked = self._rank(sought, view, lexical_only=False)
        return SearchResult(
            question=text,
            provider=view.provider,
            passages=self._passages(view, ranked[:top_k]),
            index_version=self.version,
            took_ms=_elapsed_ms(started),
        )

    def facts(self, provider: str | None = None, kind: str | None = None) -> list[Fact]:
        """The provider's extracted facts, optionally of one kind."""
        kinds = self.fact_kinds
        if kind is not None and kind not in kinds:
            raise QuestionError(f"unknown fact kind {kind!r}: expected one of {', '.join(kinds)}")
        return [f for f in self.index_of(provider).facts if kind is None or f.kind == kind]

    def _check_question(self, question: str, top_k: int) -> str:
        if not 1 <= top_k <= MAX_TOP_K:
            raise QuestionError(f"top_k must be in 1..{MAX_TOP_K}, got {top_k}")
        text = read_question(question)
        if not text:
            raise QuestionError("question is empty")
        return text

    # -- ranking -----------------------------------------------------------------------

    def _rank(self, question: str, view: ProviderIndex, lexical_only: bool) -> list[Ranked]:
        if not view.units:
            return []
        lexical = dense = None
        if self.mode != "dense" or lexical_only:
            tokens = topic_tokens(question)
            expansion = expand(tokens, question)
            weight = self.options.expansion_weight
            lexical = view.lexical.scores_expanded(tokens, expansion, weight)
            if self.options.heading_weight > 0.0:
                headings = view.headings.scores_expanded(tokens, expansion, weight)
                lexical = lexical + np.float32(self.options.heading_weight) * headings
        if self.uses_dense and not lexical_only and view.vectors is not None:
            dense = view.vectors @ self._query_vector(question)
        options = self.options
        ranked = rank(lexical, dense, options.fusion, options.rrf_k, options.lexical_weight)
        # Headings and noise lines ("UPSOFT - OK") are never what the agent should read.
        return [r for r in ranked if not is_noise(view.units[r.row])]

    def _query_vector(self, question: str) -> np.ndarray:
        with self._cache_lock:
            cached = self._query_cache.get(question)
            if cached is not None:
                self._query_cache.move_to_end(question)
                return cached
        assert self.embedder is not None
        vector = np.asarray(self.embedder.encode_queries([question])[0], dtype=np.float32)
        with self._cache_lock:
            self._query_cache[question] = vector
            while len(self._query_cache) > _QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vector

    def _confidence(self, question: str, view: ProviderIndex, ranked: list[Ranked]) -> float:
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
        return combine(evidence, self.options.lexical_weight)

    def _retrieval_verdict(
        self, question: str, view: ProviderIndex, ranked: list[Ranked]
    ) -> Verdict:
        minimum = self.options.min_confidence
        if not ranked:
            return from_retrieval(None, 0.0, minimum, [])
        row = ranked[0].row
        unit = view.units[row]
        score = round(self._confidence(question, view, ranked), 4)
        previous = view.units[row - 1] if row > 0 else None
        example = previous is not None and is_example_of(unit, previous)
        shown = f"{answer_text(previous)} {answer_text(unit)}" if example and previous else ""
        said = shown or answer_text(unit)
        price = asks_price(question)
        if price and not MONEY.search(said) and withholds_amount(said):
            # "Consultar comercial", "valor à parte (não informado)": the sheet has no amount.
            return abstention(score, Gap("value", said, unit.lines, unit.span))
        if price and misses_priced(question, f"{unit.question or ''} {unit.section} {said}"):
            # "taxa de religação" over a unit about the block's days: what it says, no answer.
            return abstention(score, Gap("value", said, unit.lines, unit.span))
        if price and (withheld := withheld_price(question, said)) is not None:
            # Amounts of other things beside "a gente não tem os valores" of the one asked.
            return abstention(score, Gap("value", withheld, unit.lines, unit.span))
        if price and not states_price(said):
            score = round(score * PRICE_MISMATCH, 4)
        if previous is not None and example:
            # An example illustrates the answer above it; alone it answers nothing.
            facts = view.facts_by_unit.get(previous.id, ())
            return from_retrieval(previous, score, minimum, facts, also=unit)
        return from_retrieval(unit, score, minimum, view.facts_by_unit.get(unit.id, ()))

    def _other_parts(
        self, asked: str, view: ProviderIndex, verdict: Verdict, ranked: list[Ranked]
    ) -> tuple[Verdict, list[Ranked]]:
        """A question in parts whose rule answers some: each part no rule answers gets
        retrieval's answer when it is sure enough ("cnpj da empresa e endereço da loja")."""
        assert self._rules is not None
        facts = list(view.facts)
        # The parts are ranked with the whole question's words ("plano de 1 giga ... e precisa
        # de roteador especial?": the second part is about that plan), once for all of them,
        # never a unit with a secret (a password appears only when a rule finds the one model
        # meant) nor one the answer already gives.
        pool: list[Ranked] | None = None
        given = {f.unit_id for f in verdict.facts}
        found: list[tuple[Verdict, Ranked]] = []
        for part in parts(asked):
            by_rule = self._rules(part, facts)
            if by_rule is not None and by_rule.status == "answered":
                continue
            if asks_price(part) and any(f.kind in ("fee", "plan") for f in verdict.facts):
                continue  # "... tem custo?" beside the fee the rule gave: the same ask
            if pool is None:
                pool = [
                    h
                    for h in self._rank(read_idioms(asked), view, lexical_only=False)
                    if not any(f.secret for f in view.facts_by_unit.get(view.units[h.row].id, ()))
                ]
            hits = [h for h in pool if view.units[h.row].id not in given]
            part_verdict = self._retrieval_verdict(read_idioms(part), view, hits)
            if hits and part_verdict.status == "answered" and part_verdict.confidence >= _PART_MIN:
                found.append((part_verdict, hits[0]))
                given.add(view.units[hits[0].row].id)
        if not found:
            return verdict, ranked
        # The passages: the rule's sources, then each other part's, then the rest.
        extra = {hit.row for _, hit in found}
        sources = {f.unit_id for f in verdict.facts}
        rest = [r for r in ranked if r.row not in extra]
        lead = [r for r in rest if view.units[r.row].id in sources]
        after = [r for r in rest if view.units[r.row].id not in sources]
        rows = lead + [hit for _, hit in found] + after
        return with_parts(verdict, [v for v, _ in found]), rows

    def _passages(self, view: ProviderIndex, ranked: list[Ranked]) -> tuple[Passage, ...]:
        return tuple(
            Passage(
                id=(unit := view.units[hit.row]).id,
                section=unit.section,
                question=unit.question,
                text=answer_text(unit),
                score=round(hit.score, 4),
                lines=unit.lines,
                span=unit.span,
            )
            for hit in ranked
        )


def _sources_first(ranked: list[Ranked], view: ProviderIndex, rule: RuleAnswer) -> list[Ranked]:
    """The units a rule's facts came from lead the passages, in the facts' order."""
    order: dict[str, int] = {}
    for fact in [*rule.facts, *([rule.unstated] if rule.unstated else [])]:
        order.setdefault(fact.unit_id, len(order))
    if not order:
        return ranked
    first = sorted(
        (r for r in ranked if view.units[r.row].id in order),
        key=lambda r: order[view.units[r.row].id],
    )
    return first + [r for r in ranked if view.units[r.row].id not in order]


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 3)
