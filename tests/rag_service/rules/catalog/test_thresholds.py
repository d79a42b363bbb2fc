"""The day-threshold rule: partial and total block days, the release limit."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag_service.rules import answer_by_rules
from tests.factories import answered, days

# --- day thresholds ----------------------------------------------------------------------------

THRESHOLD_CASES = [
    ("lasernet", "com quantos dias bloqueia", "block_days", ["30 Dias", "35 Dias"]),
    ("lasernet", "bloqueio", "block_days", ["30 Dias", "35 Dias"]),
    ("lasernet", "bloqueio parcial", "block_days", ["30 Dias"]),
    ("lasernet", "bloqeio total", "block_days", ["35 Dias"]),
    ("lasernet", "quando corta a internet", "block_days", ["35 Dias"]),
    ("lasernet", "quando reduz a velocidade", "block_days", ["30 Dias"]),
    ("lasernet", "quantos dias de atraso pode liberar", "trust_release_days", ["35 DIAS"]),
    ("velocinet", "desbloqueio de confiança limite", "trust_release_days", ["20 DIAS"]),
    ("velocinet", "com qtos dias bloqueia?", "block_days", ["10 Dias", "25 Dias"]),
    ("velocinet", "bloqueio total com quantos dias", "block_days", ["25 Dias"]),
    # The block asked beside the reduction is the total one; "bloqueio de redução" is one.
    ("lasernet", "com qntos dias reduz e qdo bloqueia", "block_days", ["30 Dias", "35 Dias"]),
    ("lasernet", "bloqueio de reducao qtos dias", "block_days", ["30 Dias"]),
]


@pytest.mark.parametrize(("sheet", "question", "rule", "values"), THRESHOLD_CASES)
def test_day_thresholds(sheet: str, question: str, rule: str, values: list[str]) -> None:
    r = answered(sheet, question, rule)
    assert [f.value for f in r.facts] == values
    for v in values:
        assert v in (r.answer or "")


def test_release_limit_keeps_its_caveat() -> None:
    r = answered("lasernet", "até quantos dias de atraso posso liberar?", "trust_release_days")
    assert any("faturas" in c for c in r.caveats)


BLOCKS = [
    days("zeta", "Bloqueio parcial (redução)", "20 dias", "partial_block"),
    days("zeta", "Bloqueio total", "35 dias", "total_block"),
    days("zeta", "Não liberar com mais de 30 dias de atraso", "30 dias", "max_days_late_release"),
]


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("cliente com 47 dias de atraso ta bloqueado?", "aplica-se o bloqueio total"),
        ("cliente c/ 25 dias em atraso, a internet ja ta reduzida?", "aplica-se a redução"),
        ("20 dias de atraso ja bloqueia?", "aplica-se a redução"),
        ("cliente com 5 dias de atraso ta bloqueado?", "ainda não há bloqueio"),
        ("cliente com 40d de atraso, ta cortado?", "aplica-se o bloqueio total"),
    ],
)
def test_days_late_say_which_block_applies(question: str, verdict: str) -> None:
    r = answer_by_rules(question, BLOCKS)
    assert r is not None and (r.rule, r.status) == ("block_days", "answered"), question
    first, *quoted = (r.answer or "").split("\n")
    assert verdict in first
    assert quoted == ["Bloqueio parcial (redução): 20 dias", "Bloqueio total: 35 dias"]
    assert [f.attrs["threshold"] for f in r.facts] == ["partial_block", "total_block"]


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("da p/ fazer desbloqueio de confianca com 40 dias de atraso?", "passa do limite"),
        ("cliente com 12 dias de atraso, posso liberar?", "dentro do limite"),
        ("cliente com 30 dias de atraso, posso liberar?", "está no limite"),
    ],
)
def test_days_late_say_whether_a_release_in_trust_is_within_the_limit(
    question: str, verdict: str
) -> None:
    r = answer_by_rules(question, BLOCKS)
    assert r is not None and (r.rule, r.status) == ("trust_release_days", "answered"), question
    assert verdict in (r.answer or "").split("\n")[0]
    assert r.value == "30 dias"


def test_without_a_number_of_days_the_thresholds_are_listed() -> None:
    r = answer_by_rules("com quantos dias bloqueia?", BLOCKS)
    assert r is not None and (r.answer or "").split("\n") == [
        "Bloqueio parcial (redução): 20 dias",
        "Bloqueio total: 35 dias",
    ]


@pytest.mark.parametrize(
    ("question", "block", "release"),
    [
        ("cliente com 25 dias de atraso", "aplica-se a redução", "dentro do limite"),
        ("cli c/ 40 dias atrasado", "aplica-se o bloqueio total", "passa do limite"),
        ("cliente 10 dias de atraso", "ainda não há bloqueio", "dentro do limite"),
    ],
)
def test_a_situation_of_days_late_alone_says_where_the_customer_stands(
    question: str, block: str, release: str
) -> None:
    r = answer_by_rules(question, BLOCKS)
    assert r is not None and (r.rule, r.status) == ("block_days", "answered"), question
    lines = (r.answer or "").split("\n")
    assert block in lines[0]
    assert any(release in line for line in lines[1:])
    assert {f.attrs["threshold"] for f in r.facts} == {
        "partial_block",
        "total_block",
        "max_days_late_release",
    }


def test_a_situation_with_another_request_is_not_read_as_days_late_alone() -> None:
    r = answer_by_rules("cliente com 20 dias de atraso quer cancelar", BLOCKS)
    assert r is None or r.rule != "block_days"


def test_a_worked_case_counts_only_when_the_sheet_states_that_threshold_nowhere_else() -> None:
    stated = days("x", "Bloqueio total", "22 dias", "total_block")
    case = days("x", "CLIENTE C/ 30 DIAS DE ATRASO: TA BLOQUEADO", "30 DIAS", "total_block")
    case = replace(case, attrs={**case.attrs, "case": True})
    r = answer_by_rules("bloqueio total qtos dias", [stated, case])
    assert r is not None and [f.value for f in r.facts] == ["22 dias"]
    r = answer_by_rules("bloqueio total qtos dias", [case])
    assert r is not None and [f.value for f in r.facts] == ["30 DIAS"]
