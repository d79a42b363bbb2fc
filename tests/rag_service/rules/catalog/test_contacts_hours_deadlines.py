"""Contacts, hours, the access port and support deadlines."""

from __future__ import annotations

import pytest

from rag_service.rules import answer_by_rules
from tests.factories import (
    SHEETS,
    answered,
    ask,
    contact,
)

# --- contacts, hours, port, deadline -----------------------------------------------------------

CONTACT_CASES = [
    ("lasernet", "telefone", ["(85)3276-5247"]),
    ("lasernet", "qual o fone?", ["(85)3276-5247"]),
    ("velocinet", "numero da empresa", ["(85) 3021-4455"]),
    ("velocinet", "qual o zap", ["(85) 99123-0001"]),
    ("lasernet", "whatsap do provedor", ["(85) 98887-9808"]),
    ("velocinet", "wpp e telefone", ["(85) 3021-4455", "(85) 99123-0001"]),
    ("lasernet", "onde fica a loja?", ["Travessa Jonas Bezerra, 300 - Barroso - Fortaleza-CE"]),
    ("velocinet", "endereço", ["Rua das Acácias, 1500 - Centro - Maracanaú-CE"]),
    ("velocinet", "qual o e-mail", ["suporte@velocinet.com.br"]),
    ("lasernet", "site da empresa", ["http://170.82.44.20/"]),
    ("lasernet", "link do sistema", ["http://170.82.44.23:8000/accounts/login?"]),
    ("velocinet", "erp", ["https://erp.velocinet.com.br/login"]),
    ("lasernet", "site de teste de velocidade", ["https://www.speedtest.net/pt"]),
    ("velocinet", "qual site pra medir a velocidade?", ["https://www.nperf.com/pt/"]),
    ("velocinet", "speedtest", ["https://www.nperf.com/pt/"]),
    # How the customer reaches a web contact: its link.
    (
        "lasernet",
        "como o cliente acessa a central do assinante?",
        ["https://central.lasernet.net.br/accounts/central/login"],
    ),
]


@pytest.mark.parametrize(
    "question", ["como o cliente muda o endereço?", "como mandar a fatura pelo whatsapp"]
)
def test_how_to_do_something_is_not_a_contact(question: str) -> None:
    r = ask("lasernet", question)
    assert r is None or r.rule != "contact", (question, r)


@pytest.mark.parametrize(("sheet", "question", "values"), CONTACT_CASES)
def test_contact(sheet: str, question: str, values: list[str]) -> None:
    r = answered(sheet, question, "contact")
    assert [f.value for f in r.facts] == values
    assert r.value == (values[0] if len(values) == 1 else None)
    assert all(v in (r.answer or "") for v in values)


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
def test_subscriber_portal_comes_with_its_login_rule(sheet: str) -> None:
    r = answered(sheet, "central do assinante", "contact")
    (portal,) = r.facts
    assert r.value == portal.value
    assert str(portal.attrs["login_rule"]) in (r.answer or "")
    r = answered(sheet, "login da central do assinante", "contact")
    assert r.facts == [portal] and not r.secret


def test_all_contacts_and_missing_contact_type() -> None:
    r = answered("velocinet", "contatos", "contact")
    assert r.facts == [f for f in SHEETS["velocinet"] if f.kind == "contact"]
    missing = ask("lasernet", "qual o email?")
    assert missing is not None and (missing.rule, missing.status) == ("contact", "not_found")
    assert "e-mail" in missing.caveats[0] and "TELEFONE" in missing.caveats[0]


@pytest.mark.parametrize(
    ("sheet", "question", "subjects"),
    [
        ("lasernet", "tem plantão no fim de semana", ["Plantão aos finais de semana e feriado"]),
        ("velocinet", "plantao sabado", ["Plantão aos finais de semana e feriado"]),
        ("velocinet", "horario da upcall", ["Horário de atendimento da UPCALL"]),
        ("lasernet", "horário de atendimento", None),
        ("velocinet", "que horas abre?", None),
        ("velocinet", "horario de funcionamento", None),
        # The day asked: the hours that tell of it.
        ("lasernet", "atendimento de sábado", ["Horário de atendimento da UPCALL", "HORÁRIO"]),
    ],
)
def test_hours(sheet: str, question: str, subjects: list[str] | None) -> None:
    r = answered(sheet, question, "hours")
    every = [f for f in SHEETS[sheet] if f.kind == "hours"]
    assert [f.subject for f in r.facts] == (subjects or [f.subject for f in every])
    assert all(f.value in (r.answer or "") for f in r.facts)


