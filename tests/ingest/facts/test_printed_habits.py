"""Habits of printed manuals and wiki exports (blind round 6), read by general patterns: an
answer that only says nothing is known leaves its question blank, a column gap of spaces parts a
question from its answer, "7 dias por semana" is no day count, a "Dias de atraso | O que
acontece" table gives thresholds, a heading's number does not hide its technology, a plan
table's row is quoted under its header. Sheets written for these tests.
"""

from __future__ import annotations

import pytest

from ingest.placeholders import is_placeholder
from rag_service.answering.expansion import read_idioms
from rag_service.rules import answer_by_rules
from tests.factories import credentials_of as _credentials
from tests.factories import facts_of_kind as _facts
from tests.factories import units_of_sheet as _units


@pytest.mark.parametrize("answer", ["não informado", "R: —", "R: -", "(não informado)", "N/A."])
def test_an_answer_that_says_nothing_is_known_leaves_the_question_blank(answer: str) -> None:
    sheet = f"Ficha\n\nQual DNS padrão?\n{answer}\n\nQual a porta?\nR: 8080\n"
    assert _units(sheet) == [("qa", "Qual DNS padrão?", ""), ("qa", "Qual a porta?", "8080")]


def test_no_is_an_answer_not_a_placeholder() -> None:
    assert not is_placeholder("Não tem")
    assert not is_placeholder("Não")
    assert is_placeholder("...") and is_placeholder("a definir")


def test_a_column_gap_of_spaces_parts_a_question_from_its_answer() -> None:
    sheet = "Ficha\n\nQual prazo de atendimento do Suporte?    48 horas úteis\n"
    assert _units(sheet)[0] == ("qa", "Qual prazo de atendimento do Suporte?", "48 horas úteis")


def test_days_of_the_week_are_no_count_of_days_late() -> None:
    sheet = (
        "Ficha\n\nHorário\nA central atende 24 horas por dia, 7 dias por semana.\n\n"
        "Com quantos dias ocorre o bloqueio?\nR: Bloqueio total com 25 dias de atraso.\n"
    )
    assert [f.attrs["days"] for f in _facts(sheet, "day_threshold")] == [25]


def test_a_table_of_what_happens_on_which_day_gives_the_thresholds() -> None:
    sheet = (
        "Ficha\n\nCom quantos dias ocorre o bloqueio?\nR: Conforme a tabela.\n"
        "Dias de atraso\tO que acontece\n"
        "15 dias\tRedução de velocidade para 50% do plano\n"
        "25 dias\tBloqueio total\n"
    )
    got = [(f.attrs["days"], f.attrs["threshold"]) for f in _facts(sheet, "day_threshold")]
    assert got == [(15, "partial_block"), (25, "total_block")]
    answer = answer_by_rules("cliente com 20 dias de atraso, a net ta lenta", _facts(sheet))
    assert answer is not None and "aplica-se a redução" in (answer.answer or "")
    assert "15 dias: Redução de velocidade para 50% do plano" in (answer.answer or "")


_PLANS = (
    "Ficha\n\n2. PLANOS\n\n2.1 Fibra\n"
    "Plano\tDownload\tUpload\tPreço mensal\n"
    "Essencial\t300 Mbps\t150 Mbps\tR$ 99,90\n"
    "Gamer 600\t600 Mbps\t300 Mbps\tR$ 159,90\n\n"
    "2.2 Rádio (zona rural)\n"
    "Plano\tDownload\tPreço mensal\n"
    "Rural 10\t10 Mbps\tR$ 69,90\n"
    "Rural 20\t20 Mbps\tR$ 89,90\n"
)


def test_a_numbered_heading_names_the_technology_and_its_words_name_the_plans() -> None:
    plans = _facts(_PLANS, "plan")
    assert [p.attrs["technology"] for p in plans] == ["fibra", "fibra", "radio", "radio"]
    answer = answer_by_rules("quais os planos pra zona rural e os precos", plans)
    assert answer is not None and answer.status == "answered"
    assert [f.value for f in answer.facts] == ["R$ 69,90", "R$ 89,90"]
    cheapest = answer_by_rules("qual o plano rural mais barato", plans)
    assert cheapest is not None and [f.value for f in cheapest.facts] == ["R$ 69,90"]


