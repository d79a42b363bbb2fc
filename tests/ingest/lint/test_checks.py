"""Each kind of finding on a small sheet written for it, and the schedules hours are read as."""

from __future__ import annotations

import pytest

from ingest.lint import lint_sheet, lint_sheets
from ingest.lint.schedule import describe, schedule
from ingest.records import Finding
from tests.ingest.lint.generated import lint_input


def _lint(text: str, provider: str = "acme") -> list[Finding]:
    return lint_sheet(lint_input(f"{provider}.txt", text, provider))


def _kinds(findings: list[Finding]) -> list[tuple[int, str]]:
    return [(f.line, f.kind) for f in findings]


def _sheet(*lines: str) -> str:
    return "\n".join(["Acme", "", *lines]) + "\n"


def test_two_prices_for_one_plan_conflict_where_the_second_is() -> None:
    text = _sheet(
        "Quais os planos vendidos?",
        "100 Mega - R$ 99,90",
        "200 Mega - R$ 129,90",
        "",
        "Qual o prazo de instalação?",
        "R: 48h",
        "",
        "Qual o preço do plano de 100 Mega?",
        "R: 100 Mega - R$ 89,90",
    )
    found = _lint(text)
    assert _kinds(found) == [(11, "conflicting-values")]
    assert "R$ 89,90" in found[0].message and "R$ 99,90" in found[0].message
    assert "linha 4" in found[0].message


def test_two_passwords_for_one_router_conflict_without_either_password() -> None:
    text = _sheet(
        "Qual usuário e senha padrão para acesso aos equipamentos?",
        "R:",
        "EQUIPAMENTO\tLOGIN\tSENHA",
        "XR500\tadmin\tAbc@1234",
        "YR700\tadmin\tDef@5678",
        "",
        "Possui atendimento presencial?",
        "R: Sim",
        "",
        "Modelo: XR500 / senha: Ghi@9012",
    )
    found = _lint(text)
    assert _kinds(found) == [(12, "conflicting-values")]
    assert "XR500" in found[0].message
    assert not any(p in found[0].message for p in ("Abc@1234", "Def@5678", "Ghi@9012"))


def test_hours_that_disagree_and_hours_said_twice() -> None:
    disagree = _sheet(
        "ATENDIMENTO",
        "HORÁRIO\tSeg a Sex 8h às 18h",
        "",
        "Possui atendimento presencial?",
        "R: Sim",
        "",
        "FINANCEIRO",
        "HORÁRIO\tDe segunda a sexta das 08h às 17h",
    )
    found = _lint(disagree)
    assert _kinds(found) == [(10, "conflicting-values")]
    assert "Seg a Sex 8h às 18h" in found[0].message
    repeated = disagree.replace("das 08h às 17h", "das 08:00 às 18:00")
    assert _kinds(_lint(repeated)) == [(10, "repeated-value")]


def test_a_question_left_blank_or_with_a_placeholder() -> None:
    text = _sheet(
        "Qual DNS padrão?",
        "",
        "Qual a porta de acesso?",
        "R: -",
        "",
        "Possui atendimento presencial?",
        "R: Sim",
    )
    assert _kinds(_lint(text)) == [(3, "unanswered-question"), (5, "unanswered-question")]


def test_a_fee_said_to_exist_without_its_amount() -> None:
    text = _sheet(
        "Possui taxa de instalação?",
        "R: Sim, o valor é passado pelo comercial",
        "",
        "Qual o custo da visita técnica?",
        "R: Não é cobrado",
        "",
        "Qual o valor da religação?",
        "R: R$ 30,00",
        "",
        "Tem taxa de mudança de endereço",
    )
    assert _kinds(_lint(text)) == [(4, "value-missing"), (12, "value-missing")]


def test_a_label_without_its_value_and_a_count_without_its_number() -> None:
    text = _sheet(
        "Com quantos dias ocorre o bloqueio?",
        "R: Bloqueio Parcial (Redução):",
        "Bloqueio Total: 35 Dias",
        "",
        "Qual o limite para liberação?",
        "R: Liberação máxima: dias",
        "",
        "Possui atendimento presencial?",
        "R: Sim",
    )
    found = _lint(text)
    assert _kinds(found) == [(4, "value-missing"), (8, "value-missing")]
    assert "'Bloqueio Parcial (Redução)'" in found[0].message
    assert "falta o número" in found[1].message


