"""The fee rule: what is charged for a service, or that it is free."""

from __future__ import annotations

import pytest

from ingest.records import AttrValue, Fact
from rag_service.rules import answer_by_rules
from tests.factories import (
    answered,
    ask,
)

# --- fees --------------------------------------------------------------------------------------

FEE_CASES = [
    ("lasernet", "quanto custa a mudança de endereço", "Mudança de ponto ou endereço", "20 reais"),
    ("lasernet", "mudança de ponto é cobrada?", "Mudança de ponto ou endereço", "20 reais"),
    ("lasernet", "a visita técnica é cobrada?", "Visita técnica improdutiva", None),
    ("lasernet", "troca de senha é cobrada?", "Troca de senha / abrir OS", "não é cobrado"),
    ("lasernet", "reset tem custo?", "Reset", "não é cobrado"),
    ("velocinet", "tem taxa de instalação?", "Taxa de instalação", None),
    ("velocinet", "qual o valor da instalação", "Taxa de instalação", None),
    ("velocinet", "qto custa mudar de endereço", "Mudança de endereço", "R$ 80,00"),
    ("velocinet", "visita improdutiva paga?", "Visita técnica improdutiva", None),
    # No money word: the equipment moved is not the subject, the room is the "ponto".
    ("lasernet", "cliente vai mudar o roteador de comodo", "Mudança de ponto ou endereço", None),
    ("lasernet", "quer mudar o aparelho pra outra sala", "Mudança de ponto ou endereço", None),
]


@pytest.mark.parametrize(("sheet", "question", "subject", "value"), FEE_CASES)
def test_fee(sheet: str, question: str, subject: str, value: str | None) -> None:
    r = answered(sheet, question, "fee")
    assert [f.subject for f in r.facts] == [subject]
    assert r.value == r.facts[0].value
    if value is not None:
        assert r.value == value
    assert r.caveats == list(r.facts[0].caveats)


def test_fee_question_without_a_matching_fee_falls_back() -> None:
    # LaserNet's sheet has no installation fee fact: never invent "free".
    assert ask("lasernet", "tem taxa de instalação?") is None
    assert ask("lasernet", "quanto custa a troca de plano") is None


def _fee(subject: str, value: str, amount: float | None, charged: bool | None) -> Fact:
    attrs: dict[str, AttrValue] = {"amount": amount, "charged": charged}
    return Fact(f"f-{subject}", "zeta", "fee", subject, value, "u-" + subject, (7, 7), attrs)


NO_AMOUNT = [
    _fee("Taxa de instalação", "Sim, tem taxa, o valor é o financeiro que passa", None, True),
    _fee("Instalação de novo ponto", "R$ 175,00", 175.0, True),
    _fee("Mudança de ponto", "R$ 55,00", 55.0, True),
    _fee("Ponto adicional", "R$ 75,00", 75.0, True),
]


@pytest.mark.parametrize(
    "question", ["qual o valor da taxa de instalação?", "qto custa a instalação?"]
)
def test_an_amount_the_sheet_does_not_give_is_not_found_quoting_the_sheet(question: str) -> None:
    r = answer_by_rules(question, NO_AMOUNT)
    assert r is not None and (r.rule, r.status) == ("fee", "not_found"), r
    assert r.answer is None and r.value is None and not r.facts
    assert r.unstated is NO_AMOUNT[0]
    assert "não informa o valor" in r.caveats[0]
    assert "o valor é o financeiro que passa" in r.caveats[0] and "linha 7" in r.caveats[0]


def test_whether_there_is_a_fee_is_answered_by_the_statement() -> None:
    r = answer_by_rules("tem taxa de instalação?", NO_AMOUNT)
    assert r is not None and r.status == "answered"
    assert [f.subject for f in r.facts] == ["Taxa de instalação"]


@pytest.mark.parametrize(
    ("question", "first", "subject"),
    [
        ("valor p/ instalar um novo ponto", 1, "Instalação de novo ponto"),
        ("valor p/ instalar um novo ponto", 2, "Ponto adicional"),
        ("qto custa um ponto adicional?", 1, "Ponto adicional"),
        ("valor da mudança de ponto", 1, "Mudança de ponto"),
    ],
)
def test_a_subject_met_by_more_words_wins(question: str, first: int, subject: str) -> None:
    """ "novo" says nothing alone but names "novo ponto"; "adicional" is a new one too."""
    r = answer_by_rules(question, NO_AMOUNT[first:])
    assert r is not None and r.status == "answered", (question, r)
    assert [f.subject for f in r.facts] == [subject]
