"""Sheets of blind round 18's habits, with made-up values: a developer's YAML file, the call
centre's registration form filled in and printed, a PDF table whose first column was drawn
last, amounts written as a program writes them, a key typed with a letter missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parsing import parse_sheet
from ingest.parsing.forms import read_form
from ingest.parsing.yaml_text import read_yaml
from ingest.reading import read_sheet
from rag_service.rules import answer_by_rules
from tests.factories import credentials_of as _credentials
from tests.factories import facts_of
from tests.factories import facts_of_kind as _facts
from tests.factories import units_of_sheet as _units
from tests.ingest.pdf_render import unicode_font

_YAML = """# planilha.yml - quem mantem: TI
empresa:
  nome: Provedor Y
  whatsap: "(11) 97777-1212"   # era (11) 97777-0000
  sistema:
    url: https://sgp.provedory.com.br
planos:
  fibra:
    - nome: Y 300
      velocidade: 300MB
      preco: 88.80   # era 77.70
    - nome: Y GIGA
      velocidade: 1GB
      preco: 188.80
  radio:
    - {velocidade: 15MB, preco: "R$ 55,50"}
  empresarial: ~   # TODO ver com o comercial
taxa_instalacao:
  valor: 133.30
  isento_com_fidelidade: true
mudanca:
  mudanca_endereco: 122.20
  observacao: >
    Abrir OS de mudança,
    avisar o valor antes.
roteadores:
  - modelo: Zeta ZX313
    usuario: admin
    senha: 'Zx#3!13'   # antiga Zx#3!12
  - modelo: Kappa KP31
    usuario: ~
    senha: "Kp'31\\"x"
  - modelo: Kappa KP33
    usuario: suporte
    senha: 'kP\\33$'
  # TODO: cadastrar o Kappa KP35
financeiro:
  dias_bloqeuio_parcial: 11
  dias_bloqueio_total: 22
  desbloqueio_confianca: {permitido: true, limite_dias: 33, prazo_liberacao: 3 dias}
  cancelamento: |
    Não transferir.
    Abrir ocorrência.
suporte:
  dns:
