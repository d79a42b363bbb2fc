"""Sheets of blind round 15's habits, with made-up values: tables drawn as boxes with cells
wrapped inside them (a terminal sheet), a knowledge base's Markdown (a remark under "✅ Sim",
deadlines under their heading, "↳" for the cell above), and a slide deck printed to PDF (a
slide's title in large type)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parsing import parse_sheet
from ingest.parsing.boxes import read_boxes
from ingest.reading import read_sheet
from tests.factories import credentials_of as _credentials
from tests.factories import facts_of_kind as _facts
from tests.factories import units_of_sheet as _units
from tests.ingest.pdf_render import unicode_font

_TERMINAL = (
    "PROVEDOR W - FICHA\n\n"
    ">> PLANOS\n\n"
    "+-----------+----------+-----------+----------------------------+\n"
    "| PLANO     | VELOC.   | VALOR     | Obs                        |\n"
    "+===========+==========+===========+============================+\n"
    "| FIBRA 130 | 130 Mega | R$ 71,30  | plano antigo, so           |\n"
    "|           |          |           | manutencao                 |\n"
    "+-----------+----------+-----------+----------------------------+\n"
    "| FIBRA 330 | 330 Mega | R$ 83,30  | o mais vendido             |\n"
    "+-----------+----------+-----------+----------------------------+\n"
    "| RADIO 13  | 13 Mega  | R$ 63,30  | so zona rural              |\n"
    "+-----------+----------+-----------+----------------------------+\n"
    "| RADIO 23  | 23 Mega  | R$ 73,30  | idem                       |\n"
    "+-----------+----------+-----------+----------------------------+\n\n"
    ">> TAXAS\n\n"
    "+---------------------+-----------+----------------------------+\n"
    "| SERVICO             | VALOR     | Obs                        |\n"
    "+---------------------+-----------+----------------------------+\n"
    "| Mudanca de ponto    | R$ 61,30  | ate 13m de cabo            |\n"
    "| (mesmo imovel)      |           |                            |\n"
    "+---------------------+-----------+----------------------------+\n"
    "| Instalacao c/       | ISENTA    | -                          |\n"
    "| fidelidade          |           |                            |\n"
    "+---------------------+-----------+----------------------------+\n"
    "| Instalacao sem      | R$ 331,00 | em ate 3x                  |\n"
    "| fidelidade          |           |                            |\n"
    "+---------------------+-----------+----------------------------+\n\n"
    ">> LOGIN / SENHA PADRAO\n\n"
    "+-----------+----------------+--------------+--------------------+\n"
    "| MARCA     | MODELO         | LOGIN        | SENHA              |\n"
    "+===========+================+==============+====================+\n"
    "| Zeta      | ZX-330 (wifi   | -            | Zx#3|30_a          |\n"
    "|           | 6)             |              |                    |\n"
    "+-----------+----------------+--------------+--------------------+\n"
    "| Kappa     | KP900          | suporte      | Kp.9!00?           |\n"
    "+-----------+----------------+--------------+--------------------+\n"
    "| Kappa     | KP100          | admin        | Kp!1.00            |\n"
    "+-----------+----------------+--------------+--------------------+\n\n"
    "+---------------------------------------------+\n"
    "| senha antiga dos KP nao funciona mais        |\n"
    "+---------------------------------------------+\n\n"
    "Pergunta: cancelamento\n"
    "Resposta: NAO transferir. abrir atendimento no sistema e avisar que a\n"
    "retencao liga em ate 2 dias uteis.\n\n"
    ">> AREA\n\n"
    " Cidade A ........ Centro, Vila Um, Vila Dois,\n"
    "                   Jardim Tres\n\n"
    ">> EMPRESA\n\n"
    "+----------------------+---------------------------------------------+\n"
    "| ITEM                 | DADOS                                       |\n"
    "+======================+=============================================+\n"
    "| CENTRAL DO ASSINANTE | https://central.w.com.br                    |\n"
    "|                      | login = CPF, senha = 6 digitos do CPF       |\n"
    "| LOJA CENTRO          | Av. Um, 330, sala 3 - Centro - Cidade A     |\n"
    "| 0800                 | 0800 333 3030 (so suporte tecnico)          |\n"
    "+----------------------+---------------------------------------------+\n\n"
    "+--------------------+-----------+--------------+\n"
    "| LOCAL              | DIAS      | HORARIO      |\n"
    "+====================+===========+==============+\n"
    "| Loja Centro        | seg a sex | 08h as 17h30 |\n"
    "+--------------------+-----------+--------------+\n"
    "|                    | sabado    | 08h as 11h40 |\n"
    "+--------------------+-----------+--------------+\n\n"
    "+-----------------------+---------------------+\n"
    "| PRAZO DE ATENDIMENTO  |                     |\n"
    "+=======================+=====================+\n"
    "| Residencial           | 23h uteis           |\n"
    "+-----------------------+---------------------+\n"
    "| Empresarial           | 7h                  |\n"
    "+-----------------------+---------------------+\n"
)


def test_a_box_row_wrapped_over_lines_is_one_row() -> None:
    boxes = read_boxes(_TERMINAL.split("\n"))
    first = next(k for k, line in enumerate(boxes.lines) if "FIBRA 130" in line)
    assert boxes.lines[first].split(" | ")[-1] == "plano antigo, so manutencao |"
    assert boxes.lines[first + 1] == ""  # the row's second line is read on its first
    assert boxes.extents[first + 1] == first + 2  # 1-based: the row spans both lines
    assert all(not line.startswith("+") for line in boxes.lines)


def test_credentials_of_a_box_table() -> None:
    assert set(_credentials(_TERMINAL)) == {
        ("Zeta ZX-330 (wifi 6)", None, "Zx#3|30_a"),  # a pipe inside its box stays its own
        ("Kappa KP900", "suporte", "Kp.9!00?"),
        ("Kappa KP100", "admin", "Kp!1.00"),
    }
    zeta = next(f for f in _facts(_TERMINAL, "credential") if f.subject.startswith("Zeta"))
    assert zeta.lines[1] == zeta.lines[0] + 1  # both lines of the wrapped row


def test_plans_of_a_box_table() -> None:
    plans = {f.attrs["speed_mbps"]: f for f in _facts(_TERMINAL, "plan")}
    # "plano antigo" is a plan still served (its price holds); "13m de cabo" is no speed.
    assert {k: p.value for k, p in plans.items()} == {
        130.0: "R$ 71,30",
        330.0: "R$ 83,30",
        13.0: "R$ 63,30",
        23.0: "R$ 73,30",
    }
    # The technology from the plan's name, the notes no part of it, "idem" the cell above.
    assert {k: p.attrs["technology"] for k, p in plans.items()} == {
        130.0: "fibra",
        330.0: "fibra",
        13.0: "radio",
        23.0: "radio",
    }
    assert plans[330.0].attrs["name"] is None
    assert "so zona rural" in str(plans[23.0].attrs["row"])


def test_fees_of_a_box_table() -> None:
    fees = {f.subject: f.value for f in _facts(_TERMINAL, "fee")}
    assert fees["Mudanca de ponto (mesmo imovel)"].startswith("R$ 61,30")
    assert fees["Instalacao c/ fidelidade"] == "ISENTA"
    assert fees["Instalacao sem fidelidade"].startswith("R$ 331,00")


def test_a_box_of_one_column_is_text_and_a_labelled_question_asks() -> None:
    units = _units(_TERMINAL)
    said = [a for _, q, a in units if q is None]
    assert "senha antiga dos KP nao funciona mais" in said
    asked = {q: a for _, q, a in units if q}
    # "Pergunta: cancelamento" asks without its "?"; the answer's wrapped line goes with it.
    assert asked["cancelamento?"].endswith("retencao liga em ate 2 dias uteis.")
    # A value that goes on under itself after a comma.
    assert "Cidade A: Centro, Vila Um, Vila Dois, Jardim Tres" in said


def test_contacts_with_a_note_and_a_street_address() -> None:
    contacts = {f.subject: f for f in _facts(_TERMINAL, "contact")}
    assert contacts["0800"].value == "0800 333 3030 (so suporte tecnico)"  # whom it is for
    assert contacts["LOJA CENTRO"].value == "Av. Um, 330, sala 3 - Centro - Cidade A"
    assert contacts["LOJA CENTRO"].attrs["contact_type"] == "address"
    portal = contacts["CENTRAL DO ASSINANTE"]
    assert portal.value == "https://central.w.com.br"
    assert "6 digitos do CPF" in str(portal.attrs["login_rule"])


def test_hours_rows_under_a_cell_merged_over_them() -> None:
    hours = {(f.subject, f.value) for f in _facts(_TERMINAL, "hours")}
    assert ("Loja Centro", "seg a sex — 08h as 17h30") in hours
    assert ("Loja Centro", "sabado — 08h as 11h40") in hours


def test_deadlines_under_their_caption() -> None:
    deadlines = {f.subject: f.value for f in _facts(_TERMINAL, "deadline")}
    assert deadlines == {
        "PRAZO DE ATENDIMENTO — Residencial": "23h uteis",
        "PRAZO DE ATENDIMENTO — Empresarial": "7h",
    }


_KNOWLEDGE_BASE = (
    "# Provedor V\n\n"
    "### Pode passar a senha do roteador pro cliente?\n"
    "❌ Não\n"
    "*Pode trocar pra uma senha que o cliente escolher e registrar no sistema.*\n\n"
    "### Plantão fim de semana / feriado\n"
    "✅ Sim\n"
    "*Sábado até 11h. Domingo só plantão pra queda geral.*\n\n"
    "### Prazo de atendimento do suporte\n"
    "**Residencial:** até 23h\n"
    "**Corporativo:** ??? (perguntar)\n\n"
    "### Desbloqueio de confiança\n"
    "✅ Sim — pelo sistema\n"
    "**Limite:** 43 dias de atraso\n"
    "**Validade:** 3 dias\n\n"
    "### Bloqueio\n"
    "**Redução (parcial):** 13 dias — cai pra 1M\n"
    "**Bloqueio total:** 23 dias\n\n"
    "| Plano | Velocidade | Valor |\n"
    "|---|---|---|\n"
    "| Rádio Rural | 9 Mega | R$ 53,30 |\n"
    "| ↳ | 19 Mega | R$ 73,30 |\n"
)


def test_a_remark_under_a_bare_yes_or_no_is_its_answer() -> None:
    units = _units(_KNOWLEDGE_BASE)
    asked = {q: a for _, q, a in units if q}
    assert asked["Pode passar a senha do roteador pro cliente?"] == (
        "Não\nPode trocar pra uma senha que o cliente escolher e registrar no sistema."
    )
    assert "Sim" not in asked  # "✅ Sim" is an answer, never a label
    said = [a for _, q, a in units if q is None]
    assert "Sim\nSábado até 11h. Domingo só plantão pra queda geral." in said


def test_deadlines_under_their_heading_and_the_ditto_mark() -> None:
    deadlines = {f.subject: f.value for f in _facts(_KNOWLEDGE_BASE, "deadline")}
    assert deadlines == {"Prazo de atendimento do suporte — Residencial": "23h"}
    plans = {f.attrs["speed_mbps"]: f.attrs["technology"] for f in _facts(_KNOWLEDGE_BASE, "plan")}
    assert plans == {9.0: "radio", 19.0: "radio"}  # "↳": the plan above's name


@pytest.mark.skipif(unicode_font() is None, reason="needs a Unicode TTF font")
def test_a_slides_title_in_large_type_is_a_heading(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    font = unicode_font()
    assert font is not None
    pdf.add_font("U", "", str(font))
    slides = [
        ("Mudança de endereço", ["• Mudança de endereço: R$ 103,00", "• abrir OS tipo mudança"]),
        ("Cancelamento", ["• NÃO transferir", "• abrir ocorrência e avisar o cliente"]),
    ]
    for title, bullets in slides:
        pdf.add_page()
        pdf.set_font("U", size=10)
        pdf.cell(0, 8, "PROVEDOR U · Treinamento", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("U", size=26)
        pdf.cell(0, 16, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("U", size=16)
        for bullet in bullets:
            pdf.cell(0, 10, bullet, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "u.pdf"
    pdf.output(str(path))
    units = parse_sheet(read_sheet(path).text, "u").units
    sections = {u.section for u in units}
    assert {"Mudança de endereço", "Cancelamento"} <= sections
    cancel = next(u for u in units if u.section == "Cancelamento")
    assert "R$ 103,00" not in cancel.answer  # each slide's bullets under its own title


_SLIDES_TEXT = (
    "PROVEDOR S\n\n"
    "## Como funciona o atendimento\n"
    "- Seg a sex 08h–18h e sáb 08h–12h: só transbordo\n\n"
    "## Acesso aos roteadores\n"
    "- Local (cliente conectado na rede): 192.168.0.1 ou 192.168.1.1 conforme o modelo\n\n"
    "## Contatos\n"
    "- Loja / escritório: Av. Três, 1333 – Centro – Cidade S\n"
    "- Horário do escritório: seg a sex 08h às 18h, sáb 08h às 12h\n"
)


def test_a_slides_lines_an_address_hours_and_no_fee() -> None:
    contacts = {f.subject: f.value for f in _facts(_SLIDES_TEXT, "contact")}
    assert contacts["Loja / escritório"] == "Av. Três, 1333 – Centro – Cidade S"
    hours = {f.subject: f.value for f in _facts(_SLIDES_TEXT, "hours")}
    # A "label" that is the hours themselves is no label: the line is the section's hours.
    assert hours["Como funciona o atendimento"].startswith("Seg a sex 08h–18h")
    assert hours["Horário do escritório"] == "seg a sex 08h às 18h, sáb 08h às 12h"
    # "conforme o modelo" after an address says no amount is withheld: no fee.
    assert _facts(_SLIDES_TEXT, "fee") == []


def test_day_counts_under_labels_of_a_knowledge_base() -> None:
    found = {
        f.attrs["threshold"]: (f.subject, f.value) for f in _facts(_KNOWLEDGE_BASE, "day_threshold")
    }
    assert found == {
        "max_days_late_release": ("Desbloqueio de confiança — Limite", "43 dias"),
        "partial_block": ("13 dias — cai pra 1M", "13 dias"),  # its kind from its label
        "total_block": ("Bloqueio total", "23 dias"),
        # "Validade: 3 dias" is how long the release lasts, no count of days late.
        "release_duration": ("Desbloqueio de confiança — Validade", "3 dias"),
    }
