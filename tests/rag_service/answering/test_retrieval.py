"""Ranking: BM25 index, fusion, confidence, and the lexical ranking on both sheets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.analysis import analyze, fold
from ingest.records import Unit
from rag_service.answering.engine import Engine
from rag_service.answering.retrieval import (
    LexicalIndex,
    rank,
    rrf_scores,
    weighted_scores,
)
from rag_service.answering.unit_text import heading_text, is_noise, situation
from tests.factories import HashEmbedder

DOCS = [
    analyze("Como prosseguir em casos de cancelamento?"),
    analyze("Podemos fazer o desbloqueio de confiança?"),
    analyze("Qual a porta de acesso aos roteadores?"),
]


def test_bm25_scores_the_matching_unit_highest() -> None:
    index = LexicalIndex(DOCS)
    scores = index.scores(analyze("cancelar"))
    assert scores.shape == (3,)
    assert int(np.argmax(scores)) == 0
    assert scores[1] == 0.0 and scores[2] == 0.0


def test_bm25_unknown_words_and_empty_corpus_score_zero() -> None:
    assert not LexicalIndex(DOCS).scores(analyze("capital da frança")).any()
    assert not LexicalIndex([[], []]).scores(["x"]).any()
    assert LexicalIndex([]).scores(["x"]).shape == (0,)


def test_coverage_is_the_share_of_the_question_in_the_unit() -> None:
    index = LexicalIndex(DOCS)
    assert index.coverage(analyze("desbloqueio de confiança"), 1) == pytest.approx(1.0)
    assert index.coverage(analyze("desbloqueio de confiança"), 0) == 0.0
    assert index.coverage(analyze("capital da frança"), 0) == 0.0
    half = index.coverage(analyze("desbloqueio franca"), 1)
    assert 0.0 < half < 1.0
    assert index.coverage([], 0) == 0.0


def test_rrf_first_everywhere_scores_one_and_non_matches_get_no_lexical_credit() -> None:
    lexical = np.array([0.0, 3.0, 1.0])
    dense = np.array([0.1, 0.9, 0.5])
    fused = rrf_scores(lexical, dense, k=60)
    assert fused[1] == pytest.approx(1.0)
    assert fused[1] > fused[2] > fused[0]
    # Row 0 has no query word: only its dense rank counts, so it scores half of rank 3 in both.
    assert fused[0] == pytest.approx(0.5 * 61 / 63)


def test_rrf_weights_shift_the_winner() -> None:
    lexical = np.array([2.0, 1.0])
    dense = np.array([0.1, 0.9])
    assert rrf_scores(lexical, dense, lexical_weight=0.9).argmax() == 0
    assert rrf_scores(lexical, dense, lexical_weight=0.1).argmax() == 1
    with pytest.raises(ValueError, match="k must be"):
        rrf_scores(lexical, dense, k=0)


def test_weighted_fusion_normalises_bm25_and_clips_cosine() -> None:
    fused = weighted_scores(np.array([4.0, 2.0, 0.0]), np.array([1.0, -0.5, 0.5]), 0.5)
    assert fused == pytest.approx([1.0, 0.25, 0.25])
    assert weighted_scores(np.zeros(2), None).tolist() == [0.0, 0.0]


def test_rank_keeps_sheet_order_on_ties_and_rejects_unknown_fusion() -> None:
    ranked = rank(np.array([1.0, 2.0, 2.0]), None, fusion="weighted")
    assert [r.row for r in ranked] == [1, 2, 0]
    assert ranked[0].dense is None and ranked[0].lexical == 2.0
    with pytest.raises(ValueError, match="unknown fusion 'max'"):
        rank(np.array([1.0]), None, fusion="max")
    with pytest.raises(ValueError, match="nothing to rank"):
        rank(None, None)


def test_expansion_is_a_lighter_second_query() -> None:
    index = LexicalIndex(DOCS)
    plain = index.scores(analyze("desistir"))
    assert not plain.any()
    expanded = index.scores_expanded(analyze("desistir"), analyze("cancelamento"), 0.5)
    assert int(np.argmax(expanded)) == 0
    full = index.scores(analyze("cancelamento"))
    assert expanded[0] == pytest.approx(0.5 * full[0])
    assert index.scores_expanded(analyze("cancelar"), [], 0.5).tolist() == full.tolist()


# Agent-style queries and a folded word of the sheet question that answers them.
QUERIES = [
    ("cliente quer cancelar", "cancelamento"),
    ("desbloqueio de confiança", "desbloqueio de confianca"),
    ("cliente pediu desbloqueio em confiança", "desbloqueio de confianca"),
    ("com quantos dias bloqueia", "bloqueio"),
    ("tem plantão no fim de semana?", "plantao"),
    ("qual a porta do roteador", "porta de acesso"),
    ("site p medir velocidade", "medir velocidade"),
    ("prazo do suporte", "prazo de atendimento"),
    ("formas de pagamento", "pagamento"),
    ("atende em quais cidades", "cidades"),
    # Paraphrases that share no stem with the sheet: the thesaurus carries them.
    ("qual a área de cobertura deles", "cidades"),
    ("quanto tempo o suporte demora", "prazo de atendimento"),
]


@pytest.fixture(scope="module")
def lexical_engine(both_index: Path) -> Engine:
    return Engine.from_index_dir(both_index, mode="lexical")


@pytest.mark.parametrize("provider", ["lasernet", "velocinet"])
@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_lexical_ranks_the_answering_unit_first(
    lexical_engine: Engine, provider: str, query: str, expected: str
) -> None:
    body = lexical_engine.search(query, provider, top_k=3).to_dict()
    top = body["passages"][0]
    assert expected in fold(top["question"] or ""), (query, body["passages"])
    assert body["provider"] == provider


def test_dense_mode_ranks_by_cosine_to_the_question(both_index: Path) -> None:
    embedder = HashEmbedder()
    engine = Engine.from_index_dir(both_index, mode="dense", embedder=embedder)
    question = "desbloqueio de confiança"
    body = engine.search(question, "lasernet", top_k=3).to_dict()
    # Noise lines ("UPSOFT - OK") are never passages.
    units = [u for u in engine.loaded.units if u.provider == "lasernet" and not is_noise(u)]
    query = HashEmbedder().encode([question])[0]
    cosines = HashEmbedder().encode([u.search_text() for u in units]) @ query
    expected = [units[i].id for i in np.argsort(-cosines, kind="stable")[:3]]
    assert [p["id"] for p in body["passages"]] == expected
    assert embedder.calls == 1
    engine.search(question, "lasernet", top_k=3).to_dict()
    assert embedder.calls == 1, "a repeated question is embedded once"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Quando o cliente solicitar contratação, anotar os dados.",
         "quando o cliente solicitar contratacao"),
        ("R: Caso o desbloqueio esteja indisponível, abrir ocorrência.",
         "caso o desbloqueio esteja indisponivel"),
        ("Em caso de queda, reiniciar o roteador.", "em caso de queda"),
        ("Sim, pode abrir OS.", ""),
        ("Se, então", ""),
    ],
)  # fmt: skip
def test_situation_is_the_clause_an_answer_opens_with(answer: str, expected: str) -> None:
    unit = Unit("u", "p", "S", "statement", None, answer, (1, 1))
    assert situation(unit) == expected


def test_heading_text_is_the_question_else_the_situation_else_the_section() -> None:
    asked = Unit("u", "p", "FINANCEIRO", "qa", "Podemos enviar fatura?", "R: Sim", (1, 2))
    stated = Unit("u", "p", "FINANCEIRO", "statement", None, "Caso X ocorra, abrir OS", (1, 1))
    plain = Unit("u", "p", "Cancelamento", "statement", None, "Abrir ocorrência", (1, 1))
    assert heading_text(asked) == "Podemos enviar fatura?"
    assert heading_text(stated) == "caso x ocorra"
    assert heading_text(plain) == "Cancelamento"
