"""read_sheet / collect_sources on good and bad inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from ingest.reading import SourceError, collect_sources, read_sheet
from ingest.reading.pdf import PdfRow, join_rows
from tests.ingest.pdf_render import render_image_only_pdf, render_pdf, unicode_font


def test_reads_utf8_sheet(lasernet_path: Path) -> None:
    sheet = read_sheet(lasernet_path)
    assert sheet.format == "txt" and sheet.warnings == []
    assert "Horário de atendimento" in sheet.text and "\r" not in sheet.text


def test_bom_and_crlf_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_bytes(b"\xef\xbb\xbfT\xc3\xadtulo\r\nQual?\r\nR: Sim\r\n")
    assert read_sheet(path).text == "Título\nQual?\nR: Sim\n"


def test_cp1252_is_accepted_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_bytes("Informações\nQual o horário?\nR: Das 08h às 18h\n".encode("cp1252"))
    sheet = read_sheet(path)
    assert "Informações" in sheet.text and "às" in sheet.text
    assert sheet.warnings == [f"{path}: not UTF-8, read as cp1252"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"  \n\t \n", "empty file"), (b"\x00\x01\x02abc\x00" * 20, "binary")],
)
def test_bad_text_files(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=reason) as err:
        read_sheet(path)
    assert str(err.value).startswith(str(path))


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(SourceError, match="no such file or directory"):
        collect_sources([missing])
    with pytest.raises(SourceError, match="no such file or directory"):
        read_sheet(missing)


def test_collect_folder_and_unsupported(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.pdf", "e.docx", "~$e.docx", "d.xlsx", "notes.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.name for p in collect_sources([tmp_path])]
    assert found == ["a.md", "b.txt", "c.pdf", "e.docx"], "Word's lock file is no sheet"
    with pytest.raises(SourceError, match=r"unsupported file type '\.xlsx'.*\.docx"):
        collect_sources([tmp_path / "d.xlsx"])


@pytest.mark.parametrize("name", ["old.doc", "old.DOC", "sheet.odt", "sheet.rtf"])
def test_old_formats_are_refused_with_what_to_do_named_or_in_a_folder(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0 not read")
    for given in ([tmp_path / name], [tmp_path]):
        with pytest.raises(SourceError, match=r"save it as \.docx") as err:
            collect_sources(given)
        assert str(err.value).startswith(str(tmp_path / name))


def test_broken_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n this is not really a pdf \n%%EOF")
    with pytest.raises(SourceError, match="not a readable PDF"):
        read_sheet(path)


@pytest.mark.skipif(unicode_font() is None, reason="no Unicode TTF font on this machine")
def test_encrypted_pdf(tmp_path: Path, velocinet_path: Path) -> None:
    plain = render_pdf(velocinet_path.read_text(encoding="utf-8"), tmp_path / "p.pdf")
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "enc.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(SourceError, match="encrypted PDF"):
        read_sheet(path)


def test_image_only_pdf(tmp_path: Path) -> None:
    path = render_image_only_pdf(tmp_path / "scan.pdf")
    with pytest.raises(SourceError, match="no text layer"):
        read_sheet(path)


def test_pdf_text_is_read(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Qual a porta?")
    pdf.output(str(tmp_path / "s.pdf"))
    sheet = read_sheet(tmp_path / "s.pdf")
    assert sheet.format == "pdf" and "Qual a porta?" in sheet.text


def _row(text: str, right: float, left: float = 0.0, page: int = 1) -> PdfRow:
    return PdfRow(text=text, left=left, right=right, page=page, size=10.0)


def test_join_rows_justified() -> None:
    margin = 200.0
    rows = [
        _row("Qual a porta de acesso para acesso aos", margin),
        _row("roteadores?", 60.0),
        _row("R: Não passar acesso padrão, caso o cliente", margin),
        _row("solicitar a senha.", 90.0),
        _row("Texto natural curto", 120.0),
        _row("https://central.exemplo.net/accounts/cen", margin - 4.0),
        _row("tral/login", 40.0),
        _row("SISTEMA      ", margin, page=2),
        _row("https://erp.exemplo.net/login", 150.0, page=2),
        _row("Outra linha que vai até a margem mas", margin, page=2),
        _row("R: uma resposta nunca continua a linha anterior", 190.0, page=2),
    ]
    assert join_rows(rows) == [
        "Qual a porta de acesso para acesso aos roteadores?",
        "R: Não passar acesso padrão, caso o cliente solicitar a senha.",
        "Texto natural curto",
        "https://central.exemplo.net/accounts/central/login",
        "SISTEMA\thttps://erp.exemplo.net/login",
        "Outra linha que vai até a margem mas",
        "R: uma resposta nunca continua a linha anterior",
    ]


def test_join_rows_ragged_uses_the_next_word() -> None:
    rows = [
        _row("Caso o cliente solicite, abrir uma ocorrência no", 195.0),
        _row("sistema e avisar o setor responsável.", 150.0),
        _row("Qual o prazo?", 60.0),
        _row("R: 48h", 30.0),
        _row("O texto mais largo da página ocupa toda a largura!", 200.0),
    ]
    assert join_rows(rows) == [
        "Caso o cliente solicite, abrir uma ocorrência no sistema e avisar o setor responsável.",
        "Qual o prazo?",
        "R: 48h",
        "O texto mais largo da página ocupa toda a largura!",
    ]
    assert join_rows([]) == []