@pytest.mark.parametrize(
    ("sheet", "question", "port"),
    [("lasernet", "porta de acesso", "9020"), ("velocinet", "qual a porta do roteador?", "8088")],
)
def test_access_port(sheet: str, question: str, port: str) -> None:
    assert answered(sheet, question, "access_port").value == port


@pytest.mark.parametrize(
    ("sheet", "question", "value"),
    [
        ("lasernet", "prazo de atendimento do suporte", "48h"),
        ("lasernet", "qual o prazo?", "48h"),
        (
            "velocinet",
            "prazo do suporte corporativo",
            "24h para residencial e 12h para corporativo",
        ),
        (
            "velocinet",
            "em quanto tempo o suporte atende?",
            "24h para residencial e 12h para corporativo",
        ),
    ],
)
def test_deadline(sheet: str, question: str, value: str) -> None:
    assert answered(sheet, question, "deadline").value == value


@pytest.mark.parametrize(
    ("sheet", "question"),
    [
        ("lasernet", "em quanto tempo o tecnico vai na casa do cliente"),
        ("velocinet", "quanto tempo demora pro tecnico vir"),
        ("lasernet", "em quantas horas a visita chega"),
    ],
)
def test_how_long_is_a_deadline_not_a_price(sheet: str, question: str) -> None:
    # "quanto" before a time word asks for a duration: never the visit fee.
    r = ask(sheet, question)
    assert r is not None and r.rule == "deadline", (question, r)


def test_a_question_on_selling_a_phone_service_is_not_a_contact() -> None:
    facts = [contact("x", "Telefone fixo", "(35) 3829-6140", "phone")]
    r = answer_by_rules("vcs tem tv por assinatura ou telefone fixo pra vender", facts)
    assert r is None or r.rule != "contact"
    r = answer_by_rules("qual o telefone de vendas", facts)
    assert r is not None and r.rule == "contact"
    r = answer_by_rules("tem telefone fixo junto com a internet?", facts)
    assert r is None or r.rule != "contact"


# A sheet that keeps its contacts by department, and one that does not.
BY_DEPARTMENT = [
    contact("x", "WhatsApp", "(38) 99174-2256", "whatsapp"),
    contact("x", "WhatsApp Financeiro", "(38) 99174-2290", "whatsapp"),
    contact("x", "Central telefônica", "(88) 3411-7720", "phone"),
    contact("x", "E-mail financeiro", "fin@x.com.br", "email"),
]


@pytest.mark.parametrize(
    ("question", "values"),
    [
        ("whats do financeiro", ["(38) 99174-2290"]),
        # A department no contact names: the general one serves it ...
        ("whats do suporte", ["(38) 99174-2256"]),
        ("telefone do comercial", ["(88) 3411-7720"]),
    ],
)
def test_a_department_asked_gets_its_contact_or_the_general_one(
    question: str, values: list[str]
) -> None:
    r = answer_by_rules(question, BY_DEPARTMENT)
    assert r is not None and r.rule == "contact" and r.status == "answered", (question, r)
    assert [f.value for f in r.facts] == values


@pytest.mark.parametrize(
    "question", ["telefone da ouvidoria", "email da ouvidoria", "email do suporte"]
)
def test_a_department_the_sheet_does_not_name_is_not_found(question: str) -> None:
    # ... except an office of its own (the ombudsman), and never a contact of another department.
    r = answer_by_rules(question, BY_DEPARTMENT)
    assert r is not None and (r.rule, r.status) == ("contact", "not_found"), (question, r)
    assert "não informa" in r.caveats[0]


def test_general_contacts_serve_every_department_when_the_sheet_names_none() -> None:
    facts = [contact("x", "TELEFONE", "(85)3276-5247", "phone")]
    for question in ("telefone da ouvidoria", "telefone do suporte"):
        r = answer_by_rules(question, facts)
        assert r is not None and r.status == "answered" and r.value == "(85)3276-5247"
