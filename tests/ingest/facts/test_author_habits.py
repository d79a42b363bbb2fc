"""Habits of sheet authors read by general patterns: a maker's column beside the model's, arrows
as separators and bullets, "Resp.:" answer marks, numbered questions left blank, contacts under a
channel heading or several to a line, a label over a sentence with a link, tables of services
and fees, of situations and days, of cases and deadlines; and a sheet dictated as run-on
paragraphs (blind round 12): the template's questions asked one after another in a paragraph,
routers, plans and contacts told in sentences, speeds in words, values corrected in place
("aliás, corrigindo, ..."). Sheets written for these tests.
"""

from __future__ import annotations

import re

from ingest.corrections import corrected
from ingest.parsing.contact_lines import said_contacts
from ingest.parsing.lines import Line
from ingest.parsing.wraps import split_asked
from tests.factories import credentials_of as _credentials
from tests.factories import facts_of_kind as _facts
from tests.factories import units_of_sheet as _units

_DICTATED = (
    "Provedor X\n\n"
    "Quais os planos vendidos na empresa? Na fibra o de duzentos mega sai a 77,50, o de "
    "seiscentos mega 101,00, aliás, corrigindo, 109,00 e o de dois giga 250,00, e esse de dois "
    "giga já vai com roteador wi-fi 7 em comodato. No rádio tem o de doze mega a 48,00. "
    "Possui taxa de instalação? Tem sim, sem fidelidade é 210 reais, aliás, 230 reais.\n\n"
    "Qual usuário e senha padrão para acesso aos equipamentos? Então: o tenda AX9K entra com "
    "login suporte e senha Qw;e?r!9, o huawei EG8145X6 o login é Epuser e a senha "
    "Zz@91#x., o askey RTF8225 não tem usuário, é só a senha Kk*77/b e o Deco Norte do mesh é "
    "pelo aplicativo, a senha do app é Mm!3-Dn.\n\n"
    "Informações: a central do assinante é https://central.x.net.br, o login é o CPF e a "
    "senha a data de nascimento. Endereço: Rua das Flores, 42, Centro, Vila-UF. Telefone "
    "fixo (11) 3333-1212, WhatsApp (11) 98888-1111, aliás, corrigindo, o final é 1112, "
    "então (11) 98888-1112, e-mail do suporte s@x.net.br e do financeiro f@x.net.br.\n"
)


def test_a_dictated_sheet_splits_the_questions_asked_inside_a_paragraph() -> None:
    asked = [q for kind, q, _ in _units(_DICTATED) if kind == "qa"]
    assert "Possui taxa de instalação?" in asked
    fee = [f for f in _facts(_DICTATED, "fee") if "instala" in f.subject.lower()]
    assert [f.attrs["amount"] for f in fee] == [230.0]  # the corrected amount, not 210


def test_plans_said_in_sentences_with_speeds_in_words_and_a_corrected_price() -> None:
    plans = {
        (f.attrs["technology"], f.attrs["speed_mbps"]): (f.value, f.attrs["name"])
        for f in _facts(_DICTATED, "plan")
    }
    assert plans == {
        ("fibra", 200.0): ("77,50", None),
        ("fibra", 600.0): ("109,00", None),
        ("fibra", 2000.0): ("250,00", None),
        ("radio", 12.0): ("48,00", None),
    }
    giga = next(f for f in _facts(_DICTATED, "plan") if f.attrs["speed_mbps"] == 2000.0)
    assert "wi-fi 7" in str(giga.attrs["note"])  # what the sentence says of it after the price


def test_routers_told_one_after_another_in_a_sentence() -> None:
    assert _credentials(_DICTATED) == [
        ("tenda AX9K", "suporte", "Qw;e?r!9"),
        (
            "huawei EG8145X6",
            "Epuser",
            "Zz@91#x.",
        ),  # its "." is the password's, the "," the clause's
        ("askey RTF8225", None, "Kk*77/b"),
        ("Deco Norte", None, "Mm!3-Dn"),
    ]


def test_contacts_told_in_sentences_take_the_corrected_value() -> None:
    line = _DICTATED.strip().split("\n")[-1]
    got = {(key, value, ctype) for key, value, ctype in said_contacts(line)}
    assert ("WhatsApp", "(11) 98888-1112", "whatsapp") in got
    assert ("Telefone fixo", "(11) 3333-1212", "phone") in got
    assert ("e-mail do suporte", "s@x.net.br", "email") in got
    assert ("e-mail financeiro", "f@x.net.br", "email") in got
    assert ("central do assinante", "https://central.x.net.br", "subscriber_portal") in got
    assert ("Endereço", "Rua das Flores, 42, Centro, Vila-UF", "address") in got
    assert not any(value.endswith("1111") for _, value, _ in got)


