"""A third sheet in the template, written for these tests, with other values and small variations.

Dot-leader plans, a four-row credential table with a "root" login, "Sim, R$ ... à vista",
deadlines as "Residencial: 36h, corporativo: 8h", block days as "Bloqueio parcial com N dias"
on two lines, phones with "+55", hours as "Seg a Sex<tab>8h-18h".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.facts import extract_facts
from ingest.parsing.sheet import ParsedSheet, parse_sheet
from ingest.records import Fact, Unit
from tests.factories import of_kind, sheet_line

FIBRAMAX = Path(__file__).resolve().parents[2] / "data" / "fibramax.txt"


@pytest.fixture(scope="module")
def parsed() -> ParsedSheet:
    return parse_sheet(FIBRAMAX.read_text(encoding="utf-8"), "fibramax")


@pytest.fixture(scope="module")
def facts(parsed: ParsedSheet) -> list[Fact]:
    return extract_facts(parsed.units, parsed.line_map)


def _by_question(units: list[Unit], start: str) -> Unit:
    found = [u for u in units if (u.question or "").startswith(start)]
    assert len(found) == 1, [u.question for u in units]
    return found[0]


def test_sections_and_units(parsed: ParsedSheet) -> None:
    assert parsed.title == "FibraMax Internet"
    sections = list(dict.fromkeys(u.section for u in parsed.units))
    assert sections == [
        "FibraMax Internet",
        "SUPORTE E VENDAS",
        "FINANCEIRO",
        "Informações da empresa",
        "HORÁRIO",
    ]
    plans = _by_question(parsed.units, "Quais os planos")
    assert plans.kind == "list" and plans.lines == (17, 21)
    blocks = _by_question(parsed.units, "Com quantos dias")
    assert blocks.answer == "Bloqueio parcial com 15 dias\nBloqueio total com 45 dias"
    assert blocks.lines == (104, 106)


def test_dot_leader_plans(facts: list[Fact]) -> None:
    got = [(f.subject, f.value, f.attrs["technology"], f.attrs["speed_mbps"], f.attrs["price"])
           for f in of_kind(facts, "plan")]  # fmt: skip
    assert got == [
        ("400 Mega", "R$ 99,90", "fibra", 400.0, 99.9),
        ("700 Mega", "R$ 129,90", "fibra", 700.0, 129.9),
        ("1 Giga", "R$ 179,90", "fibra", 1000.0, 179.9),
    ]


def test_four_row_credential_table(facts: list[Fact]) -> None:
    creds = of_kind(facts, "credential")
    assert [(f.subject, f.attrs["login"], f.value) for f in creds] == [
        ("ZTE F670L", "root", "Fmx@F670l#"),
        ("HUAWEI HG8245", None, "hw8245_FMX"),
        ("TP-LINK EC220", "admin", "Tp!Ec220fm"),
        ("NOKIA G-140W", None, "N0k!a140w"),
    ]
    for fact in creds:
        assert sheet_line(FIBRAMAX, fact.lines[1]).strip() == fact.value
        assert fact.caveats and fact.caveats[0].startswith("Não. Somente trocar a senha")


def test_fees(facts: list[Fact]) -> None:
    fees = {f.subject: f for f in of_kind(facts, "fee")}
    install = fees["Taxa de instalação"]
    assert (install.value, install.attrs["amount"], install.attrs["charged"]) == (
        "R$ 150,00 à vista",
        150.0,
        True,
    )
    assert install.lines == (24, 24)
    assert fees["Mudança de endereço"].value == "35 reais"
    assert fees["Custo da visita técnica caso seja improdutiva"].attrs["amount"] == 60.0
    reset = fees["Tratativas para reset"]
    assert (reset.value, reset.attrs["charged"]) == ("sem custo", False)


def test_block_days_written_inline(facts: list[Fact]) -> None:
    days = {
        f.attrs["threshold"]: (f.subject, f.value, f.lines) for f in of_kind(facts, "day_threshold")
    }
    assert days == {
        "partial_block": ("Bloqueio parcial", "15 dias", (105, 105)),
        "total_block": ("Bloqueio total", "45 dias", (106, 106)),
        "max_days_late_release": (
            "NÃO LIBERAR COM MAIS DE 40 DIAS DE ATRASO",
            "40 DIAS",
            (102, 102),
        ),
    }


def test_deadlines_named_by_case_before_the_value(facts: list[Fact]) -> None:
    got = [(f.subject, f.value, f.attrs["hours"]) for f in of_kind(facts, "deadline")]
    assert got == [
        ("Prazo de atendimento do Suporte — Residencial", "36h", 36),
        ("Prazo de atendimento do Suporte — corporativo", "8h", 8),
    ]


def test_contacts_port_and_hours(facts: list[Fact]) -> None:
    contacts = {f.attrs["contact_type"]: f for f in of_kind(facts, "contact")}
    assert contacts["phone"].value == "+55 85 3333-7000"
    assert contacts["whatsapp"].value == "+55 (85) 99700-1234"
    assert contacts["subscriber_portal"].value == "https://cliente.fibramax.net"
    assert contacts["subscriber_portal"].attrs["login_rule"] == "Login e senha são o CPF do cliente"
    assert contacts["speedtest_site"].value == "https://fast.com"
    assert [(f.subject, f.value) for f in of_kind(facts, "access_port")] == [
        ("Porta de acesso para acesso aos roteadores", "8443")
    ]
    hours = {f.lines[0]: (f.subject, f.value) for f in of_kind(facts, "hours")}
    assert hours[128] == ("HORÁRIO", "Seg a Sex 8h-18h")
    assert hours[129] == ("HORÁRIO", "Sábado 8h-12h")
    assert hours[87] == (
        "Plantão aos finais de semana e feriado",
        "Sim, domingos e feriados das 9h às 13h",
    )


def test_no_fact_value_comes_from_another_sheet(facts: list[Fact]) -> None:
    others = (FIBRAMAX.parent / "velocinet.txt").read_text(encoding="utf-8")
    for fact in facts:
        if fact.kind in ("plan", "credential", "contact", "access_port"):
            assert fact.value not in others, fact
