"""Bad .docx files: one error line naming the file and the reason, exit 2, nothing published."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest import cli
from ingest.index import current_version, list_versions
from ingest.reading import SourceError, read_sheet
from tests.factories import HashEmbedder
from tests.ingest.reading.docx_render import new_document, render_docx

SHEET = "Rede Exemplo\n\nQual a porta de acesso?\nR: 8291\n"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _ole(path: Path, stream: str) -> Path:
    """The first bytes of a Compound File (OLE2) with one directory entry named ``stream``."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entry = stream.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64
    path.write_bytes(header + b"\x00" * 512 + entry + b"\x00" * 1024)
    return path


def _encrypted(path: Path) -> Path:
    """A real password-protected .docx (Office agile encryption), as Word saves one."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(render_docx(SHEET, path.with_suffix(".plain.docx")).read_bytes())
    with path.open("wb") as out:
        OOXMLFile(plain).encrypt("segredo", out)
    return path


def _empty(path: Path) -> Path:
    document = new_document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    document.save(str(path))
    return path


def _truncated(path: Path) -> Path:
    data = render_docx(SHEET, path.with_suffix(".whole.docx")).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _spreadsheet(path: Path) -> Path:
    return _zip(
        path,
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/content-types"/>',
            "xl/workbook.xml": b"<workbook/>",
        },
    )


BAD_DOCX: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zip_not_a_document": (
        lambda d: _zip(d / "fotos.docx", {"a.jpg": b"\xff\xd8", "b.txt": b"x"}),
        "a zip archive, but not a Word document",
    ),
    "spreadsheet_renamed": (lambda d: _spreadsheet(d / "planilha.docx"), "not a Word document"),
    "old_binary_doc": (
        lambda d: _ole(d / "antiga.docx", "WordDocument"),
        "old binary Word document (.doc)",
    ),
    "encrypted": (lambda d: _encrypted(d / "senha.docx"), "encrypted (password-protected)"),
    "empty_document": (lambda d: _empty(d / "vazia.docx"), "empty document"),
    "empty_file": (lambda d: _write(d / "zero.docx", b""), "empty file"),
    "not_a_zip": (lambda d: _write(d / "texto.docx", b"Qual a porta?\nR: 1\n"), "not a zip"),
    "truncated": (lambda d: _truncated(d / "cortada.docx"), "zip"),
    "doc_suffix": (lambda d: _ole(d / "antiga.doc", "WordDocument"), "save it as .docx"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", sorted(BAD_DOCX))
def test_read_sheet_names_the_file_and_the_reason(tmp_path: Path, kind: str) -> None:
    make, reason = BAD_DOCX[kind]
    path = make(tmp_path)
    with pytest.raises(SourceError) as err:
        read_sheet(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and reason in message, message
    assert "\n" not in message


@pytest.mark.parametrize("kind", sorted(BAD_DOCX))
def test_bad_docx_exits_2_with_one_line_and_publishes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lasernet_path: Path, kind: str
) -> None:
    index_dir = tmp_path / "index"
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    good = Path(shutil.copy(lasernet_path, sheets / "lasernet.txt"))
    assert cli.main([str(good), "--index-dir", str(index_dir)], embedder=HashEmbedder()) == 0
    version = current_version(index_dir)
    capsys.readouterr()
    make, reason = BAD_DOCX[kind]
    bad = make(tmp_path)
    embedder = HashEmbedder()
    good.write_text(good.read_text(encoding="utf-8") + "\nQual o novo?\nR: Sim\n", "utf-8")
    code = cli.main([str(good), str(bad), "--index-dir", str(index_dir)], embedder=embedder)
    out, err = capsys.readouterr()
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {bad}: ") and reason in lines[0]
    assert out == "" and embedder.calls == 0
    assert current_version(index_dir) == version and list_versions(index_dir) == [version]


def test_a_good_docx_is_published_with_paragraph_spans(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from ingest.index import load_version

    path = render_docx(SHEET, tmp_path / "exemplo.docx")
    index_dir = tmp_path / "index"
    assert cli.main([str(path), "--index-dir", str(index_dir)], embedder=HashEmbedder()) == 0
    loaded = load_version(index_dir)
    port = next(f for f in loaded.facts if f.kind == "access_port")
    assert (port.value, port.lines, port.span) == ("8291", (3, 3), "paragraph")
    assert loaded.entries[0].source["format"] == "docx"
