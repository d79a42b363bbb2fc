"""Tables whose rows do not fit, router password rows with a cell missing, and text the parser
read into no unit (from ``ParsedSheet.notes``)."""

from __future__ import annotations

import re

from ingest.analysis import fold
from ingest.lint.kinds import Kind
from ingest.lint.report import Report
from ingest.parsing.sheet import ParseNote
from ingest.parsing.tables import column_roles, is_no_value, names_login_then_password
from ingest.records import Unit

# "senha:" (or "senha =", "a senha é") with nothing after it, folded.
_PASSWORD_WITHOUT_VALUE = re.compile(r"\b(?:senhas?|password)\s*(?:[:=]|\be)\s*$")


def table_findings(report: Report) -> None:
    """Rows that do not fit their table, and password rows without a password or a model."""
    tables = [u for u in report.sheet.units if u.kind == "table"]
    for note in report.sheet.notes:
        if note.reason in ("row_width", "row_short", "row_padded"):
            _misfit(report, note, _table_at(tables, note.table_line))
    padded = {n.line for n in report.sheet.notes if n.reason == "row_padded"}
    for unit in tables:
        _credential_rows(report, unit, padded)
    for unit in report.sheet.units:
        if unit.kind == "table":
            continue
        lines = report.sheet.answer_lines(unit)
        for text, line in zip(unit.answer.split("\n"), lines, strict=False):
            said = fold(text).strip()
            if _PASSWORD_WITHOUT_VALUE.search(said) and not names_login_then_password(said):
                # "usuário/senha:" over "X: admin / y" names the columns of the lines below
                message = f"linha de senha sem a senha: {report.quote(text)}"
                report.add(line, Kind.CREDENTIAL_CELL, message)


def _table_at(tables: list[Unit], line: int) -> Unit | None:
    """The table unit whose lines hold ``line`` (its header)."""
    return next((u for u in tables if u.lines[0] <= line <= u.lines[1]), None)


def _is_credential_table(unit: Unit | None) -> bool:
    if unit is None:
        return False
    roles = column_roles(unit.answer.split("\n")[0].split(" | "))
    return "password" in roles and "model" in roles


def _misfit(report: Report, note: ParseNote, table: Unit | None) -> None:
    """A row of another width after a table, or cells left short of a row at its end.

    Cells are not quoted: a shifted row may hold a password in any of them.
    """
    credentials = _is_credential_table(table)
    header = f"cabeçalho na linha {note.table_line}"
    if note.reason == "row_width":
        message = (
            f"linha com {note.found} células numa tabela de {note.expected} colunas ({header}): "
            "ela e as linhas seguintes ficam fora da tabela"
        )
    elif note.reason == "row_padded":
        message = (
            f"linha com {note.found} de {note.expected} células ({header}): lida com as últimas "
            "vazias; se falta uma célula no meio, as colunas se deslocaram"
        )
    else:
        message = (
            f"a tabela ({header}) termina com {note.found} de {note.expected} células de uma "
            "linha: falta uma célula e as colunas podem ter se deslocado"
        )
    short = note.found < note.expected
    kind = Kind.CREDENTIAL_CELL if credentials and short else Kind.TABLE_ROW
    if kind is Kind.CREDENTIAL_CELL:
        message = "tabela de senhas: " + message
    report.add(note.line, kind, message)


def _credential_rows(report: Report, unit: Unit, padded: set[int]) -> None:
    """Rows of a password table with an empty (or "-") password or model cell (a padded row
    has its own finding)."""
    rows = unit.answer.split("\n")
    header = rows[0].split(" | ")
    roles = column_roles(header)
    if "password" not in roles or "model" not in roles:
        return
    lines = report.sheet.answer_lines(unit)
    for text, line in zip(rows[1:], lines[1:], strict=False):
        cells = text.split(" | ")
        if len(cells) != len(header) or line in padded:
            continue
        model, password = cells[roles["model"]], cells[roles["password"]]
        if is_no_value(model) and is_no_value(password):
            continue
        if is_no_value(password):
            message = f"modelo {report.quote(model)} sem senha na tabela de senhas"
            report.add(line, Kind.CREDENTIAL_CELL, message)
        elif is_no_value(model):
            report.add(line, Kind.CREDENTIAL_CELL, "senha sem o modelo na tabela de senhas")


def unread_text(report: Report) -> None:
    """Lines the parser read into no unit: no question finds them."""
    for note in report.sheet.notes:
        if note.reason == "unread":
            message = f"texto não lido em nenhuma unidade: {report.quote(note.text)}"
            report.add(note.line, Kind.UNREAD, message)
