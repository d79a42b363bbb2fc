"""Line-level readers of the template variations: table rows, header roles, markup, credentials."""

from __future__ import annotations

import pytest

from ingest.facts.kinds.credentials import Credential, read_credential_line
from ingest.parsing.markup import is_rule, strip_bold, strip_bullet, strip_markup
from ingest.parsing.tables import (
    column_roles,
    csv_rows,
    is_header_row,
    is_no_value,
    row_cells,
    table_extent,
)


@pytest.mark.parametrize(
    ("raw", "cells"),
    [
        ("| Q9 | root | x|y |", ["Q9", "root", "x", "y"]),  # a pipe table cannot hold a "|"
        ("Q9 | root | a:b;c", ["Q9", "root", "a:b;c"]),
        ("|Q9||a=b!|", ["Q9", "", "a=b!"]),
        ("Q9\t\tZ#1\t", ["Q9", "", "Z#1"]),
        ("Q9 X    -    Zz@9", ["Q9 X", "-", "Zz@9"]),
        ("| `Zz@9` | a |", ["Zz@9", "a"]),
        ("Uma frase comum, sem células.", ["Uma frase comum, sem células."]),
    ],
)
def test_row_cells(raw: str, cells: list[str]) -> None:
    assert row_cells(raw) == cells


def test_tab_row_keeps_a_pipe_inside_a_password() -> None:
    assert row_cells("Q9\tadmin\tab|cd", pipes=False) == ["Q9", "admin", "ab|cd"]


@pytest.mark.parametrize(
    ("cells", "roles"),
    [
        (["EQUIPAMENTO", "LOGIN", "SENHA"], {"model": 0, "login": 1, "password": 2}),
        (["Senha", "Usuário", "Roteador"], {"password": 0, "login": 1, "model": 2}),
        (["MODELO", "SENHA"], {"model": 0, "password": 1}),
        (["ONU", "User", "Password"], {"model": 0, "login": 1, "password": 2}),
        (["Aparelho", "Pass"], {"model": 0, "password": 1}),
        (["PLANO", "VELOCIDADE", "VALOR"], {"plan": 0, "speed": 1, "price": 2}),
        (["Tecnologia", "Download", "Preço"], {"technology": 0, "speed": 1, "price": 2}),
    ],
)
def test_headers_and_column_roles(cells: list[str], roles: dict[str, int]) -> None:
    assert is_header_row(cells)
    assert column_roles(cells) == roles


@pytest.mark.parametrize(
    "cells",
    [
        ["SGP", "UPCHAT", "SETORES"],  # labels, but no kind words
        ["TELEFONE", "(85) 3000-0000"],
        ["ROTEADOR", "TP-Link"],  # one kind word: a key and its value
        ["De segunda a sábado", "Das 08h as 18h"],
        ["Senha", "Z#1"],
        ["Qual a senha?", "Login"],
    ],
)
def test_not_headers(cells: list[str]) -> None:
    assert not is_header_row(cells)


def test_table_extent_stops_at_a_row_of_another_width() -> None:
    raws = ["x", "MODELO\tSENHA", "Q9\tZ#1", "Q7\tY#2", "Uma frase.", "Q5\tW#3"]
    assert table_extent(raws, 1) == 3
    assert table_extent(raws, 0) == 0
    assert table_extent(["MODELO\tSENHA", "Uma frase."], 0) == 0  # a header without rows


@pytest.mark.parametrize("cell", ["", "-", "—", "–", "N/A", "n/a", "não tem", "Não possui"])
def test_no_value(cell: str) -> None:
    assert is_no_value(cell)


@pytest.mark.parametrize("cell", ["admin", "root", "0", "nao"])
def test_values(cell: str) -> None:
    assert not is_no_value(cell)


def test_markup_off_line_for_line() -> None:
    text = "# Provedor X\n\n## Financeiro ##\n**R:** Sim\n|---|:--:|\n#semespaco\n---"
    marked = strip_markup(text)
    assert marked.text.split("\n") == [
        "Provedor X",
        "",
        "Financeiro",
        "R: Sim",
        "",
        "#semespaco",
        "",  # a rule says nothing
    ]
    assert marked.headings == frozenset({1, 3})
    assert is_rule("---") and is_rule("* * *") and not is_rule("-")


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("**Quais os planos?**", "Quais os planos?"),
        ("__R:__ Não", "R: Não"),
        ("Ab**12", "Ab**12"),  # a password: not bold
        ("a__b__c", "a__b__c"),
        ("x**y**z", "x**y**z"),
    ],
)
def test_strip_bold(text: str, plain: str) -> None:
    assert strip_bold(text) == plain


def test_strip_bullet() -> None:
    assert strip_bullet("- 60 Mega: R$ 10,00") == "60 Mega: R$ 10,00"
    assert strip_bullet("* 60MB ..... 10,00") == "60MB ..... 10,00"
    assert strip_bullet("-") == "-"
    assert strip_bullet("-x#1") == "-x#1"


@pytest.mark.parametrize(
    ("line", "cred"),
    [
        ("Q9-88X: usuário root / senha Zq#88x", Credential("Q9-88X", "root", "Zq#88x")),
        ("Roteador Q9 — login: root — senha: a@1", Credential("Q9", "root", "a@1")),
        ("Modelo Q9 senha: abc", Credential("Q9", None, "abc")),
        ("- ONU Q7: senha `k=7!`", Credential("Q7", None, "k=7!")),
        ("Q9 X, login: -, senha: z|1;", Credential("Q9 X", None, "z|1;")),
        ("QNET 9: senha = Z9z9; usuário: suporte", Credential("QNET 9", "suporte", "Z9z9")),
    ],
)
def test_credential_lines(line: str, cred: Credential) -> None:
    assert read_credential_line(line) == cred


@pytest.mark.parametrize(
    "line",
    [
        "Login é o CPF do cliente e a senha é o ID do contrato do cliente",
        "Não passar acesso padrão, caso o cliente solicitar a senha pode realizar a troca",
        "O login é o e-mail do cliente e a senha são os 6 primeiros dígitos do CPF",
        "Senha: Zq#88x",  # no model named
        "Roteador Q9 senha admin",  # no ":" and a word: not clearly a password
        "Q9: senha Zq#1 Q8: senha Zq#2",  # two records on one line: never pair them
        "Qual a senha do Q9: Zq#1?",
        "Para o cliente usar a senha: Zq#1",
    ],
)
def test_not_credential_lines(line: str) -> None:
    assert read_credential_line(line) is None


def test_a_csv_row_with_a_lone_carriage_return_is_read_not_a_crash() -> None:
    # Found by the parser's fuzz test: an old Mac line ending left inside a ";" row.
    text = "Modelo;Login;Senha\nArcher C6;admin;x@1\rfim\nEX220;admin;y#2\n"
    assert csv_rows(text).split("\n")[1] == "Archer C6\tadmin\tx@1 fim"
