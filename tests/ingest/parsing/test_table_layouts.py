"""Template variations: tables as pipe / tab / wide-gap rows, Markdown, plans and credentials in
other shapes. Sheets written for these tests (other values than the shipped one), plus the three
template sheets with their credential table re-laid out: the facts must not change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.facts import extract_facts
from ingest.parsing.sheet import ParsedSheet, parse_sheet
from ingest.reading.sources import read_sheet
from ingest.records import Fact

DATA = Path(__file__).resolve().parents[2] / "data"
ROOT = Path(__file__).resolve().parents[3]


def _parsed(name: str) -> ParsedSheet:
    path = DATA / name
    return parse_sheet(read_sheet(path).text, path.stem)


def _facts(parsed: ParsedSheet, kind: str) -> list[Fact]:
    return [f for f in extract_facts(parsed.units, parsed.line_map) if f.kind == kind]


def _creds(parsed: ParsedSheet) -> list[tuple[str, object, str]]:
    return [(f.subject, f.attrs["login"], f.value) for f in _facts(parsed, "credential")]


def _plans(parsed: ParsedSheet) -> list[tuple]:
    return [
        (f.subject, f.value, f.attrs["technology"], f.attrs["speed_mbps"], f.attrs["price"])
        for f in _facts(parsed, "plan")
    ]


def _sections(parsed: ParsedSheet) -> list[str]:
    return list(dict.fromkeys(u.section for u in parsed.units))


def _assert_on_own_line(name: str, facts: list[Fact]) -> None:
    lines = (DATA / name).read_text(encoding="utf-8").split("\n")
    for fact in facts:
        assert fact.lines[0] == fact.lines[1]
        assert fact.value in lines[fact.lines[0] - 1], fact


# --- Markdown: headings, bold, bullets, a pipe table with columns in another order ----------


def test_markdown_sheet_sections_and_markup() -> None:
    parsed = _parsed("ondanet.md")
    assert parsed.title == "OndaNet Fibra"
    assert _sections(parsed) == [
        "OndaNet Fibra",
        "SUPORTE TÉCNICO",
        "Financeiro",
        "Informações da empresa",
        "HORÁRIO",
    ]
    for unit in parsed.units:
        assert "**" not in unit.answer and "**" not in (unit.question or "")
        assert not unit.answer.startswith(("- ", "* ", "R:"))
    techs = [u for u in parsed.units if (u.question or "").startswith("Quais as tecnologias")]
    assert [u.answer for u in techs] == ["Fibra óptica"]


def test_markdown_bullet_plans() -> None:
    parsed = _parsed("ondanet.md")
    assert _plans(parsed) == [
        ("60 Mega", "R$ 54,90", None, 60.0, 54.9),
        ("120 Mega", "R$ 74,90", None, 120.0, 74.9),
        ("250MB", "94,90", None, 250.0, 94.9),
        ("500 Mega", "R$ 119,90", None, 500.0, 119.9),
    ]
    plans = [u for u in parsed.units if u.kind == "list"]
    assert len(plans) == 1 and plans[0].answer.split("\n")[-1] == "Plano 500 Mega por R$ 119,90"


def test_markdown_pipe_table_credentials() -> None:
    parsed = _parsed("ondanet.md")
    assert _creds(parsed) == [
        ("Huawei EG8145V5", "telecomadmin", "Onda#8145v5"),  # in a code span
        ("ZTE F6600P", None, "oNd@:6600;"),
        ("TP-Link XC220", "admin", "Xc220!onda"),  # in bold
        ("Nokia G-1425G-A", None, "n0k1@=G1425"),  # "N/A": no login
    ]
    facts = _facts(parsed, "credential")
    _assert_on_own_line("ondanet.md", facts)
    assert all(f.caveats[0].startswith("Não informar a senha padrão") for f in facts)


def test_markdown_other_facts() -> None:
    parsed = _parsed("ondanet.md")
    days = [(f.subject, f.attrs["days"]) for f in _facts(parsed, "day_threshold")]
    assert ("Bloqueio Parcial (Redução)", 12) in days and ("Bloqueio Total", 28) in days
    assert [f.value for f in _facts(parsed, "access_port")] == ["7547"]
    assert [f.value for f in _facts(parsed, "contact") if f.subject == "TELEFONE"] == [
        "(88) 3511-2040"
    ]


# --- Tabs: a plan table, a MODELO + SENHA table, credentials written one per line ----------


def test_tab_sheet_sections() -> None:
    parsed = _parsed("ventonet.txt")
    assert _sections(parsed) == [
        "VentoNet Provedor",
        "SUPORTE E VENDAS",
        "FINANCEIRO",
        "Informações da empresa",
        "HORÁRIO",
    ]
    kinds = {u.question: u.kind for u in parsed.units if u.question}
    assert kinds["Quais os planos vendidos na empresa?"] == "table"
    assert kinds["Qual usuário e senha padrão para acesso aos equipamentos?"] == "table"


def test_tab_plan_table() -> None:
    parsed = _parsed("ventonet.txt")
    assert _plans(parsed) == [
        ("80 Mega", "R$ 57,90", None, 80.0, 57.9),
        ("160 Mega", "R$ 77,90", None, 160.0, 77.9),
        ("320 Mega", "R$ 97,90", None, 320.0, 97.9),
    ]
    _assert_on_own_line("ventonet.txt", _facts(parsed, "plan"))


def test_tab_table_and_credential_lines() -> None:
    parsed = _parsed("ventonet.txt")
    assert _creds(parsed) == [
        ("Fiberhome AN5506", None, "Vnt@5506fh"),
        ("Intelbras W6-1500", None, "w6!VENTO=15"),
        ("Mercusys MR30G", None, "mR30#vento"),
        ("AirGrid M2", "ubnt", "Vnt!air2"),
        ("LiteBeam 5AC", "ubnt", "LtB#5ac_v"),
        ("PowerBeam AC", None, "pBe@m77"),
    ]
    facts = _facts(parsed, "credential")
    _assert_on_own_line("ventonet.txt", facts)
    assert all(f.caveats and f.caveats[0].startswith("Nunca informar") for f in facts)


# --- Wide gaps and a pipe table without outer pipes or separator, password column first -----


def test_wide_gap_plan_table_with_technology() -> None:
    assert _plans(_parsed("brisanet.txt")) == [
        ("90 Mega", "R$ 64,90", "fibra", 90.0, 64.9),
        ("1 Giga", "R$ 139,90", "fibra", 1000.0, 139.9),
        ("12 Mega", "R$ 52,00", "radio", 12.0, 52.0),
    ]


def test_bare_pipe_table_password_first() -> None:
    parsed = _parsed("brisanet.txt")
    assert _creds(parsed) == [
        ("Xiaomi AX3000", "suporte", "Br1s@Ax3000"),
        ("Tenda AC8", None, "brz_C80!x"),  # "não tem"
        ("Parks Fiberlink 411", None, "Gp0n#BRISA"),  # "—"
    ]
    _assert_on_own_line("brisanet.txt", _facts(parsed, "credential"))
    assert _sections(parsed)[1:] == [
        "ATENDIMENTO GERAL",
        "FINANCEIRO",
        "Informações da empresa",
        "HORÁRIO",
    ]


# --- The template sheets with their one-cell-per-line table re-laid out ----------------------


def _bold(cells: list[str]) -> list[str]:
    return [f"**{c}**" if c else c for c in cells]


LAYOUTS = {
    "tabs": lambda rows: ["\t".join(r) for r in rows],
    "wide_gaps": lambda rows: ["   ".join(r) for r in rows],
    "pipes": lambda rows: [
        f"| {' | '.join(rows[0])} |",
        "|" + "---|" * len(rows[0]),
        *(f"| {' | '.join(r)} |" for r in rows[1:]),
    ],
    "bare_pipes": lambda rows: [" | ".join(r) for r in rows],
    "pipes_bold_header": lambda rows: (
        [f"| {' | '.join(_bold(rows[0]))} |"] + [f"|{'|'.join(r)}|" for r in rows[1:]]
    ),
    "reordered": lambda rows: ["\t".join(r[::-1]) for r in rows],
}
SHEETS = {
    "lasernet": ROOT / "corpus" / "lasernet.txt",
    "velocinet": DATA / "velocinet.txt",
    "fibramax": DATA / "fibramax.txt",
}


def _relaid(path: Path, layout: str) -> str:
    """The sheet with its credential table written in another layout (other lines unchanged)."""
    text = path.read_text(encoding="utf-8")
    parsed = parse_sheet(text, "x")
    table = next(u for u in parsed.units if u.kind == "table")
    spans = parsed.line_map[table.id]
    rows = [row.split(" | ") for row in table.answer.split("\n")]
    lines = text.split("\n")
    first, last = spans[0][0], spans[-1][1]
    return "\n".join(lines[: first - 1] + LAYOUTS[layout](rows) + lines[last:])


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("sheet", sorted(SHEETS))
def test_relaid_table_gives_same_credentials(sheet: str, layout: str) -> None:
    original = parse_sheet(SHEETS[sheet].read_text(encoding="utf-8"), sheet)
    text = _relaid(SHEETS[sheet], layout)
    assert text != SHEETS[sheet].read_text(encoding="utf-8")
    parsed = parse_sheet(text, sheet)
    want = _creds(original)
    assert len(want) >= 3
    assert _creds(parsed) == want
    # Nothing else moves: the units around the table say the same.
    others = [(u.section, u.question, u.answer) for u in parsed.units if u.kind != "table"]
    assert others == [
        (u.section, u.question, u.answer) for u in original.units if u.kind != "table"
    ]
    assert [f.caveats for f in _facts(parsed, "credential")] == [
        f.caveats for f in _facts(original, "credential")
    ]
