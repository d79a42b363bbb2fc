"""Habits of blind round 10: a technician's notes kept as a settings file ("[taxas]",
"visita_improdutiva = 60,00 ; nota", "marca.modelo = usuario | senha | obs"), a formal manual
of numbered clauses ("4.4 - Da mudança de ponto. ... tem o custo de R$ 45,00"), deadlines in
days and labelled inside a line, a portal's login told by the keys below it. Sheets written
for these tests.
"""

from __future__ import annotations

from pathlib import Path

from ingest.index import load_version
from ingest.parsing.settings_text import is_settings_text
from rag_service.answering.engine import Engine
from rag_service.rules import answer_by_rules
from tests.factories import HashEmbedder, build_index
from tests.factories import credentials_of as _credentials
from tests.factories import facts_of_kind as _facts
from tests.factories import units_of_sheet as _units
from tests.sheetgen import generate_sheet

_SETTINGS = (
    "# ================\n"
    "#  x - ficha operacional\n"
    "# ================\n\n"
    "[empresa]\n"
    "nome = x telecom\n"
    "cnpj = ?\n"
    "cidade_base = cidade - mg\n\n"
    "[planos_fibra]\n"
    "# valor mensal / velocidade\n"
    "fib_100 = 79,90   -> 100 mega\n"
    "fib_300 = 94,90   -> 300 mega\n\n"
    "[taxas]\n"
    "visita_improdutiva = 60,00    ; so se o problema for do cliente\n"
    "mudanca_endereco = 90,00\n"
    "reativacao = cobra   ; valor ver c/ financeiro\n\n"
    "[mudanca_endereco]\n"
    "valor = 90,00\n"
    "prazo = ate 3 dias uteis depois do pedido\n\n"
    "[contatos]\n"
    "central_assinante = https://central.x.com.br\n"
    "central_login = cpf do titular\n"
    "central_senha = data de nascimento ddmmaaaa\n\n"
    "[suporte]\n"
    "dns = \n"
    "porta_acesso_remoto = 8080\n\n"
    "[roteadores]\n"
    "# formato: marca.modelo = usuario | senha | obs\n"
    "# NAO PASSAR SENHA PADRAO PRO CLIENTE\n"
    "tplink.archer_c6       = admin | PqN!c6.Adm-22 | mais comum\n"
    "mercusys.mr30g         = (sem usuario) | Mrc$30G.pqN? | so senha na tela\n"
    "intelbras.w5_1200f     = admin | PqNet.W5-1200f! |\n"
)


def test_a_settings_file_is_told_from_a_sheet_with_a_sign_of_equals() -> None:
    assert is_settings_text(_SETTINGS)
    sheet = "Ficha\n\nPlanos\n100 MEGA = R$ 79,90\n[obs]\nFibra = sim\n"
    assert not is_settings_text(sheet)


def test_a_settings_file_reads_as_labels_under_its_sections() -> None:
    units = _units(_SETTINGS)
    assert ("qa", "cidade base", "cidade - mg") in units
    assert ("qa", "cnpj", "") in units  # "?": not known, never a question
    assert ("qa", "dns", "") in units  # a key left empty, among keys with values
    assert ("qa", "visita improdutiva", "60,00 — so se o problema for do cliente") in units


def test_a_settings_file_gives_its_facts() -> None:
    plans = [(f.attrs["speed_mbps"], f.value) for f in _facts(_SETTINGS, "plan")]
    assert plans == [(100.0, "79,90"), (300.0, "94,90")]
    fees = {f.subject: (f.attrs["amount"], f.attrs["charged"]) for f in _facts(_SETTINGS, "fee")}
    assert fees["Visita improdutiva"] == (60.0, True)  # a bare amount under "[taxas]"
    assert fees["Reativacao"] == (None, True)
    assert fees["Mudanca endereco — valor"] == (90.0, True)  # "valor" is the section's
    deadlines = [(f.subject, f.value, f.attrs) for f in _facts(_SETTINGS, "deadline")]
    assert deadlines == [("mudanca endereco — prazo", "3 dias uteis", {"days": 3})]
    (portal,) = [f for f in _facts(_SETTINGS, "contact") if f.subject == "central assinante"]
    assert portal.attrs["contact_type"] == "subscriber_portal"
    assert "cpf do titular" in str(portal.attrs["login_rule"])
    assert "ddmmaaaa" in str(portal.attrs["login_rule"])


def test_rows_named_by_a_comment_give_credentials_with_the_rule_above_them() -> None:
    assert _credentials(_SETTINGS) == [
        ("tplink.archer_c6", "admin", "PqN!c6.Adm-22"),
        ("mercusys.mr30g", None, "Mrc$30G.pqN?"),  # the note's "senha" is no key
        ("intelbras.w5_1200f", "admin", "PqNet.W5-1200f!"),
    ]
    (first, *_) = _facts(_SETTINGS, "credential")
    assert first.caveats == ("NAO PASSAR SENHA PADRAO PRO CLIENTE",)