def test_a_value_is_corrected_only_by_a_mark_and_a_value_of_its_kind_right_after() -> None:
    money = re.compile(r"\d+ reais")
    text = "custa 80 reais, aliás, corrigindo, 90 reais; a visita 50 reais, e o resto 20 reais"
    first, visit = money.search(text), money.search(text, 40)
    assert first is not None and visit is not None
    assert corrected(text, first, money).group(0) == "90 reais"
    assert corrected(text, visit, money) is visit  # no mark: the next amount is another fee


# --- credentials ----------------------------------------------------------------------------


def test_a_makers_column_joins_the_model_and_an_empty_makers_cell_is_the_row_aboves() -> None:
    sheet = (
        "Ficha\n\nQual usuário e senha padrão?\n\n"
        "Marca\tModelo\tUsuário\tSenha\n"
        "Huawei\tEG8145V5\ttelecomadmin\tAb#1:x!\n"
        "\tHG8245Q2\troot\tCd=2/y?\n"
        "ZTE\tF670L\tadmin\tEf#3\n"
    )
    got = [(f.subject, f.attrs["login"], f.value) for f in _facts(sheet, "credential")]
    assert got == [
        ("Huawei EG8145V5", "telecomadmin", "Ab#1:x!"),
        ("Huawei HG8245Q2", "root", "Cd=2/y?"),
        ("ZTE F670L", "admin", "Ef#3"),
    ]


def test_a_makers_column_alone_is_the_model_column() -> None:
    sheet = "Ficha\n\n| Marca | Senha |\n|---|---|\n| Tenda | Tx@9 |\n"
    assert [(f.subject, f.value) for f in _facts(sheet, "credential")] == [("Tenda", "Tx@9")]


def test_arrows_separate_a_model_from_its_access_and_no_login_may_say_why() -> None:
    sheet = (
        "Ficha\n\nQual usuário e senha padrão?\nR:\n"
        "Roteador TP-Link Archer C6 -> login admin / senha tpC6#S!\n"
        "Tenda AC10 Pro -> sem login (só senha) / senha Td=a@P#\n"
        "PARKS → login: admin → senha: p=j65:12.\n"
    )
    got = [(f.subject, f.attrs["login"], f.value) for f in _facts(sheet, "credential")]
    assert got == [
        ("TP-Link Archer C6", "admin", "tpC6#S!"),
        ("Tenda AC10 Pro", None, "Td=a@P#"),
        ("PARKS", "admin", "p=j65:12."),
    ]


# --- questions and answers ------------------------------------------------------------------


def test_resp_and_resposta_open_answers_like_r() -> None:
    sheet = "Ficha\n\nQual a porta?\nResp.: 8085\n\nTem plantão?\nResposta: Sim, aos sábados.\n"
    assert _units(sheet) == [
        ("qa", "Qual a porta?", "8085"),
        ("qa", "Tem plantão?", "Sim, aos sábados."),
    ]


def test_a_numbered_question_left_blank_is_not_a_list_item_and_keeps_no_number() -> None:
    sheet = (
        "Ficha\n\n10) Qual DNS padrão?\nR:\n\n11) Quais são as tratativas para reset?\n"
        "-> Reset remoto: não cobra.\n-> Reset pelo cliente: abrir OS.\n"
    )
    units = _units(sheet)
    assert units[0] == ("qa", "Qual DNS padrão?", "")
    assert units[1][:2] == ("list", "Quais são as tratativas para reset?")
    assert "Reset remoto: não cobra." in units[1][2]


def test_an_answer_that_is_only_a_dash_leaves_the_question_unanswered() -> None:
    sheet = "Ficha\n\nSe precisar abrir OS, é cobrado?\nR: —\n\nQual a porta?\nR: 80\n"
    assert _units(sheet)[0] == ("qa", "Se precisar abrir OS, é cobrado?", "")


# --- contacts -------------------------------------------------------------------------------


