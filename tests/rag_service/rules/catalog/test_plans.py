"""The plan rule: a speed's price, the cheapest and fastest plan, the list."""

from __future__ import annotations

import pytest

from rag_service.rules import answer_by_rules
from tests.factories import (
    SHEETS,
    answered,
    ask,
    lasernet_facts,
    plan,
)

# --- plans -------------------------------------------------------------------------------------

PLAN_PRICE_CASES = [
    ("lasernet", "200 megas", ["79,90"]),
    ("lasernet", "75mb", ["59,90"]),
    ("lasernet", "qto custa 100 mega", ["69,90"]),
    ("lasernet", "plano de cem mega", ["69,90"]),
    ("lasernet", "rádio 30", ["69,90"]),
    ("lasernet", "valor do plano de 20 mega radio", ["59,90"]),
    ("lasernet", "quanto é o de 600MB?", ["99,90"]),
    ("velocinet", "1 giga", ["R$ 149,90"]),
    ("velocinet", "quanto custa o plano de um giga", ["R$ 149,90"]),
    ("velocinet", "trezentos mega", ["R$ 89,90"]),
    ("velocinet", "radio 15", ["65,00"]),
]


@pytest.mark.parametrize(("sheet", "question", "prices"), PLAN_PRICE_CASES)
def test_plan_price_by_speed(sheet: str, question: str, prices: list[str]) -> None:
    r = answered(sheet, question, "plan_price")
    assert [f.value for f in r.facts] == prices
    assert r.value == prices[0]
    assert prices[0] in (r.answer or "")
    assert not r.secret


def test_speed_in_both_technologies_lists_both() -> None:
    facts = [*lasernet_facts(), plan("lasernet", "radio", "50MB", "39,90")]
    r = answer_by_rules("plano de 50 mega", facts)
    assert r is not None and r.status == "answered"
    assert sorted(f.value for f in r.facts) == ["39,90", "49,90"]
    assert r.value is None
    r = answer_by_rules("50 mega fibra", facts)
    assert r is not None and [f.value for f in r.facts] == ["49,90"]


@pytest.mark.parametrize(
    ("sheet", "question"),
    [("lasernet", "1 giga"), ("lasernet", "dois giga"), ("velocinet", "200 megas"),
     ("lasernet", "radio 100")],
)  # fmt: skip
def test_unknown_speed_is_not_found_with_the_plans(sheet: str, question: str) -> None:
    r = ask(sheet, question)
    assert r is not None and (r.rule, r.status) == ("plan_price", "not_found")
    assert r.answer is None and not r.facts
    techs = {"radio"} if "radio" in question else {"fibra", "radio"}
    for f in SHEETS[sheet]:
        if f.kind == "plan" and f.attrs["technology"] in techs:
            assert f.subject in r.caveats[0] and f.value in r.caveats[0]


@pytest.mark.parametrize(
    ("sheet", "question", "prices"),
    [
        ("lasernet", "o plano mais em conta", ["49,90", "49,90"]),
        ("lasernet", "plano mais barato de rádio", ["49,90"]),
        ("velocinet", "qual o plano mais barato", ["45,00"]),
        ("velocinet", "menor preço de fibra", ["R$ 69,99"]),
    ],
)
def test_cheapest_plan(sheet: str, question: str, prices: list[str]) -> None:
    r = answered(sheet, question, "cheapest_plan")
    assert [f.value for f in r.facts] == prices


@pytest.mark.parametrize(
    ("sheet", "question", "subject"),
    [("lasernet", "qual o plano mais rápido", "600MB"),
     ("velocinet", "plano mais rapido", "1 GIGA"),
     ("lasernet", "maior velocidade de radio", "30M")],
)  # fmt: skip
def test_fastest_plan(sheet: str, question: str, subject: str) -> None:
    r = answered(sheet, question, "fastest_plan")
    assert [f.subject for f in r.facts] == [subject]


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
@pytest.mark.parametrize(
    "question", ["lista de planos", "quais planos", "tabela de preços", "Quais os planos vendidos?"]
)
def test_plan_list_has_every_plan_as_written(sheet: str, question: str) -> None:
    r = answered(sheet, question, "plan_list")
    plans = [f for f in SHEETS[sheet] if f.kind == "plan"]
    assert r.facts == plans
    for p in plans:
        assert p.subject in (r.answer or "") and p.value in (r.answer or "")


def test_plan_list_of_one_technology_keeps_the_value_as_written() -> None:
    r = answered("lasernet", "planos de fibra", "plan_list")
    assert {f.attrs["technology"] for f in r.facts} == {"fibra"}
    assert "50MB — R$ 49,90" in (r.answer or "")
    r = answered("velocinet", "planos radio", "plan_list")
    assert (r.answer or "").splitlines() == ["Radio 5M — R$ 45,00", "Radio 15M — R$ 65,00"]


@pytest.mark.parametrize(
    "question",
    ["qto ta o plano de trezentos mega e o de quinhentos", "valor do 300 mega e do 500"],
)
def test_a_bare_number_joined_to_a_speed_just_named_is_another_speed(question: str) -> None:
    facts = [plan("x", "fibra", s, p) for s, p in (("300 MB", "90,00"), ("500 MB", "120,00"))]
    facts.append(plan("x", "fibra", "700 MB", "150,00"))
    r = answer_by_rules(question, facts)
    assert r is not None and r.rule == "plan_price"
    assert [f.value for f in r.facts] == ["90,00", "120,00"]


@pytest.mark.parametrize(
    ("question", "speeds"),
    [
        ("plano de 300 mega e 2 pontos", [300.0]),  # 2 is below any speed
        ("300 mega e 15 dias de atraso", [300.0]),  # days, not a speed
        ("1 giga e o de 2", [1000.0, 2000.0]),  # a giga's unit carries over
        ("300 mega e o cliente 500", [300.0]),  # a word between: not joined
    ],
)
def test_which_bare_numbers_join_a_speed_just_named(question: str, speeds: list[float]) -> None:
    from rag_service.rules.question import Question
    from rag_service.rules.speeds import question_speeds

    assert question_speeds(Question.read(question), set()) == speeds
