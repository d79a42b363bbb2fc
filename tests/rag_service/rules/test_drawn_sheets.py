"""Rules on blind round 15's habits, with made-up values: the cases of one fee, a case the
sheet's deadlines do not cover, an address and hours asked together."""

from __future__ import annotations

from rag_service.rules import RuleAnswer, answer_by_rules
from tests.factories import facts_of

_SHEET = (
    "PROVEDOR T\n\n"
    "Possui taxa de instalação?\n"
    "- Instalação fibra c/ fidelidade 12 meses: ISENTA\n"
    "- Instalação fibra sem fidelidade: R$ 333,00\n\n"
    "Qual prazo de atendimento do Suporte?\n"
    "Residencial: até 23h\n\n"
    "Qual o custo da visita técnica caso seja improdutiva?\n"
    "R: ver tabela de taxas (ainda sem valor).\n\n"
    "INFORMAÇÕES DA EMPRESA\n"
    "ENDEREÇO MATRIZ\tRua Um, 13 - Centro\n"
    "LOJA SUL\tAv. Dois, 330 - Sul\n"
    "TELEFONE\t(11) 3333-3030\n\n"
    "HORÁRIO\n"
    "Loja Sul: seg a sex das 08h às 17h30\n"
    "Matriz: seg a sex das 08h às 18h\n"
)


def ask(question: str) -> RuleAnswer | None:
    return answer_by_rules(question, facts_of(_SHEET))


def test_a_fee_asked_without_its_case_gives_every_case() -> None:
    r = ask("taxa de instalacao qto")
    assert r is not None and r.answer is not None
    assert "ISENTA" in r.answer and "R$ 333,00" in r.answer


def test_a_case_asked_leaves_out_the_case_it_contradicts() -> None:
    r = ask("qto e a instalacao sem fidelidade")
    assert r is not None and r.answer is not None
    assert "R$ 333,00" in r.answer and "ISENTA" not in r.answer


def test_a_deadline_for_a_case_the_sheet_does_not_cover() -> None:
    r = ask("prazo de atendimento pra cliente corporativo")
    assert r is not None and r.status == "not_found" and r.mention == "corporativo"
    home = ask("prazo de atendimento residencial")
    assert home is not None and home.value == "23h"


def test_an_address_and_its_hours_asked_together() -> None:
    r = ask("endereco da loja sul e ate q horas abre")
    assert r is not None and r.answer is not None
    assert "Av. Dois, 330" in r.answer and "17h30" in r.answer
    assert "Rua Um" not in r.answer


_RELEASE = (
    "PROVEDOR R\n\n"
    "Desbloqueio de confiança?\n"
    "R: Sim, 1 vez a cada 30 dias, libera por 3 dias.\n"
    "NÃO liberar com mais de 33 dias de atraso.\n"
)


def test_how_long_a_release_lasts_and_its_limit_are_told_apart() -> None:
    facts = facts_of(_RELEASE)
    lasts = answer_by_rules("desbloqueio de confianca libera por qts dias", facts)
    assert lasts is not None and lasts.answer is not None and "3 dias" in lasts.answer
    assert "33 dias" not in lasts.answer
    again = answer_by_rules("desbloqueio de confianca libera qtos dias", facts)
    assert again is not None and again.answer is not None and "3 dias" in again.answer
    limit = answer_by_rules("desbloqueio de confianca ate quantos dias de atraso", facts)
    assert limit is not None and limit.answer is not None and "33 dias" in limit.answer
