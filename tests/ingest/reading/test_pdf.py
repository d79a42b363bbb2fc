"""A sheet exported to PDF (no blank lines, wrapped, justified) gives the same units and facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from ingest.facts import extract_facts
from ingest.parsing import parse_sheet
from ingest.reading.pdf import PdfRow, drop_running_rows, join_rows
from ingest.reading.sources import read_sheet
from tests.ingest.pdf_render import render_pdf, unicode_font

pytestmark = pytest.mark.skipif(
    unicode_font() is None, reason="no Unicode TTF font (install fonts-dejavu-core)"
)


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def _units(text: str, provider: str) -> list[tuple[str, str, str, str]]:
    units = parse_sheet(text, provider).units
    return [(u.section, u.kind, _squash(u.question), _squash(u.answer)) for u in units]


def _facts(text: str, provider: str) -> list[tuple]:
    parsed = parse_sheet(text, provider)
    return [
        (f.kind, _squash(f.subject), _squash(f.value), sorted(f.attrs.items()), f.caveats)
        for f in extract_facts(parsed.units, parsed.line_map)
    ]


DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def fibramax_path() -> Path:
    return DATA / "fibramax.txt"


@pytest.fixture
def ventonet_path() -> Path:
    """Tab-separated plan and credential tables: the PDF has them as wide gaps."""
    return DATA / "ventonet.txt"


@pytest.fixture
def brisanet_path() -> Path:
    """A wide-gap plan table and a pipe table without outer pipes."""
    return DATA / "brisanet.txt"


@pytest.mark.parametrize("width", [100, 130, 150, 190])
@pytest.mark.parametrize("sheet", ["lasernet", "velocinet", "fibramax", "ventonet", "brisanet"])
def test_pdf_gives_same_units_and_facts(
    sheet: str, width: int, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    path = request.getfixturevalue(f"{sheet}_path")
    txt = read_sheet(path).text
    pdf_path = render_pdf(txt, tmp_path / f"{sheet}.pdf", page_width_mm=width)
    pdf = read_sheet(pdf_path)
    assert pdf.format == "pdf"
    # The export really is different: no blank lines, and long lines wrapped on the page.
    printed = "\n".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    assert len(printed.strip().split("\n")) > len([x for x in txt.split("\n") if x.strip()])
    assert "\n\n" not in pdf.text.strip()
    assert _units(pdf.text, sheet) == _units(txt, sheet)
    assert _facts(pdf.text, sheet) == _facts(txt, sheet)


def test_pdf_keeps_accents_and_passwords(lasernet_path: Path, tmp_path: Path) -> None:
    pdf = read_sheet(render_pdf(lasernet_path.read_text(encoding="utf-8"), tmp_path / "l.pdf"))
    assert "Informações da empresa" in pdf.text
    creds = [
        f.value
        for f in extract_facts(parse_sheet(pdf.text, "lasernet").units)
        if f.kind == "credential"
    ]
    assert "P=a5tr3NeL!w3000" in creds and "lnt12345@" in creds


def test_pdf_keeps_tab_table_cells(ventonet_path: Path, tmp_path: Path) -> None:
    pdf = read_sheet(render_pdf(ventonet_path.read_text(encoding="utf-8"), tmp_path / "v.pdf"))
    assert "\t" not in pdf.text  # the tabs really are gone: cells are apart by wide gaps
    parsed = parse_sheet(pdf.text, "ventonet")
    facts = extract_facts(parsed.units, parsed.line_map)
    creds = [(f.subject, f.value) for f in facts if f.kind == "credential"]
    assert ("Intelbras W6-1500", "w6!VENTO=15") in creds and len(creds) == 6
    assert [f.value for f in facts if f.kind == "plan"] == ["R$ 57,90", "R$ 77,90", "R$ 97,90"]


def _row(text: str, page: int, right: float = 440.0, left: float = 0.0) -> PdfRow:
    return PdfRow(text, left, right, page, 10.0)


def test_a_running_header_is_dropped_whatever_gap_its_page_reads_between_its_ends() -> None:
    header = (
        "X Ltda.\tManual de Atendimento - Rev. 07",
        "X Ltda.\t\tManual de Atendimento - Rev. 07",
    )
    rows = [
        row
        for page in range(1, 5)
        for row in (
            _row(header[page % 2], page),
            _row(f"texto da página {page}.", page, right=200.0),
            _row(f"Documento confidencial\t\tPágina {page} de 4", page),
        )
    ]
    assert [r.text for r in drop_running_rows(rows)] == [
        f"texto da página {p}." for p in range(1, 5)
    ]


def test_a_numbered_clause_s_first_row_measured_short_of_the_margin_is_joined() -> None:
    rows = [
        _row("CLÁUSULA 4 - DAS TAXAS", 1, right=180.0),
        # A bold title at its start: measured short of the margin it prints to.
        _row("4.4 - Da mudança de ponto. A mudança de local do roteador dentro do", 1, right=380.0),
        _row("mesmo  imóvel  tem  o  custo  de  R$  45,00,  cobrado  na  fatura  seguinte  e", 1),
        _row("agendado pelo Setor Técnico.", 1, right=150.0),
        _row(
            "4.5 - Da visita técnica improdutiva. Será cobrada a quantia de R$ 60,00",
            1,
            right=390.0,
        ),
        _row("por  visita  em  que  o  técnico  não  encontrar  responsável  no  local,  ou", 1),
        _row("quando o problema for do cliente.", 1, right=160.0),
    ]
    assert join_rows(rows) == [
        "CLÁUSULA 4 - DAS TAXAS",
        "4.4 - Da mudança de ponto. A mudança de local do roteador dentro do mesmo imóvel tem"
        " o custo de R$ 45,00, cobrado na fatura seguinte e agendado pelo Setor Técnico.",
        "4.5 - Da visita técnica improdutiva. Será cobrada a quantia de R$ 60,00 por visita em"
        " que o técnico não encontrar responsável no local, ou quando o problema for do cliente.",
    ]
