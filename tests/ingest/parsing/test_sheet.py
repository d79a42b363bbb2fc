"""parse_sheet on the two template sheets: sections, questions, tables, lists, spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parsing.sheet import ParsedSheet, parse_sheet
from ingest.records import Unit


def _parse(path: Path, provider: str) -> ParsedSheet:
    return parse_sheet(path.read_text(encoding="utf-8"), provider)


def _by_question(units: list[Unit], start: str) -> Unit:
    found = [u for u in units if (u.question or "").startswith(start)]
    assert len(found) == 1, [u.question for u in units]
    return found[0]


def _file_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def test_lasernet_title_and_sections(lasernet_path: Path) -> None:
    parsed = _parse(lasernet_path, "lasernet")
    assert parsed.title == "LaserNet"
    sections = list(dict.fromkeys(u.section for u in parsed.units))
    assert sections == [
        "LaserNet",
        "CHAT E LIGAÇÃO",
        "FINANCEIRO E COMERCIAL",
        "Informações da empresa",
        "HORÁRIO",
    ]


def test_velocinet_sections(velocinet_path: Path) -> None:
    parsed = _parse(velocinet_path, "velocinet")
    assert parsed.title == "VelociNet Telecom"
    sections = list(dict.fromkeys(u.section for u in parsed.units))
    assert sections == [
        "VelociNet Telecom",
        "ATENDIMENTO TÉCNICO",
        "FINANCEIRO",
        "Informações da empresa",
        "HORÁRIO",
    ]


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
def test_unanswered_question_has_empty_answer(sheet: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(f"{sheet}_path")
    unit = _by_question(_parse(path, sheet).units, "Qual DNS")
    assert unit.kind == "qa" and unit.answer == ""


def test_lasernet_table_and_list(lasernet_path: Path) -> None:
    units = _parse(lasernet_path, "lasernet").units
    table = _by_question(units, "Qual usuário e senha")
    assert table.kind == "table" and table.lines == (49, 104)
    rows = table.answer.split("\n")
    assert rows[0] == "EQUIPAMENTO | LOGIN | SENHA"
    assert "IWR3000 | - | P=a5tr3NeL!w3000" in rows and len(rows) == 9
    plans = _by_question(units, "Quais os planos")
    assert plans.kind == "list" and plans.lines == (19, 34)
    assert plans.answer.split("\n")[0] == "FIBRA:"
    assert plans.answer.split("\n")[-1].startswith("PLANOS RÁDIO:")


def test_statements_and_bare_value_answer(lasernet_path: Path) -> None:
    units = _parse(lasernet_path, "lasernet").units
    statements = [u.answer for u in units if u.kind == "statement"]
    assert "Possui taxa de instalação" in statements
    assert "Registrar todos os atendimentos" in statements
    assert any(s.startswith("NÃO LIBERAR COM MAIS DE 35 DIAS") for s in statements)
    assert _by_question(units, "Qual a porta").answer == "9020"
    blocks = _by_question(units, "Com quantos dias")
    assert blocks.answer == "Bloqueio Parcial (Redução): 30 Dias\nBloqueio Total: 35 Dias"
    assert blocks.lines == (154, 157)


def test_keyvalue_blocks(velocinet_path: Path) -> None:
    units = _parse(velocinet_path, "velocinet").units
    kv = [u for u in units if u.kind == "keyvalue"]
    assert kv[0].answer == (
        "SISTEMA: https://erp.velocinet.com.br/login\n"
        "CENTRAL DO ASSINANTE: https://minha.velocinet.com.br"
    )
    assert kv[0].lines == (99, 101)
    assert any(u.answer.startswith("TELEFONE:") and "E-MAIL:" in u.answer for u in kv)


@pytest.mark.parametrize("sheet", ["lasernet", "velocinet"])
def test_spans_point_at_the_lines(sheet: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(f"{sheet}_path")
    parsed = _parse(path, sheet)
    lines = _file_lines(path)
    for unit in parsed.units:
        first, last = unit.lines
        covered = " ".join(lines[first - 1 : last])
        if unit.question:
            assert lines[first - 1].strip() == unit.question
        for piece in unit.answer.split("\n"):
            for word in piece.replace(" | ", " ").split()[:3]:
                assert word.rstrip(":") in covered, (unit, word)


def test_ids_are_stable_and_unique(lasernet_path: Path) -> None:
    first = _parse(lasernet_path, "lasernet").units
    second = _parse(lasernet_path, "lasernet").units
    assert [u.id for u in first] == [u.id for u in second]
    assert len({u.id for u in first}) == len(first)
    assert all(u.id.startswith("lasernet:") for u in first)


def test_no_units_from_a_title_only_sheet() -> None:
    assert parse_sheet("Só um título\n\n   \n", "x").units == []
    assert parse_sheet("", "x") == ParsedSheet(title=None, units=[], line_map={})


def test_bad_provider() -> None:
    with pytest.raises(ValueError, match="provider"):
        parse_sheet("A\nB?", "")


def test_markdown_marks_inside_a_password_stay() -> None:
    text = (
        "# Acme\n\n**Qual usuário e senha padrão?**\n\n| Modelo | Senha |\n|---|---|\n"
        "| DM984-198 | Ks@_KqxAYBS_ |\n| AX54 | **Pw#1** |\n"
    )
    sheet = parse_sheet(text, "acme")
    table = next(u for u in sheet.units if u.kind == "table")
    assert table.answer.split("\n")[1:] == ["DM984-198 | Ks@_KqxAYBS_", "AX54 | Pw#1"]