def test_a_label_that_heads_what_follows_is_no_missing_value() -> None:
    text = _sheet(
        "Horário de atendimento (GMT -3)",
        "Somente fora do horário comercial:",
        "Seg a Sex: 19h às 07h",
        "",
        "Quais os planos vendidos?",
        "FIBRA:",
        "100 Mega - R$ 99,90",
        "200 Mega - R$ 129,90",
    )
    assert _lint(text) == []


def test_a_contact_key_without_its_value() -> None:
    text = _sheet(
        "Informações da empresa",
        "",
        "TELEFONE\t(85) 3000-0000",
        "WHATSAPP\t",
        "SITE\thttps://acme.example",
        "",
        "Possui atendimento presencial?",
        "R: Sim",
        "",
        "E-mail:",
        "",
        "Endereço",
        "Rua das Flores, 100 - Centro",
    )
    found = _lint(text)
    assert _kinds(found) == [(6, "value-missing"), (12, "value-missing")]
    assert "'WHATSAPP' sem valor" in found[0].message
    assert "'E-mail' sem valor" in found[1].message


def test_a_key_alone_with_a_colon_is_one_finding() -> None:
    text = _sheet("Possui atendimento presencial?", "R: Sim", "", "E-mail:", "", "Obrigado.")
    assert _kinds(_lint(text)) == [(6, "value-missing")]


def test_password_rows_with_a_cell_missing() -> None:
    text = _sheet(
        "Qual usuário e senha padrão para acesso aos equipamentos?",
        "R:",
        "| Modelo | Usuário | Senha |",
        "|---|---|---|",
        "| XR500 | admin | Abc@1234 |",
        "| YR700 | admin |  |",
        "| ZR900 | - | Ghi@9012 |",
        "",
        "Modelo: QR100 / usuário: admin / senha:",
    )
    found = _lint(text)
    assert _kinds(found) == [(8, "credential-cell-missing"), (11, "credential-cell-missing")]
    assert "'YR700' sem senha" in found[0].message


def test_a_tab_row_short_of_a_cell_and_a_cell_table_ending_short() -> None:
    tabs = _sheet(
        "Qual usuário e senha padrão para acesso aos equipamentos?",
        "R:",
        "EQUIPAMENTO\tLOGIN\tSENHA",
        "XR500\tadmin\tAbc@1234",
        "YR700\tDef@5678",
        "ZR900\tadmin\tGhi@9012",
    )
    found = _lint(tabs)
    assert _kinds(found) == [(7, "credential-cell-missing")]
    assert "cabeçalho na linha 5" in found[0].message
    assert not any(p in found[0].message for p in ("Def@5678", "Ghi@9012", "Abc@1234"))
    cells = _sheet(
        "Qual usuário e senha padrão para acesso aos equipamentos?",
        "R:",
        "EQUIPAMENTO",
        "LOGIN",
        "SENHA",
        "XR500",
        "admin",
        "Abc@1234",
        "YR700",
        "Def@5678",
        "",
        "Possui atendimento presencial?",
        "R: Sim",
    )
    assert _kinds(_lint(cells)) == [(11, "credential-cell-missing")]


def test_a_row_wider_than_its_table() -> None:
    text = _sheet(
        "Quais os planos vendidos?",
        "| Plano | Valor |",
        "|---|---|",
        "| 100 Mega | R$ 99,90 |",
        "| 200 Mega | R$ 129,90 | promoção |",
        "| 300 Mega | R$ 149,90 |",
    )
    found = _lint(text)
    assert _kinds(found) == [(7, "table-row-mismatch")]
    assert "3 células numa tabela de 2 colunas" in found[0].message


def test_text_read_into_no_unit() -> None:
    text = _sheet(
        "ATENDIMENTO", "", "SISTEMAS\tCANAIS\tSETORES", "Qual a porta de acesso?", "R: 8080"
    )
    found = _lint(text)
    assert _kinds(found) == [(5, "unread-text")]
    assert "'SISTEMAS CANAIS SETORES'" in found[0].message


def test_a_secret_value_quoted_by_a_message_is_masked() -> None:
    text = _sheet(
        "Qual usuário e senha padrão para acesso aos equipamentos?",
        "R:",
        "EQUIPAMENTO\tLOGIN\tSENHA",
        "XR500\tadmin\tSEGREDO",
        "",
        "Possui atendimento presencial?",
        "R: Sim",
        "",
        "SEGREDO\tCANAIS\tSETORES",
    )
    found = _lint(text)
    assert _kinds(found) == [(11, "unread-text")]
    assert "SEGREDO" not in found[0].message and "[senha]" in found[0].message