def test_a_plan_tables_row_is_quoted_under_its_header() -> None:
    answer = answer_by_rules("plano gamer e de qtos mega e qto custa", _facts(_PLANS, "plan"))
    assert answer is not None
    assert (
        answer.answer
        == "Plano: Gamer 600; Download: 600 Mbps; Upload: 300 Mbps; Preço mensal: R$ 159,90"
    )


def test_slang_for_a_slow_connection_reads_as_slow() -> None:
    assert "lenta" in read_idioms("cliente diz q a net ta uma carroça")
    assert read_idioms("qual o valor do plano") == "qual o valor do plano"


def test_a_block_per_router_under_its_model_gives_its_credential() -> None:
    sheet = (
        "Ficha\n\nQual usuário e senha padrão para acesso aos equipamentos?\n"
        "(cuidado que tem modelo parecido)\n\n"
        "HUAWEI EG8145V5\n  login: telecomadmin\n  senha: Ab#1:x!\n\n"
        "Mercusys MR30G\n  login: (não tem, só senha)\n  senha: Cd=2/y?\n\n"
        "TP-LINK\n  usuário: sem\n  senha: Ef#3\n"
    )
    got = _credentials(sheet)
    assert got == [
        ("HUAWEI EG8145V5", "telecomadmin", "Ab#1:x!"),
        ("Mercusys MR30G", None, "Cd=2/y?"),
        ("TP-LINK", None, "Ef#3"),
    ]
    near = answer_by_rules("senha do mercusys mr50g", _facts(sheet))
    assert near is not None and near.status == "not_found" and near.answer is None


def test_dot_leaders_part_a_key_from_its_value() -> None:
    sheet = (
        "Ficha\n\n[CONTATOS]\nTELEFONE FIXO ............ (11) 3000-0001\n"
        "WHATSAPP FINANCEIRO ...... (11) 90000-0002\nE-MAIL FINANCEIRO .. fin@x.com.br\n"
        "SITE ..................... www.x.com.br\n"
    )
    got = [(f.subject, f.value) for f in _facts(sheet, "contact")]
    assert got == [
        ("TELEFONE FIXO", "(11) 3000-0001"),
        ("WHATSAPP FINANCEIRO", "(11) 90000-0002"),
        ("E-MAIL FINANCEIRO", "fin@x.com.br"),
        ("SITE", "www.x.com.br"),
    ]
    both = answer_by_rules("whats do financeiro e o email tb", _facts(sheet))
    assert both is not None and both.answer == (
        "WHATSAPP FINANCEIRO: (11) 90000-0002\nE-MAIL FINANCEIRO: fin@x.com.br"
    )


def test_an_ellipsis_in_a_sentence_is_no_leader() -> None:
    assert _units("Ficha\n\nAguarde... depois reinicie o roteador.\n") == [
        ("statement", None, "Aguarde... depois reinicie o roteador.")
    ]


def test_equipment_words_and_courtesy_are_not_part_of_the_model() -> None:
    sheet = (
        "Ficha\n\nQual usuário e senha padrão?\nMarca\tModelo\tUsuário\tSenha\n"
        "Huawei\tEG8145V5\ttelecomadmin\tAb#1:x!\nHuawei\tEG8145X6\tEpadmin\tCd=2/y?\n"
    )
    for asked in ("usuario e senha da ont huawei v5 pfv", "senha do modem huawei v5 por favor"):
        answer = answer_by_rules(asked, _facts(sheet))
        assert answer is not None and answer.status == "answered", asked
        assert [f.value for f in answer.facts] == ["Ab#1:x!"]


@pytest.mark.parametrize(
    "rows",
    [
        (
            "| Pergunta | Resposta |\n\n| Possui taxa de instalação? | Sim. |\n\n"
            "|  | Fibra: R$ 150,00 |\n\n|  | Rádio: R$ 250,00 |\n\n| Qual DNS padrão? | — |\n"
        ),
        (
            "Pergunta\tResposta\n\nPossui taxa de instalação?\tSim.\n\n\tFibra: R$ 150,00\n\n"
            "\tRádio: R$ 250,00\n\nQual DNS padrão?\t—\n"
        ),
    ],
)
def test_a_question_and_answer_table_gives_a_unit_a_row(rows: str) -> None:
    """A Word "Pergunta | Resposta" table: a question a row, an answer cell of several
    paragraphs read as rows with an empty first cell."""
    units = [u for u in _units(f"Ficha\n\n# 2. Comercial\n\n{rows}") if u[0] == "qa"]
    assert units == [
        ("qa", "Possui taxa de instalação?", "Sim.\nFibra: R$ 150,00\nRádio: R$ 250,00"),
        ("qa", "Qual DNS padrão?", ""),
    ]