def test_a_channel_heading_names_the_contacts_under_it() -> None:
    sheet = (
        "Ficha\n\nTelefone\n• Fixo comercial: (38) 3221-4470\n• Suporte técnico: 0800 591 2230\n\n"
        "WhatsApp\n• Suporte: (38) 99812-6605\n• Financeiro: (38) 99877-0142\n"
    )
    got = [(f.subject, f.value, f.attrs["contact_type"]) for f in _facts(sheet, "contact")]
    assert got == [
        ("Telefone Fixo comercial", "(38) 3221-4470", "phone"),
        ("Telefone Suporte técnico", "0800 591 2230", "phone"),
        ("WhatsApp Suporte", "(38) 99812-6605", "whatsapp"),
        ("WhatsApp Financeiro", "(38) 99877-0142", "whatsapp"),
    ]


def test_several_contacts_on_one_line() -> None:
    sheet = "Ficha\n\nCONTATOS\nFone: (77) 3451-2290, Zap: (77) 99812-4471, Email: a@b.com.br\n"
    got = [(f.subject, f.value, f.attrs["contact_type"]) for f in _facts(sheet, "contact")]
    assert got == [
        ("Fone", "(77) 3451-2290", "phone"),
        ("Zap", "(77) 99812-4471", "whatsapp"),
        ("Email", "a@b.com.br", "email"),
    ]


def test_a_label_over_a_sentence_with_a_link_is_that_contact() -> None:
    sheet = (
        "Ficha\n\nCentral do Assinante\n"
        "A Central fica em https://central.x.com.br/login e o login é o CPF; a senha é a data.\n\n"
        "Site\nO site da empresa é https://www.x.com.br.\n"
    )
    facts = _facts(sheet, "contact")
    assert [(f.subject, f.value, f.attrs["contact_type"]) for f in facts] == [
        ("Central do Assinante", "https://central.x.com.br/login", "subscriber_portal"),
        ("Site", "https://www.x.com.br", "site"),
    ]
    assert "CPF" in str(facts[0].attrs["login_rule"])


# --- tables read row by row -----------------------------------------------------------------


def test_a_table_of_services_gives_a_fee_per_row() -> None:
    sheet = (
        "Ficha\n\n## Tabela de valores\n\n| Serviço | Valor | Observação |\n|---|---|---|\n"
        "| Instalação com fidelidade de 12 meses | Isenta | — |\n"
        "| Mudança de endereço | R$ 120,00 | Sujeita a viabilidade |\n"
        "| Multa por quebra de fidelidade | — | É cobrada; valor do financeiro |\n"
    )
    got = [
        (f.subject, f.value, f.attrs["amount"], f.attrs["charged"]) for f in _facts(sheet, "fee")
    ]
    assert got == [
        ("Instalação com fidelidade de 12 meses", "Isenta", None, False),
        ("Mudança de endereço", "R$ 120,00 — Sujeita a viabilidade", 120.0, True),
        ("Multa por quebra de fidelidade", "É cobrada; valor do financeiro", None, True),
    ]


def test_a_table_of_situations_and_days_gives_the_thresholds() -> None:
    sheet = (
        "Ficha\n\nCom quantos dias ocorre o bloqueio?\n\n| Situação | Dias |\n|---|---|\n"
        "| Bloqueio parcial (velocidade reduzida para 2 Mega) | 12 |\n| Bloqueio total | 25 |\n"
    )
    got = [(f.attrs["threshold"], f.attrs["days"], f.value) for f in _facts(sheet, "day_threshold")]
    assert got == [("partial_block", 12, "12 dias"), ("total_block", 25, "25 dias")]


def test_deadlines_by_case_in_a_table_or_in_lines() -> None:
    table = (
        "Ficha\n\nQual prazo de atendimento do Suporte, residencial e corporativo?\n\n"
        "| Tipo de cliente | Prazo |\n|---|---|\n"
        "| Residencial | 24 horas |\n| Corporativo | 8 horas |\n"
    )
    lines = (
        "Ficha\n\n13) Qual prazo de atendimento do Suporte, residencial e corporativo?\n"
        "Residencial: até 24h úteis\nCorporativo: 6h\n"
    )
    for sheet, values in ((table, ["24 horas", "8 horas"]), (lines, ["24h úteis", "6h"])):
        got = [(f.subject, f.value) for f in _facts(sheet, "deadline")]
        assert got == [
            ("Prazo de atendimento do Suporte — Residencial", values[0]),
            ("Prazo de atendimento do Suporte — Corporativo", values[1]),
        ]


# --- plans ----------------------------------------------------------------------------------


