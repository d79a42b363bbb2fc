"""DOCX sheets: paragraphs, lists, bold, tables with merged cells, spans as paragraph numbers.

Documents are written inside the tests with python-docx (``docx_render``); the same sheet as
TXT (or Markdown) and as DOCX must give the same units and facts, up to where they sit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest.reading import read_sheet
from ingest.records import Fact, Unit
from ingest.sheets import read_sheets, scan_sources
from tests.factories import DATA, LASERNET
from tests.ingest.pdf_render import render_pdf, unicode_font
from tests.ingest.reading.docx_render import add_table, add_text, new_document, render_docx
from tests.sheetgen import generate_sheet

# A word processor holds real tables: boxes drawn in text are a plain-text file's, and so is
# an e-mail's reply.
_WORD_TABLES = {"tables": "pipes", "envelope": "none"}

SHEET = """\
Rede Exemplo

Horário de atendimento (GMT -3)
Segunda a Sexta das 08h às 18h

## Suporte técnico

**Qual a porta de acesso para acesso aos roteadores?**
R: 8291

**Qual usuário e senha padrão para acesso aos equipamentos?**
| EQUIPAMENTO | LOGIN | SENHA |
| --- | --- | --- |
| Intelbras W5-1200F | admin | Xq=81!b#c |
| TP-Link EC220 | - | k@7_P*q |

**Com quantos dias ocorre o bloqueio?**
- Bloqueio parcial: 12 dias
- Bloqueio total: 41 dias

## Informações da empresa