_MANUAL = (
    "X TELECOMUNICAÇÕES LTDA\n\n"
    "CLÁUSULA 4 - DAS TAXAS E SERVIÇOS AVULSOS\n"
    "4.2 - Da taxa de religação. Será cobrada taxa de religação, cujo valor será informado "
    "pelo Setor Financeiro.\n"
    "4.4 - Da mudança de ponto no mesmo imóvel. A mudança de local do roteador dentro do "
    "mesmo imóvel tem o custo de R$ 45,00.\n"
    "CLÁUSULA 7 - DA MUDANÇA DE ENDEREÇO\n"
    "7.2 - Do prazo. Confirmada a viabilidade, a mudança será executada em até 5 dias úteis.\n"
    "7.3 - Da suspensão temporária. Pelo período mínimo de 30 e máximo de 120 dias.\n"
)


def test_numbered_clauses_of_a_manual_are_answers_to_their_titles() -> None:
    units = _units(_MANUAL)
    assert [q for _, q, _ in units] == [
        "Da taxa de religação",
        "Da mudança de ponto no mesmo imóvel",
        "Do prazo",
        "Da suspensão temporária",
    ]
    fees = {f.subject: f.attrs["amount"] for f in _facts(_MANUAL, "fee")}
    assert fees == {"Da taxa de religação": None, "Da mudança de ponto no mesmo imóvel": 45.0}
    (deadline,) = _facts(_MANUAL, "deadline")
    assert (deadline.subject, deadline.value) == (
        "CLÁUSULA 7 - DA MUDANÇA DE ENDEREÇO — Do prazo",
        "5 dias úteis",
    )
    assert _facts(_MANUAL, "day_threshold") == []  # how long a pause lasts, not days late


def test_a_deadline_labelled_inside_a_line_is_the_section_s() -> None:
    sheet = (
        "Ficha\n\n## 6. Mudança de endereço\n\n"
        "| Passo | O que fazer |\n| --- | --- |\n"
        "| 1 | Tem viabilidade: abrir OS, taxa de R$ 120,00. Prazo: até 5 dias úteis |\n"
    )
    (deadline,) = _facts(sheet, "deadline")
    assert (deadline.subject, deadline.value) == ("6. Mudança de endereço — Prazo", "5 dias úteis")


def test_a_question_in_two_parts_of_two_kinds_gets_both() -> None:
    facts = _facts(_SETTINGS)
    r = answer_by_rules("cliente vai mudar de casa qto custa e qnto tempo demora", facts)
    assert r is not None and r.status == "answered"
    assert "90,00" in (r.answer or "") and "3 dias uteis" in (r.answer or "")


def test_the_address_a_router_is_reached_at_from_its_table_and_from_a_line() -> None:
    sheet = (
        "Ficha\n\nRoteadores\n"
        "O acesso local de todos os roteadores é pelo endereço 192.168.18.1.\n"
        "Os DNS são 177.91.40.2 e 177.91.40.3.\n"
        "Sistema: http://10.45.0.9:8090/sgc\n\n"
        "| Marca | Modelo | IP de acesso | Login | Senha |\n| --- | --- | --- | --- | --- |\n"
        "| Huawei | EG8145V5 | 192.168.100.1 | pfsuporte | Pf@Hw8145!v5 |\n"
        "|  | HG8245Q2 |  |  | Pf@Hw8245?q2 |\n"
        "| Intelbras | W6-1500 | 10.0.0.1 | admin | w6;Pira=2023 |\n"
    )
    assert [f.value for f in _facts(sheet, "access_ip")] == ["192.168.18.1"]  # no DNS, no URL
    ips = {f.subject: f.attrs.get("ip") for f in _facts(sheet, "credential")}
    assert ips == {
        "Huawei EG8145V5": "192.168.100.1",
        "Huawei HG8245Q2": "192.168.100.1",  # merged with the maker's row above
        "Intelbras W6-1500": "10.0.0.1",
    }
    facts = _facts(sheet)
    r = answer_by_rules("intelbras w6 senha e ip", facts)
    assert r is not None and "w6;Pira=2023" in (r.answer or "") and "10.0.0.1" in (r.answer or "")
    r = answer_by_rules("qual o ip do roteador", facts)
    assert r is not None and r.rule == "access_ip" and "192.168.18.1" in (r.answer or "")
    r = answer_by_rules("tem ip fixo?", facts)
    assert r is None or r.rule != "access_ip"  # a fixed IP is a product, not an address


