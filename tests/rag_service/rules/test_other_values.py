"""Nothing is tied to one sheet: made-up facts give their own answers."""

from __future__ import annotations

import pytest

from rag_service.rules import answer_by_rules
from tests.factories import (
    made_up_facts,
)

# --- nothing is tied to one sheet --------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("senha do zx 900q", "Zz!900q_X"),
        ("zx900r", "zZ?900r"),
        ("quanto custa 250 mega", "R$ 77,70"),
        ("dois giga", "R$ 199,00"),
        ("cabo 40", "33,30"),
        ("plano mais barato", "33,30"),
        ("plano mais rápido", "R$ 199,00"),
        ("porta", "7547"),
        ("tem taxa de instalação", "grátis na fidelidade"),
        ("bloqueio total", "45 Dias"),
        ("telefone", "(11) 4000-0000"),
        ("horário", "Todos os dias das 07h às 23h"),
        ("prazo do suporte", "72h"),
        ("em quantas horas o tecnico atende", "72h"),
        ("cliente mudou de casa", "R$ 35,00"),
        ("senha do k2", "k2#Pass"),
        ("quero aumentar pra 2 giga, quanto fica", "R$ 199,00"),
    ],
)
def test_other_values_give_other_answers(question: str, value: str) -> None:
    r = answer_by_rules(question, made_up_facts())
    assert r is not None and r.status == "answered", (question, r)
    assert r.value == value


def test_made_up_sheet_models_one_edit_apart_are_not_guessed() -> None:
    r = answer_by_rules("senha zx900s", made_up_facts())
    assert r is not None and r.status == "not_found"
    assert "ZX-900Q" in r.caveats[0] and "ZX900R" in r.caveats[0]
    assert answer_by_rules("senha do w5 1200g", made_up_facts()).status == "not_found"  # type: ignore[union-attr]
    for question in ("senha zx 901q", "senha k3", "senha k2-600"):
        r = answer_by_rules(question, made_up_facts())
        assert r is not None and r.status == "not_found", question
        assert "K2-500" in r.caveats[0] and "ZX-900Q" in r.caveats[0]
