"""Lint on the shipped sheet: its blank DNS question, its fee without amount, its hours given in
three places, its unread line; through ``python -m ingest --lint`` too."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cli import main as ingest_main
from ingest.lint import lint_sheet
from tests.factories import LASERNET, sheet_line
from tests.ingest.lint.generated import lint_input


@pytest.fixture(scope="module")
def findings() -> list:
    return lint_sheet(lint_input(str(LASERNET), LASERNET.read_text(encoding="utf-8"), "lasernet"))


def test_the_shipped_sheets_gaps_at_their_lines(findings: list) -> None:
    assert [(f.line, f.kind) for f in findings] == [
        (15, "unread-text"),
        (36, "value-missing"),
        (112, "unanswered-question"),
        (134, "repeated-value"),
        (195, "repeated-value"),
    ]
    by_line = {f.line: f for f in findings}
    assert "Qual DNS padrão?" in sheet_line(LASERNET, 112)
    assert "'Qual DNS padrão?'" in by_line[112].message
    assert sheet_line(LASERNET, 36).strip() == "Possui taxa de instalação"
    assert "sem valor" in by_line[36].message and "Possui taxa de instalação" in by_line[36].message
    # The hours of lines 7, 134 and 195 are one schedule in three forms: each later one names
    # the ones before it.
    assert "linha 7," in by_line[134].message
    assert "linhas 7 e 134" in by_line[195].message
    assert "SGP UPCHAT SETORES" in by_line[15].message


def test_findings_never_hold_a_password(findings: list) -> None:
    text = LASERNET.read_text(encoding="utf-8")
    for password in ("Lnt12345@", "P=a5tr3NeL!w3000", "a5tr3NeL301K"):
        assert password in text
        assert all(password not in f.message for f in findings)


def test_lint_command_prints_the_compiler_convention_sorted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = ingest_main(["--lint", str(LASERNET), "--index-dir", str(tmp_path / "none")])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == f"{LASERNET}:15: unread-text: texto não lido em nenhuma unidade: " + (
        "'SGP UPCHAT SETORES'"
    )
    assert [line.split(":")[1] for line in lines] == ["15", "36", "112", "134", "195"]
    assert all(line.startswith(f"{LASERNET}:") for line in lines)
    assert "5 findings in 1 sheet" in err
    assert not (tmp_path / "none").exists(), "--lint writes nothing"


def test_strict_exits_one_with_findings_and_zero_without(tmp_path: Path) -> None:
    assert ingest_main(["--lint", "--strict", str(LASERNET), "--index-dir", str(tmp_path)]) == 1
    clean = tmp_path / "clean.txt"
    clean.write_text(
        "Acme\n\nQual a porta de acesso?\nR: 8080\n\nPossui atendimento presencial?\nR: Sim\n",
        encoding="utf-8",
    )
    assert ingest_main(["--lint", "--strict", str(clean), "--index-dir", str(tmp_path)]) == 0


@pytest.mark.parametrize(
    "argv",
    [["--lint"], ["--strict", str(LASERNET)]],
    ids=["no-source", "strict-without-lint"],
)
def test_lint_arguments_are_checked(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert ingest_main(argv) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_a_bad_source_is_one_line_and_exit_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nada.txt"
    assert ingest_main(["--lint", str(missing), "--index-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(missing) in err[0]
