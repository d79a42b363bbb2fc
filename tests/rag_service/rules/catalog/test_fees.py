"""The fee rule: what is charged for a service, or that it is free."""

from __future__ import annotations

import pytest

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
