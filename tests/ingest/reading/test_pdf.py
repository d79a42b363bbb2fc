"""A sheet exported to PDF (no blank lines, wrapped, justified) gives the same units and facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from ingest.facts import extract_facts
from ingest.parsing import parse_sheet
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
