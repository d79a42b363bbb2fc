"""extract_facts on both template sheets and on a changed copy: values exact, lines right."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.facts import extract_facts
from ingest.parsing import parse_sheet
from ingest.records import Fact
from tests.factories import of_kind, sheet_line


def _facts(path: Path, provider: str) -> list[Fact]:
    parsed = parse_sheet(path.read_text(encoding="utf-8"), provider)
    return extract_facts(parsed.units, parsed.line_map)


LASERNET_ROUTERS = [
    ("W4- 300F", "admin", "Lnt12345@"),
    ("W5-1200G", "admin", "Lnt12345@"),
    ("IWR3000", None, "P=a5tr3NeL!w3000"),
    ("RG1200", None, "P=a5tr3NeL!g1200"),
    ("RF1200", None, "P=a5tr3NeL!f1200"),
    ("GF1200", None, "lnt12345@"),
    ("RF301K", None, "a5tr3NeL301K"),
    ("INTELBRAS", "admin", "Lnt12345@"),
]
VELOCINET_ROUTERS = [
    ("AX1500-V", "suporte", "Vel#2024ax"),
    ("HG6145F", None, "vElOc!6145"),
    ("ARCHER C6", "admin", "Arch3r_c6"),
]


@pytest.mark.parametrize(
    ("sheet", "routers", "caveat_start"),
    [
        ("lasernet", LASERNET_ROUTERS, "Não passar acesso padrão"),
        ("velocinet", VELOCINET_ROUTERS, "Nunca informar a senha padrão"),
    ],
)
def test_credentials(
    sheet: str, routers: list, caveat_start: str, request: pytest.FixtureRequest
) -> None:
    path = request.getfixturevalue(f"{sheet}_path")
    creds = of_kind(_facts(path, sheet), "credential")
    assert [(f.subject, f.attrs["login"], f.value) for f in creds] == routers
    for fact in creds:
        assert fact.caveats and fact.caveats[0].startswith(caveat_start)
        first, last = fact.lines
        assert sheet_line(path, first).strip() == fact.subject
        assert sheet_line(path, last).strip() == fact.value  # exact, case-sensitive


def test_lasernet_plans(lasernet_path: Path) -> None:
    plans = of_kind(_facts(lasernet_path, "lasernet"), "plan")
    got = [(f.attrs["technology"], f.attrs["speed_mbps"], f.attrs["price"]) for f in plans]
    assert got == [
        ("fibra", 50.0, 49.9),
        ("fibra", 75.0, 59.9),
        ("fibra", 100.0, 69.9),
        ("fibra", 200.0, 79.9),
        ("fibra", 400.0, 89.9),
        ("fibra", 600.0, 99.9),
        ("radio", 10.0, 49.9),
        ("radio", 20.0, 59.9),
        ("radio", 30.0, 69.9),
    ]
    assert (plans[0].subject, plans[0].value, plans[0].lines) == ("50MB", "49,90", (22, 22))
    assert plans[-1].lines == (34, 34) and plans[-1].subject == "30M"


def test_velocinet_plans(velocinet_path: Path) -> None:
    plans = of_kind(_facts(velocinet_path, "velocinet"), "plan")
    got = [(f.subject, f.value, f.attrs["technology"], f.attrs["speed_mbps"]) for f in plans]
    assert got == [
        ("150 MEGA", "R$ 69,99", "fibra", 150.0),
        ("300 MEGA", "R$ 89,90", "fibra", 300.0),
        ("500 MEGA", "R$ 109,90", "fibra", 500.0),
        ("1 GIGA", "R$ 149,90", "fibra", 1000.0),
        ("5M", "45,00", "radio", 5.0),
        ("15M", "65,00", "radio", 15.0),
    ]


def test_lasernet_fees(lasernet_path: Path) -> None:
    fees = of_kind(_facts(lasernet_path, "lasernet"), "fee")
    by_line = {f.lines[0]: f for f in fees}
    assert by_line[36].attrs == {"amount": None, "charged": True}
    assert by_line[110].attrs["charged"] is False  # abrir OS para trocar a senha
    assert by_line[116].attrs["charged"] is False  # reset
    visit = by_line[127]
    assert visit.attrs["charged"] is False and "improdutiva" in visit.subject
    assert visit.caveats == (
        "Não informar o cliente, apenas em casos onde for possível constatar o dano causado",
    )
    move = by_line[136]
    assert (move.subject, move.value, move.attrs["amount"]) == (
        "Mudança de ponto ou endereço",
        "20 reais",
        20.0,
    )
    assert len(fees) == 5


def test_velocinet_fees(velocinet_path: Path) -> None:
    fees = {f.lines[0]: f for f in of_kind(_facts(velocinet_path, "velocinet"), "fee")}
    assert fees[27].attrs == {"amount": 100.0, "charged": True}
    assert fees[59].attrs == {"amount": None, "charged": False}
    assert fees[68].attrs == {"amount": 50.0, "charged": True}
    assert fees[68].caveats == ("Informar ao cliente antes de agendar a visita",)
    assert (fees[76].subject, fees[76].attrs["amount"]) == ("Mudança de endereço", 80.0)


@pytest.mark.parametrize(
    ("sheet", "expected"),
    [
        ("lasernet", {"partial_block": 30, "total_block": 35, "max_days_late_release": 35}),
        ("velocinet", {"partial_block": 10, "total_block": 25, "max_days_late_release": 20}),
    ],
)
def test_day_thresholds(sheet: str, expected: dict, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(f"{sheet}_path")
    facts = of_kind(_facts(path, sheet), "day_threshold")
    assert {f.attrs["threshold"]: f.attrs["days"] for f in facts} == expected
    release = next(f for f in facts if f.attrs["threshold"] == "max_days_late_release")
    assert release.caveats == (sheet_line(path, release.lines[0]).strip(),)


def test_lasernet_contacts(lasernet_path: Path) -> None:
    contacts = of_kind(_facts(lasernet_path, "lasernet"), "contact")
    by_type = {f.attrs["contact_type"]: f for f in contacts}
    assert by_type["phone"].value == "(85)3276-5247" and by_type["phone"].lines == (189, 189)
    assert by_type["whatsapp"].value == "(85) 98887-9808"
    assert by_type["address"].value.startswith("Travessa Jonas Bezerra, 300")
    assert by_type["site"].value == "http://170.82.44.20/"
    assert by_type["system_url"].value == "http://170.82.44.23:8000/accounts/login?"
    portal = by_type["subscriber_portal"]
    assert portal.value == "https://central.lasernet.net.br/accounts/central/login"
    assert portal.lines == (174, 175)
    assert portal.attrs["login_rule"] == (
        "Login é o CPF do cliente e a senha é o ID do contrato do cliente"
    )
    assert by_type["speedtest_site"].value == "https://www.speedtest.net/pt"


def test_velocinet_contacts(velocinet_path: Path) -> None:
    by_type = {
        f.attrs["contact_type"]: f for f in of_kind(_facts(velocinet_path, "velocinet"), "contact")
    }
    assert by_type["email"].value == "suporte@velocinet.com.br"
    assert by_type["subscriber_portal"].value == "https://minha.velocinet.com.br"
    assert "6 primeiros dígitos do CPF" in str(by_type["subscriber_portal"].attrs["login_rule"])
    assert by_type["speedtest_site"].value == "https://www.nperf.com/pt/"


def test_port_deadline_hours(lasernet_path: Path, velocinet_path: Path) -> None:
    laser = _facts(lasernet_path, "lasernet")
    velo = _facts(velocinet_path, "velocinet")
    assert [(f.value, f.attrs["port"], f.lines) for f in of_kind(laser, "access_port")] == [
        ("9020", 9020, (47, 47))
    ]
    assert [f.attrs["port"] for f in of_kind(velo, "access_port")] == [8088]
    assert [f.value for f in of_kind(laser, "deadline")] == ["48h"]
    assert [f.attrs["hours"] for f in of_kind(velo, "deadline")] == [24, 12]
    laser_hours = {f.lines[0]: f for f in of_kind(laser, "hours")}
    assert laser_hours[195].value == "De Segunda a Sábado Das 08h as 18h"
    assert laser_hours[195].subject == "HORÁRIO"
    assert laser_hours[7].value.startswith("De Segunda à Sábado Das 08h às 18h")
    assert laser_hours[132].value == "Não"  # plantão
    velo_hours = {f.lines[0]: f.value for f in of_kind(velo, "hours")}
    assert velo_hours[73] == "Sim, aos sábados das 08h às 12h"
    assert velo_hours[116] == "Segunda a Sexta Das 08h às 18h"


def test_fact_ids_unique(lasernet_path: Path) -> None:
    facts = _facts(lasernet_path, "lasernet")
    assert len({f.id for f in facts}) == len(facts)


def test_changed_sheet_gives_changed_facts(lasernet_path: Path, tmp_path: Path) -> None:
    text = lasernet_path.read_text(encoding="utf-8")
    assert text.count("69,90 - 100MB") == 1 and text.count("P=a5tr3NeL!g1200") == 1
    changed = text.replace("69,90 - 100MB", "74,50 - 100MB").replace(
        "P=a5tr3NeL!g1200", "Zx9#novaSenha"
    )
    path = tmp_path / "lasernet.txt"
    path.write_text(changed, encoding="utf-8")
    facts = _facts(path, "lasernet")
    plan = next(f for f in of_kind(facts, "plan") if f.subject == "100MB")
    assert (plan.value, plan.attrs["price"]) == ("74,50", 74.5)
    cred = next(f for f in of_kind(facts, "credential") if f.subject == "RG1200")
    assert cred.value == "Zx9#novaSenha"
    assert all(f.value != "P=a5tr3NeL!g1200" for f in facts)


def test_without_line_map_facts_use_unit_spans(lasernet_path: Path) -> None:
    parsed = parse_sheet(lasernet_path.read_text(encoding="utf-8"), "lasernet")
    creds = of_kind(extract_facts(parsed.units), "credential")
    assert len(creds) == 8 and all(f.lines == (49, 104) for f in creds)


def test_deadline_cases_get_their_own_subject(velocinet_path: Path) -> None:
    deadlines = of_kind(_facts(velocinet_path, "velocinet"), "deadline")
    assert [(f.subject, f.value, f.attrs["hours"]) for f in deadlines] == [
        ("Prazo de atendimento do Suporte — residencial", "24h", 24),
        ("Prazo de atendimento do Suporte — corporativo", "12h", 12),
    ]


def test_deadline_without_named_cases_stays_one_phrase() -> None:
    text = "X\nQual o prazo de atendimento?\nR: 24h ou 48h\n"
    (fact,) = of_kind(extract_facts(parse_sheet(text, "x").units), "deadline")
    assert (fact.subject, fact.value, fact.attrs["hours"]) == (
        "Prazo de atendimento",
        "24h ou 48h",
        24,
    )


def test_fee_value_is_the_sheet_phrase(velocinet_path: Path, lasernet_path: Path) -> None:
    velo = {f.subject: f for f in of_kind(_facts(velocinet_path, "velocinet"), "fee")}
    install = velo["Taxa de instalação"]
    assert install.value == "R$ 100,00 parcelado em até 2x no boleto"
    assert install.attrs == {"amount": 100.0, "charged": True}
    assert velo["Tratativas para reset"].value == "se não resolver, abrir OS sem custo"
    laser = {f.subject: f for f in of_kind(_facts(lasernet_path, "lasernet"), "fee")}
    assert laser["Taxa de instalação"].value == "Possui taxa de instalação"
    visit = laser["Custo da visita técnica caso seja improdutiva"]
    assert visit.value == "Não é cobrado, só em casos em que o cliente danificar o equipamento"
    assert laser["Mudança de ponto ou endereço"].value == "20 reais"


@pytest.mark.parametrize(
    ("statement", "charged", "amount", "value"),
    [
        ("Possui taxa de adesão", True, None, "Possui taxa de adesão"),
        ("Não possui taxa de adesão", False, None, "Não possui taxa de adesão"),
        ("Taxa de adesão: R$ 30,00 à vista", True, 30.0, "R$ 30,00 à vista"),
    ],
)
def test_fee_statements(statement: str, charged: bool, amount: float | None, value: str) -> None:
    text = f"X\nQual a porta?\nR: 1\n\n{statement}\n"
    (fee,) = of_kind(extract_facts(parse_sheet(text, "x").units), "fee")
    assert (fee.subject, fee.value) == ("Taxa de adesão", value)
    assert fee.attrs == {"amount": amount, "charged": charged}


def test_question_subjects_are_short_labels(lasernet_path: Path) -> None:
    facts = _facts(lasernet_path, "lasernet")
    assert of_kind(facts, "access_port")[0].subject == "Porta de acesso para acesso aos roteadores"
    subjects = {f.subject for f in of_kind(facts, "hours")}
    assert "Plantão aos finais de semana e feriado" in subjects
    contact = next(f for f in facts if f.attrs.get("contact_type") == "speedtest_site")
    assert contact.subject == "Site (padrão da empresa) utilizado para medir velocidade"
    assert not any(f.subject.endswith("?") for f in facts)


@pytest.mark.parametrize(
    ("answer", "charged"),
    [
        ("Sim, tem taxa, o valor é o financeiro que passa", True),
        ("Sim, possui taxa, valor informado pelo comercial", True),
        ("Sim, é cobrado, o comercial informa o valor", True),
        ("Não tem taxa", False),
    ],
)
def test_an_answer_that_a_fee_exists_without_its_amount(answer: str, charged: bool) -> None:
    sheet = parse_sheet(f"X\nPossui taxa de instalação?\nR: {answer}\n", "x")
    (fee,) = of_kind(extract_facts(sheet.units, sheet.line_map), "fee")
    assert (fee.subject, fee.lines) == ("Taxa de instalação", (3, 3))
    assert fee.attrs == {"amount": None, "charged": charged}
