"""Table rows written on one line, and what a table's columns hold, told by header kind words.

A row is a Markdown pipe row ("| W4 | admin | x@1 |", outer pipes optional), tab-separated
cells, or cells apart by a wide gap (two spaces or more, as PDF text has tabs). A header is a
row of short labels of which at least two are kind words ("EQUIPAMENTO", "Senha", "Preço").
Cells are kept exactly as written (only the white space around them goes): they hold passwords.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from itertools import pairwise

from ingest.analysis import clean, fold
from ingest.parsing.markup import strip_code

# Column roles and the folded header words that name them (a word, or its plural).
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "password": ("senha", "password", "pass", "senhas"),
    "login": ("login", "usuario", "user", "username", "logins", "usuarios"),
    "model": (
        "equipamento",
        "equipamentos",
        "modelo",
        "modelos",
        "roteador",
        "roteadores",
        "onu",
        "ont",
        "aparelho",
        "aparelhos",
    ),
    # "IP de acesso", "IP local", "Gateway": where a router is reached.
    "ip": ("ip", "gateway"),
    # A maker's column beside the model's ("Marca | Modelo | Senha"): the model is both.
    "brand": ("marca", "marcas", "fabricante", "fabricantes"),
    "speed": ("velocidade", "download", "banda", "down"),
    "price": ("valor", "preco", "mensalidade", "custo"),
    "plan": ("plano",),
    "technology": ("tecnologia", "tipo"),
    # Columns of the other tables a sheet has: services and their fees, situations and days.
    "service": ("servico", "servicos", "taxa", "taxas", "procedimento"),
    "days": ("dias", "prazo", "prazos", "horas"),
    "situation": (
        "situacao",
        "situacoes",
        "caso",
        "casos",
        "etapa",
        "bloqueio",
        "bloqueios",
        # "Dias de atraso | O que acontece": what happens on that day.
        "acontece",
        "consequencia",
        "consequencias",
        "acao",
        "acoes",
        "medida",
        "medidas",
    ),
    "note": ("observacao", "observacoes", "obs"),
    "hours": ("horario", "horarios"),
}
_MAX_HEADER_CELL = 40
_MAX_CELLS = 8
_WIDE_GAP = re.compile(r"\s*\t\s*| {2,}")
_SPACED_GAP = re.compile(r"\S {3,}\S")
_FOLDED_WORD = re.compile(r"[a-z0-9$]+")
# A cell that says "there is none": the row has no login (or no value) there.
_NO_VALUE = {"", "-", "–", "—", "--", "n/a", "na", "n/d", "nao tem", "nao possui", "nenhum", "sem"}


_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def is_pipe_row(raw: str) -> bool:
    """ "| a | b |" or "a | b": cells between pipes. Inside a line, a pipe separates cells when
    a space stands beside it; one glued inside a word is a character of a value ("a senha é
    Trl|82675:12")."""
    text = raw.strip()
    if text.startswith("|") or text.endswith("|"):
        return text.count("|") >= 2 or len(text) > 1
    return bool(re.search(r"\S\s*(?:\s\||\|\s)\s*\S", text))


def is_framed_row(raw: str) -> bool:
    """ "| a | b |": a Markdown table row, pipes at both ends and between its cells (a line
    that merely ends in a "|" may be a password's last character)."""
    text = raw.strip()
    return text.startswith("|") and text.endswith("|") and len(_UNESCAPED_PIPE.findall(text)) >= 3


def row_cells(raw: str, pipes: bool | None = None) -> list[str]:
    """The cells of a one-line row: split by pipes, else by tabs, else by wide gaps.

    ``pipes`` says how the table's header was written (None: as this line looks), so that a
    password with a "|" in a tab-separated table stays whole. Pipe and tab rows keep their
    empty cells ("XR500\\t\\tx@1" has three); a wide gap cannot show one. A single cell
    means the line is not a row.
    """
    text = raw.strip()
    if pipes is None:
        pipes = is_pipe_row(text)
    if not pipes and "\t" in text:
        # A row's first cell may be empty ("\tHG8245Q2\troot\tx@1": the maker of the row
        # above, a merged cell in the source): its tab stays.
        text = raw.rstrip().lstrip(" ")
    if pipes:
        if text.startswith("|"):
            text = text[1:]
        if text.endswith("|") and not text.endswith("\\|"):
            text = text[:-1]
        # "\|" is a pipe inside a cell, as Markdown tables write one ("Caj\|Net#8145").
        parts = [p.replace("\\|", "|") for p in _UNESCAPED_PIPE.split(text)]
    elif "\t" in text and not _SPACED_GAP.search(text):
        parts = text.split("\t")
    else:
        # Wide gaps, or gaps and a tab on one line (a justified PDF line of a table too wide
        # to draw: the widest gap reads as a tab).
        parts = _WIDE_GAP.split(text)
    return [strip_code(p.strip()) for p in parts]


def kind_roles(cell: str) -> set[str]:
    """The roles a header cell names by its kind words ("Senha do Wi-Fi" -> {"password"})."""
    words = set(_FOLDED_WORD.findall(fold(cell)))
    found = {role for role, names in ROLE_WORDS.items() if words & set(names)}
    if "r$" in words or ("r" in words and "$" in cell):
        found.add("price")
    return found


def is_header_row(cells: Sequence[str]) -> bool:
    """A row of short labels, two or more of them kind words: a table starts here.

    A header cell may be empty (over a column of row numbers or notes).
    """
    if not 2 <= len(cells) <= _MAX_CELLS:
        return False
    for cell in cells:
        if not cell:
            continue
        if len(cell) > _MAX_HEADER_CELL or len(cell.split()) > 4:
            return False
        if any(c.isdigit() for c in cell) or cell.endswith(("?", ":")) or "://" in cell:
            return False
    return sum(1 for c in cells if kind_roles(c)) >= 2


def column_roles(header: Sequence[str]) -> dict[str, int]:
    """Role -> column index; the password column first, so "Senha de login" is a password.

    The model column is the one a model word names, else the maker's ("Marca"), else the
    first column left over; a maker's column beside a model's is role "brand".
    """
    roles: dict[str, int] = {}
    taken: set[int] = set()
    roles_in_order = (
        "password",
        "login",
        "model",
        "brand",
        "price",
        "speed",
        "technology",
        "plan",
        "ip",
    )
    for role in roles_in_order:
        for index, cell in enumerate(header):
            if index not in taken and role in kind_roles(cell):
                roles[role] = index
                taken.add(index)
                break
    if "model" not in roles and "brand" in roles:
        roles["model"] = roles.pop("brand")
    if "password" in roles and "model" not in roles:
        rest = [i for i in range(len(header)) if i not in taken]
        if rest:
            roles["model"] = rest[0]
    return roles


# "Acesso (usuário/senha)", "USUARIO / SENHA PADRAO", "login/senha:": the login named, then the
# password, parted by a slash (folded); a caption may part them by "e" ("User e senha padrão").
_LOGIN_THEN_PASSWORD = re.compile(r"\b(?:usuario|login|user)\s*/\s*(?:senhas?|password)\b")
_LOGIN_AND_PASSWORD = re.compile(
    r"\b(?:usuarios?|logins?|users?)\s*(?:/|\be\b|&)\s*(?:senhas?|passwords?)\b"
)


def names_login_then_password(text: str, *, caption: bool = False) -> bool:
    """Whether a header cell or (``caption``) a question or caption over lines of routers
    names the login, then the password, in one place."""
    pattern = _LOGIN_AND_PASSWORD if caption else _LOGIN_THEN_PASSWORD
    return pattern.search(fold(text)) is not None


def is_no_value(cell: str) -> bool:
    """ "-", "—", "N/A", "não tem", "(sem usuário)", empty: the sheet says there is none."""
    said = " ".join(fold(cell).split()).strip(".")
    return said in _NO_VALUE or _NONE_OF.fullmatch(said) is not None


# "(sem usuário)", "sem login", "não tem senha": none of what the cell is for.
_NONE_OF = re.compile(
    r"\(?(?:(?:sem|nao\s+(?:tem|possui|ha))\s+(?:usuario|login|user|senha)"
    r"|(?:so|somente|apenas)\s+(?:a\s+)?senha)\)?"
)


def table_extent(raws: Sequence[str], start: int) -> int:
    """How many lines from ``start`` make a one-line-row table (header and rows), else 0.

    Every row has the header's number of cells, written the same way (pipes or not); a
    tab-separated row may have fewer, its last cells empty: a word processor's text export
    drops the tabs of empty cells at the end of a row ("ZTE F670L<tab>multi<tab>x@1" under
    four headers).
    """
    if start >= len(raws):
        return 0
    header = row_cells(raws[start])
    if not is_header_row(header):
        return 0
    pipes = is_pipe_row(raws[start])
    tabs = not pipes and "\t" in raws[start]
    end = start + 1
    while end < len(raws):
        if _fits(raws[end], pipes, tabs, len(header)):
            end += 1
        elif _caption_row(raws, end, pipes, tabs, len(header)):
            end += 2  # "INTELBRAS" over its models' rows: a caption row of the table
        else:
            break
    return end - start if end > start + 1 else 0


def _caption_row(raws: Sequence[str], at: int, pipes: bool, tabs: bool, width: int) -> bool:
    """A group's caption inside the table: a row of the table follows it, not another
    table's header ("RÁDIO:" over "PLANO<tab>VALOR" ends the table above)."""
    if at + 1 >= len(raws) or not is_group_caption(raws[at], pipes):
        return False
    nxt = raws[at + 1]
    same_style = is_pipe_row(nxt) if pipes else ("\t" in nxt) == tabs and not is_pipe_row(nxt)
    return same_style and _fits(nxt, pipes, tabs, width) and not is_header_row(row_cells(nxt))


def is_group_caption(raw: str, pipes: bool = False) -> bool:
    """A row that only names the group of rows under it: one cell in capitals, without digits
    ("HUAWEI", "TP-LINK:", "| **ZTE** | | |")."""
    cells = [c for c in row_cells(raw, pipes) if c]
    if len(cells) != 1 or not 1 <= len(cells[0].split()) <= 3 or cells[0].endswith("?"):
        return False
    text = cells[0].rstrip(":")
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and not re.search(r"\d", text)


def _fits(raw: str, pipes: bool, tabs: bool, width: int) -> bool:
    if pipes and not is_pipe_row(raw):
        return False  # "a senha é Ab|12" after a pipe table: its pipe is a character
    cells = _fitted(row_cells(raw, pipes), width, pipes)
    if cells[0].endswith("?") and len(cells[0].split()) >= 3:
        return False  # "Possui taxa de instalação?<tab>Não": the next question, not a row
    count = len(cells)
    # A row's empty last cells are lost in a text export (tabs) or a PDF (the gap of spaces).
    gapped = "\t" in raw.strip() if tabs else not pipes and bool(_WIDE_GAP.search(raw.strip()))
    return count == width or (gapped and 2 <= count < width)


def _fitted(cells: list[str], width: int, pipes: bool) -> list[str]:
    """A tab row wider than its header by empty cells, read as wide as the header when it
    fits without them (``table_rows`` drops the columns empty in every row)."""
    empty = sum(1 for c in cells if not c)
    return (
        cells[:width] if not pipes and len(cells) > width and empty >= len(cells) - width else cells
    )


def _without_empty_columns(rows: list[list[str]], width: int) -> list[list[str]]:
    """The rows without the columns no row fills, while they are wider than the header: the
    gap of a printed table's column read twice ("DM985-424<tab><tab>suporte<tab>x")."""
    wide = max(len(r) for r in rows)
    empty = [k for k in range(wide) if all(k >= len(r) or not r[k] for r in rows)]
    drop = set(empty[: max(0, wide - width)])
    return [[c for k, c in enumerate(r) if k not in drop] for r in rows]


def table_rows(raws: Sequence[str], start: int, count: int) -> list[list[str]]:
    """The cells of the ``count`` lines of a table found by ``table_extent``, all as wide as
    the header (a short tab row's missing last cells are empty)."""
    pipes = is_pipe_row(raws[start])
    header = row_cells(raws[start], pipes)
    width = len(header)
    body = [row_cells(raws[k], pipes) for k in range(start + 1, start + count)]
    if not pipes and body and max(len(r) for r in body) > width:
        body = _without_empty_columns(body, width)
    rows = [row + [""] * (width - len(row)) for row in [header, *body]]
    for above, row in pairwise(rows[1:]):
        for k, cell in enumerate(row):
            if fold(cell).strip() in _DITTO:
                row[k] = above[k]  # "↳", "idem": what the cell above says
    return rows


# Marks that say a cell is the same as the one above it.
_DITTO = frozenset({"↳", "〃", '"', "''", "idem", "id.", "ditto"})


# Header words that give a column's unit to its bare numbers ("Dias" over "12": "12 dias").
_UNIT_HEADERS = {"dias": "dias", "dia": "dias", "horas": "horas", "hora": "horas"}


def _unit_of(header_cell: str) -> str | None:
    words = _FOLDED_WORD.findall(fold(header_cell))
    return next((unit for word, unit in _UNIT_HEADERS.items() if word in words), None)


def row_lines(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str | None]:
    """Each row of a table as the "label: value" line a sheet would write (None for a row that
    says nothing): the first cell is the label, the other cells that say something its value
    ("Mudança de endereço: R$ 120,00 — Sujeita a viabilidade"); a bare number takes its
    column's unit ("Bloqueio total: 25 dias" under "Situação | Dias")."""
    units = [_unit_of(cell) for cell in header]
    lines: list[str | None] = []
    label = ""
    for row in rows:
        values = [
            f"{cell} {unit}" if unit and cell.isdigit() else cell
            for cell, unit in zip(row[1:], units[1:], strict=False)
            if not is_no_value(cell)
        ]
        # An empty first cell is the row above's, a cell merged over its rows ("Loja Centro"
        # over "seg a sex" and "sábado"); a "-" there says the row has no label.
        label = label if row and not row[0] else (row[0] if row else "")
        said = bool(values) and not is_no_value(label)
        lines.append(f"{label}: {' — '.join(values)}" if said else None)
    return lines


# A row pasted from a spreadsheet as CSV: cells between ";" with no space after them.
_CSV_CELLS = re.compile(r"^[^;\s][^;]*(?:;[^;\s]?[^;]*){2,}$")
# A caption naming the pasted columns: "colado da planilha (marca;modelo;usuario;senha):".
_CSV_CAPTION = re.compile(r"\((?P<cells>[^();\s]+(?:;[^();\s]+){2,})\)")
_QUOTED = re.compile(r'"[^"]*"')
# Cells a typist parts with a doubled mark between spaces ("TP-LINK EX220 ## admin ## x@1").
_SPACED_MARKS = (" ## ", " :: ", " ;; ")


def csv_rows(text: str) -> str:
    """The text with rows pasted as CSV ("TP-Link;Archer C6;admin;x@1") or typed with a doubled
    mark between cells ("MODELO ## LOGIN ## SENHA") as tab rows, and the columns a caption
    names just above CSV rows ("(marca;modelo;usuario;senha)") as their header; a run of two
    rows or more parted the same way into the same number of cells (blank lines between them,
    as a word processor keeps paragraphs apart, do not end it), line for line."""
    lines = text.split("\n")
    said = [k for k, line in enumerate(lines) if line.strip()]
    n = 0
    while n < len(said):
        mark, width = _separated(lines[said[n]])
        end = n
        while end < len(said) and width and _same_row(lines[said[end]], mark, width):
            end += 1
        if end - n < (_LISTED_RUN if mark == _LISTED else 2):
            n += 1
            continue
        for k in said[n:end]:
            if "\t" in lines[k]:
                continue  # a tab row among rows listed with "; " (typed one way, pasted another)
            cells = _csv_cells(lines[k]) if mark == ";" else lines[k].split(mark.strip() or mark)
            lines[k] = "\t".join(c.strip() for c in cells)
        caption = _CSV_CAPTION.search(lines[said[n - 1]]) if n > 0 and mark == ";" else None
        if caption is not None and caption["cells"].count(";") + 1 == width:
            lines[said[n - 1]] = caption["cells"].replace(";", "\t")
        n = end
    return "\n".join(lines)


def _separated(line: str) -> tuple[str, int]:
    """The mark that parts a line's cells and how many cells (three or more), else ("", 0)."""
    text = line.strip()
    for mark in _SPACED_MARKS:
        if text.count(mark) >= 2 and "\t" not in text:
            return mark, text.count(mark) + 1
    if re.fullmatch(r";{2,}", text):
        return ";", len(text) + 1  # an empty row of the sheet (";;;")
    shape = _QUOTED.sub("x", text)  # a quoted cell may hold "; " ("Não transferir; pegar ...")
    if _CSV_CAPTION.search(shape):
        return "", 0
    if "; " in shape:
        cells = [c.strip() for c in text.split(";")]
        short = all(c and len(c.split()) <= _LISTED_WORDS for c in cells)
        return (_LISTED, len(cells)) if len(cells) >= 3 and short and "\t" not in text else ("", 0)
    if not _CSV_CELLS.match(shape):
        return "", 0
    return ";", len(_csv_cells(text))


# "modelo; usuario; senha" over "TP-Link Archer C6; admin; x@1": short cells listed with "; ",
# a run of three lines or more (a header and two rows; two such lines may be prose), among
# which a row with the same cells parted by tabs stays one of them.
_LISTED = "; "
_LISTED_WORDS = 4
_LISTED_RUN = 3


def _same_row(line: str, mark: str, width: int) -> bool:
    if _separated(line) == (mark, width):
        return True
    return mark == _LISTED and len(line.strip().split("\t")) == width


def _csv_cells(line: str) -> list[str]:
    """The cells of a CSV row, quotes taken off as a spreadsheet writes them; a lone carriage
    return (an old line ending) inside the row is a space, not the end of a record."""
    return next(csv.reader([line.strip().replace("\r", " ")], delimiter=";", quotechar='"'))


def cell_below(raw: str) -> str | None:
    """The text of a table row whose first cell is empty ("\tmore", "|  | more |"): the cell
    above it goes on (a Word cell of several paragraphs, read a paragraph a row)."""
    if is_framed_row(raw):
        parts = row_cells(raw)
        if len(parts) >= 2 and not parts[0] and any(parts[1:]):
            return clean(" ".join(p for p in parts[1:] if p))
        return None
    if raw.lstrip(" ").startswith("\t") and raw.strip():
        return clean(raw.strip())
    return None


# The columns of a sheet kept as a spreadsheet of questions ("Seção | Pergunta | Resposta |
# Observação"), folded header words.
_QA_COLUMNS = {
    "section": ("secao", "topico", "assunto"),
    "question": ("pergunta",),
    "answer": ("resposta",),
}


def qa_header(raw: str) -> dict[str, int] | None:
    """Role -> column of a tab row of three cells or more naming a question and an answer
    column (and maybe the section's), the other columns notes; None for any other line ("Pergunta
    | Resposta" alone is a Word table, its answer cells going on below its rows)."""
    cells = row_cells(raw)
    if "\t" not in raw or len(cells) < 3:
        return None
    roles: dict[str, int] = {}
    for k, cell in enumerate(cells):
        words = set(_FOLDED_WORD.findall(fold(cell)))
        for role, names in _QA_COLUMNS.items():
            if words & set(names) and role not in roles:
                roles[role] = k
    return roles if {"question", "answer"} <= set(roles) else None


def continued_value(raw: str) -> str | None:
    """The value of a "<tab>value" line: a key-value row whose key cell is empty."""
    if not raw.startswith("\t"):
        return None
    filled = [c.strip() for c in raw.split("\t") if c.strip()]
    return clean(filled[0]) if len(filled) == 1 else None
