"""Agents' phrasings of every kind, from the blind rounds, in new words."""

from __future__ import annotations

import pytest

from tests.factories import (
    LNT_VISIT,
    SHEETS,
    answered,
    ask,
)

# --- new phrasings of the same kinds -----------------------------------------------------------

NEW_PHRASING_CASES = [
    # (sheet, question, rule, values of the chosen facts)
    ("lasernet", "qual o plano mais veloz q voces oferecem", "fastest_plan", ["99,90"]),
    ("velocinet", "qual o plano com mais velocidade", "fastest_plan", ["R$ 149,90"]),
    ("lasernet", "que velocidades tem no radio", "plan_list", ["49,90", "59,90", "69,90"]),
    ("velocinet", "quero subir pro de 300, quanto fica", "plan_price", ["R$ 89,90"]),
    ("lasernet", "cliente quer migrar pro plano de 200, qual o valor", "plan_price", ["79,90"]),
    ("lasernet", "cliente vai mudar de apartamento", "fee", ["20 reais"]),
    ("velocinet", "cliente vai mudar de apartamento", "fee", ["R$ 80,00"]),
    ("lasernet", "trocar o roteador de quarto tem custo?", "fee", ["20 reais"]),
    ("velocinet", "o tecnico veio e tava tudo ok, paga a visita?", "fee", [
        "R$ 50,00 quando o problema for nos equipamentos do cliente"]),
    ("lasernet", "em quantos dias o tecnico vem", "deadline", ["48h"]),
    ("velocinet", "a loja abre que horas", "hours", None),
    ("lasernet", "internet caindo, qual site o cliente usa pra testar", "contact", [
        "https://www.speedtest.net/pt"]),
    ("lasernet", "qual o número fixo da empresa", "contact", ["(85)3276-5247"]),
    ("velocinet", "login do portal", "contact", ["https://minha.velocinet.com.br"]),
]  # fmt: skip


@pytest.mark.parametrize(("sheet", "question", "rule", "values"), NEW_PHRASING_CASES)
def test_new_phrasings(sheet: str, question: str, rule: str, values: list[str] | None) -> None:
    r = answered(sheet, question, rule)
    if values is None:
        values = [f.value for f in SHEETS[sheet] if f.kind == "hours"]
    assert [f.value for f in r.facts] == values
    assert all(v in (r.answer or "") for v in values)


def test_fee_policy_is_in_the_answer_text() -> None:
    r = answered("lasernet", "avisamos o cliente que a visita é cobrada?", "fee")
    assert r.answer == f"{r.facts[0].subject}: {r.facts[0].value}\n{LNT_VISIT}"
    assert r.caveats == [LNT_VISIT]


def test_room_synonym_does_not_pick_an_address_only_fee() -> None:
    # VelociNet charges for a new address only: moving the router to another room is not it.
    assert ask("velocinet", "trocar o roteador de quarto tem custo?") is None


# --- second blind round: phrasings that failed before -------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "question"),
    [
        ("velocinet", "senha do roteador mercusys"),
        ("lasernet", "qual a senha do modem tenda"),
    ],
)
def test_brand_the_sheet_lacks_after_a_router_word_is_not_found(sheet: str, question: str) -> None:
    r = ask(sheet, question)
    assert r is not None and (r.rule, r.status) == ("equipment_credentials", "not_found")
    assert r.answer is None and r.value is None


@pytest.mark.parametrize(
    "question", ["cliente pediu a senha do modem", "senha do roteador da sala"]
)
def test_words_that_are_not_brands_still_list_the_models(question: str) -> None:
    r = answered("velocinet", question, "credential_policy")
    assert r.answer is not None and "AX1500-V" in r.answer and "ARCHER C6" in r.answer
    assert "Vel#2024ax" not in r.answer and "Arch3r_c6" not in r.answer


@pytest.mark.parametrize(
    ("sheet", "question", "price"),
    [
        ("velocinet", "qnto q ta a mensalidade do trezentos", "R$ 89,90"),
        ("lasernet", "mensalidade do de 200", "79,90"),
        ("velocinet", "vcs tem plano via radio de 15? qto custa", "65,00"),
    ],
)
def test_bare_speed_after_a_plan_word(sheet: str, question: str, price: str) -> None:
    r = answered(sheet, question, "plan_price")
    assert r.answer is not None and price in r.answer


@pytest.mark.parametrize("question", ["qto custa o plano de um giga e meio", "plano 1,5 giga"])
def test_half_a_giga_more_is_not_the_giga_plan(question: str) -> None:
    r = ask("velocinet", question)
    assert r is not None and (r.rule, r.status) == ("plan_price", "not_found")


def test_plans_of_a_technology_asked_with_via() -> None:
    r = answered("velocinet", "vcs tem plano via radio? qto custa", "plan_list")
    assert r.answer is not None and "45,00" in r.answer and "65,00" in r.answer
    assert "149,90" not in r.answer


@pytest.mark.parametrize(
    ("sheet", "question", "value"),
    [
        ("velocinet", "atrasou o boleto, com qnts dias a net fica lenta?", "10 Dias"),
        ("lasernet", "cliente com fatura vencida, em quantos dias fica devagar", "30 Dias"),
    ],
)
def test_slow_after_a_late_payment_is_the_partial_block(
    sheet: str, question: str, value: str
) -> None:
    r = answered(sheet, question, "block_days")
    assert r.answer is not None and value in r.answer and "Total" not in r.answer


def test_slow_without_a_late_payment_is_not_a_block() -> None:
    r = ask("velocinet", "internet lenta ha quantos dias")
    assert r is None or r.rule != "block_days"


@pytest.mark.parametrize(
    ("sheet", "question", "value"),
    [
        ("velocinet", "o cliente quer saber se vai tecnico na casa dele no domingo", "sábados"),
        ("lasernet", "tem visita tecnica no feriado?", "Não"),
    ],
)
def test_technician_at_the_weekend_is_the_on_call_service(
    sheet: str, question: str, value: str
) -> None:
    r = answered(sheet, question, "hours")
    assert [f.subject for f in r.facts] == ["Plantão aos finais de semana e feriado"]
    assert r.answer is not None and value in r.answer
