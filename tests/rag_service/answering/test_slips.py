"""Typing slips fixed against the sheet and the rules' words, never against a value."""

from __future__ import annotations

import pytest

from rag_service.answering.confidence import SheetVocabulary
from rag_service.answering.slips import fix_slips, slipped_from

SHEET = SheetVocabulary(
    [
        "Qual a porta de acesso aos roteadores? R: 8080",
        "Taxa de religação: R$ 20,00",
        "Mudança de endereço: R$ 80,00",
        "Central do Assinante: https://central.example",
        "Horário de atendimento: das 08h às 18h",
        "Fibra 150 Mega — R$ 79,90",
    ]
)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("qaul a txa de religacao?", "qual a taxa de religacao?"),
        ("quual o horario de atendimento", "qual o horario de atendimento"),
        ("qyal a pprta de acesso", "qual a porta de acesso"),
        ("pora p/ acessar o roteador", "porta p/ acessar o roteador"),
        ("valor da mudnaca de enereco", "valor da mudanca de endereco"),
        ("como o clieente acessa a cenrtal do assinante?",
         "como o cliente acessa a central do assinante?"),
        ("valr p/ mudar o ponto", "valor p/ mudar o ponto"),  # a rule's word before "vale"
    ],
)  # fmt: skip
def test_a_slip_is_read_as_the_one_word_it_slipped_from(typed: str, read: str) -> None:
    assert fix_slips(typed, SHEET) == read


@pytest.mark.parametrize(
    "typed",
    [
        "senha do W5-1200G",  # digits: a model, matched exactly
        "qto custa o cento e cinquenta mega",  # number words
        "tem plano de tv?",  # too short
        "tem netflix incluso?",  # nothing one slip away: a foreign word stays foreign
        "senha do huawei hg8145",  # a router brand
        "qual o horário de atendimento",  # every word known
    ],
)
def test_known_foreign_and_numeric_words_stay_as_typed(typed: str) -> None:
    assert fix_slips(typed, SHEET) == typed


def test_a_word_two_known_words_are_one_slip_from_stays() -> None:
    assert slipped_from("pata", ["pasta", "pata", "para"]) is None
    assert slipped_from("mita", ["mira", "mata"]) is None
    assert slipped_from("txa", ["taxa", "trem"]) == "taxa"
    assert slipped_from("hora", ["porta"]) is None, "short words keep their first letter"


def test_of_two_rule_words_a_slip_is_the_one_the_sheet_uses() -> None:
    rural = SheetVocabulary(["RADIO (zona rural): 20MB - 69,90"])
    # "rual" is one slip from "rural" and from "real": the sheet says "rural".
    assert fix_slips("plano de radio da zona rual", rural) == "plano de radio da zona rural"
    assert fix_slips("plano de radio da zona rual", SHEET) == "plano de radio da zona rual"