def test_a_port_ending_a_sentence_and_no_port_inside_a_password() -> None:
    sheet = (
        "Ficha\n\nRoteadores\n"
        "> Qual a porta de acesso remoto?\n"
        "A maioria acessa pelo 192.168.1.1, os TP-Link é 192.168.0.1. "
        "Acesso remoto pela porta 8181.\n"
        "modelo: Nokia G-1425G-A | user: AdminGPON | pass: N0k!a@1425#TL\n"
    )
    assert [f.value for f in _facts(sheet, "access_port")] == ["8181"]
    facts = _facts(sheet)
    r = answer_by_rules("qual o ip do tp link", facts)
    assert r is not None and r.status == "answered" and "192.168.0.1" in (r.answer or "")


def test_an_address_said_for_one_maker_is_no_answer_for_another() -> None:
    sheet = (
        "Ficha\n\nAcesso\nNa rede local dos Huawei HG8145V5 usar o IP 192.168.100.1 na porta 80.\n"
    )
    facts = _facts(sheet)
    r = answer_by_rules("ip do roteador zte", facts)
    assert r is not None and r.status == "not_found"
    r = answer_by_rules("ip do roteador huawei", facts)
    assert r is not None and r.status == "answered" and r.value == "192.168.100.1"


_MANUAL_PARTS = (
    "X TELECOMUNICAÇÕES LTDA\n\n"
    "CLÁUSULA 1 - DA EMPRESA\n"
    "1.1 - Da identificação. A X Telecomunicações Ltda. é inscrita no CNPJ sob o nº "
    "31.482.907/0001-56, com sede em Russas.\n"
    "CLÁUSULA 8 - DO SUPORTE TÉCNICO\n"
    "8.2 - Da lentidão no Wi-Fi. Nas reclamações de lentidão no Wi-Fi, o atendente deverá "
    "orientar o assinante a conectar-se à rede de 5 GHz, mais perto do roteador.\n"
    "8.3 - Dos prazos de atendimento. O prazo para atendimento das ordens de serviço de "
    "suporte é de 24 horas úteis para os assinantes residenciais e de 6 horas para os "
    "assinantes empresariais.\n"
)


