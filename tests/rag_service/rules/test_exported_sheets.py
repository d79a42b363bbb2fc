"""Rules on blind round 14's habits, with made-up values: a model's word asked before its code,
hours told apart by the day and by what the hours say, two fees asked together, an amount told
in a sentence."""

from __future__ import annotations

from rag_service.rules import RuleAnswer, answer_by_rules
from tests.factories import facts_of

_SHEET = (
    "PROVEDOR Z\n\n"
    "Possui atendimento presencial?\n"
    "- Sim, na loja do Centro\n"
    "- Seg a Sex das 08h às 17h, Sábado das 08h às 11h40\n\n"
    "HORÁRIO DE ATENDIMENTO DA CENTRAL\n"
    "SEG A SEX: 07h30 às 19h00 SOMENTE TRANSBORDO\n"
    "SABADO: 08h às 13h SOMENTE TRANSBORDO\n\n"
    "Tem plantão técnico?\n"
    "R: Sábado: técnico de plantão das 08h às 12h\n\n"
    "Qual usuário e senha padrão para acesso aos equipamentos?\n"
    "MODELO\tLOGIN\tSENHA\n"
    "RF 700 (Nuvem)\t-\tnUv.Rf7@x\n"
    "W9-900Q\tadmin\tQx#9!aa\n\n"
    "Presta Suporte a Repetidores?\n"
    "- Sim. Vendemos ponto mesh Zeta em comodato por R$ 17,70/mês adicional na fatura.\n"
    "- Repetidor comprado pelo cliente não tem suporte\n\n"
    "Mudança de ponto, a central pode abrir os? Quais os valores?\n"
    "- Mudança de ponto no mesmo endereço: R$ 61,00\n"
    "- Mudança de endereço: R$ 101,00\n\n"
    "Qual o custo da visita técnica caso seja improdutiva?\n"
    "- É cobrada quando o problema é do cliente.\n"
    "- Valor: não informado pelo provedor.\n"
)


def ask(_sheet: str, question: str) -> RuleAnswer | None:
    return answer_by_rules(question, facts_of(_SHEET))


def test_a_models_word_asked_before_its_code() -> None:
    r = ask(_SHEET, "senha nuvem rf 700")
    assert r is not None and r.status == "answered" and r.value == "nUv.Rf7@x"


def test_hours_told_apart_by_what_they_say_and_by_the_day() -> None:
    r = ask(_SHEET, "horario transbordo sabado")
    assert r is not None and r.answer is not None
    assert r.answer.splitlines() == ["SABADO: 08h às 13h SOMENTE TRANSBORDO"]
    shop = ask(_SHEET, "horario do atendimento presencial no sabado")
    assert shop is not None and shop.answer is not None and "11h40" in shop.answer
    # Sunday asked, the sheet tells of Saturday only: no hours are the answer.
    sunday = ask(_SHEET, "tem plantao domingo e feriado")
    assert sunday is None or sunday.status != "answered" or "domingo" in (sunday.answer or "")


def test_two_fees_asked_together_each_get_their_own() -> None:
    r = ask(_SHEET, "mudanca de ponto e mudanca de endereco valores")
    assert r is not None and r.answer is not None
    assert "R$ 61,00" in r.answer and "R$ 101,00" in r.answer


def test_an_amount_told_in_a_sentence_answers_what_the_sentence_names() -> None:
    r = ask(_SHEET, "repetidor mesh vlr mensal")
    assert r is not None and r.status == "answered" and r.answer is not None
    assert "R$ 17,70" in r.answer
    # A word that is no fee's ("técnico" beside "visita técnica") names none without a money
    # word; the visit's amount is not in the sheet.
    visit = ask(
        _SHEET, "tecnico foi la e o problema era do cliente, qto cobra a visita improdutiva"
    )
    assert visit is None or visit.status == "not_found"
