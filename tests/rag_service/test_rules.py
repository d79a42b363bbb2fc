"""Rule overrides: tolerant questions of every fact kind, exact values, not_found and None."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from ingest.analysis import model_key, parse_money, parse_speed_mbps
from ingest.facts.extraction import extract_facts
from ingest.parsing.sheet import parse_sheet
from ingest.reading.sources import read_sheet
from ingest.records import Fact, stable_id
from rag_service.rules.registry import RuleAnswer, answer_by_rules

# --- facts built by hand, following the ingest/model.py contract -------------------------------

_line = iter(range(1, 10_000))


def fact(
    provider: str,
    kind: str,
    subject: str,
    value: str,
    attrs: Mapping[str, object],
    caveats: tuple[str, ...] = (),
) -> Fact:
    n = next(_line)
    return Fact(
        id=stable_id(provider, kind, subject, value),
        provider=provider,
        kind=kind,
        subject=subject,
        value=value,
        unit_id=stable_id(provider, str(n)),
        lines=(n, n),
        attrs=dict(attrs),  # type: ignore[arg-type]
        caveats=caveats,
    )


def plan(p: str, tech: str, speed: str, price: str) -> Fact:
    attrs = {"technology": tech, "speed_mbps": parse_speed_mbps(speed), "price": parse_money(price)}
    return fact(p, "plan", speed, price, attrs)


def cred(p: str, model: str, login: str | None, password: str, caveat: str) -> Fact:
    attrs = {"login": login, "model_key": model_key(model)}
    return fact(p, "credential", model, password, attrs, (caveat,))


def fee(p: str, subject: str, value: str, charged: bool, caveats: tuple[str, ...] = ()) -> Fact:
    return fact(
        p, "fee", subject, value, {"amount": parse_money(value), "charged": charged}, caveats
    )


def days(p: str, subject: str, value: str, threshold: str, caveats: tuple[str, ...] = ()) -> Fact:
    attrs = {"days": int(value.split()[0]), "threshold": threshold}
    return fact(p, "day_threshold", subject, value, attrs, caveats)


def contact(p: str, subject: str, value: str, ctype: str, login_rule: str | None = None) -> Fact:
    return fact(p, "contact", subject, value, {"contact_type": ctype, "login_rule": login_rule})


LNT_NO_PASS = (
    "Não passar acesso padrão, caso o cliente solicitar a senha pode realizar a troca da senha de "
    "acesso ao roteador para uma de preferência do cliente e registrar no sistema"
)
LNT_VISIT = "Não informar o cliente, apenas em casos onde for possível constatar o dano causado"


def lasernet_facts() -> list[Fact]:
    p = "lasernet"
    out = [plan(p, "fibra", s, v) for v, s in [
        ("49,90", "50MB"), ("59,90", "75MB"), ("69,90", "100MB"), ("79,90", "200MB"),
        ("89,90", "400MB"), ("99,90", "600MB"),
    ]]  # fmt: skip
    out += [plan(p, "radio", "10M", "49,90"), plan(p, "radio", "20M", "59,90")]
    out += [plan(p, "radio", "30M", "69,90")]
    out += [cred(p, m, login, pw, LNT_NO_PASS) for m, login, pw in [
        ("W4- 300F", "admin", "Lnt12345@"), ("W5-1200G", "admin", "Lnt12345@"),
        ("IWR3000", None, "P=a5tr3NeL!w3000"), ("RG1200", None, "P=a5tr3NeL!g1200"),
        ("RF1200", None, "P=a5tr3NeL!f1200"), ("GF1200", None, "lnt12345@"),
        ("RF301K", None, "a5tr3NeL301K"), ("INTELBRAS", "admin", "Lnt12345@"),
    ]]  # fmt: skip
    out += [
        fact(p, "access_port", "Porta de acesso aos roteadores", "9020", {"port": 9020}),
        fee(p, "Troca de senha / abrir OS", "não é cobrado", False),
        fee(p, "Reset", "não é cobrado", False),
        fee(p, "Visita técnica improdutiva", "Não é cobrado, só em casos em que o cliente "
            "danificar o equipamento", False, (LNT_VISIT,)),
        fee(p, "Mudança de ponto ou endereço", "20 reais", True),
        days(p, "Bloqueio Parcial (Redução)", "30 Dias", "partial_block"),
        days(p, "Bloqueio Total", "35 Dias", "total_block"),
        days(p, "Desbloqueio de confiança: não liberar com mais de", "35 DIAS",
             "max_days_late_release", ("Não soma os dias de várias faturas, apenas "
                                       "considera-se da mais antiga",)),
        contact(p, "SITE", "https://www.speedtest.net/pt", "speedtest_site"),
        contact(p, "SISTEMA", "http://170.82.44.23:8000/accounts/login?", "system_url"),
        contact(p, "CENTRAL DO ASSINANTE", "https://central.lasernet.net.br/accounts/central/login",
                "subscriber_portal",
                "Login é o CPF do cliente e a senha é o ID do contrato do cliente"),
        contact(p, "ENDEREÇO", "Travessa Jonas Bezerra, 300 - Barroso - Fortaleza-CE", "address"),
        contact(p, "TELEFONE", "(85)3276-5247", "phone"),
        contact(p, "WHATSAPP", "(85) 98887-9808", "whatsapp"),
        contact(p, "SITE", "http://170.82.44.20/", "site"),
        fact(p, "hours", "Horário de atendimento da UPCALL", "De Segunda à Sábado Das 08h às 18h "
             "Somente Transbordo", {}),
        fact(p, "hours", "Plantão aos finais de semana e feriado", "Não", {}),
        fact(p, "hours", "HORÁRIO", "De Segunda a Sábado Das 08h as 18h", {}),
        fact(p, "deadline", "Prazo de atendimento do Suporte, residencial e corporativo", "48h",
             {"hours": 48}),
    ]  # fmt: skip
    return out


VEL_NO_PASS = (
    "Nunca informar a senha padrão ao cliente. Se ele pedir, trocar a senha de acesso para uma "
    "escolhida por ele."
)


def velocinet_facts() -> list[Fact]:
    p = "velocinet"
    out = [plan(p, "fibra", s, v) for s, v in [
        ("150 MEGA", "R$ 69,99"), ("300 MEGA", "R$ 89,90"), ("500 MEGA", "R$ 109,90"),
        ("1 GIGA", "R$ 149,90"),
    ]]  # fmt: skip
    out += [plan(p, "radio", "5M", "45,00"), plan(p, "radio", "15M", "65,00")]
    out += [cred(p, m, login, pw, VEL_NO_PASS) for m, login, pw in [
        ("AX1500-V", "suporte", "Vel#2024ax"), ("HG6145F", None, "vElOc!6145"),
        ("ARCHER C6", "admin", "Arch3r_c6"),
    ]]  # fmt: skip
    out += [
        fact(p, "access_port", "Porta de acesso aos roteadores", "8088", {"port": 8088}),
        fee(p, "Taxa de instalação", "R$ 100,00 parcelado em até 2x no boleto", True),
        fee(p, "Reset", "abrir OS sem custo", False),
        fee(p, "Visita técnica improdutiva", "R$ 50,00 quando o problema for nos equipamentos "
            "do cliente", True, ("Informar ao cliente antes de agendar a visita",)),
        fee(p, "Mudança de endereço", "R$ 80,00", True),
        days(p, "Bloqueio Parcial (Redução)", "10 Dias", "partial_block"),
        days(p, "Bloqueio Total", "25 Dias", "total_block"),
        days(p, "Não liberar com mais de", "20 DIAS", "max_days_late_release"),
        contact(p, "Site para medir velocidade", "https://www.nperf.com/pt/", "speedtest_site"),
        contact(p, "SISTEMA", "https://erp.velocinet.com.br/login", "system_url"),
        contact(p, "CENTRAL DO ASSINANTE", "https://minha.velocinet.com.br", "subscriber_portal",
                "O login é o e-mail do cliente e a senha são os 6 primeiros dígitos do CPF"),
        contact(p, "ENDEREÇO", "Rua das Acácias, 1500 - Centro - Maracanaú-CE", "address"),
        contact(p, "TELEFONE", "(85) 3021-4455", "phone"),
        contact(p, "WHATSAPP", "(85) 99123-0001", "whatsapp"),
        contact(p, "E-MAIL", "suporte@velocinet.com.br", "email"),
        contact(p, "SITE", "https://www.velocinet.com.br", "site"),
        fact(p, "hours", "Horário de atendimento da UPCALL", "De Segunda a Sexta Das 18h às 08h, "
             "Sábados e Domingos 24h", {}),
        fact(p, "hours", "Plantão aos finais de semana e feriado",
             "Sim, aos sábados das 08h às 12h", {}),
        fact(p, "hours", "HORÁRIO", "Segunda a Sexta Das 08h às 18h", {}),
        fact(p, "deadline", "Prazo de atendimento do Suporte, residencial e corporativo",
             "24h para residencial e 12h para corporativo", {"hours": 24}),
    ]  # fmt: skip
    return out


SHEETS = {"lasernet": lasernet_facts(), "velocinet": velocinet_facts()}


def ask(sheet: str, question: str) -> RuleAnswer | None:
    return answer_by_rules(question, SHEETS[sheet])


def answered(sheet: str, question: str, rule: str) -> RuleAnswer:
    r = ask(sheet, question)
    assert r is not None, question
    assert (r.rule, r.status) == (rule, "answered"), (question, r)
    return r


# --- credentials -------------------------------------------------------------------------------

CREDENTIAL_CASES = [
    ("lasernet", "senha do w5 1200g", "W5-1200G", "Lnt12345@"),
    ("lasernet", "iwr 3000", "IWR3000", "P=a5tr3NeL!w3000"),
    ("lasernet", "qual a senha do IWR-3000?", "IWR3000", "P=a5tr3NeL!w3000"),
    ("lasernet", "W4300F", "W4- 300F", "Lnt12345@"),
    ("lasernet", "Rf-1200", "RF1200", "P=a5tr3NeL!f1200"),
    ("lasernet", "senha rg 1200", "RG1200", "P=a5tr3NeL!g1200"),
    ("lasernet", "login do gf1200", "GF1200", "lnt12345@"),
    ("lasernet", "senha do intelbras", "INTELBRAS", "Lnt12345@"),
    ("lasernet", "w5-1200g", "W5-1200G", "Lnt12345@"),
    ("lasernet", "sennha do rf301k", "RF301K", "a5tr3NeL301K"),
    ("lasernet", "sanha do rf301", "RF301K", "a5tr3NeL301K"),  # missing letter: containment
    ("lasernet", "senha irw3000", "IWR3000", "P=a5tr3NeL!w3000"),  # swapped letters: one edit
    ("lasernet", "senha rgg1200", "RG1200", "P=a5tr3NeL!g1200"),  # extra letter: one edit
    ("lasernet", "senha rf 120O", "RF1200", "P=a5tr3NeL!f1200"),  # letter O for zero
    ("velocinet", "senha do ax1500", "AX1500-V", "Vel#2024ax"),
    ("velocinet", "usuario e senha do HG 6145F", "HG6145F", "vElOc!6145"),
    ("velocinet", "acesso ao archer c6", "ARCHER C6", "Arch3r_c6"),
    ("velocinet", "hg6145 senha", "HG6145F", "vElOc!6145"),  # missing letter
    ("velocinet", "senha do archer", "ARCHER C6", "Arch3r_c6"),  # partial name
    ("lasernet", "qual a senha do w4", "W4- 300F", "Lnt12345@"),  # partial name
    (
        "lasernet",
        "cliente esqueceu a senha da rede, o roteador é rf1200",
        "RF1200",
        "P=a5tr3NeL!f1200",
    ),
    ("velocinet", "cliente trocou o aparelho por um ax1500, senha?", "AX1500-V", "Vel#2024ax"),
]


@pytest.mark.parametrize(("sheet", "question", "model", "password"), CREDENTIAL_CASES)
def test_credentials_exact_password(sheet: str, question: str, model: str, password: str) -> None:
    r = answered(sheet, question, "equipment_credentials")
    assert [f.subject for f in r.facts] == [model]
    assert r.value == password  # character for character
    assert password in (r.answer or "")
    assert r.secret is True
    assert r.caveats == list(r.facts[0].caveats) and r.caveats
    # The policy is read first, then the credential.
    assert (r.answer or "").startswith(r.caveats[0])


def test_credentials_login_shown_when_the_sheet_has_one() -> None:
    r = answered("velocinet", "login do ax1500-v", "equipment_credentials")
    assert "login: suporte" in (r.answer or "")


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
@pytest.mark.parametrize(
    "question", ["senha padrão do roteador", "qual usuário e senha dos equipamentos?", "senha?"]
)
def test_password_without_model_lists_every_credential(sheet: str, question: str) -> None:
    r = answered(sheet, question, "equipment_credentials")
    creds = [f for f in SHEETS[sheet] if f.kind == "credential"]
    assert r.facts == creds
    assert all(f.value in (r.answer or "") for f in creds)
    assert r.secret and r.value is None and r.caveats
    assert (r.answer or "").startswith(r.caveats[0])


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
@pytest.mark.parametrize(
    "question",
    ["o cliente pediu a senha do modem dele", "qual a senha pra acessar o aparelho do cliente"],
)
def test_password_without_model_starts_with_the_policy(sheet: str, question: str) -> None:
    r = answered(sheet, question, "equipment_credentials")
    policy = next(c for f in SHEETS[sheet] if f.kind == "credential" for c in f.caveats)
    assert (r.answer or "").splitlines()[0] == policy
    assert policy in r.caveats


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
@pytest.mark.parametrize(
    "question",
    [
        "posso passar a senha do roteador pro cliente?",
        "é possível informar ao cliente a senha do roteador?",
        "podemos informar a senha padrão pro assinante?",
    ],
)
def test_policy_question_answers_the_policy_without_a_password(sheet: str, question: str) -> None:
    r = answered(sheet, question, "credential_policy")
    creds = [f for f in SHEETS[sheet] if f.kind == "credential"]
    assert r.answer == creds[0].caveats[0]
    assert not r.secret and r.value is None and not r.facts
    assert not any(f.value in (r.answer or "") for f in creds)


def test_policy_question_on_a_sheet_without_policy_falls_back() -> None:
    attrs = {"login": "admin", "model_key": model_key("AB-100")}
    no_policy = [fact("x", "credential", "AB-100", "Ab!100", attrs)]
    assert answer_by_rules("posso passar a senha do roteador pro cliente?", no_policy) is None
    r = answer_by_rules("senha do ab100", no_policy)
    assert r is not None and r.answer == "AB-100 — login: admin — senha: Ab!100"


@pytest.mark.parametrize(
    ("sheet", "question"),
    [
        ("lasernet", "senha do archer c80"),
        ("velocinet", "senha do w5 1200g"),
        ("lasernet", "senha do tplink"),
    ],
)
def test_unknown_model_is_not_found_with_the_sheet_models(sheet: str, question: str) -> None:
    r = ask(sheet, question)
    assert r is not None and r.status == "not_found" and r.rule == "equipment_credentials"
    assert r.answer is None and r.value is None and not r.secret and not r.facts
    for f in SHEETS[sheet]:
        if f.kind == "credential":
            assert f.subject in r.caveats[0]
            assert f.value not in r.caveats[0]


@pytest.mark.parametrize(
    ("sheet", "question"),
    [
        ("lasernet", "senha do rg1300"),  # a changed digit is another model
        ("lasernet", "iwr 3001 senha"),
        ("lasernet", "senha iwr30000"),  # an extra digit too
        ("lasernet", "gf120 senha"),  # and a missing one
        ("lasernet", "senha w5 1300g"),
        ("lasernet", "senha do w6"),
        ("velocinet", "senha do ax1600"),
        ("velocinet", "hg6154f senha"),  # swapped digits
    ],
)
def test_model_with_other_numbers_is_not_found(sheet: str, question: str) -> None:
    r = ask(sheet, question)
    assert r is not None and (r.rule, r.status) == ("equipment_credentials", "not_found"), r
    assert not r.facts and not r.secret and r.answer is None
    creds = [f for f in SHEETS[sheet] if f.kind == "credential"]
    assert all(f.subject in r.caveats[0] and f.value not in r.caveats[0] for f in creds)


@pytest.mark.parametrize("question", ["senha do rh1200", "senha do 1200", "senha r1200"])
def test_model_one_edit_from_several_is_ambiguous(question: str) -> None:
    r = ask("lasernet", question)
    assert r is not None and r.status == "not_found", r
    assert "RF1200" in r.caveats[0] and "RG1200" in r.caveats[0]
    assert not r.facts and not r.secret


def test_exact_model_wins_over_near_ones() -> None:
    for model in ("RF1200", "RG1200", "GF1200"):
        r = answered("lasernet", f"senha {model.lower()}", "equipment_credentials")
        assert [f.subject for f in r.facts] == [model]


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


# --- fees --------------------------------------------------------------------------------------

FEE_CASES = [
    ("lasernet", "quanto custa a mudança de endereço", "Mudança de ponto ou endereço", "20 reais"),
    ("lasernet", "mudança de ponto é cobrada?", "Mudança de ponto ou endereço", "20 reais"),
    ("lasernet", "a visita técnica é cobrada?", "Visita técnica improdutiva", None),
    ("lasernet", "troca de senha é cobrada?", "Troca de senha / abrir OS", "não é cobrado"),
    ("lasernet", "reset tem custo?", "Reset", "não é cobrado"),
    ("velocinet", "tem taxa de instalação?", "Taxa de instalação", None),
    ("velocinet", "qual o valor da instalação", "Taxa de instalação", None),
    ("velocinet", "qto custa mudar de endereço", "Mudança de endereço", "R$ 80,00"),
    ("velocinet", "visita improdutiva paga?", "Visita técnica improdutiva", None),
    # No money word: the equipment moved is not the subject, the room is the "ponto".
    ("lasernet", "cliente vai mudar o roteador de comodo", "Mudança de ponto ou endereço", None),
    ("lasernet", "quer mudar o aparelho pra outra sala", "Mudança de ponto ou endereço", None),
]


@pytest.mark.parametrize(("sheet", "question", "subject", "value"), FEE_CASES)
def test_fee(sheet: str, question: str, subject: str, value: str | None) -> None:
    r = answered(sheet, question, "fee")
    assert [f.subject for f in r.facts] == [subject]
    assert r.value == r.facts[0].value
    if value is not None:
        assert r.value == value
    assert r.caveats == list(r.facts[0].caveats)


def test_fee_question_without_a_matching_fee_falls_back() -> None:
    # LaserNet's sheet has no installation fee fact: never invent "free".
    assert ask("lasernet", "tem taxa de instalação?") is None
    assert ask("lasernet", "quanto custa a troca de plano") is None


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
]


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
        ("lasernet", "atendimento de sábado", None),
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


# --- questions the rules must leave to retrieval -----------------------------------------------

NOT_RULE_QUESTIONS = [
    "cliente quer cancelar",
    "como prosseguir em casos de cancelamento?",
    "qual o procedimento para comprovante",
    "qual o procedimento para pagamento invertido?",
    "mudança de endereço onde eu abro",  # where to open it: a procedure
    "como fazer mudança de endereço",
    "qual a capital da frança",
    "bom dia",
    "",
    "???",
    "podemos enviar fatura pelo whatsapp?",
    "podemos fazer o desbloqueio de confiança?",
    "cliente bloqueado, como desbloquear?",
    "cliente com 300 mega está lento",
    "cliente quer mudar de plano",
    "como trocar a senha do roteador",
    "senha do wifi",
    "quais métodos de pagamento da fatura?",
    "qual DNS padrão?",
    "quais cidades/bairros de atuação?",
    "presta suporte a repetidores?",
    "prazo de instalação",
    "cliente pagou R$ 20 em 35 dias",
    "qto custa 300",
    "possui atendimento presencial?",
    # Not in these sheets: no rule may answer them with a near fact.
    "tem ip fixo?",
    "velocidade de download do plano de 200",
    "o plano de 300 mega tem fidelidade?",
    "taxa de reativação",
    "quais bairros a empresa cobre",
    "cliente pode ir até a loja?",
    "fora do horário comercial quem atende?",
    "horário do financeiro",
]


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
@pytest.mark.parametrize("question", NOT_RULE_QUESTIONS)
def test_questions_left_to_retrieval(sheet: str, question: str) -> None:
    assert ask(sheet, question) is None


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


# --- nothing is tied to one sheet --------------------------------------------------------------


def made_up_facts() -> list[Fact]:
    p = "zeta"
    return [
        plan(p, "fibra", "250 MEGA", "R$ 77,70"),
        plan(p, "fibra", "2 GIGA", "R$ 199,00"),
        plan(p, "cabo", "40M", "33,30"),
        cred(p, "ZX-900Q", "root", "Zz!900q_X", "Só informar ao técnico."),
        cred(p, "ZX900R", None, "zZ?900r", "Só informar ao técnico."),
        fact(p, "access_port", "Porta", "7547", {"port": 7547}),
        fee(p, "Taxa de instalação", "grátis na fidelidade", False),
        fee(p, "Transferência de endereço", "R$ 35,00", True),
        cred(p, "K2-500", None, "k2#Pass", "Só informar ao técnico."),
        days(p, "Bloqueio Parcial", "12 Dias", "partial_block"),
        days(p, "Bloqueio Total", "45 Dias", "total_block"),
        contact(p, "TEL", "(11) 4000-0000", "phone"),
        fact(p, "hours", "HORÁRIO", "Todos os dias das 07h às 23h", {}),
        fact(p, "deadline", "Prazo do suporte", "72h", {"hours": 72}),
    ]


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("senha do zx 900q", "Zz!900q_X"),
        ("zx900r", "zZ?900r"),
        ("quanto custa 250 mega", "R$ 77,70"),
        ("dois giga", "R$ 199,00"),
        ("cabo 40", "33,30"),
        ("plano mais barato", "33,30"),
        ("plano mais rápido", "R$ 199,00"),
        ("porta", "7547"),
        ("tem taxa de instalação", "grátis na fidelidade"),
        ("bloqueio total", "45 Dias"),
        ("telefone", "(11) 4000-0000"),
        ("horário", "Todos os dias das 07h às 23h"),
        ("prazo do suporte", "72h"),
        ("em quantas horas o tecnico atende", "72h"),
        ("cliente mudou de casa", "R$ 35,00"),
        ("senha do k2", "k2#Pass"),
        ("quero aumentar pra 2 giga, quanto fica", "R$ 199,00"),
    ],
)
def test_other_values_give_other_answers(question: str, value: str) -> None:
    r = answer_by_rules(question, made_up_facts())
    assert r is not None and r.status == "answered", (question, r)
    assert r.value == value


def test_made_up_sheet_models_one_edit_apart_are_not_guessed() -> None:
    r = answer_by_rules("senha zx900s", made_up_facts())
    assert r is not None and r.status == "not_found"
    assert "ZX-900Q" in r.caveats[0] and "ZX900R" in r.caveats[0]
    assert answer_by_rules("senha do w5 1200g", made_up_facts()).status == "not_found"  # type: ignore[union-attr]
    for question in ("senha zx 901q", "senha k3", "senha k2-600"):
        r = answer_by_rules(question, made_up_facts())
        assert r is not None and r.status == "not_found", question
        assert "K2-500" in r.caveats[0] and "ZX-900Q" in r.caveats[0]


# --- the real pipeline: read_sheet -> parse_sheet -> extract_facts -> rules ---------------------


@pytest.fixture(scope="module")
def pipeline(lasernet_path: Path, velocinet_path: Path) -> dict[str, list[Fact]]:
    out = {}
    for name, path in (("lasernet", lasernet_path), ("velocinet", velocinet_path)):
        out[name] = extract_facts(parse_sheet(read_sheet(path).text, name).units)
    return out


PIPELINE_CASES = [
    # (sheet, question, rule, value to copy or None, strings the answer must hold)
    ("lasernet", "senha do w5 1200g", "equipment_credentials", "Lnt12345@", []),
    ("lasernet", "iwr 3000", "equipment_credentials", "P=a5tr3NeL!w3000", []),
    ("lasernet", "Rf-1200", "equipment_credentials", "P=a5tr3NeL!f1200", []),
    ("lasernet", "senha gf 1200", "equipment_credentials", "lnt12345@", []),
    ("lasernet", "W4300F", "equipment_credentials", "Lnt12345@", ["W4- 300F"]),
    ("lasernet", "sennha do rf301k", "equipment_credentials", "a5tr3NeL301K", []),
    ("velocinet", "senha do hg6145f", "equipment_credentials", "vElOc!6145", []),
    ("velocinet", "login do ax 1500", "equipment_credentials", "Vel#2024ax", ["suporte"]),
    ("velocinet", "senha archer c6", "equipment_credentials", "Arch3r_c6", ["admin"]),
    ("lasernet", "qto custa 100 mega", "plan_price", "69,90", []),
    ("lasernet", "rádio 30", "plan_price", "69,90", []),
    ("lasernet", "plano de cinquenta mega", "plan_price", "49,90", []),
    ("velocinet", "1 giga", "plan_price", "R$ 149,90", []),
    ("velocinet", "qnto é o de 300 megas", "plan_price", "R$ 89,90", []),
    ("velocinet", "radio 5 mega", "plan_price", "45,00", []),
    ("lasernet", "plano mais rápido", "fastest_plan", "99,90", ["600MB"]),
    ("velocinet", "plano mais barato", "cheapest_plan", "45,00", ["5M"]),
    ("velocinet", "fibra mais barata", "cheapest_plan", "R$ 69,99", ["150 MEGA"]),
    ("lasernet", "planos de rádio", "plan_list", None, ["10M", "20M", "30M"]),
    ("velocinet", "tabela de preços", "plan_list", None, ["R$ 69,99", "45,00", "65,00"]),
    ("lasernet", "quanto custa a mudança de endereço", "fee", "20 reais", []),
    ("velocinet", "quanto custa a mudança de endereço", "fee", None, ["80,00"]),
    ("velocinet", "tem taxa de instalação?", "fee", None, ["100,00"]),
    ("lasernet", "a visita técnica é cobrada?", "fee", None, ["cobrado"]),
    ("velocinet", "visita tecnica improdutiva tem custo", "fee", None, ["50,00"]),
    ("lasernet", "com quantos dias bloqueia", "block_days", None, ["30 Dias", "35 Dias"]),
    ("velocinet", "bloqueio parcial", "block_days", "10 Dias", []),
    ("velocinet", "quando corta a internet", "block_days", "25 Dias", []),
    ("lasernet", "quantos dias de atraso pode liberar", "trust_release_days", None, ["35"]),
    ("velocinet", "desbloqueio de confiança limite", "trust_release_days", None, ["20"]),
    ("lasernet", "telefone", "contact", "(85)3276-5247", []),
    ("velocinet", "whats", "contact", "(85) 99123-0001", []),
    ("velocinet", "email", "contact", "suporte@velocinet.com.br", []),
    ("lasernet", "endereço da loja", "contact", None, ["Travessa Jonas Bezerra, 300"]),
    ("lasernet", "central do assinante", "contact", None, ["central.lasernet.net.br", "CPF"]),
    ("velocinet", "link do sistema", "contact", "https://erp.velocinet.com.br/login", []),
    ("lasernet", "site pra medir velocidade", "contact", "https://www.speedtest.net/pt", []),
    ("velocinet", "tem plantão?", "hours", None, ["08h às 12h"]),
    ("lasernet", "horário de funcionamento", "hours", None, ["Das 08h as 18h"]),
    ("lasernet", "porta de acesso", "access_port", "9020", []),
    ("velocinet", "qual a porta", "access_port", "8088", []),
    ("lasernet", "prazo de atendimento do suporte", "deadline", "48h", []),
    ("velocinet", "qual o prazo de atendimento?", "deadline", None, ["24h", "12h"]),
]


@pytest.mark.parametrize(("sheet", "question", "rule", "value", "texts"), PIPELINE_CASES)
def test_rules_on_the_real_pipeline(
    pipeline: dict[str, list[Fact]],
    sheet: str,
    question: str,
    rule: str,
    value: str | None,
    texts: list[str],
) -> None:
    r = answer_by_rules(question, pipeline[sheet])
    assert r is not None, question
    assert (r.rule, r.status) == (rule, "answered"), (question, r)
    if value is not None:
        assert r.value == value
        assert value in (r.answer or "")
    for text in texts:
        assert text in (r.answer or ""), (text, r.answer)
    assert r.facts and all(f.provider == sheet for f in r.facts)


@pytest.mark.parametrize(
    ("sheet", "question", "rule"),
    [
        ("lasernet", "senha do archer c80", "equipment_credentials"),
        ("velocinet", "senha do w5 1200g", "equipment_credentials"),
        ("lasernet", "senha do rh1200", "equipment_credentials"),
        ("lasernet", "1 giga", "plan_price"),
        ("velocinet", "200 megas", "plan_price"),
        ("lasernet", "qual o e-mail", "contact"),
    ],
)
def test_not_found_on_the_real_pipeline(
    pipeline: dict[str, list[Fact]], sheet: str, question: str, rule: str
) -> None:
    r = answer_by_rules(question, pipeline[sheet])
    assert r is not None and (r.rule, r.status) == (rule, "not_found")
    assert r.answer is None and r.caveats and not r.secret


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
def test_credential_caveat_comes_back_on_the_real_pipeline(
    pipeline: dict[str, list[Fact]], sheet: str
) -> None:
    r = answer_by_rules("senha padrão do roteador", pipeline[sheet])
    assert r is not None and r.status == "answered" and r.secret
    assert any("senha" in c.lower() and "padr" in c.lower() for c in r.caveats)
    creds = [f for f in pipeline[sheet] if f.kind == "credential"]
    assert r.facts == creds


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
@pytest.mark.parametrize("question", NOT_RULE_QUESTIONS)
def test_questions_left_to_retrieval_on_the_real_pipeline(
    pipeline: dict[str, list[Fact]], sheet: str, question: str
) -> None:
    assert answer_by_rules(question, pipeline[sheet]) is None


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
def test_words_that_are_not_brands_still_list_the_credentials(question: str) -> None:
    r = answered("velocinet", question, "equipment_credentials")
    assert r.answer is not None and "Vel#2024ax" in r.answer and "Arch3r_c6" in r.answer


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
