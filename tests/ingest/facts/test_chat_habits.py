"""Sheets of blind rounds 16 and 17's habits, with made-up values: a chat group's export (the
call centre asks, the provider answers message by message, a later message corrects a value),
an e-mail thread whose reply on top corrects values below, answers that promise to check, a
Notion page whose toggles are nested bullets, a release in trust's duration."""

from __future__ import annotations

from ingest.parsing.chat import read_chat
from ingest.parsing.contact_lines import said_contacts, url_in
from ingest.placeholders import is_placeholder, opens_not_known, withholds_amount
from ingest.reading.pdf import centred_labels
from tests.factories import credentials_of as _credentials
from tests.factories import facts_of_kind as _facts
from tests.factories import units_of_sheet as _units

_CHAT = (
    '[02/05/24, 08:41] Ana Central: \u200eAna Central criou o grupo "Central x Provedor Q"\n'
    "[02/05/24, 08:43] Ana Central: Bom dia! Vou mandar as perguntas da planilha\n"
    "[02/05/24, 08:50] Beto Provedor: bom dia, pode mandar\n"
    "[02/05/24, 09:01] Ana Central: Quais os planos e valores?\n"
    "[02/05/24, 09:05] Beto Provedor: fibra:\n"
    "110 mega 71,10\n"
    "330 mega 93,30\n"
    "[02/05/24, 09:06] Beto Provedor: radio so 13mb 53,30\n"
    "[02/05/24, 09:10] Ana Central: Agora os logins e senhas de cada modelo, por favor\n"
    "[02/05/24, 09:12] Beto Provedor: \u200e<Mídia oculta>\n"
    "[02/05/24, 09:13] Ana Central: a foto nao abriu, consegue digitar?\n"
    "[02/05/24, 09:15] Beto Provedor: ZETA ZX310 - suporte / Zx#31.0q\n"
    "[02/05/24, 09:15] Beto Provedor: kappa kp77 - admin / kP!77_x\n"
    "[02/05/24, 09:16] Beto Provedor: Carla??\n"
    "[02/05/24, 09:17] Carla Tec: isso mesmo\n"
    "[02/05/24, 09:20] Ana Central: Qual o DNS padrão?\n"
    "[02/05/24, 09:31] Beto Provedor: isso ai vou ver com a Carla\n"
    "[02/05/24, 09:40] Ana Central: Mudança de endereço, qual valor?\n"
    "[02/05/24, 09:45] Beto Provedor: mudança de endereço 81,00 e ve a cobertura antes\n"
    "[02/05/24, 09:50] Ana Central: E pagamento invertido? Cliente paga o mes seguinte\n"
    "[02/05/24, 09:52] Beto Provedor: <áudio omitido>\n"
    "[02/05/24, 09:53] Ana Central: Contatos e site?\n"
    "[02/05/24, 09:58] Beto Provedor: whats (11) 93333-1013\n"
    "[02/05/24, 09:58] Beto Provedor: site www.provedorq.com.br\n"
    "[02/05/24, 09:59] Beto Provedor: central: https://central.provedorq.com.br login cpf e "
    "senha os 4 primeiros digitos\n"
    "[03/05/24, 08:04] Beto Provedor: a senha do kappa ta errada ali em cima, é kP!77_xz com z "
    "no final\n"
    "[03/05/24, 16:47] Beto Provedor: correção: a mudança de endereço é 91 e não 81\n"
)


def test_a_chat_export_reads_as_questions_and_their_answers() -> None:
    units = {q: a for _, q, a in _units(_CHAT)}
    assert units["Quais os planos e valores?"].split("\n") == [
        "fibra:",
        "110 mega 71,10",
        "330 mega 93,30",
        "radio so 13mb 53,30",
    ]
    # A remark right after an unanswered question is more of that question; a reply asking
    # a colleague ("Carla??") asks nothing of the sheet.
    asked = "Agora os logins e senhas de cada modelo, por favor a foto nao abriu, consegue digitar?"
    assert units[asked].split("\n")[-2:] == ["Carla??", "isso mesmo"]
    # A question and its remark in one message stay one question; what the app left out is
    # no answer.
    assert units["E pagamento invertido? Cliente paga o mes seguinte?"] == ""
    assert not any("criou o grupo" in (q or "") + a for _, q, a in _units(_CHAT))


def test_a_chat_keeps_its_lines_and_reads_a_single_writer_as_plain_text() -> None:
    lines = _CHAT.split("\n")
    chat = read_chat(lines)
    assert chat is not None and len(chat.lines) == len(lines)
    notes = "\n".join(f"[02/05/24, 09:0{k}] Ana: nota {k}" for k in range(6))
    alone = read_chat(notes.split("\n"))
    assert alone is not None and alone.lines[0] == "nota 0" and not alone.turns.replies
    assert read_chat(["Plano 100 mega: R$ 71,10", "[02/05/24, 09:01] Ana: uma citacao"]) is None