def test_a_part_no_rule_answers_gets_retrieval_s_answer_beside_the_rule_s(
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "x.txt"
    sheet.write_text(_MANUAL_PARTS, encoding="utf-8")
    build_index(tmp_path / "index", [sheet], HashEmbedder())
    engine = Engine(load_version(tmp_path / "index"), HashEmbedder(), "full")
    r = engine.ask("prazo de atendimento residencial e cliente reclama de lentidão no wifi")
    r = r.to_dict()
    assert r["status"] == "answered" and r["source"] == "rule", r
    assert "24 horas úteis" in r["answer"] and "5 GHz" in r["answer"], r
    # Each part's source leads the passages, in the order the parts were answered.
    assert [p["question"] for p in r["passages"][:2]] == [
        "Dos prazos de atendimento",
        "Da lentidão no Wi-Fi",
    ]
    assert r["value"] == "24 horas úteis"  # the other part adds no fact: one exact value


def test_a_part_of_a_password_question_never_brings_a_password_beside_the_policy(
    tmp_path: Path,
) -> None:
    # A generated sheet (the bench found it): a Word table of "Login: x / Senha: y" cells.
    sheet = generate_sheet(20240, fmt="txt")
    path = tmp_path / f"{sheet.provider_id}.txt"
    path.write_text(sheet.text, encoding="utf-8")
    build_index(tmp_path / "index", [path], HashEmbedder())
    engine = Engine(load_version(tmp_path / "index"), HashEmbedder(), "full")
    r = engine.ask("cliente pediu a senha do roteador, posso passar?").to_dict()
    assert r["status"] == "answered", r
    said = r["answer"] or ""
    assert not any(c.password in said for c in sheet.truth.credentials), said


# --- round 11: capitals and numbered items, a web page's HTML remnants, prose links -----------


def test_numbered_items_with_their_value_after_a_dash_or_two_dots_are_labels() -> None:
    sheet = (
        "X - FICHA\n\n4. TAXAS\n"
        "4.4 MUDANCA DE ENDERECO - R$80,00 (VER ITEM 7)\n"
        "4.5 MUDANCA DE PONTO NO MESMO IMOVEL - 40 REAIS ATE 10 METROS DE CABO\n\n"
        "10. CONTATOS\n10.2 WHATS FINANCEIRO .. (37) 99915-6632\n10.3 TEL FIXO = (37) 3231-8840\n"
    )
    fees = {f.subject: f.attrs["amount"] for f in _facts(sheet, "fee")}
    assert fees == {"MUDANCA DE ENDERECO": 80.0, "MUDANCA DE PONTO NO MESMO IMOVEL": 40.0}
    contacts = {f.subject: f.value for f in _facts(sheet, "contact")}
    assert contacts == {"WHATS FINANCEIRO": "(37) 99915-6632", "TEL FIXO": "(37) 3231-8840"}


def test_numbered_items_whose_label_opens_with_a_count_and_worked_cases_of_days_late() -> None:
    sheet = (
        "X - FICHA\n\n5. FINANCEIRO\n"
        "5.5.1 ATE 11 DIAS DE ATRASO .. NORMAL, SO AVISO\n"
        "5.5.2 12 DIAS DE ATRASO .. REDUCAO P/ 2 MEGA\n"
        "5.5.3 22 DIAS DE ATRASO .. BLOQUEIO TOTAL\n\n"
        "13. SITUACOES\n"
        "CLIENTE C/ 15 DIAS DE ATRASO: TA REDUZIDO, PODE FAZER CONFIANCA SE NAO USOU NO MES\n"
        "CLIENTE C/ MAIS DE 60 DIAS: CONTRATO SUSPENSO\n"
        "CLIENTE VAI VIAJAR: SUSPENSAO TEMPORARIA DE 30 A 90 DIAS, 1X POR ANO\n"
    )
    found = {
        (f.value, f.attrs["threshold"], bool(f.attrs.get("case")))
        for f in _facts(sheet, "day_threshold")
    }
    assert ("12 DIAS", "partial_block", False) in found
    assert ("22 DIAS", "total_block", False) in found
    # One customer's case is marked so; "mais de 60 dias" states a limit; a pause's span is none.
    assert ("15 DIAS", "max_days_late_release", True) in found
    assert ("60 DIAS", "total_block", False) in found
    assert not any(value == "90 DIAS" for value, _, _ in found)


def test_lines_under_a_caption_naming_login_then_password_are_credentials() -> None:
    sheet = (
        "X - FICHA\n\n8. ROTEADORES\n"
        "8.3 USUARIO / SENHA PADRAO (RESPEITAR MAIUSCULA E MINUSCULA)\n"
        "TP-LINK ARCHER C6: admin / Kmb@C6#2019!\n"
        "MERCUSYS MR30G: (SEM USUARIO) / Mrc$30g.KbN!\n"
    )
    assert _credentials(sheet) == [
        ("TP-LINK ARCHER C6", "admin", "Kmb@C6#2019!"),
        ("MERCUSYS MR30G", None, "Mrc$30g.KbN!"),
    ]


def test_a_web_page_s_html_remnants_read_as_the_text_they_show() -> None:
    sheet = (
        "# X\n\n## Roteadores\n\n<table>\n"
        "<tr><td><b>Marca</b></td><td><b>Modelo</b></td><td><b>Usuário</b></td>"
        "<td><b>Senha</b></td></tr>\n"
        "<tr><td>Huawei</td><td>EG8145V5</td><td>telecomadmin</td><td>Hw@Qx-8145v5;Adm</td></tr>\n"
        "<tr><td>Mercusys</td><td>MR30G</td><td>–<br>(só pede senha)</td>"
        "<td>Mrc$Qx30g.Ok!</td></tr>\n"
        "</table>\n\n## Empresa\n\n"
        "Loja: Rua Sete, 418 &amp; anexo<br>Centro &nbsp;CEP 56506-210\n"
    )
    assert _credentials(sheet) == [
        ("Huawei EG8145V5", "telecomadmin", "Hw@Qx-8145v5;Adm"),
        ("Mercusys MR30G", None, "Mrc$Qx30g.Ok!"),
    ]
    assert any("Rua Sete, 418 & anexo / Centro CEP 56506-210" in a for _, _, a in _units(sheet))


def test_a_plans_table_without_a_price_header_takes_its_first_column_of_amounts() -> None:
    sheet = (
        "# X\n\n## Planos\n\n| Plano | Velocidade | Até o vencimento | Após o vencimento |\n"
        "| --- | --- | --- | --- |\n| QUIXA 400 | 400 Mega | R$ 94,90 | R$ 104,90 |\n"
        "| QUIXA 600 | 600 Mega | R$ 114,90 | R$ 124,90 |\n"
    )
    plans = [(f.attrs["speed_mbps"], f.value) for f in _facts(sheet, "plan")]
    assert plans == [(400.0, "R$ 94,90"), (600.0, "R$ 114,90")]


def test_a_link_said_to_measure_the_speed_on_any_line_is_the_speed_test_site() -> None:
    sheet = (
        "X\n\nSuporte\n"
        "9.1.6 MEDIR VELOCIDADE - SITE PADRAO = HTTPS://WWW.NPERF.COM/PT/ (NO CABO)\n"
        "Sistema: http://10.0.0.9:8070/admin\n"
    )
    sites = [(f.attrs["contact_type"], f.value) for f in _facts(sheet, "contact")]
    assert ("speedtest_site", "HTTPS://WWW.NPERF.COM/PT/") in sites
    assert ("speedtest_site", "http://10.0.0.9:8070/admin") not in sites