def test_a_down_up_speed_is_its_download() -> None:
    sheet = (
        "Ficha\n\nQuais os planos vendidos na empresa?\n\n| Plano | Down/Up | R$/mês |\n"
        "|---|---|---|\n| Essencial | 200/100 Mbps | 74,90 |\n| Giga | 1000/500 Mbps | 169,90 |\n"
    )
    plans = _facts(sheet, "plan")
    assert [(p.subject, p.attrs["speed_mbps"]) for p in plans] == [
        ("200/100 Mbps", 200.0),
        ("1000/500 Mbps", 1000.0),
    ]
    answer = answer_by_rules("plano de 1 giga qual valor e qual o upload dele", plans)
    assert (
        answer is not None
        and answer.answer == "Plano: Giga; Down/Up: 1000/500 Mbps; R$/mês: 169,90"
    )
    assert answer_by_rules("qto custa o de 500 mega", plans).status == "not_found"  # type: ignore[union-attr]


def test_one_column_with_login_and_password_is_split_as_its_header_says() -> None:
    sheet = (
        "Ficha\n\nQual usuário e senha padrão?\nModelo\tAcesso (usuário/senha)\n"
        "EG8145V5\tEpuser / Rbf#V5-2023!\nMR30G\t— / Mrc_30G?rbf\n"
    )
    got = _credentials(sheet)
    assert got == [("EG8145V5", "Epuser", "Rbf#V5-2023!"), ("MR30G", None, "Mrc_30G?rbf")]


@pytest.mark.parametrize(
    ("asked", "idea"),
    [
        ("cliente apertou o botaozinho atras do roteador e perdeu tudo", "resetou o roteador"),
        ("cliente pagou o mes 5 e deixou o 4 em aberto, inverte?", "pagamento invertido"),
    ],
)
def test_situations_read_as_their_idea(asked: str, idea: str) -> None:
    assert idea in read_idioms(asked)


def test_a_chat_authors_lines_read_as_the_template() -> None:
    """Round 7's WhatsApp style: pictographs opening lines, "Question? answer" after one
    space, a quoted plan name, and rows pasted as CSV under a caption naming the columns."""
    sheet = (
        "Ficha\n\n*PLANOS*\n✅ 300 MEGA = R$ 99,90\n"
        '✅ 1 GIGA "Turbo" (c/ mesh) = R$ 199,90\n\n'
        "*TAXAS*\n❌ visita improdutiva: R$ 50\n\n"
        "Repetidor? sim\nDNS padrão? —\n\n"
        "_colado da planilha (marca;modelo;usuario;senha):_\n"
        "TP-Link;Archer C6;admin;Tp@rch3r_C6!\nMercusys;MR30G;-;Mrc$30g!bn\n\n"
        "☎️ WhatsApp financeiro: wa.me/5511900000002\n"
    )
    assert [(p.subject, p.value) for p in _facts(sheet, "plan")] == [
        ("300 MEGA", "R$ 99,90"),
        ("1 GIGA", "R$ 199,90"),
    ]
    assert [(f.subject, f.value) for f in _facts(sheet, "fee")] == [("Visita improdutiva", "R$ 50")]
    qa = [u for u in _units(sheet) if u[0] == "qa" and u[1] in ("Repetidor?", "DNS padrão?")]
    assert qa == [("qa", "Repetidor?", "sim"), ("qa", "DNS padrão?", "")]
    got = _credentials(sheet)
    assert got == [
        ("TP-Link Archer C6", "admin", "Tp@rch3r_C6!"),
        ("Mercusys MR30G", None, "Mrc$30g!bn"),
    ]
    assert [(f.subject, f.value) for f in _facts(sheet, "contact")] == [
        ("WhatsApp financeiro", "wa.me/5511900000002")
    ]


def test_semicolons_in_a_sentence_are_no_csv() -> None:
    sheet = (
        "Ficha\n\nAtendimento: seg a sex; sab até 12h; dom fechado.\n"
        "Outra linha; sem tabela; fim.\n"
    )
    assert all("\t" not in u[2] for u in _units(sheet))