SITE\thttps://www.exemplo.net.br
TELEFONE\t(91) 3222-1100
"""


def fact_key(fact: Fact) -> tuple[Any, ...]:
    return (fact.kind, fact.subject, fact.value, sorted(fact.attrs.items()), fact.caveats)


def unit_key(unit: Unit) -> tuple[Any, ...]:
    return (unit.section, unit.kind, unit.question, unit.answer)


def read(path: Path) -> tuple[list[Unit], list[Fact]]:
    sheet = read_sheets(scan_sources([path], "p"))[0]
    return sheet.units, sheet.facts


def same_sheet(text_path: Path, docx_path: Path) -> None:
    """The same units and facts, in the same order, from the text and from the DOCX."""
    text_units, text_facts = read(text_path)
    docx_units, docx_facts = read(docx_path)
    assert [unit_key(u) for u in docx_units] == [unit_key(u) for u in text_units]
    assert [fact_key(f) for f in docx_facts] == [fact_key(f) for f in text_facts]
    assert {u.span for u in docx_units} == {"paragraph"} and {u.span for u in text_units} == {
        "line"
    }


def test_a_markdown_sheet_and_its_docx_give_the_same_units_and_facts(tmp_path: Path) -> None:
    md = tmp_path / "exemplo.md"
    md.write_text(SHEET, encoding="utf-8")
    same_sheet(md, render_docx(SHEET, tmp_path / "exemplo.docx"))
    units, facts = read(tmp_path / "exemplo.docx")
    passwords = {f.subject: f.value for f in facts if f.kind == "credential"}
    assert passwords == {"Intelbras W5-1200F": "Xq=81!b#c", "TP-Link EC220": "k@7_P*q"}
    assert {u.section for u in units} >= {"Suporte técnico", "Informações da empresa"}


@pytest.mark.parametrize("fmt", ["txt", "md"])
@pytest.mark.parametrize("seed", range(12))
def test_generated_sheets_as_docx_give_the_facts_of_their_text(
    tmp_path: Path, fmt: str, seed: int
) -> None:
    sheet = generate_sheet(seed, fmt=fmt, force=_WORD_TABLES)
    source = tmp_path / f"{sheet.provider_id}.{fmt}"
    source.write_text(sheet.text, encoding="utf-8")
    same_sheet(source, render_docx(sheet.text, tmp_path / f"{sheet.provider_id}.docx"))
    _, facts = read(tmp_path / f"{sheet.provider_id}.docx")
    assert any(f.kind == "credential" for f in facts), "a sheet of the template has passwords"


# The sheets whose PDF export reads as their TXT (tests/ingest/reading/test_pdf.py; a PDF has
# no empty table cells, which serranet's table has).
PDF_TWINS = ("lasernet", "velocinet", "fibramax", "ventonet", "brisanet")
SHIPPED = [LASERNET, *sorted(p for p in DATA.glob("*.*") if p.suffix in (".txt", ".md"))]


@pytest.mark.parametrize("path", [p for p in SHIPPED if p.stem != "tucunarenet"], ids=str)
def test_the_test_sheets_as_txt_pdf_and_docx_give_the_same_units_and_facts(
    tmp_path: Path, path: Path
) -> None:
    docx_path = render_docx(path.read_text(encoding="utf-8"), tmp_path / f"{path.stem}.docx")
    same_sheet(path, docx_path)
    if unicode_font() is None or path.stem not in PDF_TWINS:
        return
    pdf_path = render_pdf(read_sheet(path).text, tmp_path / f"{path.stem}.pdf")
    pdf_units, pdf_facts = read(pdf_path)
    docx_units, docx_facts = read(docx_path)
    assert [unit_key(u) for u in pdf_units] == [unit_key(u) for u in docx_units]
    assert [fact_key(f) for f in pdf_facts] == [fact_key(f) for f in docx_facts]


def test_spans_are_paragraph_numbers_in_units_facts_and_records(tmp_path: Path) -> None:
    path = render_docx(SHEET, tmp_path / "exemplo.docx")
    units, facts = read(path)
    # Paragraphs with text and table rows, in order: 1 title, 2-3 hours, 4 heading, 5-6 port
    # question and answer, 7 question, 8-10 the table rows, 11-13 question and list items,
    # 14 heading, 15-16 the rows of the contacts table.
    port = next(f for f in facts if f.kind == "access_port")
    assert (port.lines, port.span) == ((6, 6), "paragraph")
    rows = sorted(f.lines for f in facts if f.kind == "credential")
    assert rows == [(9, 9), (10, 10)]
    table = next(u for u in units if u.kind == "table")
    assert table.lines == (7, 10) and table.span == "paragraph"
    days = next(u for u in units if u.kind == "list")
    assert days.lines == (11, 13)
    contacts = sorted(f.lines for f in facts if f.kind == "contact")
    assert contacts == [(15, 15), (16, 16)] and {f.span for f in facts} == {"paragraph"}
    assert Unit.from_dict(table.to_dict()) == table and table.to_dict()["span"] == "paragraph"
    assert Fact.from_dict(port.to_dict()) == port
    text_units, _ = read(_write(tmp_path / "exemplo.md", SHEET))
    assert "span" not in text_units[0].to_dict(), "text sheets' records are as they were"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_headings_lists_bold_and_line_breaks(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("Provedor Teste", style="Title")
    document.add_heading("Financeiro", level=1)
    add_text(document.add_paragraph(), "**Podemos enviar fatura?**\nR: Sim, por e-mail.")
    document.add_paragraph("Boleto", style="List Bullet")
    document.add_paragraph("Primeiro passo", style="List Number")
    document.add_paragraph("Segundo passo", style="List Number")
    p = document.add_paragraph()
    p.add_run("Sen")
    p.add_run("ha").bold = True  # bold inside a word: no marks, the word stays whole
    p.add_run(" do Wi-Fi: ")
    p.add_run("Ab**12").bold = True
    document.save(str(tmp_path / "t.docx"))
    text = read_sheet(tmp_path / "t.docx").text
    lines = [line for line in text.split("\n") if line]
    assert lines == [
        "# Provedor Teste",
        "# Financeiro",
        "**Podemos enviar fatura?**",
        "R: Sim, por e-mail.",
        "- Boleto",
        "1. Primeiro passo",
        "2. Segundo passo",
        "Senha do Wi-Fi: Ab**12",
    ]
    units, _ = read(tmp_path / "t.docx")
    qa = next(u for u in units if u.question)
    assert (qa.section, qa.question) == ("Financeiro", "Podemos enviar fatura?")
    assert qa.answer.startswith("Sim, por e-mail.")
    # The question and its "R:" share paragraph 3 (a line break is no new paragraph); the
    # answer goes on over the list items, paragraphs 4 to 6.
    assert qa.lines == (3, 6)


def test_merged_cells_title_row_cells_merged_down_and_across(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("Provedor Teste")
    add_text(document.add_paragraph(), "Qual usuário e senha padrão para acesso aos equipamentos?")
    rows = [
        ["ACESSO PADRÃO", "", "", ""],
        ["Equipamento", "Usuário", "Senha", "Obs."],
        ["Huawei HG8145V5", "telecomadmin", "Hw@81#45", "ONU"],
        ["", "root", "Rt!8145", ""],
        ["ZTE F670L", "multi", "Zt:670?", ""],
        ["Nokia G-1425", "admin", "-", "ver com o técnico"],
    ]
    table = add_table(document, rows, {(4, 2): ["ou Zt:670!"]})
    title = table.cell(0, 0).merge(table.cell(0, 3))
    title.paragraphs[0].text = "ACESSO PADRÃO"
    for extra in title.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    table.cell(2, 0).merge(table.cell(3, 0))  # one model, two logins
    table.cell(5, 2).merge(table.cell(5, 3))
    document.save(str(tmp_path / "m.docx"))
    lines = [line for line in read_sheet(tmp_path / "m.docx").text.split("\n") if line]
    assert lines[2] == "ACESSO PADRÃO", "a row merged across the table is a line of its own"
    assert lines[3] == "| Equipamento | Usuário | Senha | Obs. |"
    assert lines[4:6] == [
        "| Huawei HG8145V5 | telecomadmin | Hw@81#45 | ONU |",
        "| Huawei HG8145V5 | root | Rt!8145 |  |",
    ], "a cell merged down holds for every row it covers"
    assert lines[6] == "| ZTE F670L | multi | Zt:670? / ou Zt:670! |  |", (
        "a cell's paragraphs stay in its cell: the row is one record"
    )
    assert lines[7] == "| Nokia G-1425 | admin | - / ver com o técnico |  |", (
        "merged across: text in its first column"
    )
    _, facts = read(tmp_path / "m.docx")
    found = {(f.subject, f.attrs["login"], f.value) for f in facts if f.kind == "credential"}
    assert {
        ("Huawei HG8145V5", "telecomadmin", "Hw@81#45"),
        ("Huawei HG8145V5", "root", "Rt!8145"),
        ("ZTE F670L", "multi", "Zt:670?"),
    } <= found
    assert not any(subject.startswith("Nokia") for subject, _, _ in found), "'-': no password"


def test_text_boxes_headers_and_footers_are_ignored_with_a_warning(tmp_path: Path) -> None:
    path = render_docx(SHEET, tmp_path / "x.docx")
    import docx

    document = docx.Document(str(path))
    document.sections[0].header.paragraphs[0].text = "Confidencial – uso interno"
    document.sections[0].footer.paragraphs[0].text = "Página 1"
    box = document.paragraphs[1]._p
    run = box.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}r", {})
    run.append(_text_box(box, "Senha mestra: 999"))
    box.append(run)
    document.save(str(path))
    sheet = read_sheet(path)
    assert "Senha mestra" not in sheet.text and "Confidencial" not in sheet.text
    assert any("text box" in w and "Senha mestra" in w for w in sheet.warnings)
    assert any("header/footer" in w and "Confidencial" in w for w in sheet.warnings)
    assert all(w.startswith(str(path)) for w in sheet.warnings)
    _, facts = read(path)
    assert [fact_key(f) for f in facts] == [
        fact_key(f) for f in read(render_docx(SHEET, tmp_path / "y.docx"))[1]
    ]


def _text_box(near: Any, text: str) -> Any:
    """A VML text box (w:pict/v:shape/v:textbox/w:txbxContent) holding one paragraph."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    v = "urn:schemas-microsoft-com:vml"
    xml = (
        f'<w:pict xmlns:w="{w}" xmlns:v="{v}"><v:shape><v:textbox><w:txbxContent>'
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict>"
    )
    return etree.fromstring(xml)