def test_plans_joined_by_an_equals_sign_or_por_and_named_by_their_own_column() -> None:
    sheet = (
        "Ficha\n\nQuais os planos?\n"
        "Plano Turbo 700MB por 129,90\n400 MEGA = R$ 99,90\n1GB = 149,90\n"
    )
    got = [(f.subject, f.value, f.attrs["name"]) for f in _facts(sheet, "plan")]
    assert got == [
        ("700MB", "129,90", "Plano Turbo 700MB"),
        ("400 MEGA", "R$ 99,90", None),
        ("1GB", "149,90", None),
    ]
    table = (
        "Ficha\n\nQuais os planos?\n\n"
        "| Plano | Download | Upload | Mensalidade |\n|---|---|---|---|\n"
        "| Rede 1 Giga | 1 Giga | 500 Mega | R$ 139,90 |\n"
        "| Rede 1 Giga Gamer | 1 Giga | 1 Giga | R$ 169,90 |\n"
    )
    got = [(f.attrs["speed_mbps"], f.attrs["name"]) for f in _facts(table, "plan")]
    assert got == [(1000.0, "Rede 1 Giga"), (1000.0, "Rede 1 Giga Gamer")]


def test_a_keys_cell_left_empty_below_it_gives_the_key_a_second_value() -> None:
    sheet = (
        "Ficha\n\nCONTATOS\nTELEFONE\t(93) 3523-0000\nWHATSAPP\t(93) 99154-0001 (suporte)\n"
        "\t(93) 99102-0002 (financeiro)\nSITE\thttps://www.x.com.br\n"
    )
    got = [(f.subject, f.value) for f in _facts(sheet, "contact")]
    assert got == [
        ("TELEFONE", "(93) 3523-0000"),
        ("WHATSAPP", "(93) 99154-0001 (suporte)"),
        ("WHATSAPP", "(93) 99102-0002 (financeiro)"),
        ("SITE", "https://www.x.com.br"),
    ]


def test_a_question_and_its_answer_on_one_line() -> None:
    sheet = (
        "Ficha\n\nPresta Suporte a Repetidores?\n\n"
        "Qual o custo da visita técnica caso seja improdutiva? R: R$ 60,00, lançado na fatura.\n"
        "Se não tivermos acesso, é cobrado? R:\n\nQual a porta? Resp.: 8085\n"
    )
    assert _units(sheet) == [
        ("qa", "Presta Suporte a Repetidores?", ""),
        (
            "qa",
            "Qual o custo da visita técnica caso seja improdutiva?",
            "R$ 60,00, lançado na fatura.",
        ),
        ("qa", "Se não tivermos acesso, é cobrado?", ""),
        ("qa", "Qual a porta?", "8085"),
    ]


def test_a_question_and_its_answer_in_spreadsheet_columns() -> None:
    sheet = (
        "Ficha\n\nPLANOS\nPLANO\tVALOR\n300 MEGA\tR$ 99,90\n\n"
        "Possui taxa de instalação?\tNão é cobrado\n\nQual a porta?\t8085\n"
    )
    units = _units(sheet)
    assert ("qa", "Possui taxa de instalação?", "Não é cobrado") in units
    assert ("qa", "Qual a porta?", "8085") in units
    assert [(f.subject, f.value) for f in _facts(sheet, "plan")] == [("300 MEGA", "R$ 99,90")]


def test_key_value_lines_under_a_question_are_its_answer_unless_they_are_contacts() -> None:
    sheet = (
        "Ficha\n\nQual prazo de atendimento do Suporte, residencial e corporativo?\n"
        "Residencial\tate 24 horas uteis\nCorporativo\t6 horas\n\n"
        "Possui atendimento presencial?\n\nTELEFONE\t(62) 3098-4410\n0800\t0800 646 2210\n"
    )
    deadlines = [(f.subject, f.value) for f in _facts(sheet, "deadline")]
    assert deadlines == [
        ("Prazo de atendimento do Suporte — Residencial", "24 horas uteis"),
        ("Prazo de atendimento do Suporte — Corporativo", "6 horas"),
    ]
    assert ("qa", "Possui atendimento presencial?", "") in _units(sheet)
    phones = [(f.subject, f.value) for f in _facts(sheet, "contact")]
    assert phones == [("TELEFONE", "(62) 3098-4410"), ("0800", "0800 646 2210")]


