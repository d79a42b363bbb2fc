"""One fact of several of a kind, named by the question's own words: the WhatsApp of one team,
the plan of one speed named by its name; and the small words agents type ("qto e", "q ta").

Every fact here is invented; none is a value of a shipped sheet.
"""

from __future__ import annotations

import pytest

from ingest.records import Fact
from rag_service.rules import answer_by_rules
from rag_service.rules.registry import parts, without_provider_name
from tests.factories import contact, cred, fact, fee, plan

P = "arvoredo"
POLICY = "Não passar a senha padrão; trocar por uma do cliente."


def _facts() -> list[Fact]:
    gamer = plan(P, "fibra", "1 Giga", "R$ 169,90")
    gamer = Fact(**{**gamer.__dict__, "attrs": {**gamer.attrs, "name": "Arvoredo 1 Giga Gamer"}})
    base = plan(P, "fibra", "1 Giga", "R$ 139,90")
    base = Fact(**{**base.__dict__, "attrs": {**base.attrs, "name": "Arvoredo 1 Giga"}})
    return [
        contact(P, "WhatsApp Suporte", "(11) 90000-0001", "whatsapp"),
        contact(P, "WhatsApp Financeiro", "(11) 90000-0002", "whatsapp"),
        contact(P, "Telefone Fixo comercial", "(11) 3000-0003", "phone"),
        contact(P, "Telefone Suporte técnico", "0800 000 0004", "phone"),
        base,
        gamer,
        plan(P, "fibra", "300 Mega", "R$ 89,90"),
        fee(P, "Multa por quebra de fidelidade", "É cobrada; valor do financeiro", True),
        cred(P, "Tenda AC10-A", None, "T3n@=A!", POLICY),
        fact(P, "deadline", "Prazo do suporte", "24h", {"hours": 24}),
    ]


@pytest.mark.parametrize(
    ("question", "shown", "not_shown"),
    [
        ("numero do whats do financeiro", "(11) 90000-0002", "(11) 90000-0001"),
        ("telefone do suporte", "0800 000 0004", "(11) 3000-0003"),
        ("valor do 1 giga gamer", "169,90", "139,90"),
    ],
)
def test_the_question_names_one_of_several(question: str, shown: str, not_shown: str) -> None:
    result = answer_by_rules(question, _facts())
    assert result is not None and result.status == "answered"
    assert shown in str(result.answer) and not_shown not in str(result.answer)


@pytest.mark.parametrize(
    ("question", "values"),
    [
        ("qual o whatsapp", ["(11) 90000-0001", "(11) 90000-0002"]),
        ("qto custa o plano de 1 giga", ["139,90", "169,90"]),
    ],
)
def test_naming_none_of_them_gives_them_all(question: str, values: list[str]) -> None:
    result = answer_by_rules(question, _facts())
    assert result is not None and result.status == "answered"
    assert all(v in str(result.answer) for v in values)


def test_e_typed_for_e_acute_after_a_question_word_is_not_a_second_part() -> None:
    assert parts("qto e a multa de fidelidade?") == []
    assert parts("qual o zap e o email") == ["qual o zap", "o email"]
    result = answer_by_rules("qto e a multa de fidelidade?", _facts())
    assert result is not None and result.status == "not_found"  # an amount the sheet never gives


def test_q_and_ta_are_words_not_part_of_a_model() -> None:
    result = answer_by_rules("login do tenda ac10 q ta no cliente", _facts())
    assert result is not None and result.status == "answered"
    assert "T3n@=A!" in str(result.answer)


def test_a_word_after_a_number_is_a_unit_not_the_providers_name() -> None:
    facts = [plan("megavale", "fibra", "300M", "R$ 89,90")]
    assert without_provider_name("quanto ta o 700 mega?", facts) == "quanto ta o 700 mega?"
    assert without_provider_name("telefone da mega", facts) == "telefone da"
    result = answer_by_rules("quanto ta o 700 mega?", facts)
    assert result is not None and result.status == "not_found"


def test_words_beside_a_value_name_it_and_pass_is_a_password_word() -> None:
    facts = [
        contact(P, "WHATSAPP", "(11) 90000-0001 (suporte)", "whatsapp"),
        contact(P, "WHATSAPP", "(11) 90000-0002 (financeiro)", "whatsapp"),
        cred(P, "RG1200", None, "Rg=12!00", POLICY),
    ]
    result = answer_by_rules("whatsapp do financeiro", facts)
    assert result is not None and "(11) 90000-0002" in str(result.answer)
    assert "(11) 90000-0001" not in str(result.answer)
    result = answer_by_rules("rg1200 pass", facts)
    assert result is not None and "Rg=12!00" in str(result.answer)


def test_a_part_that_leaves_out_what_it_asks_takes_it_from_the_first() -> None:
    from rag_service.rules.registry import completed

    assert completed(["preço da instalação", "da visita"]) == [
        "preço da instalação",
        "preço da visita",
    ]
    assert completed(["qual o zap", "o email"]) == ["qual o zap", "o email"]
    facts = [
        fee(P, "Taxa de instalação", "R$ 150,00", True),
        fee(P, "Custo da visita técnica caso seja improdutiva", "R$ 60,00", True),
        fee(P, "Mudança de endereço", "R$ 100,00", True),
    ]
    result = answer_by_rules("preço da instalação e da visita", facts)
    assert result is not None and result.status == "answered"
    assert "150,00" in str(result.answer) and "60,00" in str(result.answer)
    assert "100,00" not in str(result.answer)


def test_a_number_names_a_contact_and_words_naming_none_keep_them_all() -> None:
    facts = [
        contact(P, "TELEFONE", "(11) 3000-0003", "phone"),
        contact(P, "0800", "0800 000 0005", "phone"),
        contact(P, "WhatsApp", "(11) 90000-0001", "whatsapp"),
    ]
    both = answer_by_rules("telefone fixo e o 0800 deles", facts)
    assert both is not None and "(11) 3000-0003" in str(both.answer)
    assert "0800 000 0005" in str(both.answer)
    toll_free = answer_by_rules("qual o 0800", facts)
    assert toll_free is not None and "0800 000 0005" in str(toll_free.answer)
    assert "(11) 3000-0003" not in str(toll_free.answer)
    landline = [contact(P, "Telefone fixo", "(11) 3000-0003", "phone"), *facts[1:]]
    fixed = answer_by_rules("me passa o whatsapp e o fixo", landline)
    assert fixed is not None and "(11) 3000-0003" in str(fixed.answer)
    assert "(11) 90000-0001" in str(fixed.answer)


def test_a_model_the_sheet_lacks_is_not_answered_by_the_policy_of_another_part() -> None:
    result = answer_by_rules("mercusys login e senha padrao", _facts())
    assert result is not None and result.status == "not_found"
    assert "T3n@=A!" not in str(result.answer) + " ".join(result.caveats)
