"""Confidence: the sheet's vocabulary, expanded coverage, the combination and abstention."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.analysis import analyze, within_one_edit
from ingest.records import Unit
from rag_service.answering.answers import from_retrieval
from rag_service.answering.confidence import (
    Evidence,
    SheetVocabulary,
    combine,
    expanded_coverage,
    topic_tokens,
)
from rag_service.answering.engine import Engine
from rag_service.answering.expansion import expand, synonyms
from rag_service.answering.unit_text import is_example_of, is_noise
from tests.factories import LASERNET, VELOCINET


def _vocabulary(path: Path, name: str) -> SheetVocabulary:
    return SheetVocabulary([path.read_text(encoding="utf-8")], generic=[name])


@pytest.fixture(scope="module")
def laser_vocab() -> SheetVocabulary:
    return _vocabulary(LASERNET, "lasernet")


@pytest.fixture(scope="module")
def veloci_vocab() -> SheetVocabulary:
    return _vocabulary(VELOCINET, "velocinet")


def test_one_edit() -> None:
    assert within_one_edit("fatura", "fatura")
    assert within_one_edit("fatrua", "fatura", transpose=False) is False
    assert within_one_edit("fatrua", "fatura"), "a swap of two letters is one slip"
    assert within_one_edit("fatur", "fatura") and within_one_edit("faturas", "fatura")
    assert within_one_edit("fatira", "fatura")
    assert not within_one_edit("fat", "fatura")


def test_generic_words_and_the_provider_name_are_not_distinctive(
    laser_vocab: SheetVocabulary,
) -> None:
    assert laser_vocab.distinctive("o cliente quer saber se a lasernet tem netflix") == ["netflix"]
    assert laser_vocab.distinctive("qual o valor 24h 30") == ["valor"]


@pytest.mark.parametrize("vocab_name", ["laser_vocab", "veloci_vocab"])
@pytest.mark.parametrize(
    "question",
    [
        "tem streaming de filmes incluso?",
        "vocês vendem celular?",
        "qual a inscrição estadual",
        "tem canais de televisão?",
    ],
)
def test_foreign_topics_are_unknown_to_both_sheets(
    vocab_name: str, question: str, request: pytest.FixtureRequest
) -> None:
    vocab: SheetVocabulary = request.getfixturevalue(vocab_name)
    share = vocab.known_share(question)
    assert share is not None and share <= 0.5, (question, vocab.distinctive(question))


@pytest.mark.parametrize("vocab_name", ["laser_vocab", "veloci_vocab"])
@pytest.mark.parametrize(
    "question",
    [
        "cliente quer desistir do serviço",  # synonym of cancelamento
        "cliente quer a fatuura",  # one typo
        "qual o horario de funcionamento",
        "cliente quer quitar o boleto",
    ],
)
def test_paraphrases_and_typos_are_known(
    vocab_name: str, question: str, request: pytest.FixtureRequest
) -> None:
    vocab: SheetVocabulary = request.getfixturevalue(vocab_name)
    assert vocab.known_share(question) == 1.0, [
        w for w in vocab.distinctive(question) if not vocab.knows(w)
    ]


@pytest.mark.parametrize("vocab_name", ["laser_vocab", "veloci_vocab"])
@pytest.mark.parametrize(
    "question",
    [
        "aceita pix?",  # "aceita": a word of any call
        "cancela pelo chat mesmo?",  # the channel of the call
        "cliente quer pagar no cartao",  # a way to pay: the sheet lists the ones it takes
        "tem loja fisica?",  # a physical shop is in-person service
        "tem internet via satelite?",  # a technology: the sheet says which ones it offers
    ],
)
def test_word_classes_every_sheet_answers_are_known(
    vocab_name: str, question: str, request: pytest.FixtureRequest
) -> None:
    vocab: SheetVocabulary = request.getfixturevalue(vocab_name)
    assert vocab.known_share(question) == 1.0, [
        w for w in vocab.distinctive(question) if not vocab.knows(w)
    ]


def test_a_screenshot_is_a_receipt(laser_vocab: SheetVocabulary) -> None:
    assert laser_vocab.known_share("cliente mandou print do agendamento") == 1.0


def test_expansion_of_new_classes() -> None:
    def stems_of(text: str) -> set[str]:
        return set(analyze(text))

    assert stems_of("comprovante") <= set(expand(analyze("mandou print")))
    assert stems_of("tecnologia") <= set(expand(analyze("tem radio")))
    assert stems_of("vista") <= set(expand(analyze("pode parcelar")))
    assert stems_of("fora") <= set(expand(analyze("depois das 18h")))
    assert stems_of("transferir") <= set(expand(analyze("transfiro pra vendas")))


def test_a_word_one_sheet_has_and_the_other_lacks(
    laser_vocab: SheetVocabulary, veloci_vocab: SheetVocabulary
) -> None:
    # Only one sheet speaks of mesh networks / of a retention team: the vocabulary follows.
    assert laser_vocab.knows("mesh") and not veloci_vocab.knows("mesh")
    assert veloci_vocab.knows("retencao") and not laser_vocab.knows("retencao")


def test_expansion_adds_synonyms_and_phrases_not_the_query_itself() -> None:
    tokens = analyze("cliente quer desistir")
    added = expand(tokens)
    assert analyze("cancelamento")[0] in added
    assert not set(added) & set(tokens)
    assert analyze("fatura")[0] in expand(analyze("quero a 2 via"), "quero a 2 via")
    assert synonyms("zzz") == frozenset()


def test_expanded_coverage_gives_synonyms_partial_credit() -> None:
    doc = frozenset(analyze("Como prosseguir em casos de cancelamento?"))
    idf = {t: 1.0 for t in analyze("cancelamento desistir casos")}
    assert expanded_coverage(analyze("cancelamento"), doc, idf) == pytest.approx(1.0)
    partial = expanded_coverage(analyze("desistir"), doc, idf)
    assert 0.0 < partial < 1.0
    assert expanded_coverage(analyze("desistir"), doc, {}) == 0.0


def test_combine_orders_evidence_and_foreign_words_cut_sharply() -> None:
    strong = combine(Evidence(0.9, 0.6, 1.0, 0.5))
    weaker = combine(Evidence(0.5, 0.4, 1.0, 0.1))
    foreign = combine(Evidence(0.9, 0.6, 0.5, 0.5))
    assert 0.0 <= foreign < weaker < strong <= 1.0
    assert foreign <= strong * 0.25 + 1e-9
    assert combine(Evidence(None, None, None, None)) == 0.0
    assert combine(Evidence(0.8, None, None, None)) == pytest.approx(0.8)
    assert combine(Evidence(2.0, 5.0, None, None)) == 1.0


def test_noise_statements() -> None:
    def unit(kind: str, answer: str) -> Unit:
        return Unit("u", "p", "S", kind, None, answer, (1, 1))

    assert is_noise(unit("statement", "SISTEMA - OK"))
    assert not is_noise(unit("statement", "Registrar todos os atendimentos"))
    assert not is_noise(unit("qa", "Sim"))


@pytest.mark.parametrize("provider", ["lasernet", "velocinet"])
def test_engine_abstains_on_foreign_topics_and_ranks_confidence(
    both_index: Path, provider: str
) -> None:
    engine = Engine.from_index_dir(both_index, mode="lexical", rules=None)
    foreign = engine.ask("o plano tem streaming de filmes?", provider).to_dict()
    assert foreign["status"] == "not_found"
    vague = engine.ask("cliente quer desistir do serviço", provider).to_dict()
    direct = engine.ask("como prosseguir em caso de cancelamento", provider).to_dict()
    assert direct["status"] == "answered"
    assert foreign["confidence"] < vague["confidence"] <= direct["confidence"]
    assert (
        "cancelamento" in (direct["answer"] or "").lower()
        or "retenção" in (direct["answer"] or "").lower()
    )


def test_an_example_belongs_to_the_answer_above_it() -> None:
    qa = Unit("a", "p", "FIN", "qa", "Como inverter?", "R: Não inverte.", (1, 2))
    example = Unit("b", "p", "FIN", "statement", None, "Exemplo: pagou o mês 3.", (4, 4))
    other = Unit("c", "p", "FIN", "statement", None, "Não liberar sem comprovante.", (4, 4))
    assert is_example_of(example, qa)
    assert not is_example_of(other, qa)
    assert not is_example_of(example, other)
    verdict = from_retrieval(qa, 0.9, 0.2, [], also=example)
    assert verdict.status == "answered"
    assert verdict.text == "Não inverte.\nExemplo: pagou o mês 3."
    assert from_retrieval(qa, 0.1, 0.2, []).status == "not_found"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("cliente quer cancelar", ["cancel"]),
        ("como o cliente paga a mensalidade", ["pag", "mensal"]),
        # "sabe" is a word of any call, "sábado" is not, though both stem to "sab".
        ("vcs trabalham no sabado?", ["trabalh", "sab"]),
        ("o cliente sabe?", ["client", "sab"]),  # only generic words: they are kept
    ],
)
def test_topic_tokens_drop_the_words_of_any_call(question: str, expected: list[str]) -> None:
    assert topic_tokens(question) == expected


def test_asking_whether_to_transfer_is_not_a_foreign_topic() -> None:
    # A sheet that never says "transferir" still says what to do instead; "alguém" is anyone.
    sheet = "Como prosseguir em casos de cancelamento?\nR: Abrir ocorrência de cancelamento."
    vocab = SheetVocabulary([sheet])
    assert vocab.known_share("cliente quer cancelar, transfiro pra alguem?") == 1.0
    # Ranking still uses the word: sheets that say it are found by it.
    assert "transfir" in topic_tokens("cliente quer cancelar, transfiro?")