def test_day_counts_in_words_are_compared_as_numbers_and_kept_as_written() -> None:
    sheet = (
        "Ficha\n\nCom quantos dias ocorre o bloqueio?\n"
        "Bloqueio parcial (reducao pra 1 Mega)\tquinze dias\nBloqueio total\t25 dias\n"
    )
    got = [(f.attrs["threshold"], f.attrs["days"], f.value) for f in _facts(sheet, "day_threshold")]
    assert got == [("partial_block", 15, "quinze dias"), ("total_block", 25, "25 dias")]


def test_a_contact_table_with_a_note_column() -> None:
    sheet = (
        "Ficha\n\n## Contatos\n\n| Canal | Contato | Observação |\n|---|---|---|\n"
        "| WHATSAPP SUPORTE | (33) 99914-0001 | Somente suporte técnico |\n"
        "| WHATSAPP FINANCEIRO | (33) 99876-0002 | Boletos |\n| E-MAIL |  |  |\n"
    )
    got = [(f.subject, f.value, f.attrs["contact_type"]) for f in _facts(sheet, "contact")]
    assert got == [
        ("WHATSAPP SUPORTE (Somente suporte técnico)", "(33) 99914-0001", "whatsapp"),
        ("WHATSAPP FINANCEIRO (Boletos)", "(33) 99876-0002", "whatsapp"),
    ]


def test_a_deadline_keeps_the_kind_of_hours_and_a_threshold_row_its_note() -> None:
    sheet = (
        "Ficha\n\nQual prazo de atendimento do Suporte?\nResidencial: até 24 horas úteis\n\n"
        "Com quantos dias ocorre o bloqueio?\n\n| Situação | Dias | Observação |\n|---|---|---|\n"
        "| Bloqueio parcial | 12 dias | Velocidade reduzida para 2 Mega |\n"
    )
    assert [f.value for f in _facts(sheet, "deadline")] == ["24 horas úteis"]
    got = [(f.attrs["days"], f.value) for f in _facts(sheet, "day_threshold")]
    assert got == [(12, "12 dias — Velocidade reduzida para 2 Mega")]


def test_an_item_s_number_is_no_sentence_a_question_is_split_from() -> None:
    numbered = "16. Mudança de ponto, a central pode abrir os? Se sim, quais os valores? Pode sim."
    assert [x.raw for x in split_asked([Line(numbered, 3, 3)])] == [numbered]
    run_on = "Tem o de 12 mega a 48,00. Possui taxa de instalação? Tem sim, 230 reais."
    assert split_asked([Line(run_on, 5, 5)]) == [
        Line("Tem o de 12 mega a 48,00.", 5, 5),
        Line("Possui taxa de instalação? Tem sim, 230 reais.", 5, 5),
    ]


def test_days_said_in_a_run_on_sentence_take_the_words_before_their_clause() -> None:
    sheet = (
        "Provedor X\n\nCom quantos dias ocorre o bloqueio? O bloqueio parcial, que reduz a "
        "velocidade pra 2 mega, é com 9 dias de atraso, e o bloqueio total com 21 dias. "
        "Desbloqueio de confiança só até 27 dias de atraso.\n"
    )
    got = {(f.value, f.attrs["threshold"]) for f in _facts(sheet, "day_threshold")}
    assert got == {
        ("9 dias", "partial_block"),
        ("21 dias", "total_block"),
        ("27 dias", "max_days_late_release"),
    }


def test_a_clause_that_names_its_kind_keeps_it_whatever_the_sentence_said_before() -> None:
    sheet = (
        "Provedor X\n\nCom quantos dias ocorre o bloqueio? Resp: Não possui redução, o "
        "bloqueio total ocorre com 38 dias de atraso\n"
    )
    got = {(f.value, f.attrs["threshold"]) for f in _facts(sheet, "day_threshold")}
    assert got == {("38 dias", "total_block")}


def test_a_router_line_whose_model_reads_as_a_verb_is_never_a_password_rule() -> None:
    sheet = (
        "Ficha\n\nQual usuário e senha padrão para acesso aos equipamentos?\nResp.:\n"
        "USUARIO / SENHA PADRAO\nEX244: root / y#2/Z\nArcher C6 V2: (só senha) / Kq?62+24\n"
        "DM985-100: root / x#6/Q\n"
    )
    facts = _facts(sheet, "credential")
    assert [(f.subject, f.value) for f in facts] == [
        ("EX244", "y#2/Z"),
        ("Archer C6 V2", "Kq?62+24"),
        ("DM985-100", "x#6/Q"),
    ]
    assert not any("Kq?62+24" in c for f in facts for c in f.caveats)  # no password as a rule