def test_a_chat_answers_plans_credentials_and_contacts() -> None:
    plans = {f.subject: f.value for f in _facts(_CHAT, "plan")}
    assert plans == {"110 mega": "71,10", "330 mega": "93,30", "13mb": "53,30"}
    contacts = {f.attrs["contact_type"]: f.value for f in _facts(_CHAT, "contact")}
    assert contacts["whatsapp"] == "(11) 93333-1013"
    assert contacts["site"] == "www.provedorq.com.br"
    assert contacts["subscriber_portal"] == "https://central.provedorq.com.br"


def test_a_later_message_corrects_a_password_and_a_fee() -> None:
    creds = {model: password for model, _, password in _credentials(_CHAT)}
    assert creds == {"ZETA ZX310": "Zx#31.0q", "kappa kp77": "kP!77_xz"}
    fees = [f for f in _facts(_CHAT, "fee") if "endereço" in f.value]
    assert [f.attrs["amount"] for f in fees] == [91.0]
    assert "91 e não 81" in fees[0].value


_THREAD = (
    "De: Dono <dono@provedorr.com.br>\n"
    "Assunto: RE: Planilha\n\n"
    "só corrigindo: o plano de 330 é 93,30 e não 83,30, errei ali embaixo. e o bloqueio "
    "total é com 23 dias e nao 27\n\n"
    "> Quais os planos?\n"
    "FIBRA 110MB - R$ 71,10\n"
    "FIBRA 330MB - R$ 83,30\n\n"
    "> Com quantos dias bloqueia?\n"
    "REDUÇÃO: 13 dias\n"
    "BLOQUEIO TOTAL: 27 dias\n"
)


def test_a_reply_on_top_corrects_values_said_below() -> None:
    plans = {f.subject: f.value for f in _facts(_THREAD, "plan")}
    assert plans == {"110MB": "R$ 71,10", "330MB": "93,30"}
    days = {f.subject: f.value for f in _facts(_THREAD, "day_threshold")}
    assert days["BLOQUEIO TOTAL"] == "23 dias" and days["REDUÇÃO"] == "13 dias"
    # The correcting line itself is no fee, nor any other fact than those it put right.
    assert not any(f.lines[0] == 4 for f in _facts(_THREAD, "fee"))


def test_a_correction_needs_the_words_that_name_the_value() -> None:
    text = _THREAD.replace("o plano de 330 é", "é")
    plans = {f.subject: f.value for f in _facts(text, "plan")}
    assert plans["330MB"] == "R$ 83,30"  # nothing names which value 93,30 corrects


def test_answers_that_promise_to_check_are_no_answers() -> None:
    assert is_placeholder("isso ai vou ver com a Carla")
    assert is_placeholder("a ser definido em aditivo.")
    assert opens_not_known("5.5. Servidores DNS padrão: a ser definido em aditivo.")
    assert not is_placeholder("vamos verificar a viabilidade e retornamos")


def test_bare_domains_and_a_central_link() -> None:
    assert url_in("speedtest.net msm, ou fast.com tanto faz") == "speedtest.net"
    assert url_in("manda pro dono@provedorq.com.br") is None
    assert url_in("o boleto.pdf chega por e-mail") is None
    said = said_contacts("central: https://central.q.com.br login cpf e senha o cep")
    assert said == [("central", "https://central.q.com.br", "subscriber_portal")]


_MAIL = (
    "De: Dono <dono@provedors.com.br>\n"
    "Enviado em: sexta-feira, 15 de março de 2024 08:41\n"
    "Para: Coordenação <coord@central.com.br>\n"
    "Assunto: RE: Planilha operacional\n\n"
    "Respondi embaixo de cada pergunta\n\n"
    "Att,\n\n"
    "--\n"
    "Dono da Silva\n"
    "Cel/Whats: (11) 97777-1313\n\n"
    "AVISO LEGAL: Esta mensagem pode conter informações confidenciais.\n\n"
    "> Qual o WhatsApp do suporte?\n"
    "suporte (11) 93333-3131\n\n"
    "> Quais os logins e senhas dos roteadores?\n"
    "----- Mensagem encaminhada -----\n"
    "De: Tec <tec@provedors.com.br>\n"
    "Assunto: senhas\n\n"
    "modelo; usuario; senha\n"
    "Zeta ZX313; admin; Zx#3!13\n"
    "Kappa KP31\tsuporte\tKp@31;x\n"
    "Kappa KP33; (so senha); kP.33$\n\n"
    "Tec Fulano\n"
    "Técnico responsável\n"
    "(11) 96666-1331\n"
    "Enviado do meu iPhone\n"
)


