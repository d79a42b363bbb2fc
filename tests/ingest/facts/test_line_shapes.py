"""More template variations: contacts as "KEY: value", bullets or a two-column table; prices
without cents or with thousands; numbered lists; prose punctuation after a password; Markdown
italics and quotes; hours lines under an hours heading. Sheets written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.facts import extract_facts
from ingest.facts.kinds.credentials import Credential, read_credential_line
from ingest.parsing.contact_lines import contact_pair
from ingest.parsing.lines import is_plan_like
from ingest.parsing.markup import strip_bold, strip_markup
from ingest.parsing.sheet import ParsedSheet, parse_sheet
from ingest.reading.sources import read_sheet
from ingest.records import Fact

DATA = Path(__file__).resolve().parents[2] / "data"


def _parsed(name: str) -> ParsedSheet:
    path = DATA / name
    return parse_sheet(read_sheet(path).text, path.stem)


def _facts(parsed: ParsedSheet, kind: str) -> list[Fact]:
    return [f for f in extract_facts(parsed.units, parsed.line_map) if f.kind == kind]


def _contacts(parsed: ParsedSheet) -> list[tuple[str, str, object]]:
    return [(f.subject, f.value, f.attrs["contact_type"]) for f in _facts(parsed, "contact")]


def _on_own_line(name: str, facts: list[Fact]) -> None:
    lines = (DATA / name).read_text(encoding="utf-8").split("\n")
    for fact in facts:
        assert fact.lines[0] == fact.lines[1], fact
        assert fact.value in lines[fact.lines[0] - 1], fact


# --- contacts -------------------------------------------------------------------------------


def test_colon_contacts_one_per_line() -> None:
    parsed = _parsed("serranet.txt")
    assert _contacts(parsed) == [
        ("TELEFONE", "(31) 3555-0101", "phone"),
        ("WhatsApp", "(31) 99876-5432", "whatsapp"),
        ("E-mail", "atendimento@serranet.example", "email"),
        ("Site", "https://www.serranet.example", "site"),
        ("Endereço", "Rua das Palmeiras, 45 - Centro - Ouro Preto-MG", "address"),
        ("Central do Assinante", "https://central.serranet.example", "subscriber_portal"),
    ]
    _on_own_line("serranet.txt", _facts(parsed, "contact"))
    portal = _facts(parsed, "contact")[-1]
    assert portal.attrs["login_rule"] == "Login é o CPF do cliente e a senha é o número do contrato"
    assert "Informações da empresa" in {u.section for u in parsed.units}


def test_pipe_table_and_bullet_contacts() -> None:
    parsed = _parsed("rionet.md")
    assert _contacts(parsed) == [
        ("Telefone", "(21) 2555-3030", "phone"),
        ("WhatsApp", "(21) 98765-1212", "whatsapp"),
        ("Site", "https://www.rionet.example", "site"),
        ("Endereço", "Av. Atlântica, 900 - Copacabana - Rio de Janeiro-RJ", "address"),
        ("E-mail", "contato@rionet.example", "email"),
        ("Central do Assinante", "minha.rionet.example", "subscriber_portal"),
    ]
    _on_own_line("rionet.md", _facts(parsed, "contact"))
    # The table's header says nothing: it is not a unit's text.
    assert not any("VALOR" in u.answer for u in parsed.units)


def test_tab_contact_table() -> None:
    text = (
        "X\n\nInformações da empresa\nCONTATO\tVALOR\nTelefone\t(47) 3333-1200\n"
        "E-mail\tsac@x.example\nSite\thttps://x.example\n"
    )
    parsed = parse_sheet(text, "x")
    assert _contacts(parsed) == [
        ("Telefone", "(47) 3333-1200", "phone"),
        ("E-mail", "sac@x.example", "email"),
        ("Site", "https://x.example", "site"),
    ]


@pytest.mark.parametrize(
    ("line", "pair"),
    [
        ("TELEFONE: (11) 4002-8922", ("TELEFONE", "(11) 4002-8922")),
        ("- Telefone: (11) 4002-8922", ("Telefone", "(11) 4002-8922")),
        ("Fone/WhatsApp: +55 11 91234-5678", ("Fone/WhatsApp", "+55 11 91234-5678")),
        ("Endereço: Rua A, 10 - Centro", ("Endereço", "Rua A, 10 - Centro")),
        ("Ouvidoria: ouvidoria@x.example", ("Ouvidoria", "ouvidoria@x.example")),
        ("Sistema: http://10.0.0.1:8080/login", ("Sistema", "http://10.0.0.1:8080/login")),
    ],
)
def test_contact_pair(line: str, pair: tuple[str, str]) -> None:
    assert contact_pair(line) == pair


@pytest.mark.parametrize(
    "line",
    [
        "R: (11) 4002-8922",
        "Bloqueio Total: 35 Dias",
        "Login é o CPF do cliente e a senha é o ID do contrato",
        "Seg a Sex: 8h às 18h",
        "Telefone: ligar para o suporte técnico",
        "Site: em manutenção",
        "Endereço: Centro",
        "Modelo X: senha ab@12",
    ],
)
def test_not_contact_pair(line: str) -> None:
    assert contact_pair(line) is None


# --- plans: prices and speeds in other forms, numbered lists, a header with an empty cell ----


def test_numbered_plans_prices_and_speeds() -> None:
    parsed = _parsed("serranet.txt")
    plans = [
        (f.subject, f.value, f.attrs["speed_mbps"], f.attrs["price"])
        for f in _facts(parsed, "plan")
    ]
    assert plans == [
        ("50 Mega", "R$ 50", 50.0, 50.0),
        ("300 Mega", "89 reais", 300.0, 89.0),
        ("500 Mbps", "R$79,90", 500.0, 79.9),
        ("1 Gbps", "R$ 1.099,90", 1000.0, 1099.9),
        ("15 Mb/s", "R$45", 15.0, 45.0),
        ("1G", "R$ 2.150", 1000.0, 2150.0),
    ]
    _on_own_line("serranet.txt", _facts(parsed, "plan"))
    lists = [u for u in parsed.units if u.kind == "list"]
    assert lists[0].answer.split("\n")[0] == "50 Mega - R$ 50"  # the number mark goes
    assert not _facts(parsed, "fee")  # a plan price is not a fee


@pytest.mark.parametrize(
    ("text", "plan"),
    [
        ("500Mb/s - R$ 99", True),
        ("1 Gbps: R$ 1.299,00", True),
        ("Plano 80 Mega por 70 reais", True),
        ("80 Mega - 70", False),  # a bare number is not a price
        ("Bloqueio Total: 35 Dias", False),
    ],
)
def test_plan_shapes(text: str, plan: bool) -> None:
    assert is_plan_like(text) is plan


def test_table_header_with_empty_cell() -> None:
    parsed = _parsed("rionet.md")
    plans = [(f.subject, f.value, f.attrs["price"]) for f in _facts(parsed, "plan")]
    assert plans == [("200 Mega", "R$ 69", 69.0), ("600 Mega", "R$ 99,90", 99.9)]
    creds = [(f.subject, f.attrs["login"], f.value) for f in _facts(parsed, "credential")]
    assert creds == [
        ("Tenda HG9", "admin", "Rio_9!tenda_"),  # "_" inside and at the end: not italics
        ("Multilaser RE160", None, "m1l@RE160"),
    ]


# --- credentials: table cells exact, prose punctuation taken off only when plain -------------


def test_password_punctuation() -> None:
    parsed = _parsed("serranet.txt")
    creds = [(f.subject, f.attrs["login"], f.value) for f in _facts(parsed, "credential")]
    assert creds == [
        ("Huawei HG8245", "root", "Srr@8245."),  # a table cell is exact
        ("ZTE F670L", None, "zte.Serra;"),  # empty login cell of a tab row
        ("Nano M5", "ubnt", "Srr#nano5"),
        ("LiteBeam M5", None, "Lbm5!serra"),  # a new sentence follows
        ("Rocket M2", None, "rK2@serra"),  # items of an enumeration ("a;" / "b.")
        ("Bullet M2", "ubnt", "bLt2@s"),
    ]


@pytest.mark.parametrize(
    ("line", "cred"),
    [
        ("Q9: senha Zq#1. Trocar a pedido do cliente.", Credential("Q9", None, "Zq#1")),
        ("Q9: login root; senha Zq#1.", Credential("Q9", "root", "Zq#1")),
        ("Q9 — senha: Zq#1.", Credential("Q9", None, "Zq#1.")),  # unsure: kept
        ("Q9 — senha: Zq#1;", Credential("Q9", None, "Zq#1;")),  # unsure: kept
        ("Q9: senha Zq#1.x, login root", Credential("Q9", "root", "Zq#1.x")),
    ],
)
def test_credential_line_punctuation(line: str, cred: Credential) -> None:
    assert read_credential_line(line) == cred


# --- Markdown italics and quotes; hours -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("*R:* Sim", "R: Sim"),
        ("_Fibra_ e *rádio*", "Fibra e rádio"),
        ("* 250MB ..... 94,90", "* 250MB ..... 94,90"),  # a bullet
        ("Ab*12*", "Ab*12*"),
        ("brz_C80!x_", "brz_C80!x_"),
        ("snake_case_x", "snake_case_x"),
    ],
)
def test_strip_italics(text: str, plain: str) -> None:
    assert strip_bold(text) == plain


def test_blockquote_marks() -> None:
    assert strip_markup("> **R:** Sim\n> > x\n>\nA > B").text == "R: Sim\nx\n\nA > B"
    parsed = _parsed("rionet.md")
    assert parsed.units[0].question == "Horário de atendimento da UPCALL (GMT -3)"
    assert all(not u.answer.startswith((">", "*", "_")) for u in parsed.units)


def test_hours_lines() -> None:
    serra = [(f.subject, f.value) for f in _facts(_parsed("serranet.txt"), "hours")]
    assert serra == [
        ("Horário de atendimento da UPCALL (GMT -3)", "Seg a Sex: 18h às 08h"),
        ("Horário de atendimento da loja", "Seg a Sex: 8h às 18h"),
        ("Horário de atendimento da loja", "Sáb: 8h-12h"),
        ("HORÁRIO", "Segunda-feira a sábado, das 8h às 20h"),
    ]
    rio = [(f.subject, f.value) for f in _facts(_parsed("rionet.md"), "hours")]
    assert rio == [
        ("Horário de atendimento da UPCALL (GMT -3)", "Seg a Sex: 19h às 07h"),
        ("Horário", "Seg a Sex: 8h às 18h"),
        ("Horário", "Sáb: 8h-12h"),
    ]
