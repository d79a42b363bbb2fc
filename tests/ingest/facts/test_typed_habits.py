"""Habits of sheets typed fast in a plain editor and of Word tables (blind round 8), and of
spreadsheets of questions and Google Docs exports (round 9), read by
general patterns: titles framed by "====", arrows between a label and its value, cells parted
by a doubled mark ("##"), numbered items "1-", prices with one decimal ("R$ 119,9"), lower-case
contact keys, "label: value" lines as answers of their own, sentences that say nothing is
known, a cell that names its login and password, a model cell with its maker, a channel with
its values after a dash, ports said on any line, amounts left to another team. Sheets written
for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.index import load_version
from ingest.parsing.markup import arrow_as_colon, strip_markup
from ingest.placeholders import is_placeholder, opens_not_known, withholds_amount
from rag_service.answering.engine import Engine
from rag_service.rules import answer_by_rules
from tests.factories import HashEmbedder, build_index
from tests.factories import credentials_of as _credentials
from tests.factories import facts_of_kind as _facts
from tests.factories import units_of_sheet as _units

_TYPED = (
    "PROVEDOR X - FICHA\n\n"
    "==== PLANOS E PRECOS ====\n"
    "FIBRA:\n"
    "1- 100 MEGA => R$79,90\n"
    "2- 500 MEGA => R$ 119,9\n\n"
    "==== ROTEADORES ====\n"
    "MODELO ## LOGIN ## SENHA\n"
    "TP-LINK EX220 ## admin ## nV.ex220&Pe$\n"
    "HUAWEI EG8145X6 ## Epuser ## nTv@X6_wifi6!\n\n"
    "==== CONTATOS ====\n"
    "telefone fixo -> (81) 3722-4180\n"
    "whatsapp financeiro -> (81) 99614-2290\n"
    "cidade base -> Caruaru - PE\n"
)


def test_framed_titles_are_headings_and_arrows_part_label_and_value() -> None:
    marked = strip_markup("==== EMPRESA ====\nsite -> www.x.com.br\n--- Planos ---")
    assert marked.text.split("\n") == ["EMPRESA", "site: www.x.com.br", "Planos"]
    assert marked.headings == frozenset({1, 3})
    assert arrow_as_colon("tem loja? => sim, no centro") == "tem loja? sim, no centro"
    assert arrow_as_colon("ver luz: LOS vermelha => rompimento").endswith("=> rompimento")
    assert arrow_as_colon("-> item de lista") == "-> item de lista"


def test_numbered_plans_with_arrows_and_one_decimal_prices() -> None:
    plans = {(f.subject, f.attrs["price"], f.value) for f in _facts(_TYPED, "plan")}
    assert plans == {("100 MEGA", 79.9, "R$79,90"), ("500 MEGA", 119.9, "R$ 119,9")}


def test_rows_parted_by_a_doubled_mark_are_a_table() -> None:
    creds = set(_credentials(_TYPED))
    assert creds == {
        ("TP-LINK EX220", "admin", "nV.ex220&Pe$"),
        ("HUAWEI EG8145X6", "Epuser", "nTv@X6_wifi6!"),
    }


def test_lower_case_keys_that_name_a_contact_are_contacts() -> None:
    got = {(f.subject, f.attrs["contact_type"], f.value) for f in _facts(_TYPED, "contact")}
    assert got == {
        ("telefone fixo", "phone", "(81) 3722-4180"),
        ("whatsapp financeiro", "whatsapp", "(81) 99614-2290"),
    }, "'cidade base' names no contact"


def test_label_lines_are_an_answer_each_notes_stay_statements() -> None:
    sheet = (
        "Ficha\n\nSUPORTE\n"
        "prazo de atendimento: residencial 24h uteis\n"
        "DNS padrao: ??? (nao passaram)\n"
        "site de teste: https://teste.x.com.br\n"
        "OBS: medir no cabo, nao no wifi\n"
    )
    assert _units(sheet) == [
        ("qa", "prazo de atendimento", "residencial 24h uteis"),
        ("qa", "DNS padrao", ""),
        ("keyvalue", None, "site de teste: https://teste.x.com.br"),
        ("statement", None, "OBS: medir no cabo, nao no wifi"),
    ]


def test_a_portal_s_login_lines_stay_one_record() -> None:
    sheet = "Ficha\n\nCENTRAL\nlogin: CPF do titular\nsenha: data de nascimento\n"
    assert _units(sheet) == [
        ("statement", None, "login: CPF do titular\nsenha: data de nascimento")
    ]


@pytest.mark.parametrize(
    "answer",
    ["❓ Provedor não informou.", "??? (nao passaram)", "Ainda não informado pelo técnico."],
)
def test_sentences_that_say_nothing_is_known_are_placeholders(answer: str) -> None:
    assert is_placeholder(answer)


def test_a_known_gap_followed_by_what_to_do_opens_not_known() -> None:
    text = "Não informado. O comercial passa a data no retorno."
    assert not is_placeholder(text) and opens_not_known(text)
    assert not opens_not_known("Não informar a senha ao cliente.")
    assert not opens_not_known("Não tem taxa.")
    # Said by whoever wrote the sheet: nobody here knows it.
    assert opens_not_known("Não sabemos, isso nunca passaram pra gente.")
    assert opens_not_known("Perguntei ao provedor e ainda não responderam. Abre chamado:\n- DNS")
    assert not opens_not_known("Não sabemos de queda na região.")  # what it knows, not a gap


def test_a_cell_that_names_login_and_password_and_a_model_cell_with_its_maker() -> None:
    sheet = (
        "Ficha\n\nRoteadores\n"
        "Modelo / Marca\tTipo\tAcesso (login e senha)\tObservação\n"
        "Archer C6 / TP-Link\tRoteador\tLogin: admin / Senha: Cerr@d0#C6!\tplanos 300\n"
        "MR30G / Mercusys\tRoteador\tLogin: (não tem, só senha) / Senha: Mcs.30g@CL!\trádio\n"
        "F670L / ZTE\tONT\tZt&F670l_cL / ou a do técnico\tantigos\n"
    )
    creds = set(_credentials(sheet))
    assert creds == {
        ("TP-Link Archer C6", "admin", "Cerr@d0#C6!"),
        ("Mercusys MR30G", None, "Mcs.30g@CL!"),
        ("ZTE F670L", None, "Zt&F670l_cL"),
    }


def test_a_channel_and_its_values_after_a_dash_are_contacts() -> None:
    sheet = (
        "Ficha\n\nContatos\n"
        "- Financeiro — (62) 3318-4472 (WhatsApp) · financeiro@x.com.br\n"
        "- Ouvidoria — ouvidoria@x.com.br (resposta em até 5 dias úteis)\n"
    )
    got = {(f.subject, f.attrs["contact_type"], f.value) for f in _facts(sheet, "contact")}
    assert ("Financeiro WhatsApp", "whatsapp", "(62) 3318-4472") in got
    assert ("Financeiro", "email", "financeiro@x.com.br") in got


def test_ports_said_on_any_line_and_a_line_each_under_a_port_heading() -> None:
    sheet = (
        "Ficha\n\nRoteadores\n"
        "(acesso pelo navegador 192.168.1.1, acesso remoto pela porta 8899)\n\n"
        "Porta de acesso aos roteadores\n"
        "- ONTs (Huawei, ZTE): 8443 (HTTPS)\n"
        "- roteadores (TP-Link): 8081\n"
        "- reiniciar e esperar 30 segundos\n"
    )
    got = {(f.subject, f.value) for f in _facts(sheet, "access_port")}
    assert got == {
        ("porta", "8899"),
        ("ONTs (Huawei, ZTE)", "8443"),
        ("roteadores (TP-Link)", "8081"),
    }
    answer = answer_by_rules("qual porta do roteador", _facts(sheet))
    assert answer is not None and all(p in (answer.answer or "") for p in ("8443", "8081"))


def test_an_amount_left_to_another_team_is_a_fee_without_amount() -> None:
    sheet = (
        "Ficha\n\nTaxas\nServiço\tValor\tObservação\n"
        "Mudança de endereço\tR$ 120,00\tviabilidade\n"
        "Ponto adicional (segundo roteador)\tConsultar comercial\t–\n"
    )
    fees = {f.subject: (f.attrs["amount"], f.attrs["charged"]) for f in _facts(sheet, "fee")}
    assert fees["Ponto adicional (segundo roteador)"] == (None, True)
    answer = answer_by_rules("valor do ponto adicional", _facts(sheet))
    assert answer is not None and answer.status == "not_found"
    assert withholds_amount("valor à parte (não informado pra gente)")
    assert not withholds_amount("R$ 30,00 por mês")
    assert withholds_amount("Link dedicado é com o comercial, a gente não tem os valores.")
    assert withholds_amount("ponto novo em outro cômodo, não sabemos o valor")


def test_retrieval_does_not_answer_a_price_the_sheet_withholds(tmp_path: Path) -> None:
    sheet = tmp_path / "provx.txt"
    sheet.write_text(
        "PROVX\n\nPLANOS\nEMPRESARIAL: sob consulta, passar pro comercial\n"
        "IP FIXO: existe, valor a parte (nao informado pra gente, abrir chamado)\n"
        "fidelidade: 12 meses em todos os planos\n\n"
        "SUPORTE\nQual DNS padrão?\nNão informado. O técnico passa no retorno.\n",
        encoding="utf-8",
    )
    build_index(tmp_path / "index", [sheet], HashEmbedder())
    engine = Engine(load_version(tmp_path / "index"), HashEmbedder(), "full")
    for question in ("valor do ip fixo", "qual o dns padrao"):
        result = engine.ask(question).to_dict()
        assert result["status"] == "not_found", (question, result)
        assert result["gap"]["kind"] == "value" and "nao informado" in result["gap"][
            "question"
        ].lower().replace("ã", "a")


# --- round 9: a spreadsheet of questions, Google Docs' labels, an e-mail's prose -------------

_SPREADSHEET = (
    "Seção;Pergunta;Resposta;Observação\n"
    "EMPRESA;Cidade sede;Lavras - MG;\n"
    "EMPRESA;Tem atendimento presencial?;Sim, na loja do Centro;sábado a loja NÃO abre\n"
    ";;;\n"
    "PLANOS;Plano fibra 300 Mega;R$ 84,90/mês;\n"
    'PLANOS;Contratação;"Não transferir; pegar nome e CPF";fora do horário abrir PRÉ-VENDA\n'
    "PLANOS;IP fixo;Tem, mas valor só com o comercial;\n"
    "TECNOLOGIA;DNS padrão;;\n"
    "CONTATOS;WhatsApp;(35) 99862-4017;atende financeiro e suporte\n"
    "CONTATOS;Telefone fixo;(35) 3829-6140;\n"
)


def test_a_spreadsheet_of_questions_is_a_question_per_row_under_its_section() -> None:
    units = _units(_SPREADSHEET)
    assert units[:3] == [
        ("qa", "Cidade sede", "Lavras - MG"),
        ("qa", "Tem atendimento presencial?", "Sim, na loja do Centro — sábado a loja NÃO abre"),
        ("qa", "Plano fibra 300 Mega", "R$ 84,90/mês"),
    ]
    assert (
        "qa",
        "Contratação",
        "Não transferir; pegar nome e CPF — fora do horário abrir PRÉ-VENDA",
    ) in units
    assert ("qa", "DNS padrão", "") in units, "an empty answer cell is a blank question"
    plans = [(f.subject, f.value) for f in _facts(_SPREADSHEET, "plan")]
    assert plans == [("300 Mega", "R$ 84,90")]
    contacts = {(f.attrs["contact_type"], f.value) for f in _facts(_SPREADSHEET, "contact")}
    assert {("whatsapp", "(35) 99862-4017"), ("phone", "(35) 3829-6140")} <= contacts
    assert withholds_amount("Tem, mas valor só com o comercial")


def test_question_labels_and_markdown_escapes_of_a_google_docs_export() -> None:
    sheet = (
        "Ficha\n\n## 1. Empresa\n\n**Pergunta:** Qual o CNPJ?\n**Resposta:** (não informado)\n\n"
        "**Pergunta:** Onde fica a loja?\n**Resposta:** Rua Sete, 412 \\- Centro (CPF \\+ RG)\n"
    )
    assert _units(sheet) == [
        ("qa", "Qual o CNPJ?", ""),
        ("qa", "Onde fica a loja?", "Rua Sete, 412 - Centro (CPF + RG)"),
    ]


def test_plans_said_with_a_verb_in_prose() -> None:
    sheet = "Ficha\n\nPlanos\nO de 100 mega sai 74,90 por mes, o de 300 mega fica R$ 94,90.\n"
    assert [(f.subject, f.value) for f in _facts(sheet, "plan")] == [
        ("100 mega", "74,90"),
        ("300 mega", "R$ 94,90"),
    ]


def test_a_column_no_row_fills_is_a_printed_table_s_gap_read_twice() -> None:
    sheet = (
        "Ficha\n\nRoteadores\nEQUIPAMENTO\tUSUÁRIO\tSENHA\n"
        "DM985-424\t\tsuporte\tSrd82707#\n"
        "FIBERHOME\t\t\tz@3/K\n"
    )
    creds = set(_credentials(sheet))
    assert creds == {("DM985-424", "suporte", "Srd82707#"), ("FIBERHOME", None, "z@3/K")}


def test_one_number_of_days_takes_its_threshold_from_the_question_over_it() -> None:
    sheet = (
        "Ficha\n\nFinanceiro\n"
        "Com quantos dias reduz a velocidade?\n"
        "R: Com 10 dias de atraso a velocidade cai pra 2 Mega\n"
        "Com quantos dias bloqueia?\n"
        "R: Bloqueio total com 20 dias, e com 90 dias de atraso o contrato vai pra cobrança\n"
    )
    got = [(f.attrs["threshold"], f.attrs["days"]) for f in _facts(sheet, "day_threshold")]
    assert got == [("partial_block", 10), ("total_block", 20), ("other", 90)]


def test_an_empty_login_beside_a_merged_maker_cell_is_the_row_above_s() -> None:
    sheet = (
        "Ficha\n\nRoteadores\n"
        "| Marca | Modelo | Login | Senha |\n| --- | --- | --- | --- |\n"
        "| Huawei | EG8145V5 | pfsuporte | Pf@Hw8145!v5 |\n"
        "|  | HG8245Q2 |  | Pf@Hw8245?q2 |\n"
        "| ZTE | F670L | — | Zte.F670#Pira |\n"
        "|  | F6600P |  |  |\n"
    )
    assert set(_credentials(sheet)) == {
        ("Huawei EG8145V5", "pfsuporte", "Pf@Hw8145!v5"),
        ("Huawei HG8245Q2", "pfsuporte", "Pf@Hw8245?q2"),
        ("ZTE F670L", None, "Zte.F670#Pira"),
    }


def test_a_clause_saying_its_information_was_not_given_and_amounts_given_elsewhere() -> None:
    assert opens_not_known(
        "Quanto ao IPv6, a informação não foi disponibilizada pelo Setor Técnico."
    )
    assert not opens_not_known("O IPv6 está disponível para todos os assinantes.")
    assert withholds_amount("Planos empresariais e link dedicado, cujos valores não constam deste")
    assert withholds_amount("Será cobrada taxa de religação, cujo valor será informado pelo Setor")


def test_a_lone_label_whose_value_is_a_placeholder_says_nothing_is_known() -> None:
    assert opens_not_known("CNPJ para constar em declaração: ⚠️ a confirmar")
    assert opens_not_known("TV por assinatura — sem informação")
    assert not opens_not_known("CNPJ: 31.482.907/0001-56")
    # Among other labels with values, one unknown value does not silence the answer.
    assert not opens_not_known("CNPJ: a confirmar\nEndereço: Rua Sete, 412")