def test_the_hand_made_docx_gives_the_facts_of_its_txt_export() -> None:
    """A sheet written by someone else in a word processor, and the TXT it exported: the same
    facts from both ("HORÁRIO", a Heading 2 in the document and a capitals label over bullets
    in the TXT, heads the same hours either way)."""
    text_units, text_facts = read(DATA / "tucunarenet.txt")
    docx_units, docx_facts = read(DATA / "tucunarenet.docx")
    text_keys = [fact_key(f) for f in text_facts]
    docx_keys = [fact_key(f) for f in docx_facts]
    assert [k for k in text_keys if k not in docx_keys] == []
    assert [k for k in docx_keys if k not in text_keys] == []
    credentials = [f for f in docx_facts if f.kind == "credential"]
    assert len(credentials) == 9 and all(f.caveats for f in credentials)
    nokia = next(f for f in credentials if f.subject == "Nokia G-1425G-A")
    assert (nokia.value, nokia.attrs["login"]) == ("N0k!a#1425-A?", "AdminGPON")
    assert {u.section for u in docx_units} >= {"Atendimento UPCALL", "Financeiro e Comercial"}
    assert all(u.span == "paragraph" for u in docx_units) and len(text_units) > 0


def test_a_password_with_a_pipe_stays_whole_in_a_docx_table(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("Provedor Teste")
    document.add_paragraph("Qual usuário e senha padrão para acesso aos equipamentos?")
    rows = [["MODELO", "USUÁRIO", "SENHA"], ["DATACOM DM986", "user", "my|P|2Mips?"]]
    rows.append(["Parks 592", "", "Rdt/592@80"])
    add_table(document, rows, {})
    document.save(str(tmp_path / "p.docx"))
    _, facts = read(tmp_path / "p.docx")
    found = {(f.subject, f.attrs["login"], f.value) for f in facts if f.kind == "credential"}
    assert found == {("DATACOM DM986", "user", "my|P|2Mips?"), ("Parks 592", None, "Rdt/592@80")}


def test_a_two_column_cell_of_label_paragraphs_is_one_record(tmp_path: Path) -> None:
    """ "usuário: x" and "senha: y" as two paragraphs of one "Acesso" cell stay that row's; a
    two-column table's long answer still goes on below its row."""
    document = new_document()
    document.add_paragraph("Provedor Teste")
    document.add_paragraph("Qual usuário e senha padrão dos equipamentos?")
    rows = [["Fabricante/Modelo", "Acesso"], ["Zeta ZX-330", "usuário: suporte"]]
    rows.append(["Kappa KP900", "usuário: admin"])
    add_table(document, rows, {(1, 1): ["senha: Zx#3!30"], (2, 1): ["senha:Kp.9?00"]})
    document.save(str(tmp_path / "a.docx"))
    _, facts = read(tmp_path / "a.docx")
    found = {(f.subject, f.attrs["login"], f.value) for f in facts if f.kind == "credential"}
    assert found == {("Zeta ZX-330", "suporte", "Zx#3!30"), ("Kappa KP900", "admin", "Kp.9?00")}