"""


def test_a_yaml_sheet_reads_its_structure() -> None:
    units = _units(_YAML)
    kinds = {question: kind for kind, question, _ in units}
    assert kinds["roteadores"] == "table" and kinds["planos fibra"] == "table"
    assert ("qa", "suporte dns", "") in units  # null: a question left blank
    assert ("qa", "financeiro cancelamento", "Não transferir.\nAbrir ocorrência.") in units
    # Quotes off as YAML reads them; a password keeps every other character; no login: none.
    assert _credentials(_YAML) == [
        ("Zeta ZX313", "admin", "Zx#3!13"),
        ("Kappa KP31", None, "Kp'31\"x"),
        ("Kappa KP33", "suporte", "kP\\33$"),
    ]
    # Comments are notes: old values and a router to come are no facts.
    text = "\n".join(a for _, _, a in units)
    assert "Zx#3!12" not in text and "77.70" not in text and "KP35" not in text


def test_a_yaml_sheet_gives_plans_fees_thresholds_and_contacts() -> None:
    plans = {(f.attrs["technology"], f.subject, f.value) for f in _facts(_YAML, "plan")}
    assert plans == {("fibra", "300MB", "88.80"), ("fibra", "1GB", "188.80"),
                     ("radio", "15MB", "R$ 55,50")}  # fmt: skip
    fees = {f.value: f.attrs["charged"] for f in _facts(_YAML, "fee")}
    assert fees["133.30"] is True and fees["122.20"] is True
    assert any(not charged for charged in fees.values())  # exempt with loyalty
    days = {f.attrs["threshold"]: f.attrs["days"] for f in _facts(_YAML, "day_threshold")}
    assert days["partial_block"] == 11 and days["total_block"] == 22
    assert days["max_days_late_release"] == 33 and days["release_duration"] == 3
    contacts = {f.attrs["contact_type"]: f.value for f in _facts(_YAML, "contact")}
    assert contacts["whatsapp"] == "(11) 97777-1212"  # "whatsap": a letter missing
    assert contacts["system_url"] == "https://sgp.provedory.com.br"


def test_text_that_is_no_yaml_is_left_to_the_plain_parser() -> None:
    assert read_yaml("Provedor Z\n\nQual o DNS?\nR: 8.8.8.8\n") is None
    assert read_yaml("a:\n  b: 1\nc:\n  d: [unclosed\ne:\n  f: 2\n") is None  # does not parse
    plain = "PROVEDOR\nplanos:\n  100mb 79,90\nfinanceiro:\n  bloqueio 20 dias\n"
    assert read_yaml(plain) is None  # too few sections of keys


_FORM = (
    "FICHA DE CADASTRO\n"
    "Nome fantasia: __Provedor F______\tCNPJ: __11.111.111/0001-11____\n"
    "Telefone fixo: __(11) 3333-1414____\tWhatsApp: __(11) 98888-1414___\n"
    "E-mail: ______________________\tSite:\t__www.provedorf.com.br____\n"
    "Possui atendimento presencial? ( X ) Sim   (   ) Não\n"
    "Tecnologias: [x] Fibra    [ ] Rádio    [x] Cabo\n"
    "Taxa de instalação: R$ __144,40__\n"
    "(informar valor com impostos)\n"
    "Visita improdutiva é cobrada? ( X ) Sim   (   ) Não\tValor: R$ __66,60__\n"
    "Multa por quebra de fidelidade: R$ ____________\n"
    "DNS primário: ______________ Secundário: ____________\n"
    "Limite de atraso p/ liberar: __33____\tQtas vezes: __1__\n"
    "Nº\t\tMarca\t\tModelo\t\tSenha\n"
    "1\tZeta\tZX313\tZx#3!13\n"
    "\n"
    "Obs.: repetidor em comodato R$ 12,30/mês a mais na fatura. Mesh só no plano maior\n"
)


def test_a_filled_form_reads_its_values_boxes_and_blank_fields() -> None:
    form = read_form(_FORM.split("\n"))
    assert form is not None
    assert form.lines[4] == "Possui atendimento presencial? Sim"
    assert form.lines[5] == "Tecnologias: Fibra, Cabo"
    assert form.fields[2] == ("Nome fantasia: Provedor F", "CNPJ: 11.111.111/0001-11")
    assert form.fields[4] == ("E-mail: —", "Site: www.provedorf.com.br")
    assert 8 in form.asides and not form.lines[7]
    assert form.lines[12] == "Nº\tMarca\tModelo\tSenha"  # a header's labels centred
    units = _units(_FORM)
    assert ("qa", "E-mail", "") in units and ("qa", "Secundário", "") in units
    assert ("qa", "Multa por quebra de fidelidade", "") in units
    contacts = {f.attrs["contact_type"]: f.value for f in _facts(_FORM, "contact")}
    assert contacts["phone"] == "(11) 3333-1414" and contacts["whatsapp"] == "(11) 98888-1414"
    fees = {f.subject: f.value for f in _facts(_FORM, "fee")}
    assert fees["Taxa de instalação"] == "R$ 144,40"
    assert any("66,60" in v and "Visita" in s for s, v in fees.items())
    assert fees["Repetidor em comodato"] == "R$ 12,30/mês a mais na fatura"  # a note's price
    days = {f.attrs["threshold"]: f.attrs["days"] for f in _facts(_FORM, "day_threshold")}
    assert days == {"max_days_late_release": 33}
    assert _credentials(_FORM) == [("Zeta ZX313", None, "Zx#3!13")]


def test_a_sheet_with_a_few_blanks_or_a_task_list_is_no_form() -> None:
    assert read_form(["Assinatura: ________", "Data: ____", "x", "y", "z"]) is None
    tasks = ["- [x] conferir", "- [ ] ligar", "Nome: __a__", "b: __c__", "d: __e__"]
    assert read_form(tasks) is None
    # A footer's blank printed on every page is one blank, not a form's.
    assert read_form(["Rubricas: ______ (A)     ______ (B)"] * 6) is None


@pytest.mark.skipif(unicode_font() is None, reason="no Unicode TTF font (fonts-dejavu-core)")
def test_a_pdf_line_reads_left_to_right_whatever_order_it_was_drawn_in(tmp_path: Path) -> None:
    """A grid whose first column (the row's number) was drawn after the other cells: its
    number went to the end of the row and onto the last cell ("Zx#3!13" read "Zx#3!131")."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("u", fname=str(unicode_font()))
    pdf.set_font("u", size=10)
    pdf.set_xy(10, 20)
    pdf.cell(0, 6, "Usuário e senha padrão dos equipamentos:")
    rows = [("Nº", "Modelo", "Usuário", "Senha"), ("1", "Zeta ZX313", "admin", "Zx#3!13"),
            ("2", "Kappa KP31", "suporte", "Kp@31;x")]  # fmt: skip
    for k, row in enumerate(rows):
        y = 30 + 8 * k
        for x, cell in zip((40, 80, 120), row[1:], strict=True):
            pdf.set_xy(x, y)
            pdf.cell(35, 7, cell, border=1)
        pdf.set_xy(10, y)
        pdf.cell(25, 7, row[0], border=1)
    path = pdf.output(str(tmp_path / "grid.pdf")) or tmp_path / "grid.pdf"
    text = read_sheet(Path(path)).text
    assert "1\tZeta ZX313\tadmin\tZx#3!13" in text.split("\n")
    creds = _credentials(text)
    assert ("Zeta ZX313", "admin", "Zx#3!13") in creds and (
        "Kappa KP31",
        "suporte",
        "Kp@31;x",
    ) in creds


def test_parse_sheet_keeps_a_yaml_units_lines() -> None:
    parsed = parse_sheet(_YAML, "y")
    table = next(u for u in parsed.units if u.question == "roteadores")
    spans = parsed.line_map[table.id]
    lines = _YAML.split("\n")
    # The header on its key's line; each row on its record's lines.
    assert lines[spans[0][0] - 1] == "roteadores:"
    assert "Zeta ZX313" in lines[spans[1][0] - 1] and "Zx#3!13" in lines[spans[1][1] - 1]


def test_the_policy_on_passwords_kept_far_from_the_routers_still_answers() -> None:
    """A YAML file keeps "informar_senha" under its own key, sections away from the routers:
    a password asked without its model gets that policy and the models, no password."""
    sheet = _YAML + (
        "atendimento:\n"
        "  informar_senha: false\n"
        "  politica_senha: Não passar a senha padrão, trocar pela que o cliente escolher\n"
        "  plantao: Sábado das 08h às 12h\n"
    )
    facts = facts_of(sheet)
    answer = answer_by_rules("qual a senha do roteador?", facts)
    assert answer is not None and answer.status == "answered"
    assert "trocar pela que o cliente escolher" in (answer.answer or "")
    assert "Zx#3!13" not in (answer.answer or "") and "Zeta ZX313" in (answer.answer or "")
    # "fim de semana" is told of by "Sábado ...": a weekend's day.
    on_call = answer_by_rules("tem plantao no fim de semana?", facts)
    assert on_call is not None and "Sábado das 08h às 12h" in (on_call.answer or "")