_PEER = _sheet(
    "Qual a porta de acesso para acesso aos roteadores?",
    "R: 8080",
    "",
    "Como prosseguir em casos de cancelamento?",
    "R: Abrir uma ocorrência no sistema.",
    "",
    "WHATSAPP\t(85) 99999-0000",
)


def _inputs(*texts: str) -> list:
    return [lint_input(f"p{k}.txt", text, f"p{k}") for k, text in enumerate(texts)]


def test_a_template_question_and_a_kind_of_fact_missing_once_per_sheet() -> None:
    target = _sheet("Qual a porta de acesso para acesso aos roteadores?", "R: 8443")
    *peers, sheet = _inputs(_PEER, _PEER, _PEER, target)
    found = lint_sheets([sheet], peers)
    assert [(f.path, f.line, f.kind) for f in found] == [("p3.txt", 1, "section-missing")] * 2
    messages = sorted(f.message for f in found)
    assert "'Como prosseguir em casos de cancelamento?', que 3 de 3" in messages[0]
    assert messages[1] == "sem WhatsApp, que 3 de 3 planilhas do índice trazem"


def test_a_topic_the_sheet_words_otherwise_is_not_missing() -> None:
    target = _sheet(
        "Qual a porta de acesso para acesso aos roteadores?",
        "R: 8443",
        "",
        "Cancelamento: caso o cliente peça, abrir ocorrência.",
        "",
        "Whats: (85) 98888-0000",
    )
    *peers, sheet = _inputs(_PEER, _PEER, target)
    assert lint_sheets([sheet], peers) == []


def test_too_few_other_sheets_say_nothing_of_a_template() -> None:
    target = _sheet("Qual a porta de acesso para acesso aos roteadores?", "R: 8443")
    peer, sheet = _inputs(_PEER, target)
    assert lint_sheets([sheet], [peer]) == []


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("De Segunda à Sábado Das 08h às 18h Somente Transbordo", "0,1,2,3,4,5 08:00-18:00"),
        ("De segunda a sábado das 8:00 as 18:00", "0,1,2,3,4,5 08:00-18:00"),
        ("Seg a Sex 8h-18h e Sábado 8h às 12h", "0,1,2,3,4 08:00-18:00; 5 08:00-12:00"),
        ("Todos os dias das 06h30 às 22h", "0,1,2,3,4,5,6 06:30-22:00"),
        ("Sábados e feriados das 08h às 17h", "5,7 08:00-17:00"),
        ("24/7, mas com algumas ressalvas:", "0,1,2,3,4,5,6 00:00-24:00"),
    ],
)
def test_hours_read_as_days_and_times(text: str, read: str) -> None:
    found = schedule(text)
    assert found is not None and describe(found) == read


def test_hours_without_a_time_are_not_a_schedule() -> None:
    assert schedule("Não") is None
    assert schedule("Sim, nos feriados") is None


def test_a_caption_over_the_next_table_and_an_empty_remark_are_no_misfit() -> None:
    captions = _sheet(
        "Quais os planos vendidos na empresa?",
        "VELOCIDADE",
        "PREÇO",
        "100 Mega",
        "R$ 77,99",
        "",
        "Rádio",
        "VELOCIDADE",
        "PREÇO",
        "2MB",
        "R$ 55,90",
    )
    assert not any(f.kind.startswith("table") for f in _lint(captions))
    remark = _sheet(
        "Qual usuário e senha padrão para acesso aos equipamentos?",
        "R:",
        "MODELO\tLOGIN\tSENHA\tOBS",
        "XR500\tadmin\tAbc@1234\tnovo",
        "YR700\tadmin\tDef@5678",
    )
    assert _lint(remark) == [], "Word's export drops an empty last cell"
    password = _sheet(
        "Qual usuário e senha padrão para acesso aos equipamentos?",
        "R:",
        "MODELO\tLOGIN\tSENHA\tOBS",
        "XR500\tadmin\tAbc@1234\tnovo",
        "YR700\tadmin",
    )
    assert _kinds(_lint(password)) == [(7, "credential-cell-missing")]