def test_an_email_thread_leaves_out_headers_signatures_and_disclaimers() -> None:
    contacts = [f.value for f in _facts(_MAIL, "contact")]
    assert "(11) 97777-1313" not in contacts and "(11) 96666-1331" not in contacts
    assert not any("AVISO" in a or "Enviado em" in a for _, _, a in _units(_MAIL))
    # The same lines with no header are no thread: a sheet's own "--" and "Att," stay.
    plain = _MAIL.split("> Qual", 1)[0].replace("De: ", "Dono ", 1)
    assert "(11) 97777-1313" in [f.value for f in _facts(plain, "contact")]


def test_a_thread_printed_without_blank_lines_still_leaves_out_its_signatures() -> None:
    """A PDF's text has no blank lines: a signature ends where a disclaimer or the next
    message's marks begin, a disclaimer where the next message begins."""
    printed = "\n".join(line for line in _MAIL.splitlines() if line.strip()) + "\n"
    contacts = [f.value for f in _facts(printed, "contact")]
    assert "(11) 97777-1313" not in contacts and "(11) 96666-1331" not in contacts
    assert _credentials(printed) == _credentials(_MAIL)


def test_rows_listed_with_semicolons_and_tabs_are_one_table() -> None:
    assert _credentials(_MAIL) == [
        ("Zeta ZX313", "admin", "Zx#3!13"),
        ("Kappa KP31", "suporte", "Kp@31;x"),
        ("Kappa KP33", None, "kP.33$"),
    ]
    # Two such lines alone may be prose: no table.
    prose = "X\n\nO que fazer?\nligar; anotar; abrir OS\nconferir; avisar; fechar\n"
    assert _facts(prose, "credential") == []
    assert [k for k, _, _ in _units(prose)] != ["table"]


_NOTION = (
    "# Provedor T\n\n"
    "## Suporte\n\n"
    "- Qual DNS padrão?\n"
    "    - \n"
    "- Site de teste de velocidade\n"
    "    - https://t.speedtestcustom.com\n"
    "    - se nao abrir usa o fast.com\n"
    "- Cobertura:\n"
    "    - Centro\n"
    "    - Vila Nova\n\n"
    "## Financeiro\n\n"
    "- Desbloqueio de confiança?\n"
    "    - Sim, 1 vez a cada 30 dias, libera por 3 dias\n"
    "    - NÃO liberar com mais de 33 dias de atraso\n\n"
    "WhatsApp:\n"
    "suporte (11) 93333-3030 / financeiro (11) 93333-0303\n\n"
    "Central do assinante:\n"
    "central.t.com.br login é o cpf e a senha o cep\n"
)


def test_toggles_exported_as_nested_bullets_ask_and_answer() -> None:
    units = {q: (k, a) for k, q, a in _units(_NOTION)}
    assert units["Qual DNS padrão?"] == ("qa", "")
    assert units["Site de teste de velocidade"][1].startswith("https://t.speedtestcustom.com")
    # An item ending in a colon over its items is a category of a list, no toggle.
    assert "Cobertura:" not in units
    sites = [
        f.value for f in _facts(_NOTION, "contact") if f.attrs["contact_type"] == "speedtest_site"
    ]
    assert sites == ["https://t.speedtestcustom.com"]


def test_how_long_a_release_lasts_is_no_count_of_days_late() -> None:
    days = {f.attrs["threshold"]: (f.subject, f.value) for f in _facts(_NOTION, "day_threshold")}
    assert days["release_duration"] == ("Sim, 1 vez a cada 30 dias, libera por 3 dias", "3 dias")
    assert days["max_days_late_release"][1] == "33 dias"


def test_a_label_alone_over_its_value_and_values_named_under_a_label() -> None:
    contacts = {f.subject: f.value for f in _facts(_NOTION, "contact")}
    assert contacts["WhatsApp suporte"] == "(11) 93333-3030"
    assert contacts["WhatsApp financeiro"] == "(11) 93333-0303"
    portal = [f for f in _facts(_NOTION, "contact") if f.subject == "Central do assinante"]
    assert [f.value for f in portal] == ["central.t.com.br"]
    assert "cpf" in str(portal[0].attrs["login_rule"])


def test_an_amount_in_an_annex_the_sheet_lacks_is_withheld() -> None:
    assert withholds_amount("Temos kit mesh para venda, valores ver anexo.")
    assert withholds_amount("a multa é proporcional, a tabela ta no anexo")
    assert not withholds_amount("Mudança de endereço: R$ 120,00")


def test_a_pdf_label_printed_between_its_cells_two_lines() -> None:
    lines = ["Telefone\t(11) 3333-3131", "\tAv. Um, 13 – CEP", "Endereço", "\t01313-000", "Fim."]
    assert centred_labels(lines) == [
        "Telefone\t(11) 3333-3131",
        "Endereço\tAv. Um, 13 – CEP 01313-000",
        "",
        "",
        "Fim.",
    ]
    prose = ["\tum recuo", "Uma frase inteira que termina.", "\toutro recuo"]
    assert centred_labels(prose) == prose
